"""The mean value and Rolle's theorems: hypotheses checked, every c found and judged."""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Integer, Rational, Symbol, exp, log, pi, sin, sqrt, tan

from tests.engine.stepcheck import equation_step_count, invalid_steps
from tutor.engine.dispatch import Workspace
from tutor.engine.theorems import trace_theorem
from tutor.errors import UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json, trace_text

x = Symbol("x")


def _theorem(theorem, expr, a, b):
    command = commands.Theorem(theorem=theorem, expr=expr, var=None, a=sympy.sympify(a), b=sympy.sympify(b))
    return trace_theorem(command, Workspace())


def _check_c(trace, expr, a, b, target):
    """Every accepted c lies strictly inside (a, b) and solves f'(c) = target."""
    for c in trace.result["c"]:
        assert a < c < b
        assert sympy.simplify(sympy.diff(expr, x).subs(x, c) - target) == 0


# ---------------------------------------------------------------- the theorems apply


def test_mvt_lecture_example():
    trace = _theorem("mvt", x**2, 0, 5)

    assert trace.result["applies"] is True
    assert trace.result["c"] == [Rational(5, 2)]
    assert trace.result["slope"] == 5
    assert invalid_steps(trace.steps) == []
    assert equation_step_count(trace.steps) >= 4


def test_rolle_corrected_interval():
    trace = _theorem("rolle", 2 * x**3 - 6 * x**2, 0, 3)

    assert trace.result["applies"] is True
    assert trace.result["c"] == [2]
    assert invalid_steps(trace.steps) == []


def test_irrational_c_exact_and_decimal():
    trace = _theorem("mvt", 2 * x**3 - 6 * x**2, 0, 5)

    assert trace.result["c"] == [1 + sqrt(39) / 3]
    assert abs(float(trace.result["c_decimal"][0]) - 3.0817) < 1e-4
    rejected = [step for step in trace.steps if step.text_key == "calculus.theorem.c_outside"]
    assert [step.params["c"] for step in rejected] == [1 - sqrt(39) / 3]


def test_several_c_values():
    trace = _theorem("rolle", sin(x), 0, 2 * pi)

    assert trace.result["c"] == [pi / 2, 3 * pi / 2]
    _check_c(trace, sin(x), 0, 2 * pi, 0)


def test_several_irrational_c_values_for_cubic():
    trace = _theorem("mvt", x**3, -2, 2)

    assert sorted(trace.result["c"], key=float) == [-2 / sqrt(3), 2 / sqrt(3)]
    _check_c(trace, x**3, -2, 2, 4)


def test_c_at_endpoint_is_rejected():
    trace = _theorem("rolle", x**3 - 3 * x, -1, 2)

    assert trace.result["c"] == [1]
    endpoint = [step for step in trace.steps if step.text_key == "calculus.theorem.c_endpoint"]
    assert [step.params["c"] for step in endpoint] == [-1]


def test_transcendental_c():
    trace = _theorem("mvt", exp(x), 0, 1)

    assert len(trace.result["c"]) == 1
    _check_c(trace, exp(x), 0, 1, sympy.E - 1)


def test_linear_function_every_c():
    trace = _theorem("mvt", 3 * x + 1, 0, 2)

    assert trace.result["c"] == [sympy.Interval.open(0, 2)]


# ---------------------------------------------------------------- hypotheses fail


def test_rolle_lecture_interval_fails_and_mvt_instead():
    trace = _theorem("rolle", 2 * x**3 - 6 * x**2, 0, 5)
    data = trace_json("", trace, "en")["result"]

    assert data["applies"] is False
    assert data["reason"] == "f(a) != f(b)"
    assert (data["f(a)"], data["f(b)"]) == ("0", "100")
    assert data["hypothesis"] == "equal_endpoints"
    assert trace.result["mvt"]["c"] == [1 + sqrt(39) / 3]
    assert "mean value theorem" in trace_text(trace, "en")
    assert invalid_steps(trace.steps) == []


@pytest.mark.parametrize(
    ("theorem", "expr", "a", "b", "cause", "point"),
    [
        ("mvt", 1 / x, -1, 1, "denominator_zero", 0),
        ("rolle", 1 / (x**2 - 1), -2, 2, "denominator_zero", -1),
        ("mvt", tan(x), 0, 3, "pole", pi / 2),
        ("mvt", log(x), -1, 2, "log_domain", -1),
        ("mvt", sqrt(x), -1, 4, "root_domain", -1),
    ],
)
def test_continuity_failures(theorem, expr, a, b, cause, point):
    trace = _theorem(theorem, expr, a, b)

    assert trace.result["applies"] is False
    assert trace.result["hypothesis"] == "continuity"
    first = trace.result["failures"][0]
    assert first["cause"] == cause
    assert sympy.simplify(first["at"] - point) == 0
    assert invalid_steps(trace.steps) == []


