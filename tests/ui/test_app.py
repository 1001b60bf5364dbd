"""The app driven with Pilot over the real session, lessons and engine."""

from __future__ import annotations

from textual.widgets import OptionList

from tests.ui.conftest import SIZE, run
from tests.ui.pilot import press_and_wait, ready, send, text_of, transcript_text, wait_until
from tutor.i18n import translate
from tutor.ui.app import TutorApp
from tutor.ui.screens.help import MATH_ROWS, SESSION_ROWS, HelpScreen
from tutor.ui.screens.picker import LessonPicker
from tutor.ui.screens.progress import ProgressScreen
from tutor.ui.widgets.math_input import InputBar, MathInput
from tutor.ui.widgets.step_view import StepView

QUESTION = "d/dx (3x^2+2)^2"
LESSON = "chain-rule"
RIGHT = "36x^3 + 24x"
WRONG = "2(3x^2 + 2)"


async def open_lesson_with_picker(pilot, lesson_id: str) -> None:
    """Open ``lesson_id`` through F2 and the picker, as a learner would."""
    app = pilot.app
    await pilot.press("f2")
    await wait_until(pilot, lambda: isinstance(app.screen, LessonPicker), "the lesson picker")
    options = app.screen.query_one(OptionList)
    options.highlighted = options.get_option_index(lesson_id)
    before = len(app.chat_screen().transcript.children)
    await pilot.press("enter")
    await wait_until(
        pilot, lambda: len(app.chat_screen().transcript.children) > before and app._pending == 0, "the lesson"
    )


# --- opening and free questions


def test_opens_on_chat_with_korean_welcome():
    async def scenario():
        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert translate("dialogue.welcome", "ko") in transcript_text(app)
            assert isinstance(app.focused, MathInput)
            descriptions = [active.binding.description for active in app.active_bindings.values()]
            assert translate("ui.keys.lessons", "ko") in descriptions

    run(scenario)


def test_free_question_shows_rules_and_result():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            reply = await send(pilot, QUESTION)

            shown = text_of(reply)
            assert "d/dx [(3x² + 2)²]" in shown
            assert "36x³ + 24x" in shown
            assert translate("rule_names.chain", "en") in shown
            steps = list(reply.query(StepView))
            assert steps[0].has_class("rule-chain")
            assert steps[0].step.substeps

    run(scenario)


def test_step_expands_to_substeps():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            reply = await send(pilot, QUESTION)
            chain = reply.query(StepView).first()
            substeps = chain.query_one(".substeps")
            assert not substeps.display

            chain.focus()
            await pilot.press("enter")
            assert chain.expanded
            assert substeps.display
            assert len(substeps.children) == len(chain.step.substeps)

            await pilot.press("enter")
            assert not substeps.display

            # A step left open stays open when the language switch re-renders it.
            chain.focus()
            await pilot.press("enter")
            await press_and_wait(pilot, "f6")
            reopened = reply.query(StepView).first()
            assert reopened is not chain
            assert reopened.expanded
            assert translate("rule_names.chain", "ko") in text_of(reopened)

    run(scenario)


# --- a lesson


def test_first_lesson_opens_at_start():
    async def scenario():
        app = TutorApp("ko", first_lesson=LESSON)
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await wait_until(pilot, lambda: "(3x² + 2)²" in transcript_text(app) and app._pending == 0,
                             "the first lesson")
            assert app.session.mode == "lesson"

    run(scenario)


def test_lesson_answers_right_and_wrong():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            assert "Differentiate (3x² + 2)²." in transcript_text(app)

            wrong = await send(pilot, WRONG)
            assert translate("ui.verdict.incorrect", "en") in text_of(wrong)

            right = await send(pilot, RIGHT)
            assert translate("ui.verdict.correct", "en") in text_of(right)
            assert translate("ui.question", "en", number=2, total=5) in text_of(right)

    run(scenario)


def test_hints_to_bottom_then_steps():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)

            levels = app.session._ladder(app.session.current_item)
            for level in range(1, len(levels) + 1):
                hint = await press_and_wait(pilot, "f3")
                label = "ui.hint_bottom" if level == len(levels) else "ui.hint"
                assert translate(label, "en", level=level, levels=len(levels)) in text_of(hint)
            assert "6x(6x² + 4)" in text_of(hint)

            steps = await press_and_wait(pilot, "f4")
            assert steps.query(StepView)
            assert "36x³ + 24x" in text_of(steps)

    run(scenario)


def test_language_switch_mid_lesson_rerenders_all():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            await send(pilot, WRONG)

            await press_and_wait(pilot, "f6")
            assert app.lang == "ko"
            assert app.session.lang == "ko"
            shown = transcript_text(app)
            assert "(3x² + 2)²를 미분하세요." in shown
            assert "Differentiate (3x² + 2)²." not in shown
            assert translate("ui.verdict.incorrect", "ko") in shown
            assert translate("dialogue.welcome", "ko") in shown
            assert app.chat_screen().query_one(MathInput).placeholder == translate("ui.placeholder", "ko")

            right = await send(pilot, RIGHT)
            assert translate("ui.verdict.correct", "ko") in text_of(right)

    run(scenario)


