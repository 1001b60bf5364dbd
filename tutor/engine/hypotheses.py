"""Check the hypotheses of the mean value and Rolle's theorems instead of assuming them.

``continuity_failures`` walks the expression for the places where a
school function stops being defined on [a, b].  Those are a zero
denominator, the log of a non-positive number, an even root of a negative
number, a pole of tan/sec/cot/csc, and arcsin/arccos outside [-1, 1].
``differentiability_failures`` collects the candidate points in (a, b)
where f' may not exist (|u| where u = 0, u^(p/q) with p/q < 1 where
u = 0, arcsin/arccos at ±1, and every point where f' itself is
undefined) and checks each one with the one-sided limits of f'.  For f
continuous at p, two finite equal limits give f'(p) (the derivative limit
theorem).  Different finite limits mean a corner, and an infinite limit a
cusp or a vertical tangent, and in both cases f'(p) does not exist.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import sympy

from tutor import limits
from tutor.engine.budget import within_budget
from tutor.engine.realnum import with_real_roots
from tutor.engine.solving import GRID_POINTS, numeric_value, real_roots

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    """One place where a hypothesis fails.

    ``hypothesis`` is "continuity" or "differentiability".  ``cause`` is
    the catalog suffix of the reason (``calculus.hypothesis.<cause>``).
    ``focus`` is the sub-expression responsible and ``point`` a point
    where the hypothesis fails.  ``region`` is the set where f is
    undefined, for domain causes only.
    """

    hypothesis: str
    cause: str
    focus: sympy.Expr
    point: sympy.Expr
    region: sympy.Set | None = None


# ---------------------------------------------------------------- continuity


def continuity_failures(f: sympy.Expr, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> tuple[Failure, ...]:
    """Return where ``f`` is undefined (so not continuous) on the closed interval [a, b]."""
    failures: list[Failure] = []
    for node in sympy.preorder_traversal(f):
        if not (isinstance(node, sympy.Basic) and node.has(var)):
            continue
        failures.extend(_node_failures(node, var, a, b))
    return _unique(failures)


def _node_failures(node: sympy.Basic, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> list[Failure]:
    """Return the continuity failures that ``node`` itself causes on [a, b]."""
    if isinstance(node, sympy.Pow):
        base, exponent = node.args
        found: list[Failure] = []
        if exponent.has(var):
            found += _region_failures(base <= 0, "power_domain", base, var, a, b)
        elif exponent.is_negative:
            found += _zero_failures(base, "denominator_zero", base, var, a, b)
        if exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 0:
            found += _region_failures(base < 0, "root_domain", node, var, a, b)
        return found

    if isinstance(node, sympy.log):
        return _region_failures(node.args[0] <= 0, "log_domain", node, var, a, b)
    if isinstance(node, (sympy.tan, sympy.sec)):
        return _zero_failures(sympy.cos(node.args[0]), "pole", node, var, a, b)
    if isinstance(node, (sympy.cot, sympy.csc)):
        return _zero_failures(sympy.sin(node.args[0]), "pole", node, var, a, b)
    if isinstance(node, (sympy.asin, sympy.acos)):
        return _region_failures(sympy.Abs(node.args[0]) > 1, "arc_domain", node, var, a, b)
    return []


def _zero_failures(
    expr: sympy.Expr, cause: str, focus: sympy.Expr, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr,
) -> list[Failure]:
    roots = real_roots(expr, var, a, b)
    if roots.everywhere:
        return [Failure("continuity", cause, focus, a, sympy.Interval(a, b))]
    return [Failure("continuity", cause, focus, point) for point in roots.points if _inside(point, a, b, closed=True)]


def _region_failures(
    condition: sympy.Basic, cause: str, focus: sympy.Expr, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr,
) -> list[Failure]:
    region = _solve_region(condition, var, a, b)
    if region is None or region is sympy.S.EmptySet:
        return []
    point = _representative(region)
    return [Failure("continuity", cause, focus, point, region)]


def _solve_region(condition: sympy.Basic, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Set | None:
    """Return the subset of [a, b] where ``condition`` holds, exactly or from a grid of samples."""
    real = sympy.Dummy("r", real=True)
    real_condition = condition.xreplace({var: real})

    def exact() -> sympy.Set:
        found = sympy.solve_univariate_inequality(
            real_condition, real, relational=False, domain=sympy.Interval(a, b),
        )
        return found.xreplace({real: var})

    def sampled() -> sympy.Set:
        # NOTE: the grid finds a region only if it contains a sample point.
        low, high = numeric_value(a), numeric_value(b)
        for index in range(GRID_POINTS + 1):
            point = sympy.Float(low + (high - low) * index / GRID_POINTS)
            truth = real_condition.xreplace({real: point})
            if truth == sympy.true:
                return sympy.FiniteSet(point)
        return sympy.S.EmptySet

    try:
        return within_budget(exact, seconds=limits.CAS_TIME_BUDGET, fallback=sampled, what="inequality")
    except (NotImplementedError, ValueError, TypeError) as error:
        logger.info("solving %s exactly failed (%s); sampling instead", condition, error)
        return sampled()


def _representative(region: sympy.Set) -> sympy.Expr:
    """Return one point of ``region`` to name in the explanation: its least element or infimum."""
    if isinstance(region, sympy.FiniteSet):
        return min(region, key=lambda point: numeric_value(point) or 0.0)
    try:
        return region.inf
    except (NotImplementedError, AttributeError):
        return sympy.nan


# ---------------------------------------------------------------- differentiability


def differentiability_failures(
    f: sympy.Expr, df: sympy.Expr, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr,
    discontinuities: tuple[Failure, ...] = (),
) -> tuple[Failure, ...]:
    """Return the points of the open interval (a, b) where ``f`` has no derivative.

    ``df`` is f' as the derivative engine wrote it.  Points covered by
    ``discontinuities`` are skipped: f' cannot exist where f is not
    continuous, and those points are reported already.
    """
    failures: list[Failure] = []
    for focus, point in _candidates(f, df, var, a, b):
        if any(_covers(failure, point) for failure in discontinuities):
            continue
        cause = _one_sided_cause(df, var, point)
        if cause is not None:
            failures.append(Failure("differentiability", cause, focus, point))
    return _unique(failures)


def _candidates(f: sympy.Expr, df: sympy.Expr, var: sympy.Symbol, a: sympy.Expr, b: sympy.Expr):
    """Yield (focus, point) pairs in (a, b) where f' may fail to exist."""
    for node in sympy.preorder_traversal(f):
        if not (isinstance(node, sympy.Basic) and node.has(var)):
            continue
        if isinstance(node, sympy.Abs):
            zeros = node.args[0]
        elif isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer and node.exp < 1:
            zeros = node.base
        elif isinstance(node, (sympy.asin, sympy.acos)):
            zeros = (node.args[0] - 1) * (node.args[0] + 1)
        else:
            continue
        for point in real_roots(zeros, var, a, b).points:
            if _inside(point, a, b, closed=False):
                yield node, point

    for failure in continuity_failures(df, var, a, b):
        if failure.region is None and _inside(failure.point, a, b, closed=False):
            yield failure.focus, failure.point


