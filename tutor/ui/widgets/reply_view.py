"""Widgets for each kind of Reply, rendered in one language.

The UI keeps the Reply objects and calls :func:`reply_widgets` again after
a language switch, so everything here is a pure function of (reply, lang).
Replies are matched by class name, which keeps the dialogue layer (and
SymPy behind it) out of the app's start-up imports.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tutor.i18n import translate

if TYPE_CHECKING:
    from tutor.dialogue.replies import Reply
    from tutor.engine.steps import Trace

#: Width of a mastery bar in cells.
BAR_WIDTH = 20


def _params(params: Mapping[str, Any]) -> dict[str, str]:
    from tutor.render.steptext import format_params

    return format_params(params)


def _text(text: str, classes: str = "") -> Static:
    return Static(escape(text), classes=classes)


def trace_widgets(trace: Trace, lang: str, open_steps: frozenset[str] = frozenset()) -> Iterator[Widget]:
    """Yield the reading, notes, steps, result, drawings and plots of a trace.

    Steps numbered in ``open_steps`` ("1", "1.2") start expanded.
    """
    from tutor.render.mathtext import to_unicode
    from tutor.render.steptext import note_text, reading_text
    from tutor.ui.widgets.mathview import math_picture
    from tutor.render.number_line import number_line
    from tutor.ui.widgets.plots import plot_widgets
    from tutor.ui.widgets.step_view import StepView

    picture = None if trace.extra.get("reading_key") else math_picture(trace.reading)
    if picture:
        yield _text(translate("ui.reading", lang), "reading")
        yield _text(picture, "math-picture")
    else:
        yield _text(reading_text(trace, lang), "reading")
    for note in trace.notes:
        yield _text(note_text(note, lang), "note")
    if trace.kind == "interval":
        drawing = number_line(trace.result)
        if drawing:
            yield _text(drawing, "drawing number-line")

    if trace.steps:
        views = [StepView(step, str(index), lang, open_numbers=open_steps)
                 for index, step in enumerate(trace.steps, start=1)]
        title = Static(escape(translate("ui.steps_title", lang)), classes="steps-title")
        yield Vertical(title, *views, classes="steps")

    summary = trace.extra.get("summary_key")
    if summary:
        params = _params(trace.extra.get("summary_params", {}))
        yield _text(translate(summary, lang, **params), "summary")
    derivative = trace.result.get("derivative")
    result_picture = math_picture(derivative) if derivative is not None else None
    if result_picture:
        yield _text(translate("ui.derivative_picture", lang), "reading")
        yield _text(result_picture, "math-picture result")

    for block in trace.extra.get("blocks", ()):
        yield _text(labelled_chart(block, trace, lang), "drawing")
    yield from plot_widgets(trace, lang)


#: Training model -> catalog key of the value column of its bar chart.
CHART_VALUE_KEYS = {"perceptron": "ui.chart.errors", "sigmoid": "ui.chart.loss"}


def labelled_chart(block: str, trace: Trace, lang: str) -> str:
    """Return a training bar chart (rows ``epoch │ value bar``) under a header naming both columns.

    The engine's rows are language-free text; any other block is returned unchanged.
    """
    import re

    from rich.cells import cell_len

    value_key = CHART_VALUE_KEYS.get(trace.result.get("model")) if trace.kind == "train" else None
    rows = [re.fullmatch(r"\s*(\d+) │\s*(\S+) ?(.*)", line) for line in block.splitlines()]
    if value_key is None or not rows or not all(rows):
        return block

    epoch_label, value_label = translate("ui.chart.epoch", lang), translate(value_key, lang)
    epoch_width = max(cell_len(epoch_label), *(len(row[1]) for row in rows))
    value_width = max(cell_len(value_label), *(len(row[2]) for row in rows))
    header = f"{_pad_left(epoch_label, epoch_width)} │ {_pad_left(value_label, value_width)}"
    lines = [f"{row[1]:>{epoch_width}} │ {row[2]:>{value_width}} {row[3]}".rstrip() for row in rows]
    return "\n".join([header, *lines])


def _pad_left(text: str, width: int) -> str:
    from rich.cells import cell_len

    return " " * max(0, width - cell_len(text)) + text


def _localized(text: Any, lang: str) -> str:
    return text.get(lang) if text is not None else ""


def _checker_messages(reply: Any, lang: str, classes: str) -> Iterator[Widget]:
    """Yield the checker's sentences of a hint or feedback (objects with ``render(lang)``)."""
    for message in getattr(reply, "messages", ()):
        yield _text(message.render(lang), classes)


def _message(reply: Any, lang: str) -> Iterator[Widget]:
    from tutor.dialogue.replies import Localized

    params = {name: value.get(lang) if isinstance(value, Localized) else value
              for name, value in reply.params.items()}
    yield _text(translate(reply.key, lang, **_params(params)), f"message tone-{reply.tone}")


def _lesson_text(reply: Any, lang: str) -> Iterator[Widget]:
    if reply.title is not None:
        yield _text(reply.title.get(lang), "lesson-title")
    yield _text(reply.text.get(lang), "lesson-text")


def _question(reply: Any, lang: str) -> Iterator[Widget]:
    yield _text(translate("ui.question", lang, number=reply.number, total=reply.total), "question-number")
    yield _text(reply.prompt.get(lang), "question")
    for index, choice in enumerate(reply.choices, start=1):
        yield _text(f"  {index}) {choice.get(lang)}", "choice")


def _trace_shown(reply: Any, lang: str, open_steps: frozenset[str]) -> Iterator[Widget]:
    yield from trace_widgets(reply.trace, lang, open_steps)


