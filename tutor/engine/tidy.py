"""Tidying steps: from the raw result of the rules to the form a textbook prints.

The rules leave results such as ``6x(6x² + 4)`` or
``((4x + 3)(x² + 1) − 2x(2x² + 3x))/(x² + 1)²``.  Tidying turns them into
``36x³ + 24x`` and ``(−3x² + 4x + 3)/(x² + 1)²`` with one Step per
operation, so the last step ends exactly at the answer shown:

- ``expand``: a polynomial whose expanded form is not larger, or the
  numerator of a fraction (the denominator stays factored);
- ``combine``: cancel a factor that the numerator shares with the
  denominator;
- ``factor``: pull out a common factor that contains a function, as in
  ``x(2 − x)e^(−x)``.

A result that is already factored (``−3(4x + 3)/(2x² + 3x − 1)⁴``) is left
alone.  Every CAS call runs under ``within_budget`` and only on
expressions below ``MAX_TIDY_NODES``; bare ``simplify()`` is never used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import sympy

from tutor import limits
from tutor.engine.budget import within_budget
from tutor.engine.steps import RuleId, Step

logger = logging.getLogger(__name__)

#: Nodes above which a result is shown as the rules left it.
MAX_TIDY_NODES = 4 * limits.MAX_EXPRESSION_NODES

#: An expanded polynomial may be this much larger (in operations) than the
#: factored one and still count as the textbook form.
EXPAND_GROWTH = 1.25


def node_count(expr: sympy.Basic, stop: int = MAX_TIDY_NODES + 1) -> int:
    """Count the nodes of ``expr``, stopping early at ``stop``."""
    count = 0
    for _ in sympy.preorder_traversal(expr):
        count += 1
        if count >= stop:
            break
    return count


def _guarded(operation: Callable[[sympy.Expr], sympy.Expr], expr: sympy.Expr, what: str) -> sympy.Expr:
    """Run ``operation(expr)`` under the CAS budget; on overrun return ``expr`` unchanged."""
    return within_budget(operation, expr, seconds=limits.CAS_TIME_BUDGET, fallback=lambda e: e, what=what)


def _tidy_step(
    rule: RuleId, before: sympy.Expr, after: sympy.Expr, text_key: str | None = None, **params: object
) -> Step:
    return Step(rule=str(rule), before=before, after=after, params=params, text_key=text_key)


def _split_fraction(expr: sympy.Expr) -> tuple[list[sympy.Expr], list[sympy.Expr]]:
    """Split a product into numerator factors and denominator factors (positive powers).

    Unlike ``sympy.fraction`` this keeps ``-3·(4x + 3)`` as two factors.
    """
    numerator: list[sympy.Expr] = []
    denominator: list[sympy.Expr] = []
    factors = expr.args if isinstance(expr, sympy.Mul) else (expr,)
    for factor in factors:
        if isinstance(factor, sympy.Pow) and factor.exp.is_number and factor.exp.is_negative:
            denominator.append(sympy.Pow(factor.base, -factor.exp))
        else:
            numerator.append(factor)
    return numerator, denominator


#: Most terms an expansion may produce before tidying leaves the factored form,
#: which a textbook keeps too: 1000(x + 1)^999 is not expanded.
MAX_EXPANDED_TERMS = 60


def expanded_term_estimate(expr: sympy.Expr, cap: int = MAX_EXPANDED_TERMS + 1) -> int:
    """Return an upper bound on the number of terms of ``expand(expr)``, at most ``cap``.

    Computed from the tree without expanding, so it is cheap even for
    (x + 1)^1000, where expand itself would run for seconds.
    """
    if isinstance(expr, sympy.Add):
        return min(cap, sum(expanded_term_estimate(arg, cap) for arg in expr.args))
    if isinstance(expr, sympy.Mul):
        total = 1
        for arg in expr.args:
            total = min(cap, total * expanded_term_estimate(arg, cap))
        return total
    if isinstance(expr, sympy.Pow) and expr.exp.is_Integer and expr.exp > 1:
        base_terms = expanded_term_estimate(expr.base, cap)
        if base_terms == 1:
            return 1
        # A multinomial power (t terms)^n has at most C(n + t - 1, t - 1) terms.
        return min(cap, int(sympy.binomial(int(expr.exp) + base_terms - 1, base_terms - 1)))
    return 1


def _expand_polynomial(expr: sympy.Expr, var: sympy.Symbol) -> Step | None:
    if not expr.is_polynomial(var) or isinstance(expr, sympy.Symbol):
        return None
    if expanded_term_estimate(expr) > MAX_EXPANDED_TERMS:
        return None
    expanded = _guarded(sympy.expand, expr, "expand")
    if expanded == expr:
        return None
    if sympy.count_ops(expanded) > EXPAND_GROWTH * sympy.count_ops(expr) + 2:
        return None
    return _tidy_step(RuleId.EXPAND, expr, expanded)


def _expand_numerator(expr: sympy.Expr, var: sympy.Symbol) -> Step | None:
    numerator, denominator = _split_fraction(expr)
    if not denominator or len(numerator) != 1 or not isinstance(numerator[0], sympy.Add):
        return None
    top = numerator[0]
    if not top.is_polynomial(var) or expanded_term_estimate(top) > MAX_EXPANDED_TERMS:
        return None
    expanded = _guarded(sympy.expand, top, "expand")
    if expanded == top:
        return None
    after = expanded / sympy.Mul(*denominator)
    return _tidy_step(
        RuleId.EXPAND, expr, after, text_key="rules.expand_numerator", numerator=top, expanded=expanded
    )


def _cancel_common_factor(expr: sympy.Expr, var: sympy.Symbol) -> Step | None:
    """Cancel one base of the denominator that divides the numerator (polynomials only)."""
    numerator, denominator = _split_fraction(expr)
    top = sympy.Mul(*numerator)
    if not denominator or not top.is_polynomial(var):
        return None
    for index, factor in enumerate(denominator):
        base, power = factor.as_base_exp()
        if not (base.is_polynomial(var) and power.is_Integer and base.has(var)):
            continue
        # On a budget overrun the fallback's remainder is non-zero, so nothing is cancelled.
        quotient, remainder = within_budget(
            lambda e: sympy.div(e, base, var), top,
            seconds=limits.CAS_TIME_BUDGET, fallback=lambda e: (e, e), what="div",
        )
        if remainder != 0:
            continue
        rest = denominator[:index] + [base ** (power - 1)] + denominator[index + 1:]
        after = quotient / sympy.Mul(*rest)
        return _tidy_step(RuleId.COMBINE, expr, after, factor=base)
    return None


def _factor_common(expr: sympy.Expr, var: sympy.Symbol) -> Step | None:
    if not isinstance(expr, sympy.Add):
        return None
    factored = _guarded(sympy.factor_terms, expr, "factor_terms")
    if factored == expr or not isinstance(factored, sympy.Mul):
        return None
    common = [f for f in factored.args if not isinstance(f, sympy.Add)]
    if not any(isinstance(f, sympy.Function) or (isinstance(f, sympy.Pow) and isinstance(f.base, sympy.Function)) for f in common):
        return None
    return _tidy_step(RuleId.FACTOR, expr, factored, common=sympy.Mul(*common))


#: Tidying operations in the order they are tried; each runs at most once.
TIDIERS: tuple[Callable[[sympy.Expr, sympy.Symbol], Step | None], ...] = (
    _expand_polynomial,
    _expand_numerator,
    _cancel_common_factor,
    _factor_common,
)


def tidy_steps(expr: sympy.Expr, var: sympy.Symbol) -> tuple[tuple[Step, ...], sympy.Expr]:
    """Return the tidying steps for ``expr`` and the tidied result.

    Each step's ``before`` is the previous ``after``; the result equals
    the last ``after`` (or ``expr`` when nothing needed tidying).
    """
    if expr.has(sympy.Derivative) or node_count(expr) > MAX_TIDY_NODES:
        return (), expr

    steps: list[Step] = []
    current = expr
    for tidier in TIDIERS:
        step = tidier(current, var)
        # A rewrite SymPy calls different but that prints the same
        # (c/|c| as a product with another structure) teaches nothing.
        if step is None or sympy.sstr(step.after) == sympy.sstr(step.before):
            continue
        steps.append(step)
        current = step.after
        if node_count(current) > MAX_TIDY_NODES:
            logger.info("tidying stopped: the result grew past %d nodes", MAX_TIDY_NODES)
            break
    return tuple(steps), current
