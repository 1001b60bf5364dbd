"""The input line's pieces without the session: completion, history, error caret."""

from __future__ import annotations

from textual.app import App

from tests.ui.conftest import SIZE, run
from tutor.ui.widgets.math_input import CommandSuggester, InputBar, MathInput, SyntaxProblem, cell_width


def test_suggester_completes_command_words():
    suggester = CommandSuggester()
    assert suggester.complete("hi") == "hint"
    assert suggester.complete("pro") == "progress"
    assert suggester.complete("힌") == "힌트"
    assert suggester.complete("역") == "역전파 "


def test_suggester_completes_lesson_ids_and_languages():
    suggester = CommandSuggester(["mvt", "motion", "rules"], ["theorems"])
    assert suggester.complete("lesson mv") == "lesson mvt"
    assert suggester.complete("quiz th") == "quiz theorems"
    assert suggester.complete("수업 ru") == "수업 rules"
    assert suggester.complete("lang k") == "lang ko"
    assert suggester.complete("언어 e") == "언어 en"


def test_suggester_leaves_math_alone():
    suggester = CommandSuggester(["mvt"])
    assert suggester.complete("3x^2") is None
    assert suggester.complete("   ") is None
    assert suggester.complete("hint") is None


def test_cell_width_counts_hangul_twice():
    assert cell_width("d/dx") == 4
    assert cell_width("미분 x") == 6


class InputApp(App):
    """Just the input bar, for testing it alone."""

    def compose(self):
        yield InputBar("en")


def test_history_steps_back_and_forward():
    async def scenario():
        app = InputApp()
        async with app.run_test(size=SIZE) as pilot:
            math_input = app.query_one(MathInput)
            math_input.focus()
            math_input.remember("d/dx x^2")
            math_input.remember("hint")
            math_input.value = "draft"

            await pilot.press("up")
            assert math_input.value == "hint"
            await pilot.press("up")
            assert math_input.value == "d/dx x^2"
            await pilot.press("up")
            assert math_input.value == "d/dx x^2"

            await pilot.press("down", "down")
            assert math_input.value == "draft"

    run(scenario)


def test_tab_accepts_completion():
    async def scenario():
        app = InputApp()
        async with app.run_test(size=SIZE) as pilot:
            app.query_one(MathInput).focus()
            await pilot.press("s", "k", "tab")
            assert app.query_one(MathInput).value == "skip"

    run(scenario)


def test_error_line_puts_caret_under_column():
    async def scenario():
        app = InputApp()
        async with app.run_test(size=SIZE) as pilot:
            bar = app.query_one(InputBar)
            math_input = app.query_one(MathInput)
            math_input.value = "미분 x^^2"
            await pilot.pause()

            bar._show(SyntaxProblem("미분 x^^2", 6, "unexpected ^"))
            await pilot.pause()
            error_line = app.query_one("#input-error")
            caret_line = str(error_line.render()).splitlines()[0]
            offset = math_input.content_region.x - bar.region.x
            # "미분 x^" is 2 + 2 + 1 + 1 + 1 = 7 cells wide, so the caret sits in cell 7 past the text start.
            assert caret_line.index("^") == offset + 7
            assert error_line.display
            assert math_input.has_class("-invalid")

            bar.clear_problem()
            assert not error_line.display

    run(scenario)


def test_tab_without_completion_keeps_focus():
    async def scenario():
        app = InputApp()
        async with app.run_test(size=SIZE) as pilot:
            math_input = app.query_one(MathInput)
            math_input.focus()
            await pilot.press("s", "q", "tab")
            assert app.focused is math_input
            assert math_input.value == "sq"

    run(scenario)


def test_error_line_names_position_once():
    async def scenario():
        app = InputApp()
        async with app.run_test(size=SIZE) as pilot:
            bar = app.query_one(InputBar)
            app.query_one(MathInput).value = "d/dx (3x^^2"
            await pilot.pause()

            bar._show(SyntaxProblem("d/dx (3x^^2", 10, "The bracket opened at column 6 is not closed."))
            await pilot.pause()
            message_line = str(app.query_one("#input-error").render()).splitlines()[1]
            assert message_line == "The bracket opened at column 6 is not closed."

    run(scenario)