def _hint(reply: Any, lang: str, open_steps: frozenset[str]) -> Iterator[Widget]:
    key = "ui.hint_bottom" if reply.level == reply.levels else "ui.hint"
    yield _text(translate(key, lang, level=reply.level, levels=reply.levels), "hint-label")
    if reply.text is not None:
        yield _text(reply.text.get(lang), "hint")
    elif reply.key:
        yield _text(translate(reply.key, lang, **_params(reply.params)), "hint")
    yield from _checker_messages(reply, lang, "hint")
    if reply.trace is not None:
        yield from trace_widgets(reply.trace, lang, open_steps)


def _feedback(reply: Any, lang: str) -> Iterator[Widget]:
    from tutor.render.mathtext import to_unicode

    yield _text(translate(f"ui.verdict.{reply.verdict}", lang), f"verdict verdict-{reply.verdict}")
    if reply.text is not None:
        yield _text(reply.text.get(lang), "feedback")
    elif reply.key:
        yield _text(translate(reply.key, lang, **_params(reply.params)), "feedback")
    yield from _checker_messages(reply, lang, "feedback")
    if reply.expected is not None:
        yield _text(translate("ui.expected", lang, expected=to_unicode(reply.expected)), "expected")


def _error(reply: Any, lang: str) -> Iterator[Widget]:
    from tutor.render.report import error_text

    yield _text(error_text(reply.error, lang), "error")


def _lesson_list(reply: Any, lang: str) -> Iterator[Widget]:
    if not reply.lessons:
        yield _text(translate("ui.no_lessons", lang), "message")
    for entry in reply.lessons:
        yield _text(f"{pad_cells(progress_mark(entry, lang), 10)} {entry.id:<22} {entry.title.get(lang)}", "lesson-row")
    if reply.lessons:
        yield _text(translate("dialogue.lesson_list_how", lang, example=reply.lessons[0].id), "message")


def pad_cells(text: str, width: int) -> str:
    """Pad ``text`` with spaces to ``width`` terminal cells (Hangul takes two cells each)."""
    from rich.cells import cell_len

    return text + " " * max(0, width - cell_len(text))


def progress_mark(entry: Any, lang: str) -> str:
    """Return the picker's mark for a lesson: done, answered/questions, or new."""
    if entry.completed:
        return "✓ " + translate("ui.picker.done", lang)
    if entry.answered:
        return translate("ui.picker.partial", lang, answered=entry.answered, questions=entry.questions)
    return "· " + translate("ui.picker.new", lang)


def mastery_bar(mastery: float, width: int = BAR_WIDTH) -> str:
    """Return a bar of ``width`` cells filled in proportion to ``mastery`` (0 to 1)."""
    filled = round(max(0.0, min(1.0, mastery)) * width)
    return "█" * filled + "░" * (width - filled)


def skill_name(skill: str, lang: str) -> str:
    """Return a skill's display name from the quiz catalog, the same name the transcript uses."""
    from tutor.curriculum.quiz import skill_name as catalog_skill_name

    return catalog_skill_name(skill, lang)


def _progress(reply: Any, lang: str) -> Iterator[Widget]:
    if not reply.skills:
        yield _text(translate("ui.no_progress", lang), "message")
    else:
        yield _text(translate("ui.mastery_caption", lang), "mastery-caption")
    for skill in reply.skills:
        line = translate(
            "ui.mastery", lang, bar=mastery_bar(skill.mastery), percent=round(skill.mastery * 100),
            correct=skill.correct, attempts=skill.attempts,
        )
        yield _text(f"{skill_name(skill.skill, lang)}\n  {line}", "mastery")


def _quiz_summary(reply: Any, lang: str) -> Iterator[Widget]:
    yield _text(translate("ui.quiz_score", lang, score=reply.score, total=reply.total), "summary")
    for skill, (right, total) in reply.per_skill.items():
        yield _text(translate("ui.quiz_skill", lang, skill=skill_name(skill, lang), right=right, total=total))
    if reply.missed:
        yield _text(translate("ui.quiz_missed", lang), "steps-title")
    for prompt, trace in reply.missed:
        yield _text(prompt.get(lang), "question")
        if trace is not None:
            yield from trace_widgets(trace, lang)


def _language_changed(reply: Any, lang: str) -> Iterator[Widget]:
    yield _text(translate("ui.language", reply.lang), "message tone-info")


def _lesson_finished(reply: Any, lang: str) -> Iterator[Widget]:
    yield _text(translate("ui.lesson_done", lang, score=reply.score, total=reply.total), "message tone-success")


#: Replies that contain a trace, whose renderers also take the expanded step numbers.
_TRACE_RENDERERS = {
    "TraceShown": _trace_shown,
    "HintShown": _hint,
}

_RENDERERS = {
    "Message": _message,
    "LessonText": _lesson_text,
    "Question": _question,
    "Feedback": _feedback,
    "ErrorShown": _error,
    "LessonList": _lesson_list,
    "ProgressShown": _progress,
    "QuizSummary": _quiz_summary,
    "LanguageChanged": _language_changed,
    "LessonFinished": _lesson_finished,
}


def reply_widgets(reply: Reply, lang: str, open_steps: frozenset[str] = frozenset()) -> list[Widget]:
    """Return the widgets that show ``reply`` in ``lang`` (none for a quit request).

    Steps numbered in ``open_steps`` start expanded, so a re-render keeps
    what the learner had opened.
    """
    kind = type(reply).__name__
    if kind in _TRACE_RENDERERS:
        return list(_TRACE_RENDERERS[kind](reply, lang, open_steps))
    renderer = _RENDERERS.get(kind)
    if renderer is None:
        return []
    return list(renderer(reply, lang))
