"""Right answers in other forms are never marked wrong; near misses never pass.

Each row is a function to differentiate and a learner's answer built as a
SymPy object (the parser is tested elsewhere); the expected derivative
comes from the engine, so these tables test the whole judging path.
"""

from __future__ import annotations

import pytest
import sympy
from sympy import Abs, Rational, asin, atan, cos, cosh, cot, csc, exp, log, pi, sec, sin, sinh, sqrt, tan, tanh

from tutor.checking.api import derivative_task, judge

x, y = sympy.symbols("x y")
E = sympy.E


def _f(value: str) -> sympy.Float:
    return sympy.Float(value)


#: (function, variable, an equal answer in another form)
RIGHT_IN_OTHER_FORMS = [
    (x * sin(x), x, x * cos(x) + sin(x)),
    (sin(x) * cos(x), x, cos(2 * x)),
    (sin(x) * cos(x), x, 1 - 2 * sin(x) ** 2),
    (sin(x) * cos(x), x, 2 * cos(x) ** 2 - 1),
    (sin(x) ** 2, x, sin(2 * x)),
    (sin(x) ** 2, x, 2 * sin(x) * cos(x)),
    (cos(x) ** 2, x, -sin(2 * x)),
    (sin(2 * x) / 2, x, cos(x) ** 2 - sin(x) ** 2),
    (tan(x), x, 1 + tan(x) ** 2),
    (tan(x), x, 1 / cos(x) ** 2),
    (cot(x), x, -1 - cot(x) ** 2),
    (sec(x), x, sin(x) / cos(x) ** 2),
    (csc(x), x, -cos(x) / sin(x) ** 2),
    (sin(x) ** 2 + cos(x) ** 2, x, sympy.Integer(0)),
    (log(sin(x)), x, cot(x)),
    (log(cos(x)), x, -tan(x)),
    (exp(2 * x), x, 2 * exp(x) ** 2),
    ((3 * x**2 + 2) ** 2, x, 36 * x**3 + 24 * x),
    ((3 * x**2 + 2) ** 2, x, 12 * x * (3 * x**2 + 2)),
    ((x + 1) ** 3, x, 3 * x**2 + 6 * x + 3),
    ((2 * x - 1) ** 4, x, 8 * (2 * x - 1) ** 3),
    ((x**2 + 1) ** 5, x, 10 * x * (x**2 + 1) ** 4),
    (x**3 - 3 * x, x, 3 * (x - 1) * (x + 1)),
    (x**3 - 3 * x, x, 3 * (x**2 - 1)),
    (sin(x) / x, x, cos(x) / x - sin(x) / x**2),
    (sin(x) / x, x, (x * cos(x) - sin(x)) / x**2),
    (x / (x + 1), x, 1 / (x + 1) ** 2),
    (x / (x + 1), x, 1 / (x + 1) - x / (x + 1) ** 2),
    ((x**2 + 1) / (x - 1), x, (x**2 - 2 * x - 1) / (x - 1) ** 2),
    ((x**2 + 1) / (x - 1), x, 1 - 2 / (x - 1) ** 2),
    (1 / (x**2 + 1), x, -2 * x / (x**4 + 2 * x**2 + 1)),
    ((x - 1) / (x + 1), x, 2 / (x + 1) ** 2),
    (x**2 / (x + 1), x, x * (x + 2) / (x + 1) ** 2),
    (x**2 / (x + 1), x, 1 - 1 / (x + 1) ** 2),
    (exp(x) / x, x, exp(x) * (x - 1) / x**2),
    (log(x) / x, x, (1 - log(x)) / x**2),
    (sqrt(x), x, 1 / (2 * sqrt(x))),
    (sqrt(x), x, x ** Rational(-1, 2) / 2),
    (sqrt(x), x, sqrt(x) / (2 * x)),
    (sqrt(x**2 + 1), x, x / sqrt(x**2 + 1)),
    (sqrt(x**2 + 1), x, x * sqrt(x**2 + 1) / (x**2 + 1)),
    (1 / sqrt(x), x, -1 / (2 * x ** Rational(3, 2))),
    (x * sqrt(x), x, 3 * sqrt(x) / 2),
    (x ** Rational(1, 3), x, 1 / (3 * x ** Rational(2, 3))),
    (log(3 * x), x, 1 / x),
    (log(x**2), x, 2 / x),
    (log(x**2 + 1), x, 2 * x / (x**2 + 1)),
    (2**x, x, 2**x * log(2)),
    (2**x, x, exp(x * log(2)) * log(2)),
    (x**x, x, x**x * (log(x) + 1)),
    (x**x, x, x**x * log(x) + x**x),
    (exp(x**2), x, 2 * x * exp(x**2)),
    (x * exp(x), x, (x + 1) * exp(x)),
    (x**2 * exp(-x), x, x * (2 - x) * exp(-x)),
    (x**2 * exp(-x), x, (2 * x - x**2) / exp(x)),
    (log(exp(x) + 1), x, 1 / (1 + exp(-x))),
    (x**2 / 2, x, _f("1.0") * x),
    (x**3, x, _f("3.0") * x**2),
    (sqrt(x), x, _f("0.5") * x ** _f("-0.5")),
    (asin(x), x, 1 / sqrt(1 - x**2)),
    (atan(x), x, 1 / (1 + x**2)),
    (sinh(x) ** 2, x, sinh(2 * x)),
    (cosh(x), x, (exp(x) - exp(-x)) / 2),
    (tanh(x), x, 1 / cosh(x) ** 2),
    (atan(1 / x), x, -1 / (1 + x**2)),
    (Abs(x), x, Abs(x) / x),
    (x * Abs(x) / 2, x, sqrt(x**2)),
    (x**2 * y, x, 2 * x * y),
    (x**2 * y + y**3, y, x**2 + 3 * y**2),
    (sin(x * y), x, y * cos(x * y)),
    (log(x) ** 2, x, log(x**2) / x),
]

