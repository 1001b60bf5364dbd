"""Judge a learner's answer to one Item, whatever its answer type.

The expected value comes from the engine whenever the Item has a task.
A derivative task is passed to the checker as it is, which lets it name
misconceptions.  Other tasks give the field ``result_key`` of the
engine's result.  Only an Item without a task is checked against the
author's ``expected`` text.  ``difftutor validate`` runs the author's
``expected`` through the same ``judge`` to prove that the two agree.
"""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from typing import Any

import sympy

from tutor.checking import answers as judged
from tutor.checking.api import buggy_backprop_gradients, check_answer, parse_answer, parse_gradients
from tutor.checking.verdict import Message, Verdict
from tutor.curriculum.model import Item, WrongAnswer
from tutor.engine.dispatch import Workspace
from tutor.engine.steps import Trace
from tutor.errors import ParseError, TutorError
from tutor.parsing import commands, parse

#: The result field an answer type reads when the Item names none.
DEFAULT_RESULT_KEYS = {
    "expression": "derivative",
    "number": "value",
    "c_values": "c",
    "gradients": "gradients",
}

#: Words of a classification answer, English and Korean (``2계`` is order 2, ``1차`` degree 1).
_ORDER = re.compile(r"order\s*[:=]?\s*(\d+)|(\d+)\s*(?:st|nd|rd|th)?[- ]?order|(\d+)\s*계|계\s*[:=]?\s*(\d+)", re.I)
_DEGREE = re.compile(r"degree\s*[:=]?\s*(\d+)|(\d+)\s*(?:st|nd|rd|th)?[- ]?degree|(\d+)\s*차|차수\s*[:=]?\s*(\d+)", re.I)
_NON_LINEAR = re.compile(r"non[- ]?linear|비선형", re.I)
_LINEAR = re.compile(r"linear|선형", re.I)
_PDE = re.compile(r"\bpde\b|편미분", re.I)
_ODE = re.compile(r"\bode\b|상미분", re.I)

#: The left side of ``dy/dx = ...``, ``f'(x) = ...`` or ``∂z/∂y = ...`` in an expression answer.
_ANSWER_NAME = re.compile(r"^\s*(?:d\w*/d\w+|∂\w*/∂\w+|[A-Za-z]\w*(?:'+|′+)?(?:\(\s*\w+(?:\s*,\s*\w+)*\s*\))?)\s*$")

#: A leading ``c =`` or ``t =`` in a list of values.
_VALUE_NAME = re.compile(r"^\s*[a-zA-Z]\w*\s*=\s*")


@lru_cache(maxsize=256)
def engine_trace(task: str) -> Trace:
    """Return the engine's trace of a task text (cached: traces are immutable)."""
    from tutor.chat import answer

    return answer(task, Workspace())


def _first_number(match: re.Match[str]) -> int:
    return int(next(group for group in match.groups() if group is not None))


def parse_classification(text: str) -> dict[str, Any]:
    """Read ``order 2, degree 1, non-linear, ODE`` (or ``2계, 1차, 비선형``) into fields."""
    fields: dict[str, Any] = {}
    order = _ORDER.search(text)
    if order:
        fields["order"] = _first_number(order)
    degree = _DEGREE.search(text)
    if degree:
        fields["degree"] = _first_number(degree)
    if _NON_LINEAR.search(text):
        fields["linear"] = False
    elif _LINEAR.search(text):
        fields["linear"] = True
    if _PDE.search(text):
        fields["type"] = "PDE"
    elif _ODE.search(text):
        fields["type"] = "ODE"
    if not fields:
        raise ParseError("dialogue.answer_invalid.classification", text=text)
    return fields


def split_values(text: str) -> list[str]:
    """Split ``c = 1, c = 2`` or ``-2/sqrt(3), 2/sqrt(3)`` into value texts, outside brackets."""
    parts, depth, current = [], 0, ""
    for character in text:
        depth += character in "([{"
        depth -= character in ")]}"
        if character == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += character
    parts.append(current)
    return [_VALUE_NAME.sub("", part).strip() for part in parts if part.strip()]


def parse_interval(text: str) -> sympy.Interval:
    """Read ``(0, 5]`` into a SymPy Interval through the chat grammar's interval command."""
    command = parse(f"interval {text.strip()}")
    if not isinstance(command, commands.Interval):
        raise ParseError("dialogue.answer_invalid.interval", text=text)
    return sympy.Interval(command.a, command.b, not command.left_closed, not command.right_closed)


def choice_index(item: Item, text: str) -> int | None:
    """Return the 1-based choice that ``text`` names (its number or its text in either language)."""
    cleaned = text.strip().rstrip(".)").strip().casefold()
    if cleaned.isdigit():
        number = int(cleaned)
        return number if 1 <= number <= len(item.choices) else None
    for number, choice in enumerate(item.choices, start=1):
        if cleaned in (choice.en.strip().casefold(), choice.ko.strip().casefold()):
            return number
    return None


