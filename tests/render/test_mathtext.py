"""The Unicode printer shows math the way a textbook writes it."""

from __future__ import annotations

import pytest
import sympy

from tutor.parsing import parse_expression
from tutor.render.mathtext import to_unicode

x, t = sympy.symbols("x t")


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("3x^2 + 2", "3x² + 2"),
        ("(3x^2 + 2)^2", "(3x² + 2)²"),
        ("-3(4x+3)/(2x^2+3x-1)^4", "-3(4x + 3)/(2x² + 3x - 1)⁴"),
        ("(2x^2 + 3x)/(x^2 + 1)", "(2x² + 3x)/(x² + 1)"),
        ("x/(x+1)", "x/(x + 1)"),
        ("sin x / x", "sin(x)/x"),
        ("2(x+1)", "2(x + 1)"),
        ("x^2 e^-x", "x²e^(-x)"),
        ("e^x", "eˣ"),
        ("sqrt(x^2 + 1)", "√(x² + 1)"),
        ("1/sqrt x", "1/√x"),
        ("|x|", "|x|"),
        ("ln x", "ln(x)"),
        ("arcsin x", "arcsin(x)"),
        ("x^(2/3)", "x^(2/3)"),
        ("pi x", "π·x"),
    ],
)
def test_typed_math_is_shown(typed, shown):
    assert to_unicode(parse_expression(typed)) == shown


def test_derivative_operator_is_shown():
    assert to_unicode(sympy.Derivative(x**2, x)) == "d/dx [x²]"
    assert to_unicode(sympy.Derivative(sympy.sin(t), t)) == "d/dt sin(t)"


def test_plain_values():
    assert to_unicode(3) == "3"
    assert to_unicode(1.5) == "1.5"
    assert to_unicode("text") == "text"


def test_nested_expressions_print_each_part_once(monkeypatch):
    from tutor.render import mathtext

    calls = []
    original = mathtext.UnicodePrinter._print

    def counting(self, expr, **kwargs):
        calls.append(expr)
        return original(self, expr, **kwargs)

    monkeypatch.setattr(mathtext.UnicodePrinter, "_print", counting)
    tower = x
    for _ in range(12):
        tower = sympy.exp(tower)
    product = sympy.Mul(*[x + k for k in range(1, 13)])
    nested = sympy.diff(product, x)

    for expr in (tower, nested):
        calls.clear()
        to_unicode(expr)
        # Printing twice per level would take 2^12 calls.
        assert len(calls) < 2000
