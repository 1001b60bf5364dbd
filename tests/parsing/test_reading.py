"""Typed math as learners write it, each with the SymPy reading expected."""

from __future__ import annotations

import pytest
import sympy
from sympy import (
    Abs, E, Max, Pow, Rational, Symbol, acos, asin, atan, cos, cosh, cot, csc, exp, log, pi,
    sec, sin, sinh, sqrt, tan, tanh,
)

from tutor.parsing import parse, parse_expression
from tutor.parsing.commands import Expression

x, y, t, i = sympy.symbols("x y t i")
theta = Symbol("theta")


def unevaluated_product(*factors):
    return sympy.Mul(*factors, evaluate=False)


READINGS = [
    # Implicit products and powers.
    ("2x", 2 * x),
    ("3x^2y", 3 * x**2 * y),
    ("2(x+1)", unevaluated_product(2, x + 1)),
    ("(x+1)(x-1)", (x + 1) * (x - 1)),
    ("x**2", x**2),
    ("x²", x**2),
    ("x³ + x⁻¹", x**3 + 1 / x),
    ("x^-1", 1 / x),
    ("xy", x * y),
    ("2 x y", 2 * x * y),
    ("x(x+1)", x * (x + 1)),
    ("2^3^2", sympy.Integer(2**9)),
    ("x^(2/3)", Pow(x, Rational(2, 3))),
    ("0.5x", x / 2),
    (".25", Rational(1, 4)),
    ("1.50", Rational(3, 2)),
    ("(x+1)/2", unevaluated_product(Rational(1, 2), x + 1)),
    ("-(x+1)", unevaluated_product(-1, x + 1)),
    ("x - y - t", x - y - t),
    ("a/b/c", Symbol("a") / (Symbol("b") * Symbol("c"))),
    # Unicode operators and letters.
    ("2−x", 2 - x),
    ("x·y", x * y),
    ("x×y", x * y),
    ("x÷y", x / y),
    ("𝑥^2", x**2),
    ("ｘ＾２", x**2),
    ("x²·e⁻ˣ", x**2 * exp(-x)),
    ("θ + 1", Symbol("θ") + 1),
    ("theta^2", theta**2),
    # Functions with and without brackets.
    ("sin x", sin(x)),
    ("sin(x)", sin(x)),
    ("sinx", sin(x)),
    ("sin^2 x", sin(x) ** 2),
    ("sin²x", sin(x) ** 2),
    ("sin(x)^2", sin(x) ** 2),
    ("sin x^2", sin(x**2)),
    ("sin 2x", sin(2 * x)),
    ("2sin x cos x", 2 * sin(x) * cos(x)),
    ("sin x cos x", sin(x) * cos(x)),
    ("sin x e^x", sin(x) * exp(x)),
    ("ln x e^x", log(x) * exp(x)),
    ("sin e^x", sin(exp(x))),
    ("x^e^x", x**exp(x)),
    ("x sin x", x * sin(x)),
    ("sin (x+1) y", sin(x + 1) * y),
    ("sin -x", sin(-x)),
    ("cost", cos(t)),
    ("e^x", exp(x)),
    ("e^x sin x", exp(x) * sin(x)),
    ("e^(2x)", exp(2 * x)),
    ("e^-x", exp(-x)),
    ("exp(x)", exp(x)),
    ("ln x", log(x)),
    ("ln x / x", log(x) / x),
    ("log x", log(x)),
    ("log_2 x", log(x, 2)),
    ("log₂ x", log(x, 2)),
    ("log_10(x+1)", log(x + 1, 10)),
    ("sqrt x", sqrt(x)),
    ("sqrt(x+1)", sqrt(x + 1)),
    ("√x", sqrt(x)),
    ("√(x+1)", sqrt(x + 1)),
    ("|x|", Abs(x)),
    ("|x - 1| + |x|", Abs(x - 1) + Abs(x)),
    ("|x||y|", Abs(x) * Abs(y)),
    ("pi x", pi * x),
    ("π", pi),
    ("arcsin x", asin(x)),
    ("asin x", asin(x)),
    ("sin^-1 x", asin(x)),
    ("sin⁻¹x", asin(x)),
    ("arccos x + acos x", 2 * acos(x)),
    ("arctan(x) + tan^-1 x", 2 * atan(x)),
    ("sec x + csc x + cot x", sec(x) + csc(x) + cot(x)),
    ("sinh x + cosh x + tanh x", sinh(x) + cosh(x) + tanh(x)),
    ("tan(x)/x", tan(x) / x),
    ("max(x, y)", Max(x, y)),
    # Constants: e is Euler's number; i is an ordinary symbol.
    ("e", E),
    ("i^2", i**2),
    ("2e", 2 * E),
    ("x^1000", x**1000),
]


@pytest.mark.parametrize(("text", "expected"), READINGS, ids=[r[0] for r in READINGS])
def test_expression_reading(text, expected):
    command = parse(text)
    assert isinstance(command, Expression)
    assert sympy.srepr(command.expr) == sympy.srepr(expected)


def test_reading_table_size():
    assert len(READINGS) >= 60


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("log x", "parsing.note_log_natural"),
        ("e^2x", "parsing.note_exp_implicit"),
        ("sin^-1 x", "parsing.note_inverse_function"),
    ],
)
def test_reading_notes(text, note):
    assert note in [n.key for n in parse(text).notes]


def test_e_2x_reads_exponent_2x():
    assert parse_expression("e^2x") == exp(2 * x)
    assert parse_expression("e^-3t") == exp(-3 * t)


def test_e_2_space_x_is_product():
    command = parse("e^2 x")
    assert command.expr == exp(2) * x
    assert command.notes == ()


def test_e_2x_squared_not_regrouped():
    assert parse_expression("e^2x^2") == exp(2) * x**2


def test_ln_has_no_note():
    assert parse("ln x").notes == ()


def test_parse_expression_plain_number():
    assert parse_expression("-3") == -3
    assert parse_expression("1/2") == Rational(1, 2)
    assert parse_expression("0.125") == Rational(1, 8)


def test_decimal_is_exact_rational():
    value = parse_expression("0.1")
    assert isinstance(value, sympy.Rational)
    assert value == Rational(1, 10)


def test_source_is_normalised_text():
    assert parse("x²·y").source == "x^2*y"
