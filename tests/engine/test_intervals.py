"""Intervals: names, inequalities and membership."""

from __future__ import annotations

import pytest
import sympy
from sympy import Integer, Symbol, oo

from tutor.engine.dispatch import Workspace
from tutor.engine.intervals import trace_interval
from tutor.errors import UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json

x = Symbol("x")


def _interval(a, b, left_closed, right_closed, query=None):
    command = commands.Interval(
        a=sympy.sympify(a), b=sympy.sympify(b), left_closed=left_closed, right_closed=right_closed,
        query=None if query is None else sympy.sympify(query),
    )
    return trace_interval(command, Workspace())


@pytest.mark.parametrize(
    ("left_closed", "right_closed", "kind", "inequality"),
    [
        (False, False, "open", sympy.And(0 < x, x < 5)),
        (True, True, "closed", sympy.And(0 <= x, x <= 5)),
        (False, True, "half_open", sympy.And(0 < x, x <= 5)),
        (True, False, "half_open", sympy.And(0 <= x, x < 5)),
    ],
)
def test_interval_kinds(left_closed, right_closed, kind, inequality):
    trace = _interval(0, 5, left_closed, right_closed)

    assert trace.result["type"] == kind
    assert trace.result["inequality"].as_set() == inequality.as_set()
    assert trace.result["interval"] == inequality.as_set()


@pytest.mark.parametrize(
    ("left_closed", "right_closed", "query", "contains"),
    [
        (False, True, 5, True),
        (False, True, 0, False),
        (False, False, 5, False),
        (True, True, 0, True),
        (False, True, 3, True),
        (False, True, 6, False),
    ],
)
def test_membership(left_closed, right_closed, query, contains):
    assert _interval(0, 5, left_closed, right_closed, query).result["contains"] is contains


def test_half_open_text_names_the_included_end():
    trace = _interval(0, 5, False, True, 5)
    english = [step["text"] for step in trace_json("", trace, "en")["steps"]]
    korean = [step["text"] for step in trace_json("", trace, "ko")["steps"]]

    assert "half-open" in english[0]
    assert "0 < x ≤ 5" in english[1]
    assert "반열린 구간" in korean[0]
    assert "속합니다" in korean[2]


def test_unbounded_interval():
    trace = _interval(0, oo, True, False)

    assert trace.result["inequality"].as_set() == sympy.Interval(0, oo)
    with pytest.raises(UnsupportedError):
        _interval(0, oo, True, True)


def test_reversed_endpoints_rejected():
    with pytest.raises(UnsupportedError):
        _interval(5, 0, True, True)


@pytest.mark.parametrize(
    ("text", "contains"),
    [
        ("interval (0, 5] contains 5", True),
        ("5 in (0, 5]", True),
        ("0 in (0, 5]", False),
    ],
)
def test_parsed_membership(text, contains):
    assert trace_interval(parse(text), Workspace()).result["contains"] is contains


def test_parsed_korean_interval():
    trace = trace_interval(parse("구간 [0, 50]"), Workspace())

    assert trace.result["interval"] == sympy.Interval(Integer(0), Integer(50))
    assert trace.result["type"] == "closed"


def test_symbolic_endpoints_named():
    trace = answer_interval("interval [a, b)")
    assert trace.result["type"] == "half_open"
    assert trace.result["inequality"] == sympy.And(Symbol("a") <= x, x < Symbol("b"))
    assert "parsing.note_interval_symbolic" in [note.key for note in trace.notes]


def test_symbolic_membership_undecided():
    trace = answer_interval("interval [a, b) contains 2")
    assert trace.result["contains"] is None
    assert trace.steps[-1].text_key == "parsing.interval_member_undecided"


def test_symbolic_endpoint_membership_decided():
    assert answer_interval("interval [a, b) contains a").result["contains"] is True
    assert answer_interval("interval [a, b) contains b").result["contains"] is False


def test_endpoint_with_x_rejected():
    with pytest.raises(UnsupportedError):
        answer_interval("interval [0, x]")


def test_infinite_end_typed_as_word():
    trace = answer_interval("interval (-inf, 3] contains -100")
    assert trace.result["contains"] is True


def answer_interval(text):
    return trace_interval(parse(text), Workspace())


def test_single_point_interval_named():
    with pytest.raises(UnsupportedError) as raised:
        trace_interval(parse("interval [2, 2]"), Workspace())
    assert raised.value.key == "calculus.interval.single_point"
    message = raised.value.message("en")
    assert "single point {2}" in message
    assert "degenerate closed interval" in message
    assert "empty" not in message


def test_open_single_point_interval_is_empty():
    with pytest.raises(UnsupportedError) as raised:
        trace_interval(parse("interval (2, 2]"), Workspace())
    assert raised.value.key == "calculus.interval.empty"
