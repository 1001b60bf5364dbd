"""Real roots of one equation in one variable, for c values and turning points.

The mean value theorem, Rolle's theorem and the motion tracer all ask the
same question: where in an interval is ``expr = 0``?  ``real_roots``
solves it exactly with ``sympy.solveset`` under the time budget, and
falls back to bisection between sign changes on a grid when SymPy returns
a condition set or runs out of time.  Odd roots such as ``x^(2/3)`` are
read as real cube roots (∛(x²) is 1 at x = -1), as a calculus course does.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import sympy

from tutor import limits
from tutor.engine.budget import within_budget
from tutor.engine.realnum import evaluate_real, with_real_roots

logger = logging.getLogger(__name__)

#: Grid points per interval for the numeric fallback.  Two roots closer
#: than (b - a) / GRID_POINTS, with no sign change between them, are missed.
GRID_POINTS = 400

#: Digits of the decimals shown next to exact values.
DECIMAL_DIGITS = 6


@dataclass(frozen=True)
class Roots:
    """The solutions of ``expr = 0`` found in a domain.

    ``points`` are sorted real values, exact when ``numeric`` is False.
    ``everywhere`` is True when ``expr`` is identically zero, so every
    point of the domain solves it.  ``infinite`` is True when SymPy found
    infinitely many roots (a periodic equation) in an unbounded domain.
    Then ``points`` contains only the roots the numeric search met.
    """

    points: tuple[sympy.Expr, ...]
    everywhere: bool = False
    numeric: bool = False
    infinite: bool = False


def numeric_value(expr: sympy.Expr, var: sympy.Symbol | None = None, at: sympy.Expr | None = None) -> float | None:
    """Return the real value of ``expr`` (at ``var = at``), or None where it is undefined or not real."""
    values = {} if var is None else {var: at}
    value = evaluate_real(sympy.sympify(expr, strict=True), values, prec=DECIMAL_DIGITS + 12)
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def exact_value(expr: sympy.Expr, var: sympy.Symbol, at: sympy.Expr) -> sympy.Expr | None:
    """Return ``expr`` at ``var = at`` exactly, with odd roots real, or None where it is undefined."""
    if numeric_value(expr, var, at) is None and not (expr.free_symbols - {var}):
        return None
    value = with_real_roots(expr).xreplace({var: at})
    return within_budget(
        lambda v: sympy.radsimp(sympy.expand(v)), value, fallback=lambda v: v, what="expand",
    )


def decimal(value: sympy.Expr) -> sympy.Float | None:
    """Return ``value`` rounded to DECIMAL_DIGITS significant digits, or None if not real."""
    number = numeric_value(value)
    if number is None:
        return None
    return sympy.Float(number, DECIMAL_DIGITS)


def parenthesize(value: sympy.Expr) -> sympy.Expr | str:
    """Return ``value``, or its Unicode text in brackets when it is negative (for "5 − (−1)")."""
    if isinstance(value, sympy.Expr) and (value.could_extract_minus_sign() or isinstance(value, sympy.Add)):
        from tutor.render.mathtext import to_unicode

        return f"({to_unicode(value)})"
    return value


def real_roots(expr: sympy.Expr, var: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> Roots:
    """Solve ``expr = 0`` for real ``var``.

    When SymPy finds finitely many roots, all the real ones are returned,
    so the caller can explain why a root outside [lower, upper] is
    rejected.  Otherwise only the roots in [lower, upper] are returned.
    ``upper`` may be ``oo``, and then the numeric fallback searches
    [lower, lower + 100].
    """
    if _is_zero(expr, var):
        return Roots((), everywhere=True)

    solutions = within_budget(
        _solve_reals, expr, var, seconds=limits.CAS_TIME_BUDGET, fallback=lambda *_: None,
        what="solveset",
    )
    if solutions is sympy.S.EmptySet:
        return Roots(())
    if isinstance(solutions, sympy.FiniteSet) and all(_is_real_number(point) for point in solutions):
        return Roots(_sorted(solutions))

    if solutions is not None:
        window = sympy.Interval(lower, upper)
        clipped = within_budget(
            solutions.intersect, window, seconds=limits.CAS_TIME_BUDGET,
            fallback=lambda *_: None, what="intersect",
        )
        if isinstance(clipped, sympy.FiniteSet) and all(_is_real_number(point) for point in clipped):
            return Roots(_sorted(clipped))

    infinite = solutions is not None and upper == sympy.oo and not isinstance(solutions, sympy.FiniteSet) \
        and not isinstance(solutions, sympy.ConditionSet)
    logger.info("solving %s = 0 numerically on [%s, %s]", expr, lower, upper)
    return Roots(_numeric_roots(expr, var, lower, upper), numeric=True, infinite=infinite)


def _solve_reals(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Set:
    numerator, _ = sympy.fraction(sympy.together(expr))
    return sympy.solveset(numerator, var, sympy.S.Reals) - _undefined_points(expr, var)


def _undefined_points(expr: sympy.Expr, var: sympy.Symbol) -> sympy.Set:
    """Return the zeros of the denominators of ``expr`` (where a root of the numerator is no root)."""
    _, denominator = sympy.fraction(sympy.together(expr))
    if not denominator.has(var):
        return sympy.S.EmptySet
    return sympy.solveset(denominator, var, sympy.S.Reals)


def _is_zero(expr: sympy.Expr, var: sympy.Symbol) -> bool:
    if not expr.has(var):
        return bool(expr.is_zero)
    tidy = within_budget(
        lambda e: sympy.cancel(sympy.expand(e)), expr, fallback=lambda e: e, what="cancel",
    )
    if tidy == 0:
        return True
    samples = [numeric_value(expr, var, sympy.Rational(k, 7)) for k in (-13, -5, 2, 9, 17, 23)]
    defined = [value for value in samples if value is not None]
    return len(defined) >= 3 and all(abs(value) < 1e-12 for value in defined)


def _is_real_number(value: sympy.Expr) -> bool:
    return bool(value.is_number) and numeric_value(value) is not None


def _sorted(points: sympy.FiniteSet) -> tuple[sympy.Expr, ...]:
    return tuple(sorted(points, key=lambda point: numeric_value(point)))


def _numeric_roots(expr: sympy.Expr, var: sympy.Symbol, lower: sympy.Expr, upper: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """Bisect every sign change of ``expr`` on a grid over [lower, upper]."""
    low = numeric_value(lower)
    high = numeric_value(upper) if upper != sympy.oo else None
    if low is None:
        return ()
    if high is None:
        # NOTE: an unbounded search is cut at lower + 100; later roots are missed.
        high = low + 100.0

    step = (high - low) / GRID_POINTS
    grid = [low + index * step for index in range(GRID_POINTS + 1)]
    values = [numeric_value(expr, var, sympy.Float(point)) for point in grid]

    roots: list[float] = []
    for index, (left, right) in enumerate(zip(values, values[1:])):
        if left is None or right is None:
            continue
        if left == 0:
            roots.append(grid[index])
        elif left * right < 0:
            root = _bisect(expr, var, grid[index], grid[index + 1], left)
            # A sign change across a jump (x/|x| at 0) is no root: keep only
            # points where the value is really close to zero.
            value = numeric_value(expr, var, sympy.Float(root, 17))
            if value is not None and abs(value) < 1e-8 * max(1.0, abs(left), abs(right)):
                roots.append(root)
    if values[-1] == 0:
        roots.append(grid[-1])
    return tuple(sympy.Float(root, 15) for root in roots)


def _bisect(expr: sympy.Expr, var: sympy.Symbol, left: float, right: float, left_value: float) -> float:
    """Halve [left, right] around a sign change until it is 1e-13 wide."""
    for _ in range(60):
        middle = (left + right) / 2
        value = numeric_value(expr, var, sympy.Float(middle, 17))
        if value is None or value == 0:
            return middle
        if (value < 0) == (left_value < 0):
            left, left_value = middle, value
        else:
            right = middle
        if right - left < 1e-13:
            break
    return (left + right) / 2
