"""evaluate_real: real values as calculus textbooks mean them."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, Symbol

from tutor.engine.realnum import evaluate_real, with_real_roots

x = Symbol("x")
y = Symbol("y")


@pytest.mark.parametrize(
    ("expr", "point", "expected"),
    [
        (x ** Rational(1, 3), -8, -2),
        (x ** Rational(2, 3), -8, 4),
        (x ** Rational(-2, 3) / 3, -8, Rational(1, 12)),
        (x**2 + 1, 3, 10),
        (sympy.sin(x), 0, 0),
    ],
)
def test_real_values(expr, point, expected):
    value = evaluate_real(expr, {x: point})
    assert value is not None
    assert abs(value - expected) < 1e-25


@pytest.mark.parametrize(
    ("expr", "point"),
    [
        (sympy.log(x), -1),
        (1 / x, 0),
        (sympy.sqrt(x), -4),
        (sympy.asin(x), 2),
        (x ** Rational(1, 4), -16),
        (sympy.tan(sympy.cosh(3 ** (x**2 + 30))), 1),
    ],
)
def test_undefined_or_not_real_is_none(expr, point):
    assert evaluate_real(expr, {x: point}) is None


def test_missing_value_is_none():
    assert evaluate_real(x * y, {x: 1}) is None


def test_derivative_is_computed():
    assert abs(evaluate_real(sympy.Derivative(x**3, x), {x: 2}) - 12) < 1e-25


def test_precision():
    value = evaluate_real(sympy.pi * x, {x: 1}, prec=40)
    assert abs(value - sympy.pi.evalf(40)) < sympy.Float("1e-38", 40)


def test_with_real_roots_keeps_positive_values():
    rewritten = with_real_roots(x ** Rational(2, 3))
    assert abs(rewritten.subs(x, 8).evalf() - 4) < 1e-12
