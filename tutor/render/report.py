"""Turn a Trace into the JSON contract or into the plain-text reply.

Both renderers walk the same Trace, so ``--json``, ``--script`` and the
Textual app always say the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy

from tutor.engine.steps import Step, Trace
from tutor.errors import ParseError, TutorError
from tutor.i18n import translate
from tutor.render.mathtext import to_sympy_syntax, to_unicode
from tutor.render.steptext import note_text, reading_text, rule_name, step_text


def jsonable(value: Any) -> Any:
    """Convert result values to JSON: SymPy objects become SymPy-syntax strings."""
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return value
    if isinstance(value, Mapping):
        return {str(key) if not isinstance(key, sympy.Basic) else to_sympy_syntax(key): jsonable(item)
                for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    if isinstance(value, sympy.Basic):
        return to_sympy_syntax(value)
    return str(value)


def step_json(step: Step, lang: str) -> dict[str, Any]:
    """Return one step in the contract's shape, with its substeps."""
    return {
        "rule": step.rule,
        "before": None if step.before is None else to_sympy_syntax(step.before),
        "after": None if step.after is None else to_sympy_syntax(step.after),
        "text": step_text(step, lang),
        "substeps": [step_json(sub, lang) for sub in step.substeps],
    }


def trace_json(text: str, trace: Trace, lang: str) -> dict[str, Any]:
    """Return the ``explain --json`` object for a successful answer."""
    return {
        "input": text,
        "kind": trace.kind,
        "interpretation": to_sympy_syntax(trace.reading),
        "notes": [note_text(note, lang) for note in trace.notes],
        "result": jsonable(trace.result),
        "steps": [step_json(step, lang) for step in trace.steps],
        "error": None,
    }


def error_json(text: str, error: TutorError, lang: str) -> dict[str, Any]:
    """Return the ``explain --json`` object for an input the tutor could not answer."""
    return {
        "input": text,
        "kind": None,
        "interpretation": None,
        "notes": [],
        "result": None,
        "steps": [],
        "error": {"kind": error.kind, "message": error_text(error, lang), "column": error.column},
    }


def error_text(error: TutorError, lang: str) -> str:
    """Return the full message for an error: the sentence, a caret line, a suggestion."""
    message = error.message(lang)
    if isinstance(error, ParseError) and error.text and error.column is not None:
        column = max(error.column, 1)
        caret = " " * (_display_width(error.text[: column - 1])) + "^"
        message = f"{message}\n  {error.text}\n  {caret}"
    if isinstance(error, ParseError) and error.suggestion:
        message += "\n" + translate("report.did_you_mean", lang, suggestion=error.suggestion)
    return message


def _display_width(text: str) -> int:
    """Return the terminal cell width of ``text`` (Hangul and CJK take two cells)."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _step_lines(step: Step, number: str, lang: str, lines: list[str]) -> None:
    indent = "   " * number.count(".")
    lines.append(f"{indent}{number}. {rule_name(step.rule, lang)}: {step_text(step, lang)}")
    for index, sub in enumerate(step.substeps, start=1):
        _step_lines(sub, f"{number}.{index}", lang, lines)


def trace_text(trace: Trace, lang: str) -> str:
    """Return the plain-text reply: reading, numbered steps, then the result."""
    lines = [reading_text(trace, lang)]
    for note in trace.notes:
        lines.append("  " + note_text(note, lang))
    lines.append("")

    for index, step in enumerate(trace.steps, start=1):
        _step_lines(step, str(index), lang, lines)

    summary = trace.extra.get("summary_key")
    if summary:
        params = {name: to_unicode(value) for name, value in trace.extra.get("summary_params", {}).items()}
        lines.append("")
        lines.append(translate(summary, lang, **params))
    if trace.kind == "interval":
        from tutor.render.number_line import number_line

        drawing = number_line(dict(trace.result))
        if drawing:
            lines.append("")
            lines.append(drawing)
    for block in trace.extra.get("blocks", ()):
        lines.append("")
        lines.append(block)
    return "\n".join(lines)
