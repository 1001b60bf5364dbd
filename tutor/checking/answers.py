"""Judge answers that are not one derivative: numbers, c-value lists, intervals, dicts.

Lessons and quizzes ask for a value of c (mean value theorem), an
interval, an ODE classification or backprop gradients.  Each kind is
compared with the same equivalence as expressions, part by part, and
the feedback names the part that is wrong.  ``check_answer`` in
``tutor.checking.api`` chooses the function here from the expected
value's type.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy

from tutor.checking import equivalence, forms
from tutor.checking.verdict import Message, Verdict

#: The keys of an ODE/PDE classification answer, as in ``explain --json``.
CLASSIFICATION_FIELDS = ("order", "degree", "linear", "type")


def _equal(expected: sympy.Expr, answer: sympy.Expr, seed: int) -> equivalence.Equivalence:
    return equivalence.compare(expected, answer, seed=seed, budget=0.5)


def judge_value(expected: sympy.Expr, answer: sympy.Expr, seed: int = equivalence.DEFAULT_SEED,
                decimal: bool = False) -> Verdict:
    """Judge one expression or number with no derivative task behind it (no misconceptions).

    ``decimal`` is True when the learner typed a decimal number (the parser
    reads it as an exact rational).
    """
    result = _equal(expected, answer, seed)
    if result.equal:
        if (decimal or forms.has_decimal(answer)) and not forms.has_decimal(expected):
            return Verdict("correct_other_form", expected, answer, seed=seed, method=result.method, form="decimal",
                           messages=(Message("checking.correct", {"expected": expected}),
                                     Message("checking.form.decimal", {"expected": expected})))
        return Verdict("correct", expected, answer, seed=seed, method=result.method,
                       messages=(Message("checking.correct", {"expected": expected}),))
    if result.outcome == "undecided":
        return Verdict("undecided", expected, answer, seed=seed, method=result.method,
                       messages=(Message("checking.undecided"),))
    messages = [Message("checking.incorrect")]
    witness = result.witness or {}
    if "answer" in witness and witness.get("point"):
        messages.append(Message("checking.witness", witness))
    return Verdict("incorrect", expected, answer, seed=seed, method=result.method,
                   domain=result.outcome == "domain", messages=tuple(messages))


def judge_values(expected: Sequence[sympy.Expr], answer: Sequence[sympy.Expr],
                 seed: int = equivalence.DEFAULT_SEED) -> Verdict:
    """Judge a list of values (the c of the mean value theorem) as a set: order does not matter."""
    unmatched = list(answer)
    missing = []
    for value in expected:
        match = next((item for item in unmatched if _equal(value, item, seed).equal), None)
        if match is None:
            missing.append(value)
        else:
            unmatched.remove(match)
    expected_list, answer_list = list(expected), list(answer)
    if not missing and not unmatched:
        return Verdict("correct", expected_list, answer_list, seed=seed,
                       messages=(Message("checking.correct", {"expected": expected_list}),))
    messages = [Message("checking.incorrect")]
    if missing:
        messages.append(Message("checking.answer.list_missing", {"values": missing}))
    if unmatched:
        messages.append(Message("checking.answer.list_extra", {"values": unmatched}))
    return Verdict("incorrect", expected_list, answer_list, seed=seed, messages=tuple(messages))


def interval_text(interval: sympy.Interval) -> str:
    """Write an interval as a learner does: ``(0, 5]``."""
    left = "(" if interval.left_open else "["
    right = ")" if interval.right_open else "]"
    from tutor.render.mathtext import to_unicode

    return f"{left}{to_unicode(interval.start)}, {to_unicode(interval.end)}{right}"


def judge_interval(expected: sympy.Interval, answer: sympy.Interval,
                   seed: int = equivalence.DEFAULT_SEED) -> Verdict:
    """Judge an interval: endpoints by equivalence, then which endpoints are included."""
    shown = interval_text(expected)
    if not isinstance(answer, sympy.Interval):
        return Verdict("incorrect", expected, answer, seed=seed,
                       messages=(Message("checking.answer.interval_endpoints", {"expected": shown}),))
    same_ends = (_equal(expected.start, answer.start, seed).equal
                 and _equal(expected.end, answer.end, seed).equal)
    if not same_ends:
        return Verdict("incorrect", expected, answer, seed=seed,
                       messages=(Message("checking.answer.interval_endpoints", {"expected": shown}),))
    if (expected.left_open, expected.right_open) != (answer.left_open, answer.right_open):
        return Verdict("incorrect", expected, answer, seed=seed,
                       messages=(Message("checking.answer.interval_closed", {"expected": shown}),))
    return Verdict("correct", expected, answer, seed=seed,
                   messages=(Message("checking.correct", {"expected": shown}),))


def _normal_field(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, sympy.Integer):
        return int(value)
    if isinstance(value, sympy.logic.boolalg.BooleanAtom):
        return bool(value)
    return value


def judge_classification(expected: Mapping[str, Any], answer: Mapping[str, Any],
                         seed: int = equivalence.DEFAULT_SEED) -> Verdict:
    """Judge an ODE/PDE classification field by field (order, degree, linear, type)."""
    messages = []
    for field_name, value in expected.items():
        if field_name not in answer:
            messages.append(Message("checking.answer.field_missing", {"field": field_name}))
        elif _normal_field(answer[field_name]) != _normal_field(value):
            messages.append(Message("checking.answer.field_wrong", {
                "field": field_name, "answer": str(answer[field_name]), "expected": str(value)}))
    if messages:
        return Verdict("incorrect", dict(expected), dict(answer), seed=seed,
                       messages=(Message("checking.incorrect"), *messages))
    return Verdict("correct", dict(expected), dict(answer), seed=seed,
                   messages=(Message("checking.correct", {"expected": dict(expected)}),))


#: Fewest decimal places a rounded gradient must have to be accepted.
MIN_DECIMAL_PLACES = 3


def _rounded_match(expected: sympy.Expr, answer: sympy.Expr) -> bool:
    """Return whether ``answer`` is ``expected`` rounded to the decimal places typed.

    A gradient such as sigmoid'(1) = e/(1 + e)² can only be typed as a
    decimal (0.1966); it counts when it is within half a unit of its last
    typed place and has at least MIN_DECIMAL_PLACES places.
    """
    if not (isinstance(answer, sympy.Rational) and expected.is_number) or expected.is_Rational:
        return False
    places = 0
    scaled = answer
    while not scaled.is_Integer and places < 30:
        scaled *= 10
        places += 1
    if not scaled.is_Integer or places < MIN_DECIMAL_PLACES:
        return False
    value = sympy.N(expected, places + 10)
    return bool(abs(value - answer) <= sympy.Rational(1, 2) * sympy.Rational(1, 10**places))


def judge_gradients(expected: Mapping[str, sympy.Expr], answer: Mapping[str, sympy.Expr],
                    overwritten: Mapping[str, sympy.Expr] | None = None,
                    seed: int = equivalence.DEFAULT_SEED,
                    alternatives: Mapping[str, Mapping[str, sympy.Expr]] | None = None) -> Verdict:
    """Judge backprop gradients by name; ``overwritten`` is the fan-out-overwritten answer.

    When every wrong gradient equals the overwritten one, the mistake is
    named ``backprop_fanout_overwritten``.
    """
    wrong: list[str] = []
    messages: list[Message] = []
    for name, value in expected.items():
        if name not in answer:
            messages.append(Message("checking.answer.gradient_missing", {"name": name}))
            wrong.append(name)
        elif not (_equal(value, answer[name], seed).equal or _rounded_match(value, answer[name])):
            messages.append(Message("checking.answer.gradient_wrong", {
                "name": name, "answer": answer[name], "expected": value}))
            wrong.append(name)
    if not wrong:
        return Verdict("correct", dict(expected), dict(answer), seed=seed,
                       messages=(Message("checking.correct", {"expected": dict(expected)}),))

    # Each buggy backward pass gives the gradients a learner with that
    # misconception would write; the first whose wrong values all match wins.
    buggy = dict(alternatives or {})
    if overwritten is not None:
        buggy = {"backprop_fanout_overwritten": overwritten, **buggy}
    misconception = None
    for candidate, gradients in buggy.items():
        if all(name in answer and name in gradients and _equal(gradients[name], answer[name], seed).equal
               for name in wrong):
            misconception = candidate
            break
    if misconception is not None:
        messages = [Message(f"checking.misconception.{misconception}.what"), *messages,
                    Message(f"checking.misconception.{misconception}.fix")]
    return Verdict("incorrect", dict(expected), dict(answer), seed=seed, misconception=misconception,
                   messages=(Message("checking.incorrect"), *messages))
