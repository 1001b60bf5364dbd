"""Decide whether a learner's expression equals the expected one as a function.

Three layers, cheapest first:

1. exact: the two trees are identical, or identical after ``expand`` or
   ``cancel`` of small expressions;
2. symbolic: the difference reduces to zero under ``simplify``-style
   rewrites, each call time-boxed by ``within_budget``;
3. numeric: both sides are evaluated at seeded random points inside the
   real domain of the expected expression (mixed scales and signs, 40
   significant digits, see ``tutor.checking.numeric``), with a relative
   tolerance and an absolute floor for values near zero.

A symbolic proof of zero says nothing about domains (``sqrt(x)**2`` and
``x`` differ for x < 0), so a proved equality is followed by a short
numeric pass that only looks for points where the learner's answer is
undefined although the expected one is defined.  Points where the
expected expression is undefined are skipped and never count as
agreement; too few valid points give ``undecided``, not ``different``.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Literal

import mpmath
import sympy

from tutor.checking import numeric
from tutor.engine.budget import BudgetExceeded, within_budget

logger = logging.getLogger(__name__)

Outcome = Literal["equal", "different", "undecided", "domain"]

#: Seed of the sample points unless the caller passes another; it is
#: recorded in every result so that a verdict can be reproduced.
DEFAULT_SEED = 20240611

#: Significant digits of the sample points (evaluation works with numeric.DIGITS).
PRECISION = 30

#: Two values agree when |a - b| <= RELATIVE_TOLERANCE * max(|a|, |b|) + ABSOLUTE_FLOOR.
RELATIVE_TOLERANCE = 1e-10
ABSOLUTE_FLOOR = 1e-14

#: Sample points tried, and valid points needed before numbers may decide.
SAMPLE_POINTS = 24
MIN_VALID_POINTS = 6

#: Points tried before the symbolic layer, to refute a wrong answer cheaply.
QUICK_POINTS = 4

#: Trees larger than this skip expand/cancel in the exact layer (they go
#: straight to the time-boxed symbolic layer).
EXACT_LAYER_MAX_OPS = 60

#: Seconds for the whole comparison and for each guarded call inside it.
TOTAL_BUDGET = 1.2
SYMBOLIC_CALL_BUDGET = 0.3
EVALUATION_BUDGET = 0.1


@dataclass(frozen=True)
class Equivalence:
    """Outcome of one comparison.

    ``method`` names the layer that decided (``exact``, ``symbolic``,
    ``numeric``); ``seed`` and ``points`` (valid points compared) make a
    numeric decision reproducible; ``witness`` is a point where the two
    sides differ (or where the answer is undefined), with both values,
    for feedback such as "at x = 2 your answer gives 5, not 4".
    """

    outcome: Outcome
    method: str
    seed: int
    points: int = 0
    witness: Mapping[str, object] | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def equal(self) -> bool:
        """True when the expressions are the same function on the expected domain."""
        return self.outcome == "equal"


# ---------------------------------------------------------------- evaluation


def evaluate(expr: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr]) -> mpmath.mpf | None:
    """Return the real value of ``expr`` at ``point``, None where it is undefined in the reals.

    Odd roots of negative numbers are real.  A value too large to
    represent comes back as ±inf and a point that cannot be evaluated
    at all as ``numeric.SKIP`` (see ``tutor.checking.numeric``).
    """
    return numeric.evaluate(expr, point)


def values_agree(expected: mpmath.mpf, actual: mpmath.mpf) -> bool:
    """Compare two reals with the relative tolerance and its absolute floor; infinities never agree."""
    if not (mpmath.isfinite(expected) and mpmath.isfinite(actual)):
        return False
    difference = abs(expected - actual)
    scale = max(abs(expected), abs(actual))
    return bool(difference <= RELATIVE_TOLERANCE * scale + ABSOLUTE_FLOOR)


def sample_points(variables: Iterable[sympy.Symbol], seed: int, count: int) -> list[dict[sympy.Symbol, sympy.Float]]:
    """Return ``count`` seeded points with coordinates of mixed sign and scale.

    Magnitudes are log-uniform in [0.05, 20] with a few points near zero
    and a few integers, so that polynomials of different degrees, offsets
    of 0.001 and sign slips all show up.
    """
    generator = random.Random(seed)
    ordered = sorted(set(variables), key=lambda symbol: symbol.name)
    points = []
    for index in range(count):
        point = {}
        for symbol in ordered:
            kind = index % 6
            if kind == 4:
                magnitude = generator.uniform(0.001, 0.05)
            elif kind == 5:
                magnitude = float(generator.randint(2, 9))
            else:
                magnitude = 10 ** generator.uniform(-1.3, 1.3)
            sign = -1 if generator.random() < 0.5 else 1
            point[symbol] = sympy.Float(sign * magnitude, PRECISION)
        points.append(point)
    return points


def _describe(point: Mapping[sympy.Symbol, sympy.Expr]) -> dict[str, str]:
    return {symbol.name: _short(value, 4) for symbol, value in point.items()}


def _short(value: mpmath.mpf | sympy.Float, digits: int = 6) -> str:
    """Write a value with ``digits`` significant digits; huge values keep their exponent."""
    if isinstance(value, sympy.Float):
        value = value._to_mpmath(PRECISION * 4)
    text = mpmath.nstr(value, digits)
    return text[:-2] if text.endswith(".0") else text


# ---------------------------------------------------------------- layers


def _size(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _exact_equal(expected: sympy.Expr, answer: sympy.Expr) -> bool:
    """Compare canonical forms that cost almost nothing on small trees."""
    if expected == answer:
        return True
    if _size(expected) + _size(answer) > EXACT_LAYER_MAX_OPS * 2:
        return False
    difference = expected - answer
    if difference == 0:
        return True
    for rewrite in (sympy.expand, sympy.cancel):
        try:
            if within_budget(rewrite, difference, seconds=0.1, fallback=lambda expr: expr,
                             what=rewrite.__name__) == 0:
                return True
        except (sympy.PolynomialError, TypeError, ValueError):
            continue
    return False


def _looks_decimal(number: sympy.Rational) -> bool:
    """Return whether ``number`` reads like a typed decimal such as 0.1966 (denominator 10^k)."""
    q = int(number.q)
    if q < 10:
        return False
    while q % 10 == 0:
        q //= 10
    while q % 2 == 0:
        q //= 2
    while q % 5 == 0:
        q //= 5
    return q == 1


def _exactly_different(expected: sympy.Expr, answer: sympy.Expr) -> bool:
    """Return True when exact arithmetic shows the two differ; False means "not shown".

    Sampling with a tolerance cannot see 2x + x^20/10^40 differ from 2x.
    Two rational functions with exact coefficients are equal only if their
    difference cancels to 0, so for them a nonzero difference is final.
    A difference that is a nonzero constant (2x + e^(-1000)) is final too,
    unless the answer was typed with decimals, which are approximations.
    """
    if _size(expected) + _size(answer) > EXACT_LAYER_MAX_OPS * 2:
        return False
    variables = list(expected.free_symbols | answer.free_symbols)
    both_rational = all(
        expr.is_rational_function(*variables)
        and all(atom.is_Symbol or atom.is_Rational for atom in expr.atoms())
        for expr in (expected, answer)
    )
    try:
        difference = within_budget(lambda d: sympy.cancel(sympy.expand(d)), expected - answer,
                                   seconds=0.2, fallback=lambda d: None, what="cancel")
    except (sympy.PolynomialError, TypeError, ValueError):
        return False
    if difference is None or difference == 0:
        return False
    if both_rational:
        return True

    typed_decimals = any(_looks_decimal(number) for number in answer.atoms(sympy.Rational))
    return not difference.free_symbols and not typed_decimals and difference.is_zero is False


def _symbolic_zero(difference: sympy.Expr, deadline: float) -> bool:
    """Try targeted rewrites, then ``simplify``, each time-boxed; True only on a proof of zero."""
    rewrites: list[Callable[[sympy.Expr], sympy.Expr]] = [
        lambda expr: sympy.cancel(sympy.together(expr)),
        lambda expr: sympy.expand(sympy.expand_trig(expr)),
        lambda expr: sympy.trigsimp(expr),
        lambda expr: sympy.expand(sympy.powsimp(sympy.expand_log(expr))),
        sympy.simplify,
    ]
    for rewrite in rewrites:
        remaining = deadline - time.monotonic()
        if remaining <= 0.05:
            return False
        try:
            reduced = within_budget(rewrite, difference, seconds=min(SYMBOLIC_CALL_BUDGET, remaining),
                                    fallback=lambda expr: None, what="simplify")
        except (sympy.PolynomialError, TypeError, ValueError, RecursionError, AttributeError) as error:
            logger.debug("symbolic rewrite failed on %s: %s", difference, error)
            continue
        if reduced is not None and reduced == 0:
            return True
    return False


def _evaluate_guarded(expr: sympy.Expr, point: Mapping[sympy.Symbol, sympy.Expr],
                      deadline: float) -> mpmath.mpf | None | str:
    """Evaluate under the per-point budget; return the string "timeout" when time ran out."""
    remaining = deadline - time.monotonic()
    if remaining <= 0.01:
        return "timeout"
    try:
        return numeric.evaluate_within(expr, point, min(EVALUATION_BUDGET, remaining))
    except BudgetExceeded:
        return "timeout"


@dataclass
class _Tally:
    valid: int = 0
    agree: int = 0
    answer_undefined: int = 0
    mismatch: dict[str, object] | None = None
    undefined_at: dict[str, object] | None = None


def _sample(expected: sympy.Expr, answer: sympy.Expr, variables: list[sympy.Symbol],
            seed: int, deadline: float, stop_on_mismatch: bool = True,
            count: int = SAMPLE_POINTS) -> _Tally:
    tally = _Tally()
    for point in sample_points(variables, seed, SAMPLE_POINTS)[:count]:
        expected_value = _evaluate_guarded(expected, point, deadline)
        if expected_value == "timeout":
            break
        if expected_value is None or expected_value is numeric.SKIP or not mpmath.isfinite(expected_value):
            continue

        answer_value = _evaluate_guarded(answer, point, deadline)
        if answer_value == "timeout":
            break
        if answer_value is numeric.SKIP:
            continue
        tally.valid += 1
        if answer_value is None:
            tally.answer_undefined += 1
            if tally.undefined_at is None:
                tally.undefined_at = {"point": _describe(point), "expected": _short(expected_value)}
            continue
        if values_agree(expected_value, answer_value):
            tally.agree += 1
            continue
        if tally.mismatch is None:
            tally.mismatch = {
                "point": _describe(point),
                "expected": _short(expected_value),
                "answer": _short(answer_value),
            }
        if stop_on_mismatch:
            break
    return tally


# ---------------------------------------------------------------- entry point


def as_expr(value: sympy.Expr | int | float) -> sympy.Expr:
    """Return ``value`` as a SymPy expression; Python numbers are converted, text is rejected."""
    if isinstance(value, sympy.Basic):
        return value
    if isinstance(value, bool):
        raise TypeError("a truth value is not an expression")
    if isinstance(value, int):
        return sympy.Integer(value)
    if isinstance(value, float):
        return sympy.Float(value)
    raise TypeError(f"expected a SymPy expression or a number, got {type(value).__name__}")


def free_variables(*exprs: sympy.Expr) -> list[sympy.Symbol]:
    """Return the free symbols of ``exprs`` sorted by name."""
    symbols: set[sympy.Symbol] = set()
    for expr in exprs:
        symbols |= {symbol for symbol in expr.free_symbols if isinstance(symbol, sympy.Symbol)}
    return sorted(symbols, key=lambda symbol: symbol.name)


def compare(expected: sympy.Expr, answer: sympy.Expr, seed: int = DEFAULT_SEED,
            budget: float = TOTAL_BUDGET) -> Equivalence:
    """Compare ``answer`` with ``expected`` as real functions of their free symbols.

    The whole comparison stays within about ``budget`` seconds; when the
    budget runs out before the numbers can decide, the outcome is
    ``undecided``.
    """
    expected, answer = as_expr(expected), as_expr(answer)
    deadline = time.monotonic() + budget
    variables = free_variables(expected, answer)

    if _exact_equal(expected, answer):
        return Equivalence("equal", "exact", seed)
    if _exactly_different(expected, answer):
        # A point where the values differ visibly makes better feedback; a
        # tiny offset has none, and the exact result stands without it.
        witness = _sample(expected, answer, variables, seed, deadline, count=QUICK_POINTS)
        return Equivalence("different", "exact", seed, witness.valid, witness.mismatch)

    # Numbers cannot prove an identity but refute a wrong one at once, so a
    # few points are tried before the slower symbolic layer.
    quick = _sample(expected, answer, variables, seed, deadline, count=QUICK_POINTS)
    if quick.mismatch is not None:
        return Equivalence("different", "numeric", seed, quick.valid, quick.mismatch)

    proved = _symbolic_zero(expected - answer, deadline - budget / 2)
    if proved:
        tally = _sample(expected, answer, variables, seed, deadline, stop_on_mismatch=False)
        if tally.valid and tally.answer_undefined * 4 >= tally.valid:
            return Equivalence("domain", "symbolic", seed, tally.valid, tally.undefined_at)
        return Equivalence("equal", "symbolic", seed, tally.valid)

    tally = _sample(expected, answer, variables, seed, deadline)
    if tally.mismatch is not None:
        return Equivalence("different", "numeric", seed, tally.valid, tally.mismatch)
    if tally.valid < MIN_VALID_POINTS:
        return Equivalence("undecided", "numeric", seed, tally.valid)
    if tally.answer_undefined:
        if tally.agree >= MIN_VALID_POINTS // 2 or tally.answer_undefined * 4 >= tally.valid:
            return Equivalence("domain", "numeric", seed, tally.valid, tally.undefined_at)
    if tally.agree < MIN_VALID_POINTS:
        return Equivalence("undecided", "numeric", seed, tally.valid)
    return Equivalence("equal", "numeric", seed, tally.valid)


def equivalent(expected: sympy.Expr, answer: sympy.Expr, seed: int = DEFAULT_SEED) -> bool:
    """Return True only when ``answer`` is proved or measured equal to ``expected``."""
    return compare(expected, answer, seed).equal
