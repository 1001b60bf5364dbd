"""The rule table and the dispatcher that picks rules by expression type."""

from __future__ import annotations

import sympy

from tutor.engine.rules import algebraic, functions
from tutor.engine.rules.context import DeriveContext, Strategy
from tutor.engine.rules.shapes import is_negative_power, log_base_parts, split_mul
from tutor.engine.steps import RuleId, Step

#: Rule id -> strategy.  ``derive(..., overrides=...)`` replaces entries per call.
RULES: dict[str, Strategy] = {
    RuleId.CONSTANT: algebraic.constant_rule,
    RuleId.VARIABLE: algebraic.variable_rule,
    RuleId.CONSTANT_MULTIPLE: algebraic.constant_multiple_rule,
    RuleId.SUM: algebraic.sum_rule,
    RuleId.POWER: algebraic.power_rule,
    RuleId.SQRT: algebraic.sqrt_rule,
    RuleId.PRODUCT: algebraic.product_rule,
    RuleId.QUOTIENT: algebraic.quotient_rule,
    RuleId.REWRITE: algebraic.rewrite_rule,
    RuleId.CHAIN: functions.chain_rule,
    RuleId.EXP_BASE: functions.exp_base_rule,
    RuleId.LOG_BASE: functions.log_base_rule,
    RuleId.LOG_DIFFERENTIATION: functions.log_differentiation_rule,
    **functions.FUNCTION_RULES,
}
RULES = {str(rule): strategy for rule, strategy in RULES.items()}


def candidate_rules(expr: sympy.Expr, var: sympy.Symbol) -> list[str]:
    """Return the rule ids to try for ``expr``, best first, as a textbook would choose.

    A quotient the learner typed stays a quotient; ``exp`` factors are
    ordinary factors of a product; a negative power is first rewritten.
    """
    if not expr.has(var):
        return [RuleId.CONSTANT]
    if expr == var:
        return [RuleId.VARIABLE]
    if isinstance(expr, sympy.Add):
        return [RuleId.SUM]
    if isinstance(expr, sympy.Mul):
        return _mul_candidates(expr, var)
    if isinstance(expr, sympy.Pow):
        return _pow_candidates(expr, var)
    entry = functions.FUNCTION_DERIVATIVES.get(type(expr))
    if entry is not None and len(expr.args) == 1:
        return [entry[0] if expr.args[0] == var else RuleId.CHAIN]
    return []


def _mul_candidates(expr: sympy.Mul, var: sympy.Symbol) -> list[str]:
    parts_of_log = log_base_parts(expr, var)
    if parts_of_log is not None:
        return [RuleId.LOG_BASE if parts_of_log[0] == var else RuleId.CHAIN]
    parts = split_mul(expr, var)
    if parts.denominator and (parts.numerator or len(parts.denominator) > 1):
        return [RuleId.QUOTIENT]
    if parts.constant != 1:
        return [RuleId.CONSTANT_MULTIPLE]
    return [RuleId.PRODUCT]


def _pow_candidates(expr: sympy.Pow, var: sympy.Symbol) -> list[str]:
    base, exponent = expr.args
    if base.has(var) and exponent.has(var):
        return [RuleId.LOG_DIFFERENTIATION]
    if not base.has(var):
        return [RuleId.EXP_BASE if exponent == var else RuleId.CHAIN]
    if is_negative_power(expr):
        return [RuleId.REWRITE]
    if base == var:
        return [RuleId.SQRT if exponent == sympy.Rational(1, 2) else RuleId.POWER]
    return [RuleId.CHAIN]


def dispatch(expr: sympy.Expr, context: DeriveContext, rule: str | None = None) -> Step:
    """Apply ``rule`` (or the first candidate rule that fits) to ``expr``.

    Falls back to the ``unsupported`` step, never to a silent answer.
    """
    rules = [rule] if rule is not None else candidate_rules(expr, context.var)
    for rule_id in rules:
        step = context.strategy(rule_id)(expr, context)
        if step is not None:
            return step
    return functions.unsupported_rule(expr, context)
