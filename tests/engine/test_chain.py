"""The multivariable chain rule dz/dt = Σ ∂z/∂xᵢ · dxᵢ/dt."""

from __future__ import annotations

import pytest
import sympy
from sympy import Symbol, cos, exp, log, sin

from tests.engine.stepcheck import invalid_steps
from tutor.engine.dispatch import Workspace
from tutor.engine.partial import trace_chain
from tutor.errors import UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json

x, y, w, z, t, s = (Symbol(name) for name in "xywzts")


def _chain(target, *definitions, param=None):
    return trace_chain(commands.Chain(target=target, definitions=tuple(definitions), param=param), Workspace())


def _composite(definitions):
    outer = definitions[0][1]
    return outer.xreplace(dict(definitions[1:]))


@pytest.mark.parametrize(
    "definitions",
    [
        ((z, x**2 * y), (x, cos(t)), (y, sin(t))),
        ((z, x * y + y**3), (x, t**2), (y, exp(t))),
        ((z, x * y * w), (x, t), (y, t**2), (w, log(t))),
        ((z, sin(x) + x * t), (x, t**3)),
    ],
)
def test_chain_matches_composite_derivative(definitions):
    trace = _chain(z, *definitions)
    expected = sympy.diff(_composite(definitions), t)

    assert sympy.simplify(trace.result["derivative"] - expected) == 0
    assert invalid_steps(trace.steps) == []
    assert trace.steps[-1].after == trace.result["derivative"]


def test_each_factor_is_derived():
    trace = _chain(z, (z, x**2 * y), (x, cos(t)), (y, sin(t)))
    terms = [step for step in trace.steps if step.rule == "chain_term"]

    assert [term.params["name"] for term in terms] == [x, y]
    partials = [term.substeps[0] for term in terms]
    rates = [term.substeps[1] for term in terms]
    assert [step.rule for step in partials] == ["partial", "partial"]
    assert [step.after for step in partials] == [2 * x * y, x**2]
    assert [step.after for step in rates] == [-sin(t), cos(t)]
    assert all(step.substeps for step in partials + rates)


def test_substitution_back_into_t_is_a_step():
    trace = _chain(z, (z, x**2 * y), (x, cos(t)), (y, sin(t)))
    substitution = next(step for step in trace.steps if step.text_key == "calculus.chain.substitute")

    assert isinstance(substitution.before, sympy.Subs)
    assert not substitution.after.has(x, y)


def test_direct_dependence_on_t_adds_term():
    trace = _chain(z, (z, x + t**2), (x, sin(t)))

    assert any(step.text_key == "calculus.chain.direct_term" for step in trace.steps)
    assert sympy.simplify(trace.result["derivative"] - (cos(t) + 2 * t)) == 0


def test_parameter_ambiguity_is_reported():
    with pytest.raises(UnsupportedError) as caught:
        _chain(z, (z, x * y), (x, t), (y, s))
    assert caught.value.key == "calculus.chain.which_parameter"


def test_nested_intermediates_are_rejected():
    with pytest.raises(UnsupportedError):
        _chain(z, (z, x * y), (x, y**2), (y, t))


@pytest.mark.parametrize(
    "text",
    [
        "chain z = x^2 y; x = cos t; y = sin t",
        "dz/dt z = x^2 y, x = cos t, y = sin t",
        "연쇄 z = x^2 y; x = cos t; y = sin t",
    ],
)
def test_parsed_chain_commands(text):
    trace = trace_chain(parse(text), Workspace())
    expected = sympy.diff(cos(t) ** 2 * sin(t), t)

    assert sympy.simplify(trace.result["derivative"] - expected) == 0
    assert "dz/dt = ∂z/∂x · dx/dt + ∂z/∂y · dy/dt" in trace_json(text, trace, "en")["steps"][0]["text"]
