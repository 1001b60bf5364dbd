"""Lark Transformer that builds SymPy objects directly from the parse tree.

No learner text is ever passed to ``sympify``, ``parse_expr`` or ``eval``:
each tree node becomes a SymPy constructor call here.  Numbers are checked
against :mod:`tutor.limits` as they are built, so ``x^(10^10^10)`` and
power towers are rejected before SymPy evaluates anything large.

Derivative notation inside an expression (``y'``, ``dy/dx``, ``∂z/∂x``)
becomes a placeholder Dummy recorded in ``references``.  The command
builder (builder.py) decides what each placeholder means.  On its own it
is a NamedDerivative, in an equation to classify it is
``Derivative(y(x), x, n)``, and anywhere else it is an error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import sympy
from lark import Token, Transformer, v_args

from tutor import limits
from tutor.engine.steps import Note
from tutor.errors import ParseError, TooComplexError

#: Function names and the SymPy class each one builds.
_FUNCTIONS: dict[str, type[sympy.Function] | None] = {
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sec": sympy.sec, "csc": sympy.csc, "cosec": sympy.csc, "cot": sympy.cot,
    "arcsin": sympy.asin, "asin": sympy.asin, "arccos": sympy.acos, "acos": sympy.acos,
    "arctan": sympy.atan, "atan": sympy.atan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "exp": sympy.exp, "abs": sympy.Abs,
    # Handled specially below.
    "ln": None, "log": None, "sqrt": None, "sigmoid": None, "relu": None, "max": None,
}

#: "sin^-1 x" means arcsin x; the same for the other functions with an inverse.
_INVERSES = {
    "sin": sympy.asin, "cos": sympy.acos, "tan": sympy.atan,
    "sinh": sympy.asinh, "cosh": sympy.acosh, "tanh": sympy.atanh,
}

_D_NAMED = re.compile(r"d(?:\^(\d+))?([a-zA-Z])\s*/\s*d([a-zA-Z])(?:\s*\^\s*(\d+))?")
_D_OP = re.compile(r"d(?:\^(\d+))?\s*/\s*d([a-zA-Z])(?:\s*\^\s*(\d+))?")
_PARTIAL = re.compile(r"∂(?:\^(\d+))?([a-zA-Z]?)\s*/\s*((?:∂[a-zA-Z](?:\^\d+)?)+)")
_PARTIAL_VARIABLE = re.compile(r"∂([a-zA-Z])(?:\^(\d+))?")


@dataclass(frozen=True)
class DerivativeReference:
    """The derivative that a placeholder Dummy stands for.

    ``variables`` lists the variables in the order of differentiation
    (``∂^2z/∂x∂y`` is ``(x, y)``), or is None for the prime forms, whose
    variable is implied.  ``order`` is the total order.
    """

    name: str
    variables: tuple[sympy.Symbol, ...] | None
    order: int
    partial: bool
    column: int


@dataclass(frozen=True)
class FunctionHead:
    """A function name with its written power: ``sin``, ``sin^2``, ``log_2``."""

    name: str
    power: sympy.Expr | None
    base: sympy.Expr | None
    column: int


_INTEGER_BOUND = 10 ** limits.MAX_INTEGER_DIGITS


def check_integer(value: sympy.Expr, column: int | None = None) -> None:
    """Raise TooComplexError if ``value`` is a rational with too many digits."""
    if isinstance(value, sympy.Rational):
        for part in (value.p, value.q):
            if abs(part) >= _INTEGER_BOUND:
                raise TooComplexError(
                    "limits.integer_too_large", column, limit=limits.MAX_INTEGER_DIGITS
                )


def check_power(base: sympy.Expr, exponent: sympy.Expr, column: int | None) -> None:
    """Reject exponents and numeric powers too large to build.

    Called on the unevaluated parts, so ``2^2^2^2^2^2`` fails at the first
    power whose value would be too large, before SymPy computes it.
    """
    if exponent.is_Number and exponent.is_finite:
        size = abs(exponent)
        if size > limits.MAX_EXPONENT:
            exponent_text = str(exponent) if len(str(exponent)) < 30 else "…"
            raise TooComplexError(
                "limits.exponent_too_large", column, exponent=exponent_text,
                limit=limits.MAX_EXPONENT,
            )
        if base.is_Number and base.is_finite and base != 0:
            # Digits of the value: |exponent| * log10|base| (for both p and q).
            rational = sympy.Rational(base) if base.is_Rational else None
            if rational is not None:
                largest = max(abs(rational.p), abs(rational.q))
                digits = float(size) * math.log10(largest) if largest > 1 else 0.0
                if digits > limits.MAX_INTEGER_DIGITS:
                    raise TooComplexError(
                        "limits.integer_too_large", column, limit=limits.MAX_INTEGER_DIGITS
                    )


def decimal_to_rational(text: str) -> sympy.Rational:
    """Read "0.5" as the exact Rational 1/2 (never a float)."""
    whole, _, fraction = text.partition(".")
    digits = whole + fraction
    if len(digits.lstrip("0")) > limits.MAX_INTEGER_DIGITS:
        raise TooComplexError("limits.integer_too_large", None, limit=limits.MAX_INTEGER_DIGITS)
    scale = 10 ** len(fraction)
    return sympy.Rational(int(digits or "0"), scale)


def _column(token: Token) -> int:
    return (token.start_pos or 0) + 1


@v_args(inline=True)
class MathBuilder(Transformer):
    """Build SymPy expressions from the math rules of the grammar.

    With ``evaluate=False`` (backprop graphs) every node keeps the shape
    the learner typed: ``x * x`` stays a product of two x, not x**2.
    Columns recorded here are 1-based indices into the normalised text.
    """

    def __init__(self, evaluate: bool = True) -> None:
        super().__init__()
        self.evaluate = evaluate
        self.references: dict[sympy.Dummy, DerivativeReference] = {}
        self.notes: list[Note] = []

    # ------------------------------------------------------------ helpers

    def _note(self, key: str, **params: object) -> None:
        note = Note(key, params) if params else Note(key)
        if note not in self.notes:
            self.notes.append(note)

    def _add(self, *terms: sympy.Expr) -> sympy.Expr:
        result = sympy.Add(*terms, evaluate=self.evaluate)
        check_integer(result)
        return result

    def _mul(self, *factors: sympy.Expr) -> sympy.Expr:
        if len(factors) == 1:
            return factors[0]
        if not self.evaluate:
            return sympy.Mul(*factors, evaluate=False)

        # SymPy distributes a number over a sum (2*(x+1) -> 2*x + 2); keep
        # the product the learner typed, as the constant multiple rule
        # teaches it, by holding the number apart from the sum.
        coefficient = sympy.Mul(*[f for f in factors if f.is_Number])
        rest = sympy.Mul(*[f for f in factors if not f.is_Number])
        check_integer(coefficient)
        if rest.is_Add and coefficient != 1:
            return sympy.Mul(coefficient, rest, evaluate=False)
        return sympy.Mul(coefficient, rest)

    def _pow(self, base: sympy.Expr, exponent: sympy.Expr, column: int | None = None) -> sympy.Expr:
        check_power(base, exponent, column)
        if base == 0 and exponent.is_negative:
            raise ParseError("parsing.division_by_zero", column)
        if base == 0 and exponent.free_symbols:
            # 0^x is 0 for x > 0 and undefined for x <= 0, and ln 0 is undefined,
            # so the rule for a^x would give zoo·0^x.
            raise ParseError("parsing.zero_base_power", column)
        result = sympy.Pow(base, exponent, evaluate=self.evaluate)
        check_integer(result, column)
        return result

    def _negate(self, value: sympy.Expr) -> sympy.Expr:
        if value.is_Number or (self.evaluate and not value.is_Add):
            return -value
        # -(x+1) stays a negated sum, as typed.
        return sympy.Mul(sympy.S.NegativeOne, value, evaluate=False)

    def _placeholder(self, reference: DerivativeReference) -> sympy.Dummy:
        dummy = sympy.Dummy(f"d_{reference.name}")
        self.references[dummy] = reference
        return dummy

    # ------------------------------------------------------------ arithmetic

    def add(self, left, right):
        return self._add(left, right)

    def sub(self, left, right):
        return self._add(left, self._negate(right))

    def mul(self, left, right):
        return self._mul(left, right)

    def div(self, left, right):
        if right == 0 and self.evaluate:
            raise ParseError("parsing.division_by_zero")
        if self.evaluate:
            return self._mul(left, self._pow(right, sympy.S.NegativeOne))
        return sympy.Mul(left, sympy.Pow(right, -1, evaluate=False), evaluate=False)

    def sum_chain(self, first, *pairs):
        # Built from flatten.py: first, then (operation token, operand) pairs.
        terms = [first]
        for operation, operand in zip(pairs[::2], pairs[1::2]):
            terms.append(operand if operation == "add" else self._negate(operand))
        return self._add(*terms)

    def product_chain(self, first, *pairs):
        value = first
        for operation, operand in zip(pairs[::2], pairs[1::2]):
            value = self.mul(value, operand) if operation == "mul" else self.div(value, operand)
        return value

    def neg(self, value):
        return self._negate(value)

    def pow(self, base, token, exponent):
        return self._pow(base, exponent, _column(token))

    def juxt(self, *items):
        return self._mul(*items)

    def call_arg(self, *factors):
        return self._mul(*factors)

    def neg_arg(self, *factors):
        return self._negate(self._mul(*factors))

    def bare_call(self, head, argument, *rest):
        value = self.apply(head, [argument])
        return self._mul(value, *rest)

    def call(self, head, arguments):
        return self.apply(head, arguments)

    def args(self, *values):
        return list(values)

    # ------------------------------------------------------------ atoms

    def number(self, token):
        return decimal_to_rational(token.value)

    def implied_group(self, _open, value, _close):
        self._note("parsing.note_exp_implicit")
        return value

    def variable(self, token):
        if token.value == "e":
            return sympy.E
        return sympy.Symbol(token.value)

    def constant(self, token):
        return sympy.pi

    def e_power(self, _e, power_token, exponent):
        return self.pow(sympy.E, power_token, exponent)

    def abs_bars(self, _open, value, _close):
        return sympy.Abs(value, evaluate=self.evaluate)

    def primed(self, token):
        order = token.value.count("'")
        if order > limits.MAX_DERIVATIVE_ORDER:
            raise TooComplexError(
                "limits.order_too_high", _column(token), order=order,
                limit=limits.MAX_DERIVATIVE_ORDER,
            )
        name = token.value.rstrip("'")
        return self._placeholder(DerivativeReference(name, None, order, False, _column(token)))

    def d_named(self, token):
        match = _D_NAMED.fullmatch(token.value)
        top, name, variable, bottom = match.groups()
        order = int(top or 1)
        if order > limits.MAX_DERIVATIVE_ORDER:
            raise TooComplexError(
                "limits.order_too_high", _column(token), order=order,
                limit=limits.MAX_DERIVATIVE_ORDER,
            )
        if int(bottom or 1) != order:
            raise ParseError(
                "parsing.derivative_orders_differ", _column(token), top=order, bottom=int(bottom or 1)
            )
        variables = (sympy.Symbol(variable),) * order
        return self._placeholder(DerivativeReference(name, variables, order, False, _column(token)))

    def partial_named(self, token):
        name, variables = read_partial(token)
        return self._placeholder(DerivativeReference(name, variables, len(variables), True, _column(token)))

    # ------------------------------------------------------------ functions

    def func_head(self, token, power_token=None, power=None):
        if token.type == "LOG_BASE":
            if "_" in token.value:
                base_text = token.value.split("_", 1)[1]
            else:
                # "log10 x", glued by the post-lexer.
                base_text = token.value.removeprefix("log")
                self._note("parsing.note_log_glued_base", typed=token.value, base=base_text)
            base = (
                sympy.Integer(int(base_text)) if base_text.isdigit()
                else sympy.E if base_text == "e" else sympy.Symbol(base_text)
            )
            if base.is_Number and (base <= 0 or base == 1):
                raise ParseError("parsing.log_base_invalid", _column(token), base=base_text)
            return FunctionHead("log", None, base, _column(token))
        return FunctionHead(token.value, power, None, _column(token))

    def applied(self, token, arguments):
        """Build ``f(x)`` as an applied undefined function; the engine substitutes the definition."""
        return sympy.Function(token.value)(*arguments)

    def apply(self, head: FunctionHead, arguments: list[sympy.Expr]) -> sympy.Expr:
        """Apply the function ``head`` to ``arguments``, then its written power."""
        name, power = head.name, head.power
        expected = 2 if name == "max" else 1
        if len(arguments) != expected:
            raise ParseError(
                "parsing.argument_count", head.column, name=name, expected=expected,
                given=len(arguments),
            )

        if power is not None and power == -1 and name in _INVERSES:
            self._note("parsing.note_inverse_function", name=name)
            return _INVERSES[name](arguments[0], evaluate=self.evaluate)

        value = self._function_value(head, arguments)
        if power is None:
            return value
        return self._pow(value, power, head.column)

    def _function_value(self, head: FunctionHead, arguments: list[sympy.Expr]) -> sympy.Expr:
        name = head.name
        argument = arguments[0]
        if name == "log" and head.base is not None:
            if head.base == sympy.E:
                return sympy.log(argument, evaluate=self.evaluate)
            return sympy.log(argument, head.base, evaluate=self.evaluate)
        if name == "log":
            self._note("parsing.note_log_natural")
            return sympy.log(argument, evaluate=self.evaluate)
        if name == "ln":
            return sympy.log(argument, evaluate=self.evaluate)
        if name == "sqrt":
            return sympy.Pow(argument, sympy.S.Half, evaluate=self.evaluate)
        if name in ("sigmoid", "relu"):
            # The backprop engine reads these as applied undefined functions.
            return sympy.Function(name)(argument)
        if name == "max":
            return sympy.Max(*arguments, evaluate=self.evaluate)
        return _FUNCTIONS[name](argument, evaluate=self.evaluate)


def read_partial(token: Token) -> tuple[str, tuple[sympy.Symbol, ...]]:
    """Read ``∂^2z/∂x∂y`` into ("z", (x, y)) and check that the orders agree.

    The name is "" for the operator forms ``∂/∂x`` and ``∂^2/∂x^2``.
    """
    match = _PARTIAL.fullmatch(token.value.replace(" ", ""))
    top, name, bottom = match.groups()
    parts = [(letter, int(power or 1)) for letter, power in _PARTIAL_VARIABLE.findall(bottom)]
    order = int(top or 1)
    total = sum(power for _, power in parts)

    # Check the orders before building the variable list: ∂^999999999 must
    # not allocate a billion symbols.
    if max(order, total) > limits.MAX_DERIVATIVE_ORDER:
        raise TooComplexError(
            "limits.order_too_high", _column(token), order=max(order, total),
            limit=limits.MAX_DERIVATIVE_ORDER,
        )
    if order != total:
        raise ParseError("parsing.derivative_orders_differ", _column(token), top=order, bottom=total)
    variables = [sympy.Symbol(letter) for letter, power in parts for _ in range(power)]
    return name, tuple(variables)


def read_derivative_operator(token: Token) -> tuple[sympy.Symbol, int]:
    """Read ``d/dx`` or ``d^2/dx^2`` into (x, 2)."""
    match = _D_OP.fullmatch(token.value)
    top, variable, bottom = match.groups()
    order = int(top or 1)
    if int(bottom or 1) != order:
        raise ParseError(
            "parsing.derivative_orders_differ", _column(token), top=order, bottom=int(bottom or 1)
        )
    if order > limits.MAX_DERIVATIVE_ORDER:
        raise TooComplexError(
            "limits.order_too_high", _column(token), order=order, limit=limits.MAX_DERIVATIVE_ORDER
        )
    return sympy.Symbol(variable), order
