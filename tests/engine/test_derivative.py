"""The rule-tracing derivative engine on hand-picked cases (SymPy objects built directly)."""

from __future__ import annotations

import pytest
import sympy
from sympy import Rational, Symbol, cos, exp, log, sin, sqrt, tan

from tests.conftest import load_cases
from tutor.engine.derivative import (
    choose_variable,
    derivative_step,
    derivative_steps,
    derive,
    trace_bare_expression,
    trace_derivative,
    trace_named_derivative,
)
from tutor.engine.dispatch import Workspace
from tutor.engine.steps import Step
from tutor.errors import MathDomainError, TooComplexError, UnsupportedError
from tutor.parsing import commands

x = Symbol("x")
t = Symbol("t")

#: The lecture's derivative examples, built as the parser builds them
#: (a/b is Mul(a, Pow(b, -1))), keyed by case id.
LECTURE_EXPRESSIONS = {
    "sum-rule": x**2 - 5 * x,
    "product-rule": (3 * x**2 - 1) * (2 * x**2 + 4 * x + 2),
    "quotient-rule": (2 * x**2 + 3 * x) * (x**2 + 1) ** -1,
    "chain-rule-square": (3 * x**2 + 2) ** 2,
    "chain-rule-reciprocal-cube": 1 / (2 * x**2 + 3 * x - 1) ** 3,
}


def _rules(steps: tuple[Step, ...]) -> list[str]:
    return [step.rule for top in steps for step in top.walk()]


def _lecture_cases() -> list[dict]:
    return [case for case in load_cases("lecture-examples.json") if case["topic"] == "derivative"]


@pytest.mark.parametrize("case", _lecture_cases(), ids=lambda case: case["id"])
def test_lecture_example_answer_and_rules(case):
    expr = LECTURE_EXPRESSIONS[case["id"]]
    steps, final = derivative_steps(expr, x)
    expected = sympy.parse_expr(case["expect"]["derivative"], local_dict={"x": x})

    assert sympy.cancel(final - sympy.diff(expr, x)) == 0
    # The textbook form itself, not only an equal value: SymPy's parser
    # distributes -3 over (4x + 3), so compare the printed form.
    assert sympy.sstr(final) == case["expect"]["derivative"]
    assert sympy.cancel(final - expected) == 0
    for rule in case["expect"]["rules"]:
        assert rule in _rules(steps)
    assert steps[-1].after == final


def test_quotient_typed_stays_quotient():
    step = derive((x + 1) / (x - 1), x)
    assert step.rule == "quotient"
    assert step.params["f"] == x + 1
    assert step.params["g"] == x - 1


def test_constant_over_function_is_rewritten():
    step = derive(3 / x**2, x)
    assert step.rule == "constant_multiple"
    assert step.substeps[0].rule == "rewrite"
    assert step.substeps[0].substeps[0].rule == "power"


def test_exp_factor_is_product():
    step = derive(x**2 * exp(-x), x)
    assert step.rule == "product"
    assert exp(-x) in (step.params["f"], step.params["g"])


def test_tan_has_own_rule():
    step = derive(tan(x), x)
    assert step.rule == "tan"
    assert step.after == sympy.sec(x) ** 2


def test_sqrt_is_power():
    assert derive(sqrt(x), x).rule == "sqrt"
    chain = derive(sqrt(x**2 + 1), x)
    assert chain.rule == "chain"
    assert chain.substeps[0].rule == "sqrt"


def test_chain_names_inner_and_outer():
    step = derive(sin(x**2 + 1), x)
    u = step.params["u"]
    assert step.rule == "chain"
    assert step.params["inner"] == x**2 + 1
    assert step.params["outer"] == sin(u)
    assert step.substeps[0].before == sympy.Derivative(sin(u), u)
    assert step.substeps[1].before == sympy.Derivative(x**2 + 1, x)


def test_nested_chains_use_fresh_letters():
    step = derive(sin(cos(tan(x**2))), x)
    letters = [s.params["u"].name for s in step.walk() if s.rule == "chain"]
    assert letters == ["u", "v", "w"]


def test_chain_letter_skips_symbols_in_expression():
    u = Symbol("u")
    step = derive(sin(u * x**2), x)
    assert step.params["u"].name != "u"


def test_log_base_and_exp_base():
    assert derive(log(x, 2), x).rule == "log_base"
    assert derive(2**x, x).rule == "exp_base"
    chain = derive(2 ** (x**2), x)
    assert chain.rule == "chain"
    assert chain.substeps[0].rule == "exp_base"