def _one_sided_cause(df: sympy.Expr, var: sympy.Symbol, point: sympy.Expr) -> str | None:
    """Return why f'(point) does not exist, from the one-sided limits of f', or None if it exists."""
    real = sympy.Dummy("r", real=True)
    slope = with_real_roots(df).xreplace({var: real})
    left = _limit(slope, real, point, "-")
    right = _limit(slope, real, point, "+")
    if left is None or right is None:
        # NOTE: a limit SymPy cannot take (an oscillation such as sin(1/x)) is
        # reported as a failure rather than silently assumed to exist.
        return "no_limit"

    left_infinite, right_infinite = left.is_infinite, right.is_infinite
    if left_infinite and right_infinite:
        return "vertical_tangent" if left == right else "cusp"
    if left_infinite or right_infinite:
        return "vertical_tangent"
    if _same(left, right):
        return None
    return "corner"


def _limit(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr, direction: str) -> sympy.Expr | None:
    def take() -> sympy.Expr | None:
        value = sympy.limit(expr, var, point, direction)
        if value.has(sympy.AccumBounds) or value is sympy.nan or value.has(sympy.Limit):
            return None
        if value.is_infinite:
            if value.is_extended_positive:
                return sympy.oo
            if value.is_extended_negative:
                return -sympy.oo
            return None
        return value if numeric_value(value) is not None else None

    try:
        return within_budget(take, seconds=limits.CAS_TIME_BUDGET, fallback=lambda: None, what="limit")
    except (NotImplementedError, ValueError, TypeError) as error:
        logger.info("one-sided limit of %s at %s failed: %s", expr, point, error)
        return None


def oscillates(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr, direction: str) -> bool:
    """Return whether ``expr`` swings without a limit as ``var`` tends to ``point`` from ``direction``.

    SymPy writes such a one-sided limit with AccumBounds: sin(1/x) at 0
    gives AccumBounds(-1, 1).  A limit SymPy cannot take, or one that
    runs out of time, counts as no oscillation.
    """
    real = sympy.Dummy("r", real=True)
    slope = with_real_roots(expr).xreplace({var: real})

    def take() -> bool:
        return bool(sympy.limit(slope, real, point, direction).has(sympy.AccumBounds))

    try:
        return within_budget(take, seconds=limits.CAS_TIME_BUDGET, fallback=lambda: False, what="limit")
    except (NotImplementedError, ValueError, TypeError) as error:
        logger.info("one-sided limit of %s at %s failed: %s", expr, point, error)
        return False


# ---------------------------------------------------------------- helpers


def _inside(point: sympy.Expr, a: sympy.Expr, b: sympy.Expr, closed: bool) -> bool:
    value, low, high = numeric_value(point), numeric_value(a), numeric_value(b)
    if value is None or low is None or high is None:
        return False
    if closed:
        return low - 1e-12 <= value <= high + 1e-12
    return low + 1e-12 < value < high - 1e-12


def _covers(failure: Failure, point: sympy.Expr) -> bool:
    if _same(failure.point, point):
        return True
    return failure.region is not None and failure.region.closure.contains(point) == sympy.true


def _same(left: sympy.Expr, right: sympy.Expr) -> bool:
    left_value, right_value = numeric_value(left), numeric_value(right)
    if left_value is None or right_value is None:
        return left == right
    return abs(left_value - right_value) <= 1e-9 * max(1.0, abs(left_value))


def _unique(failures: list[Failure]) -> tuple[Failure, ...]:
    """Keep the first failure at each point (ordered along the interval)."""
    kept: list[Failure] = []
    for failure in failures:
        if not any(_same(failure.point, other.point) and failure.region == other.region for other in kept):
            kept.append(failure)
    return tuple(sorted(kept, key=lambda failure: numeric_value(failure.point) or 0.0))
