"""Numbers as calculus textbooks mean them: real values, real odd roots.

SymPy's ``(-8)**(1/3)`` is the principal complex root ``1 + √3·i``, but a
calculus course means the real cube root ``-2``: ``x^(2/3)`` is defined
for every real x.  ``evaluate_real`` evaluates with that meaning and
returns None wherever the value is undefined or not real (log of a
negative, 1/0, √ of a negative), so callers can skip or report the point.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping

import sympy

logger = logging.getLogger(__name__)

Number = int | float | sympy.Expr

#: Periodic functions of arguments larger than this are not evaluated:
#: SymPy would need as many digits as the argument has to reduce it by 2π,
#: and tan(cosh(3^20)) would take hours.
MAX_PERIODIC_ARGUMENT = sympy.Float("1e100")

_PERIODIC = (sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot)

#: Imaginary parts below this (relative to the real part) are rounding noise.
IMAGINARY_TOLERANCE = sympy.Float("1e-20")


def _is_odd_root(power: sympy.Pow) -> bool:
    exponent = power.exp
    return bool(exponent.is_Rational and not exponent.is_Integer and exponent.q % 2 == 1)


def with_real_roots(expr: sympy.Expr) -> sympy.Expr:
    """Rewrite every ``b^(p/q)`` with odd q as ``sign(b)^p · |b|^(p/q)``, the real root.

    The two agree for b > 0; for b < 0 the rewrite is the real value a
    textbook means.  Only use the result for evaluation, not for display.
    """

    def real_root(power: sympy.Pow) -> sympy.Expr:
        base, exponent = power.args
        return sympy.sign(base) ** exponent.p * sympy.Abs(base) ** exponent

    return expr.replace(lambda e: isinstance(e, sympy.Pow) and _is_odd_root(e), real_root)


def _has_huge_periodic_argument(expr: sympy.Expr, substitution: Mapping[sympy.Symbol, sympy.Expr]) -> bool:
    # Innermost first, so that the argument checked never contains an
    # unchecked periodic function of a huge argument itself.  The check
    # runs before the substitution, because substituting Floats evaluates
    # tan(Float) at once.
    for node in sympy.postorder_traversal(expr):
        if isinstance(node, _PERIODIC):
            magnitude = node.args[0].xreplace(substitution).evalf(5)
            if magnitude.is_Number and abs(magnitude) > MAX_PERIODIC_ARGUMENT:
                return True
    return False


def evaluate_real(
    expr: sympy.Expr,
    values: Mapping[sympy.Symbol, Number],
    prec: int = 30,
) -> sympy.Float | None:
    """Return the real value of ``expr`` at ``values`` to ``prec`` digits, or None.

    None means undefined or not real at that point: a division by zero, a
    log or an even root of a negative, a value off the domain of arcsin.
    It also means "not computable": a sin, cos, tan, sec, csc or cot of an
    argument above ``MAX_PERIODIC_ARGUMENT`` in size.
    An unevaluated ``Derivative`` in ``expr`` is computed first.  Free
    symbols without a value also give None.
    """
    if expr.has(sympy.Derivative) or expr.has(sympy.Subs):
        expr = expr.doit()
    expr = with_real_roots(sympy.sympify(expr, strict=True))

    substitution = {symbol: sympy.Float(value, prec) if not isinstance(value, sympy.Basic) else value
                    for symbol, value in values.items()}
    try:
        if _has_huge_periodic_argument(expr, substitution):
            logger.debug("%s has a periodic function of a huge argument at %s", expr, values)
            return None
        value = expr.xreplace(substitution).evalf(prec)
    except (ZeroDivisionError, ValueError, TypeError, ArithmeticError) as error:
        logger.debug("evaluating %s at %s failed: %s", expr, values, error)
        return None

    if value.free_symbols or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        return None
    real, imaginary = value.as_real_imag()
    if not (real.is_Number and imaginary.is_Number):
        return None
    if real.is_infinite or real is sympy.nan:
        return None
    if imaginary != 0 and abs(imaginary) > IMAGINARY_TOLERANCE * max(1, abs(real)):
        return None
    return sympy.Float(real, prec)
