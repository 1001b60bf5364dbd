"""Intervals of the number line: their names, inequalities and members.

``interval (0, 5]`` names the interval (open, closed or half-open), writes
it as an inequality in x, and with ``contains 5`` (or ``5 in (0, 5]``)
decides whether the number belongs to it and why.  An infinite end is always
open: ``[0, ∞)`` is written ``0 ≤ x``.  Symbolic ends (``[a, b)``) are named
and written as an inequality assuming a < b, but membership of a number is
left undecided.
"""

from __future__ import annotations

import sympy

from tutor.engine.solving import numeric_value
from tutor.engine.steps import Note, Step, Trace
from tutor.errors import UnsupportedError
from tutor.parsing.commands import Interval

X = sympy.Symbol("x")


def trace_interval(command: Interval, workspace: object) -> Trace:
    """Trace ``interval (a, b]`` with an optional membership question."""
    a, b = command.a, command.b
    low, high = _bound(a), _bound(b)
    symbolic = _is_symbolic(a) or _is_symbolic(b)
    if (low is None and not _is_symbolic(a)) or (high is None and not _is_symbolic(b)):
        raise UnsupportedError("calculus.interval.bad_endpoints", a=a, b=b)
    if (a.is_infinite and command.left_closed) or (b.is_infinite and command.right_closed):
        raise UnsupportedError("calculus.interval.closed_infinity", a=a, b=b)
    if not symbolic and low == high and command.left_closed and command.right_closed:
        raise UnsupportedError("calculus.interval.single_point", a=a, b=b)
    if not symbolic and not low < high:
        raise UnsupportedError("calculus.interval.empty", a=a, b=b)

    interval = sympy.Interval(a, b, left_open=not command.left_closed, right_open=not command.right_closed)
    kind = _kind(command.left_closed, command.right_closed)
    inequality = _inequality(a, b, command.left_closed, command.right_closed)

    steps = [
        Step(rule="interval_name", before=None, after=None,
             params={"interval": interval, "a": a, "b": b},
             text_key=f"calculus.interval.name_{_name_key(a, b, command.left_closed, command.right_closed)}"),
        Step(rule="interval_inequality", before=None, after=None,
             params={"interval": interval, "inequality": _inequality_text(a, b, command.left_closed,
                                                                          command.right_closed)},
             text_key="calculus.interval.inequality"),
    ]
    result: dict[str, object] = {"interval": interval, "type": kind, "inequality": inequality,
                                 "left_closed": command.left_closed, "right_closed": command.right_closed}
    notes = tuple(command.notes)
    if symbolic and not (a.is_infinite or b.is_infinite):
        notes += (Note("parsing.note_interval_symbolic", {"a": a, "b": b}),)
    summary_key, summary_params = f"calculus.interval.summary_{kind}", {"interval": interval}
    if a.is_infinite or b.is_infinite:
        # [2, ∞) is "half-open" by its brackets, but the step names it by
        # what a learner sees first: it is unbounded.
        summary_key = "calculus.interval.summary_unbounded"

    if command.query is not None and symbolic and command.query not in (a, b):
        query = command.query
        if query.is_real is False:
            raise UnsupportedError("calculus.interval.bad_query", value=query)
        steps.append(Step(rule="interval_membership", before=None, after=None,
                          params={"value": query, "interval": interval, "a": a, "b": b},
                          text_key="parsing.interval_member_undecided"))
        result.update(query=query, contains=None)
    elif command.query is not None and symbolic:
        # An endpoint belongs exactly when its bracket is square, whatever the values.
        query = command.query
        contains = command.left_closed if query == a else command.right_closed
        steps.append(Step(rule="interval_membership", before=None, after=None,
                          params={"value": query, "interval": interval, "a": a, "b": b},
                          text_key=f"calculus.interval.{_membership_key(query, a, b, interval, contains)}"))
        result.update(query=query, contains=contains)
        summary_key = "calculus.interval.summary_in" if contains else "calculus.interval.summary_not_in"
        summary_params = {"interval": interval, "value": query}
    elif command.query is not None:
        query = command.query
        value = numeric_value(query)
        if value is None:
            raise UnsupportedError("calculus.interval.bad_query", value=query)
        contains = bool(interval.contains(query) == sympy.true)
        steps.append(Step(rule="interval_membership", before=None, after=None,
                          params={"value": query, "interval": interval, "a": a, "b": b},
                          text_key=f"calculus.interval.{_membership_key(query, a, b, interval, contains)}"))
        result.update(query=query, contains=contains)
        summary_key = "calculus.interval.summary_in" if contains else "calculus.interval.summary_not_in"
        summary_params = {"interval": interval, "value": query}

    return Trace(
        kind="interval",
        reading=interval,
        steps=tuple(steps),
        result=result,
        notes=(*notes, Note("calculus.interval.number_line", {})),
        extra={"summary_key": summary_key, "summary_params": summary_params},
    )


def _is_symbolic(value: sympy.Expr) -> bool:
    """Return whether ``value`` is an end such as ``a``: it has symbols, but not x itself."""
    return bool(value.free_symbols) and X not in value.free_symbols


def _bound(value: sympy.Expr) -> float | None:
    if value is sympy.oo:
        return float("inf")
    if value is -sympy.oo:
        return float("-inf")
    return numeric_value(value)


def _kind(left_closed: bool, right_closed: bool) -> str:
    if left_closed and right_closed:
        return "closed"
    if not left_closed and not right_closed:
        return "open"
    return "half_open"


def _name_key(a, b, left_closed: bool, right_closed: bool) -> str:
    if a.is_infinite or b.is_infinite:
        return "unbounded_closed" if (left_closed or right_closed) else "unbounded_open"
    if left_closed and right_closed:
        return "closed"
    if not left_closed and not right_closed:
        return "open"
    return "half_open_right" if right_closed else "half_open_left"


def _inequality(a, b, left_closed: bool, right_closed: bool) -> sympy.Basic:
    """Return the interval as a SymPy relational in x (an infinite end adds no condition)."""
    parts = []
    if not a.is_infinite:
        parts.append(sympy.Le(a, X) if left_closed else sympy.Lt(a, X))
    if not b.is_infinite:
        parts.append(sympy.Le(X, b) if right_closed else sympy.Lt(X, b))
    if not parts:
        return sympy.true
    return sympy.And(*parts) if len(parts) > 1 else parts[0]


def _inequality_text(a, b, left_closed: bool, right_closed: bool) -> str:
    """Write the inequality as a chain, ``0 < x ≤ 5``, in math notation."""
    from tutor.render.mathtext import to_unicode

    text = "x"
    if not a.is_infinite:
        text = f"{to_unicode(a)} {'≤' if left_closed else '<'} {text}"
    if not b.is_infinite:
        text = f"{text} {'≤' if right_closed else '<'} {to_unicode(b)}"
    return text if text != "x" else "-∞ < x < ∞"


def _membership_key(query, a, b, interval, contains: bool) -> str:
    if query == a or query == b:
        return "member_endpoint_in" if contains else "member_endpoint_out"
    return "member_inside" if contains else "member_outside"