def test_free_question_mid_lesson_keeps_question():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)

            aside = await send(pilot, "d/dx sin x")
            assert "cos(x)" in text_of(aside)
            assert app.session.current_item is not None

            right = await send(pilot, RIGHT)
            assert translate("ui.verdict.correct", "en") in text_of(right)

    run(scenario)


# --- the input line


def test_parse_error_marked_before_sending():
    async def scenario():
        from tutor.errors import ParseError
        from tutor.parsing import parse

        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            bar = app.chat_screen().query_one(InputBar)
            turns = len(app.chat_screen().transcript.children)
            await pilot.press(*"d/dx (3x^^2")
            await wait_until(pilot, lambda: bar.problem is not None, "the error mark")

            try:
                parse("d/dx (3x^^2")
            except ParseError as error:
                expected_column = error.column
            assert bar.problem.column == expected_column
            assert app.chat_screen().query_one("#input-error").display
            assert len(app.chat_screen().transcript.children) == turns

            # Fixing the line clears the mark.
            await pilot.press("backspace", "backspace", "backspace", "2", ")", "^", "2")
            await wait_until(pilot, lambda: bar.problem is None, "the mark to clear")

    run(scenario)


def test_history_recalls_sent_lines():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await send(pilot, QUESTION)
            math_input = app.chat_screen().query_one(MathInput)
            await pilot.press("up")
            assert math_input.value == QUESTION

    run(scenario)


# --- screens and quitting


def test_help_screen_lists_every_command():
    async def scenario():
        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            shown = text_of(app.screen)
            for row in (*MATH_ROWS, *SESSION_ROWS):
                assert translate(f"ui.help.rows.{row}", "ko") in shown
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)

            # The typed word opens it too.
            await send(pilot, "도움말")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")

    run(scenario)


def test_progress_screen_after_an_answer():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            await send(pilot, RIGHT)

            await pilot.press("f7")
            await wait_until(pilot, lambda: isinstance(app.screen, ProgressScreen), "the progress screen")
            assert app.screen.skills
            assert "█" in text_of(app.screen)

    run(scenario)


def test_picker_marks_answered_lesson():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            await send(pilot, RIGHT)

            await pilot.press("f2")
            await wait_until(pilot, lambda: isinstance(app.screen, LessonPicker), "the lesson picker")
            options = app.screen.query_one(OptionList)
            row = str(options.get_option(LESSON).prompt)
            assert translate("ui.picker.partial", "en", answered=1, questions=5) in row

    run(scenario)


def test_palette_offers_lessons_and_commands():
    async def scenario():
        from textual.system_commands import SystemCommandsProvider

        from tutor.ui.palette import LessonCommands

        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            lessons = [hit.text async for hit in LessonCommands(app.screen).search("chain")]
            commands = [str(hit.text) async for hit in SystemCommandsProvider(app.screen).search("hint")]
            assert any(LESSON in text for text in lessons)
            assert commands == [translate("ui.keys.hint", "en")]

    run(scenario)


def test_palette_is_korean_without_textual_commands():
    async def scenario():
        from textual.command import CommandInput, CommandPalette

        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            names = [command.title for command in app.get_system_commands(app.screen)]
            assert names == [translate(f"ui.keys.{key}", "ko") for key in
                             ("help", "lessons", "hint", "steps", "next", "language", "progress", "quit")]
            for english in ("Theme", "Keys", "Maximize", "Screenshot", "Quit"):
                assert english not in names

            await pilot.press("ctrl+p")
            await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
            palette_input = app.screen.query_one(CommandInput)
            assert palette_input.placeholder == translate("ui.palette.placeholder", "ko")

            await pilot.press(*"zzzq")
            no_matches = translate("ui.palette.no_matches", "ko")
            await wait_until(pilot, lambda: no_matches in _option_texts(app.screen), "the no-matches line")
            assert "No matches found" not in _option_texts(app.screen)

    run(scenario)


def _option_texts(screen) -> str:
    from textual.command import CommandList

    options = screen.query_one(CommandList).options
    return "\n".join(str(getattr(option.prompt, "renderable", option.prompt)) for option in options)


def test_quit_by_key():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await pilot.press("ctrl+q")
            await pilot.pause()
            assert not app.is_running

    run(scenario)


def test_quit_by_word():
    async def scenario():
        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            app.chat_screen().query_one(MathInput).value = "종료"
            await pilot.press("enter")
            await wait_until(pilot, lambda: not app.is_running, "the app to close")
        assert app.return_code == 0

    run(scenario)


# --- pictures


def _value_at(series, x: float) -> float:
    index = min(range(len(series.xs)), key=lambda i: abs(series.xs[i] - x))
    assert abs(series.xs[index] - x) < 1e-9
    return series.ys[index]