@pytest.mark.parametrize(
    ("theorem", "expr", "a", "b", "cause"),
    [
        ("rolle", Abs(x), -1, 1, "corner"),
        ("mvt", x ** Rational(2, 3), -1, 8, "cusp"),
        ("mvt", x ** Rational(1, 3), -1, 1, "vertical_tangent"),
        ("mvt", Abs(sin(x)), -1, 2, "corner"),
    ],
)
def test_differentiability_failures(theorem, expr, a, b, cause):
    trace = _theorem(theorem, expr, a, b)

    assert trace.result["applies"] is False
    assert trace.result["hypothesis"] == "differentiability"
    assert [failure["cause"] for failure in trace.result["failures"]] == [cause]
    assert trace.result["failures"][0]["at"] == 0


def test_smooth_abs_and_root_are_differentiable():
    assert _theorem("rolle", Abs(x**3), -1, 1).result["applies"] is True
    assert _theorem("mvt", x ** Rational(4, 3), -1, 1).result["applies"] is True


def test_failed_rolle_for_abs_says_conclusion_fails():
    trace = _theorem("rolle", Abs(x), -1, 1)

    assert trace.result["c_found"] == []
    assert trace.steps[-1].text_key == "calculus.theorem.conclusion_fails"


def test_failed_hypothesis_can_still_find_c():
    # |x² − 1| has corners at ±1, so Rolle does not apply on [-2, 2], yet f'(0) = 0.
    trace = _theorem("rolle", Abs(x**2 - 1), -2, 2)

    assert trace.result["applies"] is False
    assert [failure["at"] for failure in trace.result["failures"]] == [-1, 1]
    assert trace.result["c_found"] == [0]
    assert trace.steps[-1].text_key == "calculus.theorem.c_found_anyway"


def test_bad_interval_rejected():
    with pytest.raises(UnsupportedError):
        _theorem("mvt", x**2, 3, 1)


# ---------------------------------------------------------------- parsed input


@pytest.mark.parametrize(
    ("text", "c"),
    [
        ("mvt x^2 on [0, 5]", [Rational(5, 2)]),
        ("평균값 x^2 [0, 5]", [Rational(5, 2)]),
        ("롤 2x^3 - 6x^2 [0, 3]", [Integer(2)]),
        ("2x^3 - 6x^2 롤 [0, 3]", [Integer(2)]),
    ],
)
def test_parsed_theorem_commands(text, c):
    trace = trace_theorem(parse(text), Workspace())

    assert trace.result["c"] == c
    assert trace_json(text, trace, "ko")["steps"][0]["text"].startswith("가정 1")


def test_single_point_interval_rejected():
    with pytest.raises(UnsupportedError) as raised:
        _theorem("mvt", x**3, 1, 1)
    assert raised.value.key == "calculus.theorem.single_point"
    message = raised.value.message("en")
    assert "single point {1}" in message
    assert "a < b" in message
    assert "empty" not in message


@pytest.mark.parametrize(("theorem", "expr", "a", "b"), [
    ("mvt", 1 / x, -1, 1),
    ("rolle", tan(x), 0, pi),
    ("mvt", sin(1 / x), -1, 1),
])
def test_undefined_inside_never_claims_differentiable(theorem, expr, a, b):
    trace = _theorem(theorem, expr, a, b)
    step = next(step for step in trace.steps if step.rule == "differentiability")

    assert step.text_key == "calculus.theorem.not_differentiable_where_discontinuous"
    assert "exists at every point" not in trace_text(trace, "en")
    assert trace.result["applies"] is False


def test_accumulating_roots_reported_as_incomplete():
    trace = _theorem("mvt", sin(1 / x), -1, 1)
    note = [step for step in trace.steps if step.rule == "roots_accumulate"]

    assert len(note) == 1
    assert note[0].params["points"] == [0]
    assert note[0].params["count"] == len(trace.result["c_found"])
    assert trace.result["c_accumulate_at"] == [0]
    assert trace.steps[-1].text_key == "calculus.theorem.c_found_anyway_accumulate"
    assert "infinitely many more" in trace_text(trace, "en")


def test_isolated_failure_keeps_complete_root_list():
    # |x² − 1| fails at ±1, but f′ does not oscillate there: the list is complete.
    trace = _theorem("rolle", Abs(x**2 - 1), -2, 2)
    assert not any(step.rule == "roots_accumulate" for step in trace.steps)
    assert "c_accumulate_at" not in trace.result
