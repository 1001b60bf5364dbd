"""Tidying steps: raw derivative to textbook form, one valid step at a time."""

from __future__ import annotations

import sympy
from sympy import Symbol, exp

from tutor.engine.derivative import derivative_steps
from tutor.engine.tidy import tidy_steps

x = Symbol("x")


def _tidy_rules(expr):
    steps, final = derivative_steps(expr, x)
    return [step.rule for step in steps[1:]], final


def test_chain_square_expanded():
    rules, final = _tidy_rules((3 * x**2 + 2) ** 2)
    assert rules == ["expand"]
    assert final == 36 * x**3 + 24 * x


def test_quotient_numerator_expanded_denominator_kept():
    rules, final = _tidy_rules((2 * x**2 + 3 * x) / (x**2 + 1))
    assert rules == ["expand"]
    numerator, denominator = sympy.fraction(final)
    assert denominator == (x**2 + 1) ** 2
    assert numerator == -3 * x**2 + 4 * x + 3


def test_factored_result_left_alone():
    rules, final = _tidy_rules(1 / (2 * x**2 + 3 * x - 1) ** 3)
    assert rules == []
    assert sympy.sstr(final) == "-3*(4*x + 3)/(2*x**2 + 3*x - 1)**4"


def test_high_power_not_expanded():
    rules, final = _tidy_rules((2 * x + 5) ** 7)
    assert rules == []
    assert final == 14 * (2 * x + 5) ** 6


def test_common_factor_cancelled():
    steps, final = tidy_steps((x**2 - 1) / (x - 1) ** 2, x)
    assert [step.rule for step in steps] == ["combine"]
    assert sympy.cancel(final - (x + 1) / (x - 1)) == 0


def test_exponential_common_factor():
    rules, final = _tidy_rules(x**2 * exp(-x))
    assert rules == ["factor"]
    assert final == x * (2 - x) * exp(-x)


def test_steps_chain_and_are_valid():
    steps, final = derivative_steps((x + 1) / (x - 1), x)
    for previous, step in zip(steps, steps[1:]):
        assert step.before == previous.after
        assert sympy.cancel(step.before - step.after) == 0
    assert final == -2 / (x - 1) ** 2


def test_large_result_not_tidied():
    big = sympy.Add(*(sympy.sin(k * x) * x**2 for k in range(1, 200)))
    steps, final = tidy_steps(sympy.diff(big, x), x)
    assert steps == ()


def test_no_tidy_step_prints_the_same_on_both_sides():
    from tutor.chat import answer

    trace = answer("rolle |x| on [-1, 1]")
    for step in trace.walk():
        if step.before is not None and step.rule in ("factor", "expand", "combine", "rewrite"):
            assert str(step.before) != str(step.after), step.rule
