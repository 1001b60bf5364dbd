"""Render Session replies as plain text, for ``--script`` and for tests.

Every reply is rendered in the language current at that point: a
LanguageChanged reply switches the language for the replies after it,
as the Textual app does when it re-renders.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tutor.curriculum.quiz import skill_name
from tutor.dialogue import replies as r
from tutor.i18n import translate
from tutor.render.mathtext import to_unicode
from tutor.render.report import error_text, trace_text
from tutor.render.steptext import format_params


def _catalog(key: str, params: Any, lang: str) -> str:
    return translate(key, lang, **format_params(params))


def _checker_lines(messages: Iterable[Any], lang: str) -> list[str]:
    return [message.render(lang) for message in messages]


def _indent(text: str, prefix: str = "  ") -> str:
    return "\n".join(prefix + line if line else line for line in text.splitlines())


def _question(reply: r.Question, lang: str) -> list[str]:
    lines = [translate("dialogue.question", lang, number=reply.number, total=reply.total) + ": "
             + reply.prompt.get(lang)]
    for index, choice in enumerate(reply.choices, start=1):
        lines.append(f"  {index}) {choice.get(lang)}")
    if reply.choices:
        lines.append(translate("dialogue.choice_prompt", lang))
    return lines


def _hint(reply: r.HintShown, lang: str) -> list[str]:
    label_key = "dialogue.bottom_out_label" if reply.level == reply.levels else "dialogue.hint_label"
    lines = [translate(label_key, lang, level=reply.level, levels=reply.levels)]
    if reply.text is not None:
        lines.append(_indent(reply.text.get(lang)))
    elif reply.key:
        lines.append(_indent(_catalog(reply.key, reply.params, lang)))
    lines.extend(_indent(line) for line in _checker_lines(reply.messages, lang))
    if reply.trace is not None:
        lines.append(_indent(trace_text(reply.trace, lang)))
    return lines


def _feedback(reply: r.Feedback, lang: str) -> list[str]:
    lines = [translate(f"dialogue.verdict.{reply.verdict}", lang)]
    if reply.text is not None:
        lines.append(_indent(reply.text.get(lang)))
    elif reply.key:
        lines.append(_indent(_catalog(reply.key, reply.params, lang)))
    lines.extend(_indent(line) for line in _checker_lines(reply.messages, lang))
    if reply.expected is not None:
        lines.append(_indent(translate("dialogue.expected", lang, expected=to_unicode(reply.expected))))
    return lines


def _lesson_list(reply: r.LessonList, lang: str) -> list[str]:
    if not reply.lessons:
        return [translate("dialogue.lesson_list_empty", lang)]
    rows = [translate("dialogue.lesson_row", lang, id=entry.id, title=entry.title.get(lang), topic=entry.topic)
            for entry in reply.lessons]
    return [*rows, translate("dialogue.lesson_list_how", lang, example=reply.lessons[0].id)]


def _progress(reply: r.ProgressShown, lang: str) -> list[str]:
    if not reply.skills:
        return [translate("dialogue.progress_empty", lang)]
    return [translate("dialogue.progress_row", lang, skill=skill_name(skill.skill, lang),
                      percent=round(skill.mastery * 100), correct=skill.correct, attempts=skill.attempts)
            for skill in reply.skills]


def _quiz_summary(reply: r.QuizSummary, lang: str) -> list[str]:
    lines = [translate("dialogue.quiz_finished", lang, score=reply.score, total=reply.total)]
    for skill, (right, total) in reply.per_skill.items():
        lines.append(translate("dialogue.quiz_skill_row", lang, skill=skill_name(skill, lang), right=right, total=total))
    if reply.missed:
        lines.append(translate("dialogue.quiz_missed", lang))
        for prompt, trace in reply.missed:
            lines.append("  - " + prompt.get(lang))
            if trace is not None:
                lines.append(_indent(trace_text(trace, lang), "    "))
    return lines


def render_reply(reply: r.Reply, lang: str) -> str:
    """Return one reply as plain text in ``lang``."""
    lines: list[str]
    if isinstance(reply, r.Message):
        lines = [_catalog(reply.key, reply.params, lang)]
    elif isinstance(reply, r.LessonText):
        lines = [f"== {reply.title.get(lang)} ==", reply.text.get(lang)] if reply.title else [reply.text.get(lang)]
    elif isinstance(reply, r.Question):
        lines = _question(reply, lang)
    elif isinstance(reply, r.TraceShown):
        lines = [trace_text(reply.trace, lang)]
    elif isinstance(reply, r.HintShown):
        lines = _hint(reply, lang)
    elif isinstance(reply, r.Feedback):
        lines = _feedback(reply, lang)
    elif isinstance(reply, r.ErrorShown):
        lines = [error_text(reply.error, lang)]
    elif isinstance(reply, r.LessonList):
        lines = _lesson_list(reply, lang)
    elif isinstance(reply, r.ProgressShown):
        lines = _progress(reply, lang)
    elif isinstance(reply, r.QuizSummary):
        lines = _quiz_summary(reply, lang)
    elif isinstance(reply, r.LanguageChanged):
        lines = [translate("dialogue.language_changed", reply.lang)]
    elif isinstance(reply, r.LessonFinished):
        lines = [translate("dialogue.lesson_finished", lang, score=reply.score, total=reply.total)]
    elif isinstance(reply, r.QuitRequested):
        lines = [translate("dialogue.goodbye", lang)]
    else:
        raise TypeError(f"no plain-text renderer for reply type {type(reply).__name__}")
    return "\n".join(lines)


def render_replies(replies: Iterable[r.Reply], lang: str) -> tuple[str, str]:
    """Return the replies as text, one block per reply, and the language after them."""
    blocks = []
    for reply in replies:
        if isinstance(reply, r.LanguageChanged):
            lang = reply.lang
        blocks.append(render_reply(reply, lang))
    return "\n".join(blocks), lang


def render_exchange(learner_text: str, replies: Iterable[r.Reply], lang: str) -> tuple[str, str]:
    """Return one learner line (marked with ``>``) and the tutor's replies, and the language after them."""
    text, lang = render_replies(replies, lang)
    return f"> {learner_text}\n{text}" if text else f"> {learner_text}", lang
