"""Every command form of the chat, in English and in Korean word order."""

from __future__ import annotations

import pytest
import sympy
from sympy import Derivative, Eq, Function, Rational, cos, sin

from tutor.parsing import parse, parse_equation
from tutor.parsing import commands as c

x, y, z, t, q, f, w, b = sympy.symbols("x y z t q f w b")


# ---------------------------------------------------------------- derivatives

DERIVATIVES = [
    ("d/dx x^3", x**3, x, 1),
    ("d/dt t^3", t**3, t, 1),
    ("d / dx sin x", sin(x), x, 1),
    ("d^2/dx^2 sin x", sin(x), x, 2),
    ("diff x^2 y", x**2 * y, None, 1),
    ("diff x^2 y wrt y", x**2 * y, y, 1),
    ("derivative of x^3", x**3, None, 1),
    ("differentiate x^3", x**3, None, 1),
    ("differentiate x^2 t with respect to t", x**2 * t, t, 1),
    ("미분 x^3", x**3, None, 1),
    ("x^3 미분", x**3, None, 1),
    ("x^3을 미분해 줘", x**3, None, 1),
    ("x^3를 미분해줘", x**3, None, 1),
    ("sin x를 미분해 주세요", sin(x), None, 1),
    ("x^3을 미분하시오", x**3, None, 1),
    ("x^3의 도함수", x**3, None, 1),
    ("x^2 t x에 대해 미분", x**2 * t, x, 1),
    ("x^2 t t에 대하여 미분하시오", x**2 * t, t, 1),
    ("미분 x^2 y wrt y", x**2 * y, y, 1),
]


@pytest.mark.parametrize(("text", "expr", "var", "order"), DERIVATIVES, ids=[d[0] for d in DERIVATIVES])
def test_derivative_forms(text, expr, var, order):
    command = parse(text)
    assert command == c.Derivative(expr, var, order, source=command.source, notes=command.notes)


def test_definitions():
    assert parse("y = x^2 + 1") == c.Define("y", (), x**2 + 1, source="y = x^2 + 1")
    two = parse("f(x, y) = x^2 y")
    assert (two.name, two.params, two.expr) == ("f", (x, y), x**2 * y)
    one = parse("g(t) = sin t")
    assert (one.name, one.params, one.expr) == ("g", (t,), sin(t))


@pytest.mark.parametrize(
    ("text", "name", "var", "order", "at"),
    [
        ("dy/dx", "y", x, 1, None),
        ("d^2y/dx^2", "y", x, 2, None),
        ("dz/dt", "z", t, 1, None),
        ("y'", "y", None, 1, None),
        ("y''", "y", None, 2, None),
        ("f'(x)", "f", x, 1, None),
        ("f''(2)", "f", None, 2, sympy.Integer(2)),
        ("f'(1/2)", "f", None, 1, Rational(1, 2)),
    ],
)
def test_named_derivatives(text, name, var, order, at):
    command = parse(text)
    assert isinstance(command, c.NamedDerivative)
    assert (command.name, command.var, command.order, command.at) == (name, var, order, at)


# ---------------------------------------------------------------- partials

@pytest.mark.parametrize(
    ("text", "expr", "derivatives", "point"),
    [
        ("partial x^2 y wrt x", x**2 * y, ((x,),), None),
        ("partial x^2 y wrt x, y", x**2 * y, ((x,), (y,)), None),
        ("partial x^2 y wrt x at (2, 3)", x**2 * y, ((x,),), c.Point((2, 3))),
        ("partial x^2 y wrt x, y at x = 2, y = 3", x**2 * y, ((x,), (y,)), c.Point((2, 3), (x, y))),
        ("∂/∂x x^2 y", x**2 * y, ((x,),), None),
        ("∂^2/∂x^2 x^2 y", x**2 * y, ((x, x),), None),
        ("∂^2/∂x∂y x^2 y^3", x**2 * y**3, ((y, x),), None),
        ("∂/∂y x y at (1, 2)", x * y, ((y,),), c.Point((1, 2))),
        ("편미분 x^2 y x", x**2 * y, ((x,),), None),
        ("편미분 x^2 y y at (2, 3)", x**2 * y, ((y,),), c.Point((2, 3))),
        ("x^2 + y^2 x에 대해 편미분", x**2 + y**2, ((x,),), None),
        ("x^2 y를 y에 대해 편미분해 줘", x**2 * y, ((y,),), None),
    ],
)
def test_partial_forms(text, expr, derivatives, point):
    command = parse(text)
    assert isinstance(command, c.Partial)
    assert (command.expr, command.derivatives, command.point) == (expr, derivatives, point)