def _right_side(text: str) -> str:
    """Drop a leading ``y =``, ``dy/dx =``, ``f'(x) =`` or ``v =`` that learners often write."""
    left, equals, right = text.partition("=")
    if equals and right.strip() and "=" not in right and _ANSWER_NAME.match(left):
        return right
    return text


def parse_typed(answer_type: str, text: str) -> Any:
    """Parse answer text as a value of ``answer_type``; raise ParseError if it is not one."""
    if answer_type in ("expression", "number"):
        return parse_answer(_right_side(text))
    if answer_type == "interval":
        return parse_interval(text)
    if answer_type == "classification":
        return parse_classification(text)
    if answer_type == "c_values":
        values = split_values(text)
        if not values:
            raise ParseError("dialogue.answer_invalid.c_values", text=text)
        return [parse_answer(value) for value in values]
    if answer_type == "gradients":
        return parse_gradients(text)
    raise ValueError(f"parse_typed does not handle answer type {answer_type!r}")


def derivative_command(item: Item) -> commands.Command | None:
    """Return the task as a command the checker can diagnose, when it is a plain derivative."""
    if item.answer_type != "expression" or item.result_key not in (None, "derivative"):
        return None
    command = parse(item.task)
    if isinstance(command, commands.Derivative):
        return command
    if isinstance(command, commands.Partial) and len(command.derivatives) == 1 and command.point is None:
        return command
    return None