#: (function, variable, an answer that is close to the derivative but wrong)
NEAR_MISSES = [
    (x**2 / 2, x, sqrt(x**2)),
    (x**2, x, 2 * x + Rational(1, 1000)),
    (x**2, x, _f("2.001") * x),
    (x**3 / 9, x, _f("0.333") * x**2),
    (sin(x) ** 2 / 2, x, cos(2 * x) / 2),
    (x * log(x**2), x, 2 * log(x) + 2),
    (x / (x + 1), x, 1 / (x + 1)),
    (exp(x**2), x, 2 * exp(x**2)),
    (sin(x), x, cos(x) + Rational(1, 1000)),
    (pi * x, x, _f("3.14")),
    (pi * x, x, _f("3.14159")),
    (E * x, x, _f("2.718")),
    (sqrt(x), x, 1 / (_f("2.001") * sqrt(x))),
    (tan(x), x, sec(x)),
    (asin(x), x, 1 / sqrt(1 + x**2)),
    (Abs(x), x, sympy.Integer(1)),
    (x**3, x, 3 * x**2 + Rational(1, 10**6)),
    (sin(x) / x, x, (x * cos(x) - sin(x)) / x**2 + Rational(1, 1000)),
    (x**x, x, x**x * log(x)),
    (x**x, x, x**x * (log(x) + Rational(1001, 1000))),
    (2**x, x, 2**x * _f("0.693")),
    (cos(x), x, -sin(x + Rational(1, 1000))),
    (cos(x), x, -sin(x) * (1 + Rational(1, 10**4))),
    (sqrt(x**2 + 1), x, x / sqrt(x**2 + _f("1.001"))),
    (exp(x), x, exp(x) * (1 + x / 1000)),
    (x**2 * y, x, 2 * x * y + y / 1000),
    ((x - 1) / (x + 1), x, 2 / (x + 1) ** 2 + Rational(1, 1000)),
    (x**10, x, 10 * x**9 + x**8 / 1000),
    (x**5 / 5, x, x**4 + Rational(1, 10**9)),
    (sin(x) * cos(x), x, cos(2 * x) / 2),
    (log(x), x, 1 / (x + Rational(1, 1000))),
    (exp(2 * x), x, 2 * exp(2 * x) + x / 10**4),
    (x * exp(x), x, x * exp(x) + exp(x) * Rational(999, 1000)),
    ((3 * x**2 + 2) ** 2, x, 36 * x**3 + 23 * x),
    ((x + 1) ** 3, x, 3 * x**2 + 6 * x + 2),
    (x**3 - 3 * x, x, 3 * (x - 1) ** 2),
    (1 / (x**2 + 1), x, -2 * x / (x**4 + 2 * x**2)),
    (sinh(x), x, cosh(x) + Rational(1, 10**5)),
    (cosh(x), x, -sinh(x)),
    (atan(x), x, 1 / (1 + x**2) + x / 10**5),
    (log(x**2 + 1), x, 2 * x / (x**2 + _f("1.0001"))),
    (x ** Rational(1, 3), x, 1 / (3 * x ** Rational(1, 3))),
    (sin(x * y), x, x * cos(x * y)),
    (tanh(x), x, 1 - tanh(x)),
]


def test_tables_are_large_enough():
    assert len(RIGHT_IN_OTHER_FORMS) >= 60
    assert len(NEAR_MISSES) >= 40


@pytest.mark.parametrize(("function", "var", "answer"), RIGHT_IN_OTHER_FORMS)
def test_right_answer_in_other_form_is_correct(function, var, answer):
    verdict = judge(derivative_task(function, (var,)), answer)
    assert verdict.outcome in ("correct", "correct_other_form"), verdict.feedback("en")


@pytest.mark.parametrize(("function", "var", "answer"), NEAR_MISSES)
def test_near_miss_is_incorrect(function, var, answer):
    verdict = judge(derivative_task(function, (var,)), answer)
    assert verdict.outcome == "incorrect", verdict.feedback("en")


def test_decimal_answer_is_other_form():
    verdict = judge(derivative_task(x**2 / 2, (x,)), _f("1.0") * x)
    assert verdict.outcome == "correct_other_form"
    assert verdict.form == "decimal"


def test_domain_problem_is_reported():
    verdict = judge(derivative_task(x * log(x**2), (x,)), 2 * log(x) + 2)
    assert verdict.outcome == "incorrect"
    assert verdict.domain


@pytest.mark.parametrize(("function", "answer"), [
    (x**3, x**3),
    (x * exp(x), exp(x) * x),
    (sinh(x), sinh(x)),
    (x**2, sympy.Derivative(x**2, x)),
])
def test_undifferentiated_answer_is_invalid(function, answer):
    verdict = judge(derivative_task(function, (x,)), answer)
    assert verdict.outcome == "invalid"
    assert not verdict.penalised


def test_function_equal_to_its_derivative_is_correct():
    verdict = judge(derivative_task(exp(x), (x,)), exp(x))
    assert verdict.outcome == "correct"


def test_function_as_answer_with_named_mistake_is_incorrect():
    # e^(2x) for d/dx e^(2x) is the chain rule without the inner derivative.
    verdict = judge(derivative_task(exp(2 * x), (x,)), exp(2 * x))
    assert verdict.outcome == "incorrect"
    assert verdict.misconception == "chain_missing_inner"
