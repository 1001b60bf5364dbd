"""Backprop traces: the lecture's graphs, fan-out, domain errors, JSON shape and drawings."""

from __future__ import annotations

import unicodedata

import mpmath
import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

from tests.conftest import load_cases
from tutor.engine.backprop import backprop_gradients, run_backprop, trace_backprop
from tutor.engine.dispatch import trace
from tutor.engine.graph import build_graph
from tutor.engine.graph_drawing import draw_graph
from tutor.engine.steps import BACKPROP_OPS
from tutor.errors import MathDomainError, UnsupportedError
from tutor.i18n import catalog
from tutor.parsing.commands import Backprop, Point
from tutor.render.report import trace_json, trace_text

x, y, z, q, f = sympy.symbols("x y z q f")


def add(*args):
    return sympy.Add(*args, evaluate=False)


def mul(*args):
    return sympy.Mul(*args, evaluate=False)


def command(output, at, upstream=sympy.Integer(1), assignments=()):
    names = tuple(sympy.Symbol(name) for name in at)
    values = tuple(sympy.sympify(value) for value in at.values())
    return Backprop(assignments=assignments, output=output, point=Point(values, names),
                    upstream=upstream)


# The lecture's inputs, built as the parser builds them (evaluate=False).
LECTURE_COMMANDS = {
    "backprop-add-node": command(add(x, y), {"x": 2, "y": 6}, sympy.Float("1.5")),
    "backprop-mul-node": command(mul(x, y), {"x": 2, "y": 6}, sympy.Float("1.5")),
    "backprop-add-then-mul": command(f, {"x": -2, "y": 5, "z": 4},
                                     assignments=((q, add(x, y)), (f, mul(q, z)))),
}

