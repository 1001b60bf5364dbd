"""Read an expression the way the learner wrote it.

SymPy stores ``a/b`` as ``Mul(a, Pow(b, -1))``, ``log_2 x`` as
``log(x)/log(2)`` and ``1/u³`` as ``Pow(u, -3)``.  These helpers recover
the learner's shapes (quotient, base-b logarithm, outer function of a
composition) so the dispatcher can pick the rule a textbook would use.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy


@dataclass(frozen=True)
class MulParts:
    """A product split into constant, numerator and denominator factors.

    ``denominator`` contains the bases with positive exponents, so that the
    quotient is ``constant * prod(numerator) / prod(denominator)``.
    """

    constant: sympy.Expr
    numerator: tuple[sympy.Expr, ...]
    denominator: tuple[sympy.Expr, ...]


def is_negative_power(expr: sympy.Expr) -> bool:
    """Return whether ``expr`` is ``Pow(b, n)`` with a negative number n (printed as 1/b^|n|)."""
    return isinstance(expr, sympy.Pow) and expr.exp.is_number and bool(expr.exp.is_negative)


def split_mul(expr: sympy.Mul, var: sympy.Symbol) -> MulParts:
    """Split a product into the factors free of ``var``, the numerator and the denominator."""
    constant: list[sympy.Expr] = []
    numerator: list[sympy.Expr] = []
    denominator: list[sympy.Expr] = []
    for factor in expr.args:
        if not factor.has(var):
            constant.append(factor)
        elif is_negative_power(factor):
            denominator.append(sympy.Pow(factor.base, -factor.exp))
        else:
            numerator.append(factor)
    return MulParts(sympy.Mul(*constant), tuple(numerator), tuple(denominator))


def log_base_parts(expr: sympy.Expr, var: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Return ``(argument, base)`` when ``expr`` is ``log(argument)/log(base)`` with a constant base."""
    if not isinstance(expr, sympy.Mul) or len(expr.args) != 2:
        return None
    logs = [a for a in expr.args if isinstance(a, sympy.log) and a.has(var)]
    others = [a for a in expr.args if a not in logs]
    if len(logs) != 1 or len(others) != 1:
        return None
    other = others[0]
    if (
        isinstance(other, sympy.Pow)
        and other.exp == -1
        and isinstance(other.base, sympy.log)
        and other.base.args[0].is_number
        and not other.base.has(var)
    ):
        return logs[0].args[0], other.base.args[0]
    return None


def composition(expr: sympy.Expr, var: sympy.Symbol, letter: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Return ``(outer, inner)`` with ``expr == outer.subs(letter, inner)``, or None.

    ``outer`` is a function of the Symbol ``letter`` that one rule
    differentiates (u^n, a^u, sin u, log_b u ...); ``inner`` is not ``var``
    itself, because then no chain rule is needed.
    """
    outer: sympy.Expr
    if isinstance(expr, sympy.Pow):
        base, exponent = expr.args
        if not exponent.has(var) and base.has(var):
            inner, outer = base, sympy.Pow(letter, exponent)
        elif not base.has(var):
            inner, outer = exponent, sympy.Pow(base, letter)
        else:
            return None
    elif log_base_parts(expr, var) is not None:
        argument, base = log_base_parts(expr, var)  # type: ignore[misc]
        inner, outer = argument, sympy.log(letter) / sympy.log(base)
    elif isinstance(expr, sympy.Function) and len(expr.args) == 1:
        inner, outer = expr.args[0], expr.func(letter)
    else:
        return None
    if inner == var:
        return None
    return outer, inner
