"""Strategies for the elementary functions, the chain rule and logarithmic
differentiation.

Each function rule applies only to the function of the variable itself
(sin x, eˣ, ln x); a function of anything else goes to the chain rule,
which names the inner function with a fresh letter and derives the outer
function with respect to that letter.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from tutor.engine.rules.context import DeriveContext, derivative_step
from tutor.engine.rules.shapes import composition, log_base_parts
from tutor.engine.steps import RuleId, Step

#: Function class -> (rule id, derivative at the argument a).
FUNCTION_DERIVATIVES: dict[type, tuple[RuleId, Callable[[sympy.Expr], sympy.Expr]]] = {
    sympy.exp: (RuleId.EXP, lambda a: sympy.exp(a)),
    sympy.log: (RuleId.LOG, lambda a: 1 / a),
    sympy.sin: (RuleId.SIN, lambda a: sympy.cos(a)),
    sympy.cos: (RuleId.COS, lambda a: -sympy.sin(a)),
    sympy.tan: (RuleId.TAN, lambda a: sympy.sec(a) ** 2),
    sympy.sec: (RuleId.SEC, lambda a: sympy.sec(a) * sympy.tan(a)),
    sympy.csc: (RuleId.CSC, lambda a: -sympy.csc(a) * sympy.cot(a)),
    sympy.cot: (RuleId.COT, lambda a: -sympy.csc(a) ** 2),
    sympy.asin: (RuleId.ARCSIN, lambda a: 1 / sympy.sqrt(1 - a**2)),
    sympy.acos: (RuleId.ARCCOS, lambda a: -1 / sympy.sqrt(1 - a**2)),
    sympy.atan: (RuleId.ARCTAN, lambda a: 1 / (1 + a**2)),
    sympy.sinh: (RuleId.SINH, lambda a: sympy.cosh(a)),
    sympy.cosh: (RuleId.COSH, lambda a: sympy.sinh(a)),
    sympy.tanh: (RuleId.TANH, lambda a: 1 - sympy.tanh(a) ** 2),
    # NOTE: |x|' = x/|x| holds for real x ≠ 0; at 0 |x| has no derivative.
    sympy.Abs: (RuleId.ABS, lambda a: a / sympy.Abs(a)),
}


def _function_rule(rule: RuleId) -> Callable[[sympy.Expr, DeriveContext], Step | None]:
    """Make the strategy of one elementary function f: d/dx f(x) = f'(x)."""

    def strategy(expr: sympy.Expr, context: DeriveContext) -> Step | None:
        entry = FUNCTION_DERIVATIVES.get(type(expr))
        if entry is None or entry[0] != rule or len(expr.args) != 1 or expr.args[0] != context.var:
            return None
        return derivative_step(rule, expr, context.var, entry[1](context.var))

    strategy.__name__ = f"{rule.value}_rule"
    strategy.__doc__ = f"d/dx {rule.value}(x) from the table of derivatives."
    return strategy


FUNCTION_RULES = {rule: _function_rule(rule) for rule, _ in FUNCTION_DERIVATIVES.values()}


def exp_base_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx aˣ = aˣ·ln a for a constant a > 0."""
    var = context.var
    if not (isinstance(expr, sympy.Pow) and expr.exp == var and not expr.base.has(var)):
        return None
    return derivative_step(RuleId.EXP_BASE, expr, var, expr * sympy.log(expr.base), a=expr.base)


def log_base_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx log_b x = 1/(x·ln b)."""
    parts = log_base_parts(expr, context.var)
    if parts is None or parts[0] != context.var:
        return None
    base = parts[1]
    return derivative_step(RuleId.LOG_BASE, expr, context.var, 1 / (context.var * sympy.log(base)), b=base)


def chain_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx f(g(x)) = dy/du · du/dx with y = f(u), u = g(x)."""
    var = context.var
    probe = composition(expr, var, sympy.Dummy("u"))
    if probe is None:
        return None
    letter = context.fresh_letter()
    outer, inner = composition(expr, var, letter)  # type: ignore[misc]

    # The outer function is one table rule in the letter; a power goes
    # straight to the power rule so 1/u³ is not rewritten a second time.
    if isinstance(outer, sympy.Pow) and outer.base == letter:
        outer_rule = RuleId.SQRT if outer.exp == sympy.Rational(1, 2) else RuleId.POWER
        outer_step = context.apply(outer_rule, outer, letter)
    else:
        outer_step = context.derive(outer, letter)
    inner_step = context.derive(inner)

    outer_at_inner = outer_step.after.xreplace({letter: inner})
    after = outer_at_inner * inner_step.after
    return derivative_step(
        RuleId.CHAIN, expr, var, after,
        substeps=(outer_step, inner_step), focus=inner,
        u=letter, inner=inner, outer=outer, dy_du=outer_step.after,
        du_dx=inner_step.after, dy_du_at=outer_at_inner,
    )


def log_differentiation_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """y = f^g:  ln y = g·ln f,  so  y' = y · d/dx (g·ln f)."""
    var = context.var
    if not (isinstance(expr, sympy.Pow) and expr.base.has(var) and expr.exp.has(var)):
        return None
    f, g = expr.base, expr.exp
    log_y = g * sympy.log(f)
    log_step = context.derive(log_y)
    after = expr * log_step.after
    return derivative_step(
        RuleId.LOG_DIFFERENTIATION, expr, var, after,
        substeps=(log_step,), f=f, g=g, log_y=log_y, dlog_y=log_step.after,
    )


def unsupported_rule(expr: sympy.Expr, context: DeriveContext) -> Step:
    """No rule: the derivative stays unevaluated and the step names the function."""
    if isinstance(expr, sympy.Function) or hasattr(expr, "func"):
        name = getattr(expr.func, "__name__", type(expr).__name__)
    else:
        name = type(expr).__name__
    return derivative_step(RuleId.UNSUPPORTED, expr, context.var, sympy.Derivative(expr, context.var), function=name)
