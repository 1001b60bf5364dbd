"""Evaluate an expression at a point with mpmath, in the real numbers, with size guards.

SymPy's own evaluation (``xreplace`` then ``evalf``) builds SymPy numbers
at every node and can spend seconds inside one big-integer power
(``x^x^x^x^x`` at x = 1.9) where no time budget can interrupt it.  This
evaluator walks the tree once with mpmath numbers instead, so it is fast,
and it refuses values whose binary exponent would pass ``MAX_BITS``.

Meaning of the results:
- an mpmath real: the value;
- ``None``: undefined in the real numbers (1/0, log of a negative, an
  even root of a negative, a non-real intermediate value);
- ``mpmath.inf`` or ``-mpmath.inf``: finite but too large to represent
  (beyond 2^MAX_BITS), which still differs from any ordinary value;
- ``SKIP``: cannot be evaluated here (trigonometry of a huge argument,
  an unknown function that SymPy could not evaluate either).

Odd roots of negative numbers are real (the cube root of −8 is −2), as a
calculus textbook means them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

import mpmath
import sympy

logger = logging.getLogger(__name__)

#: Working precision in decimal digits.
DIGITS = 40

#: Largest binary exponent of a value; 2^(10^6) is about 10^301030.
MAX_BITS = 10**6

#: Largest argument of a periodic function; beyond it reducing the
#: argument needs thousands of digits of π.
MAX_PERIODIC_ARGUMENT = mpmath.mpf(2) ** 2000

#: Returned for a point that cannot be evaluated (see the module docstring).
SKIP = "skip"


class _Undefined(Exception):
    """The value is undefined or not real."""


class _TooLarge(Exception):
    """The value's magnitude is beyond 2^MAX_BITS."""

    def __init__(self, sign: int = 1) -> None:
        super().__init__(sign)
        self.sign = sign


class _Unevaluable(Exception):
    """The value cannot be evaluated by this evaluator."""