def test_mvt_plot_has_secant_and_tangent():
    async def scenario():
        from tutor.ui.widgets.plots import PlotView

        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            reply = await send(pilot, "mvt x^2 on [0, 5]")
            plot = reply.query_one(PlotView)
            await wait_until(pilot, lambda: plot.series, "the plot samples")

            curve, secant, tangent = plot.series
            assert _value_at(curve, 2.5) == 6.25
            # The secant through (0, 0) and (5, 25) has slope 5; the tangent at c = 5/2 is parallel to it.
            assert _value_at(secant, 5.0) == 25.0
            assert _value_at(tangent, 2.5) == 6.25
            assert _value_at(tangent, 5.0) - _value_at(tangent, 2.5) == 12.5
            assert "c = 5/2" in text_of(plot)

    run(scenario)


def test_motion_plot_has_three_series():
    async def scenario():
        from tutor.ui.widgets.plots import PlotView

        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            reply = await send(pilot, "motion x = 2t^3 - 6t on [0, 3]")
            plot = reply.query_one(PlotView)
            await wait_until(pilot, lambda: plot.series, "the plot samples")

            position, velocity, acceleration = plot.series
            assert position.xs[0] == 0.0
            assert position.xs[-1] == 3.0
            assert _value_at(position, 3.0) == 36.0
            assert _value_at(velocity, 1.0) == 0.0
            assert _value_at(acceleration, 3.0) == 36.0

    run(scenario)


def test_focus_returns_to_input_from_transcript():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await send(pilot, QUESTION)
            math_input = app.chat_screen().query_one(MathInput)

            await pilot.press(*"sq", "tab")
            assert app.focused is math_input

            # Shift+Tab reaches the transcript; a typed character goes on into the input.
            await pilot.press("shift+tab")
            assert app.focused is not math_input
            await pilot.press("r", "t")
            assert app.focused is math_input
            assert math_input.value == "sqrt"

            await pilot.press("shift+tab")
            assert app.focused is not math_input
            await pilot.press("escape")
            assert app.focused is math_input

    run(scenario)


def test_page_keys_in_input_scroll_transcript():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await send(pilot, QUESTION)
            await send(pilot, "d/dx x^3 sin(x)")
            transcript = app.chat_screen().transcript
            await wait_until(pilot, lambda: transcript.scroll_y == transcript.max_scroll_y > 0, "the scroll to the end")
            bottom = transcript.scroll_y

            await pilot.press("pageup")
            await pilot.pause()
            assert transcript.scroll_y < bottom
            assert isinstance(app.focused, MathInput)
            await pilot.press("pagedown")
            await pilot.pause()
            assert transcript.scroll_y == bottom

    run(scenario)


def test_key_words_echo_in_korean():
    async def scenario():
        from tutor.ui.widgets.transcript import LearnerBubble

        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            for key, word in (("f3", "힌트"), ("f4", "풀이"), ("f5", "다음")):
                await press_and_wait(pilot, key)
                assert text_of(list(app.chat_screen().query(LearnerBubble))[-1]).endswith(word)

            await press_and_wait(pilot, "f6")
            echoes = [text_of(bubble).splitlines()[-1] for bubble in app.chat_screen().query(LearnerBubble)]
            # The switch re-renders every echo, the language switch's own included, in English.
            assert echoes[-4:] == ["hint", "steps", "next", "lang en"]

    run(scenario)


def test_language_switch_rerenders_lesson_title():
    async def scenario():
        app = TutorApp("ko")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            await open_lesson_with_picker(pilot, LESSON)
            korean_title = next(entry.title for entry in app.lesson_entries if entry.id == LESSON)
            assert korean_title.ko in transcript_text(app)

            await press_and_wait(pilot, "f6")
            shown = transcript_text(app)
            assert f"Lesson: {korean_title.en} (5 questions)" in shown
            assert korean_title.ko not in shown

    run(scenario)


def test_completion_knows_lessons_and_topics():
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            math_input = app.chat_screen().query_one(MathInput)
            await wait_until(pilot, lambda: math_input.suggester.lesson_ids, "the lesson ids")

            math_input.focus()
            await pilot.press(*"lesson chain-r", "tab")
            assert math_input.value == "lesson chain-rule"
            math_input.value = ""
            await pilot.press(*"quiz theo", "tab")
            assert math_input.value == "quiz theorems"

    run(scenario)


def test_unusable_store_still_teaches(tmp_path, monkeypatch):
    async def scenario():
        app = TutorApp("en")
        async with app.run_test(size=SIZE) as pilot:
            await ready(pilot)
            assert app.session.store is None
            assert translate("dialogue.welcome", "en") in transcript_text(app)
            assert app.chat_screen().transcript.query(".error")
            reply = await send(pilot, QUESTION)
            assert "36x³ + 24x" in text_of(reply)

    # A file where the data folder should be makes the store impossible to create.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("DIFFTUTOR_HOME", str(blocker / "home"))
    run(scenario)
