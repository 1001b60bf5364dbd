"""Render Steps and Notes into sentences of the learner's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from tutor.engine.steps import Note, Step
from tutor.i18n import has_key, translate
from tutor.render.mathtext import to_unicode


def format_params(params: Mapping[str, Any]) -> dict[str, str]:
    """Format every parameter value as text a learner reads (SymPy as Unicode math)."""
    return {name: to_unicode(value) for name, value in params.items()}


def rule_name(rule: str, lang: str) -> str:
    """Return the name of a rule ('Chain rule', '연쇄 법칙'), or the id if none is defined."""
    key = f"rule_names.{rule}"
    return translate(key, lang) if has_key(key) else rule


def step_text(step: Step, lang: str) -> str:
    """Return the explanation sentence of one step (without its substeps)."""
    params = format_params(step.params)
    if step.before is not None:
        params.setdefault("before", to_unicode(step.before))
    if step.after is not None:
        params.setdefault("after", to_unicode(step.after))
    if step.focus is not None:
        params.setdefault("focus", to_unicode(step.focus))
    return translate(step.key, lang, **params)


def note_text(note: Note, lang: str) -> str:
    """Return the sentence of one reading note."""
    return translate(note.key, lang, **format_params(note.params))


def reading_text(trace: Any, lang: str) -> str:
    """Return the "I read this as ..." sentence of a trace.

    A trace whose reading is not one formula (a theorem on an interval)
    names a catalog sentence in ``extra["reading_key"]`` with
    ``extra["reading_params"]``; any other trace shows its reading as math.
    """
    key = trace.extra.get("reading_key")
    if key:
        reading = translate(key, lang, **format_params(trace.extra.get("reading_params", {})))
    else:
        reading = to_unicode(trace.reading)
    return translate("report.reading", lang, reading=reading)
