"""Classifying differential equations: order, degree, linearity, ODE or PDE."""

from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, Eq, Function, Rational, Symbol, exp, sin, sqrt

from tutor.engine.classify import trace_classify
from tutor.engine.dispatch import Workspace
from tutor.errors import UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json

x, y_var = Symbol("x"), Symbol("y")
y = Function("y")(x)
z = Function("z")(x, y_var)
dy, d2y = Derivative(y, x), Derivative(y, (x, 2))


def _classify(equation):
    return trace_classify(commands.Classify(equation=equation), Workspace())


def _summary(trace):
    result = trace.result
    return result["order"], result["degree"], result["linear"], result["type"]


@pytest.mark.parametrize(
    ("equation", "expected"),
    [
        (Eq(x**3 * dy + 2 * y, 0), (1, 1, True, "ODE")),
        (Eq(d2y**2 + 2 * x**2 * dy, 0), (2, 2, False, "ODE")),
        (Eq(x * dy, 0), (1, 1, True, "ODE")),
        (Eq(y * dy, 0), (1, 1, False, "ODE")),
        (Eq(d2y + sin(y), 0), (2, 1, False, "ODE")),
        (Eq(d2y + x * dy + exp(x) * y, sin(x)), (2, 1, True, "ODE")),
        (Eq(dy * d2y + y, x), (2, 1, False, "ODE")),
    ],
)
def test_polynomial_equations(equation, expected):
    assert _summary(_classify(equation)) == expected


@pytest.mark.parametrize(
    ("equation", "expected"),
    [
        # (1 + y'²)^(3/2) = y''  →  (1 + y'²)³ = y''², degree 2.
        (Eq((1 + dy**2) ** Rational(3, 2), d2y), (2, 2, False, "ODE")),
        # y'' = √(1 + y')  →  y''² = 1 + y', degree 2.
        (Eq(d2y, sqrt(1 + dy)), (2, 2, False, "ODE")),
        # y' + 1/y' = x  →  y'² + 1 = x·y', degree 2.
        (Eq(dy + 1 / dy, x), (1, 2, False, "ODE")),
        (Eq(sin(dy) + y, x), (1, None, False, "ODE")),
        (Eq(exp(d2y) + dy, 0), (2, None, False, "ODE")),
    ],
)
def test_non_polynomial_degree(equation, expected):
    assert _summary(_classify(equation)) == expected


def test_clearing_is_shown_as_step():
    trace = _classify(Eq((1 + dy**2) ** Rational(3, 2), d2y))
    degree = next(step for step in trace.steps if step.rule == "classify_degree")

    assert [sub.text_key for sub in degree.substeps] == ["calculus.classify.clear_radicals"]


@pytest.mark.parametrize(
    ("equation", "expected"),
    [
        (Eq(Derivative(z, x) + Derivative(z, y_var), 0), (1, 1, True, "PDE")),
        (Eq(Derivative(z, (x, 2)) + Derivative(z, (y_var, 2)), 0), (2, 1, True, "PDE")),
        (Eq(Derivative(z, x, y_var), z * Derivative(z, x)), (2, 1, False, "PDE")),
        (Eq(Derivative(z, x), 2 * x), (1, 1, True, "PDE")),
    ],
)
def test_pde_examples(equation, expected):
    assert _summary(_classify(equation)) == expected


def test_nonlinear_term_is_named():
    trace = _classify(Eq(y * dy, 0))

    assert trace.result["nonlinear_term"] == y * dy
    assert trace.steps[-1].text_key == "calculus.classify.nonlinear_product"


def test_texts_use_order_and_degree_terms():
    trace = _classify(Eq(d2y**2 + 2 * x**2 * dy, 0))
    korean = [step["text"] for step in trace_json("", trace, "ko")["steps"]]
    english = [step["text"] for step in trace_json("", trace, "en")["steps"]]

    assert "2계" in korean[1]
    assert "차수" in korean[2]
    assert "계수" not in " ".join(korean)
    assert "order is 2" in english[1]
    assert "degree is 2" in english[2]


def test_equation_without_derivative_rejected():
    with pytest.raises(UnsupportedError):
        _classify(Eq(y, x**2))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("classify x^3 dy/dx + 2y = 0", (1, 1, True, "ODE")),
        ("classify (d^2y/dx^2)^2 + 2x^2 dy/dx = 0", (2, 2, False, "ODE")),
        ("분류 y'' + y = 0", (2, 1, True, "ODE")),
        ("y dy/dx = 0 분류", (1, 1, False, "ODE")),
        ("classify ∂^2z/∂x^2 + ∂^2z/∂y^2 = 0", (2, 1, True, "PDE")),
        ("classify sin(y') + y = x", (1, None, False, "ODE")),
    ],
)
def test_parsed_classify_commands(text, expected):
    assert _summary(trace_classify(parse(text), Workspace())) == expected


def test_korean_ode_wording_uses_standard_terms():
    trace = _classify(Eq(d2y + 3 * dy, x))
    texts = [step["text"] for step in trace_json("", trace, "ko")["steps"]]

    assert "상도함수" not in " ".join(texts)
    assert "편도함수 없이 한 변수 x에 대한 도함수만 나옵니다" in texts[0]
    assert "상미분방정식" in texts[0]
    assert "최고계 도함수는 d²y/dx²이므로 2계" in texts[1]