LECTURE_CASES = [case for case in load_cases("lecture-examples.json")
                 if case["topic"] == "backprop"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _same_value(left: str, right: str) -> bool:
    return sympy.simplify(parse_expr(left) - parse_expr(right)) == 0


# ---------------------------------------------------------------- lecture cases


@pytest.mark.parametrize("case", LECTURE_CASES, ids=[c["id"] for c in LECTURE_CASES])
def test_lecture_case(case):
    result = trace_backprop(LECTURE_COMMANDS[case["id"]], None).result
    assert _same_value(result["output"], case["expect"]["output"])
    for name, expected in case["expect"]["gradients"].items():
        assert _same_value(result["gradients"][name], expected), name
        # The learner wrote 1.5, so the result is written as a decimal too.
        assert result["gradients"][name] == expected, name


def test_lecture_cases_through_parser():
    parsing = pytest.importorskip("tutor.parsing")
    if not hasattr(parsing, "parse"):
        pytest.skip("tutor.parsing.parse is not available yet")
    for case in LECTURE_CASES:
        parsed = parsing.parse(case["input"])
        result = trace(parsed).result
        for name, expected in case["expect"]["gradients"].items():
            assert _same_value(result["gradients"][name], expected), (case["id"], name)


def test_lecture_steps_use_rule_ids():
    rules = trace_backprop(LECTURE_COMMANDS["backprop-add-then-mul"], None).rules()
    for rule in ("forward_add", "forward_mul", "backprop_mul", "backprop_add", "backprop_check"):
        assert rule in rules


def test_dispatch_routes_backprop():
    assert trace(LECTURE_COMMANDS["backprop-mul-node"]).kind == "backprop"


# ---------------------------------------------------------------- fan-out


def test_variable_used_twice_sums():
    cmd = command(mul(x, x), {"x": 3})
    assert backprop_gradients(cmd)["x"] == 6
    assert backprop_gradients(cmd, fanout="overwrite")["x"] == 3


def test_shared_subexpression_is_one_node():
    shared = add(x, y)
    cmd = command(mul(shared, shared), {"x": 1, "y": 2})
    graph = build_graph(cmd)
    assert [node.op for node in graph.nodes.values()].count("add") == 1
    assert backprop_gradients(cmd) == {"x": 6, "y": 6}


def test_named_node_used_twice():
    cmd = command(f, {"x": 1, "y": 2}, assignments=((q, add(x, y)), (f, mul(q, add(q, x)))))
    gradients = backprop_gradients(cmd)
    # f = q (q + x): df/dq = 2q + x = 7, df/dx = 7 + q = 10.
    assert gradients["q"] == 7
    assert gradients["x"] == 10
    assert gradients["y"] == 7


def test_fanout_step_adds_paths():
    steps = [s for s in trace_backprop(command(mul(x, x), {"x": 3}), None).walk()
             if s.rule == "backprop_fanout"]
    assert len(steps) == 1
    assert steps[0].params["count"] == 2
    assert steps[0].after == 6


# ---------------------------------------------------------------- values and steps


def _steps_valid(trace_result) -> list:
    bad = []
    for step in trace_result.walk():
        if step.before is None:
            continue
        before = step.before.doit() if isinstance(step.before, sympy.Basic) else step.before
        difference = sympy.N(before - step.after, 40)
        if abs(difference) > 1e-30:
            bad.append(step)
    return bad


@pytest.mark.parametrize("output", [
    sympy.sin(mul(x, y)),
    sympy.Function("sigmoid")(add(x, mul(-1, y))),
    sympy.tanh(sympy.Max(x, y, evaluate=False)),
    sympy.Pow(sympy.exp(x), y, evaluate=False),
    mul(sympy.log(x), sympy.Pow(y, -1, evaluate=False)),
])
def test_every_step_is_an_equality(output):
    result = trace_backprop(command(output, {"x": 2, "y": sympy.Rational(1, 2)}), None)
    assert _steps_valid(result) == []
    assert result.extra["chain_rule_agrees"] is True


def test_transcendental_value_exact_and_decimal():
    result = trace_backprop(command(sympy.sin(x), {"x": 1}), None)
    assert result.result["output"] == "sin(1)"
    assert result.result["gradients"]["x"] == "cos(1)"
    assert "≈ 0.841471" in trace_text(result, "en")


def test_relu_at_zero_has_zero_gradient():
    relu = sympy.Function("relu")
    assert backprop_gradients(command(relu(mul(x, y)), {"x": 0, "y": 5}))["y"] == 0
    assert backprop_gradients(command(relu(mul(x, y)), {"x": 1, "y": 5}))["y"] == 1


def test_max_tie_goes_to_first_argument():
    maximum = sympy.Function("max")
    gradients = backprop_gradients(command(maximum(x, y), {"x": 2, "y": 2}))
    assert (gradients["x"], gradients["y"]) == (1, 0)


def test_subtraction_and_division_nodes():
    cmd = command(mul(add(x, mul(-1, y)), sympy.Pow(z, -1, evaluate=False)),
                  {"x": 5, "y": 1, "z": 2})
    ops = [node.op for node in build_graph(cmd).nodes.values()]
    assert "sub" in ops
    assert "div" in ops
    assert backprop_gradients(cmd) == {"x": sympy.Rational(1, 2), "y": -sympy.Rational(1, 2),
                                       "z": -1}


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(("output", "point", "key"), [
    (sympy.log(x), {"x": -1}, "backprop.log_domain"),
    (sympy.log(x), {"x": 0}, "backprop.log_domain"),
    (mul(x, sympy.Pow(y, -1, evaluate=False)), {"x": 1, "y": 0}, "backprop.division_by_zero"),
    (sympy.Pow(x, sympy.Rational(1, 2), evaluate=False), {"x": -4},
     "backprop.negative_fractional_power"),
    (sympy.Pow(x, sympy.Rational(1, 2), evaluate=False), {"x": 0},
     "backprop.pow_gradient_undefined"),
    (sympy.Pow(x, y, evaluate=False), {"x": -2, "y": 2}, "backprop.pow_exponent_gradient"),
])
def test_undefined_point_gives_clear_message(output, point, key):
    with pytest.raises(MathDomainError) as caught:
        trace_backprop(command(output, point), None)
    assert caught.value.key == key
    for lang in ("en", "ko"):
        message = caught.value.message(lang)
        assert "nan" not in message.lower()
        assert "zoo" not in message
        assert "{" not in message


def test_unsupported_operation():
    with pytest.raises(UnsupportedError) as caught:
        trace_backprop(command(sympy.tan(x), {"x": 1}), None)
    assert caught.value.key == "backprop.unsupported_op"


def test_constant_expression_rejected():
    with pytest.raises(UnsupportedError) as caught:
        trace_backprop(command(mul(sympy.Integer(3), sympy.Integer(2)), {}), None)
    assert caught.value.key == "backprop.no_variable"


def test_missing_value():
    with pytest.raises(UnsupportedError) as caught:
        trace_backprop(command(mul(x, y), {"x": 1}), None)
    assert caught.value.key == "backprop.missing_value"


# ---------------------------------------------------------------- JSON and text


def test_json_shape():
    result = trace_backprop(LECTURE_COMMANDS["backprop-add-then-mul"], None)
    data = trace_json("backprop q = x + y; f = q * z at x = -2, y = 5, z = 4", result, "en")
    assert data["kind"] == "backprop"
    assert set(data["result"]) == {"output", "gradients", "nodes"}
    assert set(data["result"]["gradients"]) >= {"x", "y", "z", "q"}
    for node in data["result"]["nodes"]:
        assert set(node) == {"id", "op", "inputs", "value", "grad"}
        parse_expr(node["value"])
    assert {n["id"]: n["op"] for n in data["result"]["nodes"]}["q"] == "add"
    for step in data["steps"]:
        assert step["text"] and "{" not in step["text"]


def test_catalog_has_every_backprop_rule():
    for lang in ("en", "ko"):
        messages = catalog(lang)
        for op in BACKPROP_OPS:
            for rule in (f"forward_{op}", f"backprop_{op}"):
                assert f"rules.{rule}" in messages, (lang, rule)
                assert f"rule_names.{rule}" in messages, (lang, rule)


# ---------------------------------------------------------------- drawing


def _chain_of_nodes(count: int) -> sympy.Expr:
    """A graph with ``count`` operation nodes, long decimal values and fan-out."""
    expr = add(x, y)
    makers = [sympy.sin, lambda e: mul(e, z), sympy.Function("sigmoid"), sympy.exp,
              lambda e: add(e, mul(x, y)), sympy.tanh, sympy.cos]
    index = 0
    graph_ops = 1
    while graph_ops < count:
        candidate = makers[index % len(makers)](expr)
        index += 1
        trial = build_graph(command(candidate, {"x": 1, "y": 2, "z": 3})).operation_count
        if trial > count:
            continue
        expr, graph_ops = candidate, trial
    return expr


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("count", [1, 6, 12])
def test_drawing_fits_80_columns(lang, count):
    expr = _chain_of_nodes(count)
    result = trace_backprop(command(expr, {"x": sympy.Rational(-7, 3), "y": 2, "z": 3}), None)
    drawing = result.extra["blocks"][0]
    assert build_graph(command(expr, {"x": 1, "y": 2, "z": 3})).operation_count == count
    assert max(_width(line) for line in drawing.splitlines()) <= 80
    text = trace_text(result, lang)
    assert drawing in text


def test_drawing_shows_values_and_gradients():
    drawing = trace_backprop(LECTURE_COMMANDS["backprop-add-then-mul"], None).extra["blocks"][0]
    lines = drawing.splitlines()
    x_line = next(i for i, line in enumerate(lines) if line.strip().startswith("x ───"))
    assert "-2" in lines[x_line]
    assert "▶" in lines[x_line]
    assert "4" in lines[x_line + 1]
    assert "◀" in lines[x_line + 1]
    assert "(×)" in drawing
    assert "(+)" in drawing


def test_drawing_before_backward_pass_says_so():
    result = run_backprop(LECTURE_COMMANDS["backprop-add-then-mul"])
    for lang, phrase in (("en", "not run yet"), ("ko", "역전파를 하지 않았습니다")):
        drawing = draw_graph(result.graph, result.values, None, lang=lang)
        assert phrase in drawing.splitlines()[0]
        assert "◀──  ?" in drawing
        assert "◀──  0 " not in drawing


def test_drawing_wraps_long_fanout_sum():
    product = x
    for _ in range(12):
        product = mul(product, x)
    result = trace_backprop(command(product, {"x": sympy.Rational(-13, 7)}), None)
    drawing = result.extra["blocks"][0]
    assert build_graph(command(product, {"x": 1})).operation_count == 12
    assert max(_width(line) for line in drawing.splitlines()) <= 80
    assert result.result["gradients"]["x"] == sympy.sstr(13 * sympy.Rational(-13, 7) ** 12)


def test_deep_graph_finishes_with_floats():
    expr = mul(x, y)
    for _ in range(12):
        expr = sympy.Function("sigmoid")(add(sympy.tanh(expr), x))
    result = trace_backprop(command(expr, {"x": sympy.Rational(3, 10), "y": 2}), None)
    has_check = any(step.rule == "backprop_cross_check" for step in result.steps)
    skipped = any(note.key == "backprop.check_skipped" for note in result.notes)
    assert has_check or skipped

    # An independent numeric derivative of the same function, in floats.
    def plain(xv, yv):
        value = xv * yv
        for _ in range(12):
            value = 1 / (1 + mpmath.exp(-(mpmath.tanh(value) + xv)))
        return value

    numeric = mpmath.diff(lambda xv: plain(xv, 2), mpmath.mpf(3) / 10)
    gradient = float(parse_expr(result.result["gradients"]["x"]))
    assert gradient == pytest.approx(float(numeric), rel=1e-9)