@pytest.mark.parametrize(
    ("text", "name", "variables", "point"),
    [
        ("∂z/∂x", "z", (x,), None),
        ("∂^2z/∂x∂y", "z", (y, x), None),
        ("∂^2z/∂x^2", "z", (x, x), None),
        ("f_x(2, 3)", "f", (x,), c.Point((2, 3))),
        ("f_xy", "f", (x, y), None),
    ],
)
def test_named_partials(text, name, variables, point):
    command = parse(text)
    assert isinstance(command, c.NamedPartial)
    assert (command.name, command.variables, command.point) == (name, variables, point)


# ---------------------------------------------------------------- chain, theorems, motion

CHAIN_DEFINITIONS = ((z, x**2 * y), (x, cos(t)), (y, sin(t)))


@pytest.mark.parametrize(
    ("text", "param"),
    [
        ("chain z = x^2 y; x = cos t; y = sin t", None),
        ("dz/dt z = x^2 y, x = cos t, y = sin t", t),
        ("연쇄 z = x^2 y; x = cos t; y = sin t", None),
    ],
)
def test_chain_forms(text, param):
    command = parse(text)
    assert isinstance(command, c.Chain)
    assert (command.target, command.definitions, command.param) == (z, CHAIN_DEFINITIONS, param)


@pytest.mark.parametrize(
    ("text", "theorem", "expr", "a", "b"),
    [
        ("mvt x^2 on [0, 2]", "mvt", x**2, 0, 2),
        ("mvt x^3 [-1, 1]", "mvt", x**3, -1, 1),
        ("평균값 x^2 [0, 2]", "mvt", x**2, 0, 2),
        ("x^2 평균값 정리 [0, 2]", "mvt", x**2, 0, 2),
        ("rolle x^2 - 4x on [0, 4]", "rolle", x**2 - 4 * x, 0, 4),
        ("롤 x^2 - 4x [0, 4]", "rolle", x**2 - 4 * x, 0, 4),
        ("롤의 정리 sin x [0, pi]", "rolle", sin(x), 0, sympy.pi),
    ],
)
def test_theorem_forms(text, theorem, expr, a, b):
    command = parse(text)
    assert isinstance(command, c.Theorem)
    assert (command.theorem, command.expr, command.a, command.b) == (theorem, expr, a, b)


@pytest.mark.parametrize(
    ("text", "name", "times", "interval"),
    [
        ("motion x = 2t^3 - 6t", "x", (), None),
        ("motion x = 2t^3 - 6t at t = 1, 2", "x", (1, 2), None),
        ("motion x = 2t^3 - 6t at t = 1 on [0, 3]", "x", (1,), (0, 3)),
        ("motion x(t) = 2t^3 - 6t", "x", (), None),
        ("motion s(t) = 2t^3 - 6t on [0, 3]", "s", (), (0, 3)),
        ("운동 x = 2t^3 - 6t at t = 3", "x", (3,), None),
        ("2t^3 - 6t 운동 at t = 3", "x", (3,), None),
    ],
)
def test_motion_forms(text, name, times, interval):
    command = parse(text)
    assert isinstance(command, c.Motion)
    assert command.expr == 2 * t**3 - 6 * t
    assert (command.name, command.var, command.times, command.interval) == (name, t, times, interval)


# ---------------------------------------------------------------- classify

yx = Function("y")(x)
zxy = Function("z")(x, y)


@pytest.mark.parametrize(
    ("text", "equation"),
    [
        ("classify y'' + 3y' + 2y = 0", Eq(Derivative(yx, x, 2) + 3 * Derivative(yx, x) + 2 * yx, 0)),
        ("classify d^2y/dx^2 + y = sin x", Eq(Derivative(yx, x, 2) + yx, sin(x))),
        ("classify (y')^2 + y = x", Eq(Derivative(yx, x) ** 2 + yx, x)),
        ("classify dy/dx = x y", Eq(Derivative(yx, x), x * yx)),
        ("classify y' + y", Eq(Derivative(yx, x) + yx, 0)),
        ("분류 y' = x y", Eq(Derivative(yx, x), x * yx)),
        ("y'' + y = 0 분류", Eq(Derivative(yx, x, 2) + yx, 0)),
        ("classify ∂z/∂x + ∂z/∂y = z", Eq(Derivative(zxy, x) + Derivative(zxy, y), zxy)),
        ("classify ∂^2z/∂x^2 = ∂z/∂y", Eq(Derivative(zxy, x, 2), Derivative(zxy, y))),
    ],
)
def test_classify_forms(text, equation):
    command = parse(text)
    assert isinstance(command, c.Classify)
    assert command.equation == equation