def _real(value: mpmath.mpf | mpmath.mpc) -> mpmath.mpf:
    if isinstance(value, mpmath.mpc):
        if abs(value.imag) > mpmath.mpf(10) ** (-DIGITS // 2) * max(1, abs(value.real)):
            raise _Undefined
        value = value.real
    if not mpmath.isfinite(value):
        raise _Undefined
    return value


def _periodic(function: Callable) -> Callable:
    def evaluate(argument: mpmath.mpf) -> mpmath.mpf:
        if abs(argument) > MAX_PERIODIC_ARGUMENT:
            raise _Unevaluable
        return function(argument)

    return evaluate


def _log(argument: mpmath.mpf, base: mpmath.mpf | None = None) -> mpmath.mpf:
    if argument <= 0 or (base is not None and (base <= 0 or base == 1)):
        raise _Undefined
    value = mpmath.log(argument)
    return value if base is None else value / mpmath.log(base)


def _exp(argument: mpmath.mpf) -> mpmath.mpf:
    if argument > MAX_BITS * mpmath.log(2):
        raise _TooLarge(1)
    if argument < -MAX_BITS * mpmath.log(2):
        return mpmath.mpf(0)
    return mpmath.exp(argument)


def _sign(argument: mpmath.mpf) -> mpmath.mpf:
    return mpmath.mpf(mpmath.sign(argument))


#: SymPy function class -> mpmath function of real arguments.
FUNCTIONS: dict[type, Callable[..., mpmath.mpf]] = {
    sympy.exp: _exp,
    sympy.log: _log,
    sympy.sin: _periodic(mpmath.sin),
    sympy.cos: _periodic(mpmath.cos),
    sympy.tan: _periodic(mpmath.tan),
    sympy.sec: _periodic(mpmath.sec),
    sympy.csc: _periodic(mpmath.csc),
    sympy.cot: _periodic(mpmath.cot),
    sympy.asin: mpmath.asin,
    sympy.acos: mpmath.acos,
    sympy.atan: mpmath.atan,
    sympy.acot: mpmath.acot,
    sympy.asec: mpmath.asec,
    sympy.acsc: mpmath.acsc,
    sympy.sinh: mpmath.sinh,
    sympy.cosh: mpmath.cosh,
    sympy.tanh: mpmath.tanh,
    sympy.coth: mpmath.coth,
    sympy.sech: mpmath.sech,
    sympy.csch: mpmath.csch,
    sympy.asinh: mpmath.asinh,
    sympy.acosh: mpmath.acosh,
    sympy.atanh: mpmath.atanh,
    sympy.Abs: abs,
    sympy.sign: _sign,
    sympy.gamma: mpmath.gamma,
}

#: Functions that grow like exp: their argument is guarded the same way.
_EXPONENTIAL_GROWTH = (sympy.sinh, sympy.cosh, sympy.gamma)


def _constant(expr: sympy.Expr) -> mpmath.mpf:
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise _Undefined
    value = expr.evalf(DIGITS + 5)
    if not value.is_Number:
        real, imaginary = value.as_real_imag()
        if not (real.is_Number and imaginary.is_Number) or abs(imaginary) > 1e-30 * max(1, abs(real)):
            raise _Undefined
        value = real
    return _real(mpmath.mpf(value._to_mpmath(mpmath.mp.prec)))


def _power(base: mpmath.mpf, exponent: mpmath.mpf, exponent_expr: sympy.Expr) -> mpmath.mpf:
    if base == 0:
        if exponent > 0:
            return mpmath.mpf(0)
        raise _Undefined
    bits = exponent * mpmath.log(abs(base), 2)
    if bits > MAX_BITS:
        negative_odd = base < 0 and exponent_expr.is_Integer and exponent_expr % 2 == 1
        raise _TooLarge(-1 if negative_odd else 1)
    if bits < -MAX_BITS:
        return mpmath.mpf(0)
    if base > 0:
        return mpmath.power(base, exponent)

    # A negative base: integer powers are real; p/q with odd q is the real root.
    if exponent_expr.is_Integer:
        return mpmath.power(base, int(exponent_expr))
    if exponent_expr.is_Rational and exponent_expr.q % 2 == 1:
        magnitude = mpmath.power(-base, exponent)
        return magnitude if exponent_expr.p % 2 == 0 else -magnitude
    if mpmath.isint(exponent) and exponent_expr.is_number:
        return mpmath.power(base, int(exponent))
    raise _Undefined


def _walk(expr: sympy.Basic, point: Mapping[sympy.Symbol, mpmath.mpf]) -> mpmath.mpf:
    if isinstance(expr, sympy.Symbol):
        if expr not in point:
            raise _Unevaluable
        return point[expr]
    if not expr.free_symbols:
        return _constant(expr)
    if isinstance(expr, sympy.Add):
        return _real(mpmath.fsum(_walk(term, point) for term in expr.args))
    if isinstance(expr, sympy.Mul):
        product = mpmath.mpf(1)
        for factor in expr.args:
            product *= _walk(factor, point)
        return _real(product)
    if isinstance(expr, sympy.Pow):
        base = _walk(expr.base, point)
        exponent = _walk(expr.exp, point)
        return _real(_power(base, exponent, expr.exp))

    function = FUNCTIONS.get(type(expr))
    if function is None:
        raise _Unevaluable
    arguments = [_walk(argument, point) for argument in expr.args]
    if isinstance(expr, _EXPONENTIAL_GROWTH) and abs(arguments[0]) > MAX_BITS:
        raise _TooLarge(1)
    try:
        return _real(function(*arguments))
    except (ValueError, ZeroDivisionError) as error:
        raise _Undefined from error


def evaluate(expr: sympy.Expr, point: Mapping[sympy.Symbol, object]) -> mpmath.mpf | None | str:
    """Return the real value of ``expr`` at ``point``: an mpf, None, ±inf or SKIP (see module docstring)."""
    with mpmath.workdps(DIGITS):
        values = {symbol: mpmath.mpf(sympy.Float(value, DIGITS)._to_mpmath(mpmath.mp.prec))
                  for symbol, value in point.items()}
        try:
            return _walk(expr, values)
        except _Undefined:
            return None
        except ZeroDivisionError:
            return None
        except _TooLarge as error:
            return mpmath.inf if error.sign > 0 else -mpmath.inf
        except _Unevaluable:
            return _fallback(expr, point)
        except (TypeError, ValueError, ArithmeticError) as error:
            logger.debug("cannot evaluate %s at %s: %r", expr, point, error)
            return SKIP


def evaluate_within(expr: sympy.Expr, point: Mapping[sympy.Symbol, object],
                    seconds: float) -> mpmath.mpf | None | str:
    """Evaluate under a time limit; raise BudgetExceeded when it runs out.

    Only the main thread can interrupt a computation (with SIGALRM).  In
    another thread, such as the app's worker, forking a process for each
    point would cost more than the evaluation, so the evaluation runs
    unguarded there and relies on the MAX_BITS and MAX_PERIODIC_ARGUMENT
    guards alone.
    """
    from tutor.engine.budget import call_with_deadline

    if threading.current_thread() is not threading.main_thread():
        return evaluate(expr, point)
    return call_with_deadline(evaluate, expr, point, seconds=seconds)


def _fallback(expr: sympy.Expr, point: Mapping[sympy.Symbol, object]) -> mpmath.mpf | None | str:
    """Evaluate with SymPy when the tree has a node this evaluator does not know."""
    from tutor.engine.realnum import evaluate_real

    try:
        value = evaluate_real(expr, point, prec=DIGITS)
    except (TypeError, ValueError, ArithmeticError, RecursionError) as error:
        logger.debug("cannot evaluate %s at %s: %s", expr, point, error)
        return SKIP
    if value is None:
        return SKIP if expr.has(sympy.Derivative, sympy.Integral) else None
    return mpmath.mpf(value._to_mpmath(mpmath.mp.prec))
