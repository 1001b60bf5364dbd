"""Partial derivatives: held constants, values at a point, several variables, second order."""

from __future__ import annotations

import pytest
import sympy
from sympy import Integer, Symbol, exp, sin, sqrt

from tests.engine.stepcheck import equation_step_count, invalid_steps
from tutor.engine.dispatch import Workspace
from tutor.engine.partial import trace_named_partial, trace_partial
from tutor.errors import MathDomainError, UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json

x, y, z = Symbol("x"), Symbol("y"), Symbol("z")
LECTURE_Z = 2 * x**2 + 3 * x**2 * y - 5 * x * y + 3 * x
PRACTICE_F = 3 * x**2 + 2 * y**2 + x * y


def _partial(expr, *derivatives, point=None):
    return trace_partial(commands.Partial(expr=expr, derivatives=tuple(derivatives), point=point), Workspace())


@pytest.mark.parametrize(
    ("expr", "variables"),
    [
        (LECTURE_Z, (x,)),
        (LECTURE_Z, (y,)),
        (x**2 * sin(x * y), (y,)),
        (exp(x * y) + sqrt(x**2 + y**2), (x,)),
        (x**3 * y**2 * z, (x, y)),
        (x**3 * y**2, (x, x)),
        (x * y * z, (z, y, x)),
    ],
)
def test_partial_matches_sympy_and_steps_valid(expr, variables):
    trace = _partial(expr, variables)

    assert sympy.simplify(trace.result["derivative"] - sympy.diff(expr, *variables)) == 0
    assert invalid_steps(trace.steps) == []
    assert equation_step_count(trace.steps) >= len(variables)
    assert trace.steps[-1].after == trace.result["derivative"]


def test_lecture_z_wrt_x_has_no_dx_terms():
    trace = _partial(LECTURE_Z, (x,))

    assert sympy.expand(trace.result["derivative"] - (4 * x + 6 * x * y - 5 * y + 3)) == 0
    assert not trace.result["derivative"].has(Symbol("dx"))


def test_first_step_names_held_constants():
    trace = _partial(x**2 * y * z, (x,))
    first = trace.steps[0]

    assert first.rule == "partial"
    assert first.params["var"] == x
    assert first.params["constants"] == [y, z]
    assert "y, z" in trace_json("", trace, "en")["steps"][0]["text"]
    assert "상수" in trace_json("", trace, "ko")["steps"][0]["text"]


def test_value_at_point_is_own_step():
    trace = _partial(PRACTICE_F, (x,), point=commands.Point((Integer(2), Integer(3))))

    assert trace.result == {"derivative": 6 * x + y, "value": 15}
    last = trace.steps[-1]
    assert last.rule == "evaluate"
    assert last.after == 15
    assert isinstance(last.before, sympy.Subs)
    assert invalid_steps(trace.steps) == []


def test_named_point_coordinates():
    point = commands.Point((Integer(3), Integer(2)), names=(y, x))
    trace = _partial(PRACTICE_F, (y,), point=point)

    assert trace.result["value"] == 4 * 3 + 2


def test_several_variables_give_derivatives_and_values():
    trace = _partial(PRACTICE_F, (x,), (y,), point=commands.Point((Integer(2), Integer(3))))
    data = trace_json("", trace, "en")["result"]

    assert data["derivatives"] == {"x": "6*x + y", "y": "x + 4*y"}
    assert data["values"] == {"x": "15", "y": "14"}


def test_mixed_partials_agree_and_note_order():
    expr = x**3 * y**2 + sin(x * y)
    xy = _partial(expr, (x, y))
    yx = _partial(expr, (y, x))

    assert sympy.simplify(xy.result["derivative"] - yx.result["derivative"]) == 0
    assert [step.params["var"] for step in xy.steps] == [x, y]
    assert any(note.key == "calculus.partial.note_mixed" for note in xy.notes)


def test_named_partial_uses_definition_order():
    workspace = Workspace()
    workspace.define(commands.Define(name="f", params=(x, y), expr=PRACTICE_F))
    fx = trace_named_partial(commands.NamedPartial(name="f", variables=(x,), point=commands.Point((Integer(2), Integer(3)))), workspace)
    fy = trace_named_partial(commands.NamedPartial(name="f", variables=(y,), point=commands.Point((Integer(2), Integer(3)))), workspace)

    assert (fx.result["value"], fy.result["value"]) == (15, 14)


def test_named_partial_second_order():
    workspace = Workspace()
    workspace.define(commands.Define(name="f", params=(x, y), expr=x**3 * y**2))
    trace = trace_named_partial(commands.NamedPartial(name="f", variables=(x, y)), workspace)

    assert trace.result["derivative"] == 6 * x**2 * y


def test_named_partial_rejects_unknown_variable():
    workspace = Workspace()
    workspace.define(commands.Define(name="f", params=(x, y), expr=PRACTICE_F))
    with pytest.raises(UnsupportedError):
        trace_named_partial(commands.NamedPartial(name="f", variables=(z,)), workspace)


def test_point_with_wrong_size_is_rejected():
    with pytest.raises(UnsupportedError) as caught:
        _partial(PRACTICE_F, (x,), point=commands.Point((Integer(2),)))
    assert caught.value.key == "calculus.partial.point_size"


def test_value_where_undefined_is_domain_error():
    with pytest.raises(MathDomainError):
        _partial(sympy.log(x * y), (x,), point=commands.Point((Integer(0), Integer(1))))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("partial 3x^2 + 2y^2 + xy wrt x at (2, 3)", {"derivative": 6 * x + y, "value": 15}),
        ("∂/∂x x^2 y", {"derivative": 2 * x * y}),
        ("∂^2/∂x^2 x^3 y", {"derivative": 6 * x * y}),
        ("편미분 3x^2 + 2y^2 + xy y at (2, 3)", {"derivative": x + 4 * y, "value": 14}),
        ("x^2 + y^2 x에 대해 편미분", {"derivative": 2 * x}),
    ],
)
def test_parsed_partial_commands(text, expected):
    command = parse(text)
    trace = trace_partial(command, Workspace())

    for key, value in expected.items():
        assert sympy.simplify(trace.result[key] - value) == 0