@pytest.mark.parametrize("expr", [x**x, x ** sin(x)], ids=["x^x", "x^sin x"])
def test_log_differentiation(expr):
    step = derive(expr, x)
    assert step.rule == "log_differentiation"
    assert sympy.simplify(step.after - sympy.diff(expr, x)) == 0


def test_abs_rule():
    step = derive(sympy.Abs(x), x)
    assert step.rule == "abs"
    assert step.after == x / sympy.Abs(x)


def test_repeated_derivative_is_referred_to():
    steps, _ = derivative_steps(sin(x**2) * cos(x) + sin(x**2), x)
    repeated = [s for top in steps for s in top.walk() if s.text_key == "rules.already_derived"]
    assert len(repeated) == 1
    assert repeated[0].substeps == ()
    # SymPy orders the product as cos(x)·sin(x²), so sin(x²) is g, step 1.1.2.
    assert repeated[0].params["step"] == "1.1.2"


def test_override_replaces_one_rule():
    def product_of_derivatives(expr, context):
        f, g = expr.args
        df, dg = context.derive(f), context.derive(g)
        return derivative_step("product", expr, context.var, df.after * dg.after, substeps=(df, dg))

    step = derive(x**2 * sin(x), x, overrides={"product": product_of_derivatives})
    assert step.after == 2 * x * cos(x)
    assert derive(x**2 * sin(x), x).after != step.after


def test_unsupported_function_is_named():
    trace = trace_derivative(commands.Derivative(expr=sympy.gamma(x) + x), Workspace())
    rules = trace.rules()
    assert "unsupported" in rules
    assert any(note.key == "derivative.note_unsupported" for note in trace.notes)
    assert trace.extra["summary_key"] == "derivative.summary_unsupported"
    assert trace.result["derivative"].has(sympy.Derivative)


def test_second_order():
    steps, final = derivative_steps(x**3 * sin(x), x, order=2)
    assert sympy.simplify(final - sympy.diff(x**3 * sin(x), x, 2)) == 0
    assert steps[-1].after == final


def test_order_above_limit_rejected():
    with pytest.raises(TooComplexError):
        derivative_steps(x**2, x, order=11)


def test_choose_variable():
    assert choose_variable(t**2) == t
    assert choose_variable(x * t).name == "x"
    assert choose_variable(sympy.Integer(7)).name == "x"
    with pytest.raises(UnsupportedError):
        choose_variable(Symbol("a") * t)


def test_trace_derivative_result_and_reading():
    trace = trace_derivative(commands.Derivative(expr=(3 * x**2 + 2) ** 2, var=x), Workspace())
    assert trace.kind == "derivative"
    assert trace.reading == sympy.Derivative((3 * x**2 + 2) ** 2, x)
    assert trace.result["derivative"] == 36 * x**3 + 24 * x
    assert trace.extra["summary_key"] == "derivative.summary"


def test_named_derivative_at_point():
    workspace = Workspace()
    workspace.define(commands.Define(name="f", params=(x,), expr=x**3 - 2 * x))
    trace = trace_named_derivative(commands.NamedDerivative(name="f", var=None, at=sympy.Integer(2)), workspace)
    assert trace.result["derivative"] == 3 * x**2 - 2
    assert trace.result["value"] == 10
    assert trace.steps[-1].rule == "evaluate"
    assert trace.steps[-1].after == 10


def test_named_derivative_real_cube_root():
    workspace = Workspace()
    workspace.define(commands.Define(name="f", params=(x,), expr=x ** Rational(1, 3)))
    trace = trace_named_derivative(commands.NamedDerivative(name="f", var=None, at=sympy.Integer(-8)), workspace)
    assert trace.result["value"] == Rational(1, 12)


def test_named_derivative_undefined_point():
    workspace = Workspace()
    workspace.define(commands.Define(name="y", params=(), expr=log(x)))
    with pytest.raises(MathDomainError):
        trace_named_derivative(commands.NamedDerivative(name="y", var=x, at=sympy.Integer(0)), workspace)


def test_named_derivative_unknown_name():
    with pytest.raises(UnsupportedError):
        trace_named_derivative(commands.NamedDerivative(name="g", var=x), Workspace())


def test_bare_expression_notes_assumption():
    trace = trace_bare_expression(commands.Expression(expr=t**2 + 1), Workspace())
    assert trace.notes[0].key == "derivative.note_assumed_derivative"
    assert trace.notes[0].params["var"] == t
    assert trace.result["derivative"] == 2 * t
