"""Strategies for the algebraic rules: constant, variable, constant multiple,
sum, power, sqrt, product, quotient and rewrite.

Each strategy's docstring is its rule written as a formula.  The
signature of a strategy is described in ``tutor.engine.rules.context``.
"""

from __future__ import annotations

import sympy

from tutor.engine.rules.context import DeriveContext, derivative_step
from tutor.engine.rules.shapes import is_negative_power, split_mul
from tutor.engine.steps import RuleId, Step


def constant_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx c = 0."""
    if expr.has(context.var):
        return None
    return derivative_step(RuleId.CONSTANT, expr, context.var, sympy.Integer(0))


def variable_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx x = 1."""
    if expr != context.var:
        return None
    return derivative_step(RuleId.VARIABLE, expr, context.var, sympy.Integer(1))


def constant_multiple_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx (c·f) = c · d/dx f."""
    if not isinstance(expr, sympy.Mul):
        return None
    constant, rest = expr.as_independent(context.var, as_Add=False)
    if constant == 1 or not rest.has(context.var):
        return None

    inner = context.derive(rest)
    return derivative_step(
        RuleId.CONSTANT_MULTIPLE, expr, context.var, constant * inner.after,
        substeps=(inner,), c=constant, f=rest, df=inner.after,
    )


def sum_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx (f ± g ± ...) = f' ± g' ± ..."""
    if not isinstance(expr, sympy.Add):
        return None
    terms = expr.as_ordered_terms()
    substeps = tuple(context.derive(term) for term in terms)
    after = sympy.Add(*(step.after for step in substeps))
    has_difference = any(term.could_extract_minus_sign() for term in terms[1:])
    return derivative_step(
        RuleId.SUM, expr, context.var, after,
        substeps=substeps, count=len(terms), difference=has_difference,
    )


def power_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx xⁿ = n·xⁿ⁻¹ for a constant n."""
    var = context.var
    if not (isinstance(expr, sympy.Pow) and expr.base == var and not expr.exp.has(var)):
        return None
    n = expr.exp
    return derivative_step(RuleId.POWER, expr, var, n * var ** (n - 1), n=n, n_minus_1=n - 1)


def sqrt_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx √x = d/dx x^(1/2) = (1/2)·x^(-1/2) = 1/(2√x)."""
    var = context.var
    if not (isinstance(expr, sympy.Pow) and expr.base == var and expr.exp == sympy.Rational(1, 2)):
        return None
    return derivative_step(RuleId.SQRT, expr, var, sympy.Rational(1, 2) * var ** sympy.Rational(-1, 2))


def product_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx (f·g) = f'·g + f·g'.

    A product of three or more factors is split as f = the first factor
    and g = the product of the rest, so g' is again a product rule.
    """
    if not isinstance(expr, sympy.Mul):
        return None
    factors = [factor for factor in expr.args if factor.has(context.var)]
    if len(factors) < 2 or len(factors) != len(expr.args):
        return None
    f = factors[0]
    g = sympy.Mul(*factors[1:])

    f_step = context.derive(f)
    g_step = context.derive(g)
    after = f_step.after * g + f * g_step.after
    return derivative_step(
        RuleId.PRODUCT, expr, context.var, after,
        substeps=(f_step, g_step), f=f, g=g, df=f_step.after, dg=g_step.after,
    )


def quotient_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """d/dx (f/g) = (f'·g − f·g') / g²."""
    if not isinstance(expr, sympy.Mul):
        return None
    parts = split_mul(expr, context.var)
    if not parts.denominator or not (parts.numerator or len(parts.denominator) > 1):
        return None
    f = parts.constant * sympy.Mul(*parts.numerator)
    g = sympy.Mul(*parts.denominator)

    f_step = context.derive(f)
    g_step = context.derive(g)
    after = (f_step.after * g - f * g_step.after) / g**2
    return derivative_step(
        RuleId.QUOTIENT, expr, context.var, after,
        substeps=(f_step, g_step), f=f, g=g, df=f_step.after, dg=g_step.after,
    )


def rewrite_rule(expr: sympy.Expr, context: DeriveContext) -> Step | None:
    """1/uⁿ = u⁻ⁿ, then the power rule (with the chain rule when u is not x).

    SymPy stores both forms as the same object, so the step's params carry
    the base and the negative exponent for the explanation.
    """
    if not is_negative_power(expr):
        return None
    base, exponent = expr.base, expr.exp
    if exponent.has(context.var):
        return None
    rule = RuleId.POWER if base == context.var else RuleId.CHAIN
    inner = context.apply(rule, expr)
    return derivative_step(
        RuleId.REWRITE, expr, context.var, inner.after,
        substeps=(inner,), base=base, n=exponent, positive_n=-exponent,
        denominator=sympy.Pow(base, -exponent),
    )