def _as_value(value: Any) -> Any:
    """Turn result fields the engine stores as SymPy-syntax text (backprop) into SymPy values."""
    from tutor.parsing import parse_expression

    if isinstance(value, str):
        return parse_expression(value)
    if isinstance(value, dict):
        return {name: _as_value(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_value(item) for item in value]
    return value


def engine_value(item: Item) -> Any:
    """Return the field of the engine's result that answers ``item`` (which must have a task)."""
    trace = engine_trace(item.task)
    if item.answer_type == "classification":
        return {name: trace.result[name] for name in judged.CLASSIFICATION_FIELDS if name in trace.result}
    key = item.result_key or DEFAULT_RESULT_KEYS.get(item.answer_type)
    if key not in trace.result:
        raise KeyError(key)
    return _as_value(trace.result[key])


def expected_value(item: Item) -> Any:
    """Return what an answer to ``item`` is compared with (see the module docstring)."""
    if item.answer_type == "choice":
        return choice_index(item, item.expected or "")
    if item.task:
        command = derivative_command(item)
        if command is not None:
            return command
        value = engine_value(item)
        if item.answer_type == "classification" and item.expected:
            # Only the fields named in the author's expected answer are compared.
            asked = parse_classification(item.expected)
            value = {name: value[name] for name in asked if name in value}
        if item.answer_type == "gradients" and item.expected:
            asked = parse_gradients(item.expected)
            value = {name: gradient for name, gradient in value.items() if str(name) in asked}
        return value
    return parse_typed(item.answer_type, item.expected or "")


def _judge_choice(item: Item, text: str) -> Verdict:
    chosen = choice_index(item, text)
    if chosen is None:
        raise ParseError("dialogue.answer_invalid.choice", text=text, count=len(item.choices))
    expected = choice_index(item, item.expected or "")
    if chosen == expected:
        return Verdict("correct", expected, chosen)
    return Verdict("incorrect", expected, chosen)


def _judge_gradients(item: Item, expected: dict, text: str) -> Verdict:
    answer = {str(name): value for name, value in parse_gradients(text).items()}
    overwritten = None
    command = parse(item.task) if item.task else None
    if isinstance(command, commands.Backprop):
        from tutor.engine.backprop import backprop_gradients

        overwrite = backprop_gradients(command, fanout="overwrite")
        overwritten = {str(name): value for name, value in overwrite.items()}
    expected = {str(name): sympy.Integer(value) if isinstance(value, int) else value
                for name, value in expected.items()}
    alternatives = buggy_backprop_gradients(command) if isinstance(command, commands.Backprop) else None
    return judged.judge_gradients(expected, answer, overwritten, alternatives=alternatives)


def _within_tolerance(item: Item, expected: Any, text: str) -> bool:
    answer = parse_answer(text)
    if not (isinstance(answer, sympy.Expr) and answer.is_number and isinstance(expected, sympy.Expr)):
        return False
    return abs(float(answer) - float(expected)) <= float(item.tolerance)


def judge(item: Item, text: str) -> Verdict:
    """Judge the learner's ``text`` as an answer to ``item``; raise ParseError if it is not one."""
    if item.answer_type == "choice":
        return _judge_choice(item, text)

    expected = expected_value(item)
    if item.answer_type == "number" and item.tolerance is not None and _within_tolerance(item, expected, text):
        return Verdict("correct", expected, parse_answer(text),
                       messages=(Message("checking.correct", {"expected": expected}),))
    if item.answer_type == "classification":
        return judged.judge_classification(expected, parse_classification(text))
    if item.answer_type == "gradients":
        return _judge_gradients(item, expected, text)
    if item.answer_type == "c_values":
        values = list(expected) if isinstance(expected, (list, tuple, set, frozenset)) else [expected]
        answer = parse_typed("c_values", text)
        # The values are numbers, so any letter is a word typed by mistake, not a value.
        stray = {str(symbol) for value in answer if isinstance(value, sympy.Basic) for symbol in value.free_symbols}
        if stray:
            raise ParseError("dialogue.answer_invalid.foreign_symbols", text=text, names=", ".join(sorted(stray)))
        return check_answer(values, answer)
    if item.answer_type == "interval":
        return check_answer(expected, parse_interval(text))
    answer = parse_typed(item.answer_type, text)
    stray = foreign_symbols(item, answer)
    if stray:
        raise ParseError("dialogue.answer_invalid.foreign_symbols", text=text, names=", ".join(sorted(stray)))
    return check_answer(expected, answer, form=item.form)


def foreign_symbols(item: Item, answer: Any) -> set[str]:
    """Return the names in an expression answer that the question has no use for.

    ``foo bar`` parses as the product f·o·o·b·a·r.  That is an expression
    but clearly not an answer, so naming the stray letters helps more
    than a verdict of "incorrect".
    """
    if item.answer_type not in ("expression", "number") or not isinstance(answer, sympy.Basic):
        return set()
    allowed: set[sympy.Basic] = set()
    expected = expected_value(item)
    for value in (getattr(expected, "expr", None), getattr(expected, "var", None), expected):
        if isinstance(value, sympy.Basic):
            allowed |= value.free_symbols
    if isinstance(expected, commands.Partial):
        allowed |= {var for variables in expected.derivatives for var in variables}
    return {str(symbol) for symbol in answer.free_symbols - allowed}


def matching_wrong_answer(item: Item, text: str) -> WrongAnswer | None:
    """Return the author's ``wrong_answers`` entry that ``text`` equals, judged as an answer of ``item``'s type."""
    for wrong in item.wrong_answers:
        # The wrong answer replaces the expected one, so "0.0" or "c = 0" matches "0".
        probe = dataclasses.replace(item, task=None, expected=wrong.answer, tolerance=None, form=None,
                                    wrong_answers=())
        try:
            if judge(probe, text).is_valid:
                return wrong
        except TutorError:
            continue
    return None


#: Checker sentences that name the correct value -> the sentence without it and the parameters it keeps.
_WITHHELD = {
    "checking.where": ("dialogue.withheld.where", ("step", "var", "focus", "wrong")),
    "checking.witness": ("dialogue.withheld.witness", ("point", "answer")),
    "checking.domain": ("dialogue.withheld.domain", ("point",)),
    "checking.answer.list_missing": ("dialogue.withheld.list_missing", ()),
    "checking.answer.interval_endpoints": ("dialogue.withheld.interval_endpoints", ()),
    "checking.answer.interval_closed": ("dialogue.withheld.interval_closed", ()),
    "checking.answer.field_wrong": ("dialogue.withheld.field_wrong", ("field", "answer")),
    "checking.answer.gradient_wrong": ("dialogue.withheld.gradient_wrong", ("name", "answer")),
}


def without_answer(message: Message) -> Message:
    """Return ``message`` reworded without the correct value, for a question that is still open.

    ``difftutor check`` answers once and keeps the checker's full sentence;
    a lesson or quiz shows it only after the question is over.
    """
    if message.key not in _WITHHELD:
        return message
    key, kept = _WITHHELD[message.key]
    return Message(key, {name: message.params[name] for name in kept if name in message.params})


def format_hint(item: Item) -> tuple[str, dict[str, str]]:
    """Return the catalog key and parameters of the hint on how to write an answer to ``item``.

    The hint shows the shape of an answer with "…" in place of every value,
    so it never gives the answer away.  A gradients hint names the inputs
    whose gradients are expected.
    """
    if item.answer_type != "gradients":
        return f"dialogue.answer_format.{item.answer_type}", {}
    try:
        names = [str(name) for name in expected_value(item)]
    except (TutorError, KeyError):
        names = []
    if not names:
        return "dialogue.answer_format.gradients_unnamed", {}
    return "dialogue.answer_format.gradients", {"names": ", ".join(f"{name} = …" for name in names)}


def answer_text(item: Item) -> str:
    """Return the answer to show when a question is over, as people write it."""
    from tutor.render.mathtext import to_unicode

    if item.expected:
        if item.answer_type in ("expression", "number"):
            try:
                return to_unicode(parse_answer(item.expected))
            except ParseError:
                return item.expected
        return item.expected
    try:
        return to_unicode(engine_value(item))
    except KeyError:
        return to_unicode(engine_trace(item.task).result)