def test_classify_time_variable():
    u = Function("y")(t)
    assert parse("classify dy/dt = t y").equation == Eq(Derivative(u, t), t * u)


def test_parse_equation():
    assert parse_equation("y' = y") == Eq(Derivative(yx, x), yx)


# ---------------------------------------------------------------- backprop

POINT = c.Point((-2, 5, 4), (x, y, z))


@pytest.mark.parametrize(
    "text",
    [
        "backprop (x + y) * z at x = -2, y = 5, z = 4",
        "역전파 (x + y) * z at x = -2, y = 5, z = 4",
        "(x+y)*z 역전파 at x = -2, y = 5, z = 4",
    ],
)
def test_backprop_expression_forms(text):
    command = parse(text)
    assert isinstance(command, c.Backprop)
    assert command.assignments == ()
    shaped = sympy.Mul(sympy.Add(x, y, evaluate=False), z, evaluate=False)
    assert sympy.srepr(command.output) == sympy.srepr(shaped)
    assert command.point == POINT
    assert command.upstream == 1


def test_backprop_upstream():
    command = parse("backprop (x + y) * z at x = -2, y = 5, z = 4 upstream 1.5")
    assert command.upstream == Rational(3, 2)


def test_backprop_named_nodes():
    command = parse("backprop q = x + y; f = q * z at x = -2, y = 5, z = 4")
    assert command.assignments == ((q, x + y), (f, q * z))
    assert command.output == f
    assert command.point == POINT


def test_backprop_keeps_shape():
    square = parse("backprop x * x at x = 3").output
    assert isinstance(square, sympy.Mul) and square.args == (x, x)
    double = parse("backprop x + x at x = 3").output
    assert isinstance(double, sympy.Add) and double.args == (x, x)


def test_backprop_functions():
    command = parse("backprop sigmoid(w*x + b) + relu(x) + max(x, w) at w = 2, x = 1, b = -1")
    names = {type(node).__name__ for node in sympy.preorder_traversal(command.output)}
    assert {"sigmoid", "relu", "Max"} <= names
    assert command.point == c.Point((2, 1, -1), (w, x, b))


# ---------------------------------------------------------------- training and intervals

@pytest.mark.parametrize(
    ("text", "model", "gate", "rate", "epochs"),
    [
        ("train perceptron and", "perceptron", "and", None, None),
        ("train sigmoid or rate 0.5 epochs 20", "sigmoid", "or", Rational(1, 2), 20),
        ("train perceptron NAND epochs 5", "perceptron", "nand", None, 5),
        ("학습 퍼셉트론 and", "perceptron", "and", None, None),
        ("학습 시그모이드 nor rate 0.1", "sigmoid", "nor", Rational(1, 10), None),
    ],
)
def test_train_forms(text, model, gate, rate, epochs):
    command = parse(text)
    assert (command.model, command.gate, command.rate, command.epochs) == (model, gate, rate, epochs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("interval (0, 5]", (0, 5, False, True, None)),
        ("interval [0, 5) contains 5", (0, 5, True, False, 5)),
        ("interval [-1, 1]", (-1, 1, True, True, None)),
        ("구간 (0, 5]", (0, 5, False, True, None)),
        ("5 in (0, 5]", (0, 5, False, True, 5)),
    ],
)
def test_interval_forms(text, expected):
    command = parse(text)
    assert isinstance(command, c.Interval)
    assert (command.a, command.b, command.left_closed, command.right_closed, command.query) == expected


# ---------------------------------------------------------------- session words

@pytest.mark.parametrize(
    ("text", "action", "argument"),
    [
        ("hint", "hint", None), ("힌트", "hint", None),
        ("steps", "steps", None), ("풀이", "steps", None),
        ("next", "next", None), ("다음", "next", None),
        ("skip", "skip", None), ("건너뛰기", "skip", None),
        ("lessons", "lessons", None), ("수업", "lessons", None),
        ("lesson chain-rule", "lesson", "chain-rule"), ("수업 chain-rule", "lesson", "chain-rule"),
        ("quiz", "quiz", None), ("quiz product", "quiz", "product"), ("퀴즈", "quiz", None),
        ("progress", "progress", None), ("진도", "progress", None),
        ("lang ko", "lang", "ko"), ("lang EN", "lang", "en"), ("언어 한국어", "lang", "ko"),
        ("help", "help", None), ("도움말", "help", None),
        ("quit", "quit", None), ("종료", "quit", None), ("HINT", "hint", None),
    ],
)
def test_session_words(text, action, argument):
    command = parse(text)
    assert command == c.SessionCommand(action, argument, source=command.source)
    assert command.action in c.SESSION_ACTIONS
