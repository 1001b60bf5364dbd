"""Form checks, kept apart from equivalence: expanded, factored, simplified, exact.

A form check never decides whether an answer is right; it only says
whether a right answer is in the form a question asks for (or, with no
requested form, whether it is exact and reasonably simplified).  Every
rewrite used for the test is time-boxed and size-guarded, and a check
that runs out of time passes, so a slow CAS call can only make the tutor
more lenient about form, never turn a right answer into a wrong one.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

import sympy

from tutor.engine.budget import within_budget

logger = logging.getLogger(__name__)

#: The forms a question may ask for.
FORMS = ("expanded", "factored", "simplified", "exact", "decimal")

#: Seconds for each rewrite a form check needs.
FORM_CALL_BUDGET = 0.2

#: An answer counts as simplified unless a rewrite makes it this much
#: smaller (counted in tree nodes), so ``2x + 3x`` is flagged but a
#: product left unexpanded is not.
SIMPLIFY_SLACK = 4


@dataclass(frozen=True)
class FormReport:
    """Forms that an answer is in, and a shorter equal form when one was found."""

    expanded: bool
    factored: bool
    simplified: bool
    exact: bool
    simpler: sympy.Expr | None = None

    def satisfies(self, form: str) -> bool:
        """Return whether the answer is in ``form`` (one of FORMS)."""
        if form == "decimal":
            return True
        if form not in FORMS:
            raise ValueError(f"unknown form {form!r}: expected one of {', '.join(FORMS)}")
        return bool(getattr(self, form))


def tree_size(expr: sympy.Basic) -> int:
    """Return the number of nodes in the expression tree of ``expr``."""
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _guarded(rewrite: Callable[[sympy.Expr], sympy.Expr], expr: sympy.Expr,
             deadline: float | None = None) -> sympy.Expr | None:
    """Return ``rewrite(expr)``, or None when it fails or runs out of time."""
    seconds = FORM_CALL_BUDGET
    if deadline is not None:
        seconds = min(seconds, deadline - time.monotonic())
        if seconds <= 0.01:
            return None
    try:
        return within_budget(rewrite, expr, seconds=seconds, fallback=lambda _: None,
                             what=getattr(rewrite, "__name__", "rewrite"))
    except (sympy.PolynomialError, TypeError, ValueError, RecursionError) as error:
        logger.debug("form rewrite failed on %s: %s", expr, error)
        return None


def has_decimal(expr: sympy.Basic) -> bool:
    """Return whether ``expr`` contains a decimal (floating-point) number."""
    return bool(expr.atoms(sympy.Float))


def is_expanded(expr: sympy.Expr, deadline: float | None = None) -> bool:
    """Return whether ``expand`` leaves ``expr`` unchanged (a timeout counts as expanded)."""
    expanded = _guarded(sympy.expand, expr, deadline)
    return expanded is None or expanded == expr


def is_factored(expr: sympy.Expr, deadline: float | None = None) -> bool:
    """Return whether no sum inside the product ``expr`` can be factored further.

    A single irreducible term (``3x``, ``x + 1``) is factored; a sum with a
    common factor (``2x + 4``) or a factorable polynomial (``x² − 1``) is
    not.  Pulling out only a sign (``−x − 1``) does not count.
    """
    for part in sympy.Mul.make_args(expr):
        base = part.base if isinstance(part, sympy.Pow) and part.exp.is_Integer else part
        if not isinstance(base, sympy.Add):
            continue
        factored = _guarded(sympy.factor, base, deadline)
        if factored is None or not isinstance(factored, (sympy.Mul, sympy.Pow)):
            continue
        coefficient, rest = factored.as_coeff_Mul()
        if coefficient == -1 and isinstance(rest, sympy.Add):
            continue
        return False
    return True


def simpler_form(expr: sympy.Expr, deadline: float | None = None) -> sympy.Expr | None:
    """Return an equal form at least SIMPLIFY_SLACK nodes smaller, or None."""
    best = None
    best_size = tree_size(expr) - SIMPLIFY_SLACK
    for rewrite in (sympy.cancel, sympy.factor, sympy.expand, sympy.trigsimp):
        candidate = _guarded(rewrite, expr, deadline)
        if candidate is None:
            continue
        size = tree_size(candidate)
        if size <= best_size:
            best, best_size = candidate, size - 1
    return best


#: Shapes that ``shape`` distinguishes: a sum of expanded terms, a product
#: with a sum as a factor, one fraction over a non-constant denominator,
#: and a sum of such fractions.
SHAPES = ("expanded", "factored", "single_fraction", "split_fractions")


def _has_variable_denominator(expr: sympy.Expr) -> bool:
    # exact=True keeps e^(−x) and 2^(−x) as factors instead of moving them below a fraction bar.
    return bool(sympy.fraction(expr, exact=True)[1].free_symbols)


def shape(expr: sympy.Expr, deadline: float | None = None) -> str | None:
    """Return the shape of ``expr`` (one of SHAPES), or None when it has none of them.

    A monomial such as ``12x²`` or a product without a sum such as
    ``2x·cos(x²)`` is expanded and factored at once, so it gets None, as
    does a sum that mixes expanded terms and products of sums.  An
    expansion cut short by ``deadline`` also gives None.
    """
    if isinstance(expr, sympy.Add):
        if any(_has_variable_denominator(term) for term in expr.args):
            return "split_fractions"
        expanded = _guarded(sympy.expand, expr, deadline)
        return "expanded" if expanded is not None and expanded == expr else None
    if not isinstance(expr, (sympy.Mul, sympy.Pow)):
        return None
    if _has_variable_denominator(expr):
        return "single_fraction"
    for factor in sympy.Mul.make_args(expr):
        base = factor.base if isinstance(factor, sympy.Pow) else factor
        if isinstance(base, sympy.Add) and base.free_symbols:
            return "factored"
    return None


def describe(answer: sympy.Expr, deadline: float | None = None) -> FormReport:
    """Return the FormReport of ``answer``; checks cut short by ``deadline`` pass."""
    simpler = simpler_form(answer, deadline)
    return FormReport(
        expanded=is_expanded(answer, deadline),
        factored=is_factored(answer, deadline),
        simplified=simpler is None,
        exact=not has_decimal(answer),
        simpler=simpler,
    )
