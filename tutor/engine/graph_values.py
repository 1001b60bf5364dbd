"""Numbers of a backprop graph as a learner reads them, and as JSON writes them.

Values stay exact SymPy numbers inside the engine.  When the learner wrote
a decimal (``upstream 1.5``), rational results with a finite decimal
expansion are shown as decimals too (``1.5``, not ``3/2``), so the result
looks like the question.  Other exact values are written exactly, with a
decimal approximation beside transcendental ones.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import mpmath
import sympy

from tutor.render.mathtext import to_unicode

#: Maximum length of an exact form shown beside its decimal approximation in step text.
_MAX_EXACT_CHARS = 40


def exact_rational(value: sympy.Expr) -> sympy.Expr:
    """Return a Float as the exact rational it was written as (1.5 -> 3/2), other values as they are."""
    if isinstance(value, sympy.Float):
        # str() gives the decimal digits of the Float, so 0.1 becomes 1/10
        # rather than the binary fraction nearest to 0.1.
        return sympy.Rational(str(value))
    return value


def _is_terminating(value: sympy.Rational) -> bool:
    q = int(value.q)
    for prime in (2, 5):
        while q % prime == 0:
            q //= prime
    return q == 1


def _decimal_text(value: sympy.Rational) -> str:
    with localcontext() as context:
        context.prec = 200
        text = format(Decimal(int(value.p)) / Decimal(int(value.q)), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


_MPMATH_FUNCTIONS = {sympy.exp: mpmath.exp, sympy.log: mpmath.log, sympy.sin: mpmath.sin,
                     sympy.cos: mpmath.cos, sympy.tanh: mpmath.tanh}


def evaluate_numeric(value: sympy.Expr, digits: int = 40,
                     point: dict[sympy.Symbol, sympy.Expr] | None = None,
                     ) -> mpmath.mpc | mpmath.mpf:
    """Evaluate a closed-form number with mpmath at ``digits`` digits.

    The values of a deep graph are large nested exact forms.  ``sympy.N``
    re-runs its adaptive precision loop on every sub-tree, which takes
    seconds for a 12-node graph, so this walk evaluates each sub-tree
    once.  Forms other than +, ×, powers, exp, ln, sin, cos and tanh fall
    back to ``sympy.N``.  ``point`` gives values to symbols.
    """
    cache: dict[sympy.Basic, object] = {}
    for symbol, number in (point or {}).items():
        cache[symbol] = None if number is None else evaluate_numeric(number, digits)

    def walk(expr: sympy.Basic):
        if expr in cache:
            return cache[expr]
        if expr.is_Rational:
            result = mpmath.mpf(int(expr.p)) / int(expr.q)
        elif isinstance(expr, sympy.Add):
            result = mpmath.fsum(walk(arg) for arg in expr.args)
        elif isinstance(expr, sympy.Mul):
            result = mpmath.fprod(walk(arg) for arg in expr.args)
        elif isinstance(expr, sympy.Pow):
            result = mpmath.power(walk(expr.base), walk(expr.exp))
        elif expr.func in _MPMATH_FUNCTIONS:
            result = _MPMATH_FUNCTIONS[expr.func](walk(expr.args[0]))
        else:
            result = mpmath.mpmathify(sympy.N(expr, digits))
        cache[expr] = result
        return result

    with mpmath.workdps(digits):
        return walk(value)


#: Tree nodes of an exact value beyond which the engine carries it as a Float.
MAX_EXACT_VALUE_NODES = 20

#: Significant digits of a value carried as a Float.
FLOAT_DIGITS = 40


def bounded(value: sympy.Expr) -> sympy.Expr:
    """Return ``value``, or a 40-digit Float of it once its exact form grows large.

    SymPy's cost of building tanh, exp and sigmoid of a nested closed form
    grows about fourfold per level.  Building sigmoid(tanh(u) + x) six
    levels deep at x = 3/10 took 4 s with SymPy 1.14 on one core, so deep
    graphs switch to Floats.  Rational values always stay exact.
    """
    if value.is_Rational or not larger_than(value, MAX_EXACT_VALUE_NODES):
        return value
    number = evaluate_numeric(value, FLOAT_DIGITS + 5)
    if isinstance(number, mpmath.mpc):
        return value
    return sympy.Float(number, FLOAT_DIGITS)


def approximate(value: sympy.Expr, digits: int = 6) -> str:
    """Return ``value`` to ``digits`` significant digits, without trailing zeros."""
    number = evaluate_numeric(value, digits + 10)
    if isinstance(number, mpmath.mpc):
        return sympy.sstr(sympy.N(value, digits))
    if abs(number) < 1e300:
        return f"{float(number):.{digits}g}"
    return mpmath.nstr(number, digits)


def larger_than(value: sympy.Basic, limit: int) -> bool:
    """Return whether the expression tree of ``value`` has more than ``limit`` nodes."""
    count = 0
    for _ in sympy.preorder_traversal(value):
        count += 1
        if count > limit:
            return True
    return False


#: Nodes of an exact form beyond which JSON gives a 30-digit Float instead.
_MAX_JSON_EXACT_NODES = 200


def json_value(value: sympy.Expr, decimal: bool) -> str:
    """Return ``value`` in SymPy syntax for JSON (decimals when the learner wrote decimals).

    NOTE: an exact form of more than 200 tree nodes (deep graphs of
    transcendental nodes) is written as a 30-digit Float, because the
    exact string would run to kilobytes and take seconds to print.
    """
    if value.is_Rational and decimal and _is_terminating(value):
        return _decimal_text(value)
    if larger_than(value, _MAX_JSON_EXACT_NODES):
        return mpmath.nstr(evaluate_numeric(value, 35), 30)
    return sympy.sstr(value)


def text_value(value: sympy.Expr, decimal: bool) -> str:
    """Return ``value`` for an explanation: exact, plus ``≈ decimal`` when irrational."""
    if value.is_Rational:
        if value.is_Integer or (decimal and _is_terminating(value)):
            return _decimal_text(value)
        return to_unicode(value)
    if value.has(sympy.Float) or larger_than(value, _MAX_EXACT_CHARS // 2):
        return f"≈ {approximate(value)}"
    exact = to_unicode(value)
    if len(exact) > _MAX_EXACT_CHARS:
        return f"≈ {approximate(value)}"
    return f"{exact} ≈ {approximate(value)}"


def short_value(value: sympy.Expr, decimal: bool, width: int = 9) -> str:
    """Return ``value`` in at most about ``width`` characters, for drawings."""
    if value.is_Rational:
        exact = text_value(value, decimal)
        if len(exact) <= width:
            return exact
    return "≈" + approximate(value, 4)
