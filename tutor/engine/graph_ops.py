"""The node operations of a backprop graph: forward value, local gradients, symbolic form.

Each operation follows the same beats (micrograd's shape): check that the
inputs are in the operation's domain, compute the output value, and give
the local gradient of the output with respect to each input.  Values are
exact SymPy numbers; a value that is undefined at the point raises
MathDomainError instead of becoming NaN or ``zoo``.

Conventions at the points where an operation is not differentiable:
relu'(0) = 0, and at a tie of max(a, b) the whole gradient goes to the
first argument (a).  ``symbolic`` encodes the same conventions with
Piecewise, so ``sympy.diff`` of the symbolic form agrees with backprop.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import mpmath
import sympy

from tutor.engine.graph_values import evaluate_numeric
from tutor.errors import MathDomainError

#: Digits used when the sign of an exact value must be decided numerically.
_SIGN_DIGITS = 30


def sign_of(value: sympy.Expr) -> int:
    """Return -1, 0 or 1 for a real value; raise MathDomainError for anything else."""
    if value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo) or value.is_extended_real is False:
        raise MathDomainError("backprop.undefined_value", value=value)
    if value.is_Rational or value.is_Float:
        return int(bool(value > 0)) - int(bool(value < 0))

    # NOTE: the sign of an irrational closed form is judged by 30 digits;
    # a value closer to zero than 1e-25 counts as zero.
    approx = evaluate_numeric(value, _SIGN_DIGITS)
    if isinstance(approx, mpmath.mpc) or not mpmath.isfinite(approx):
        raise MathDomainError("backprop.undefined_value", value=value)
    if abs(approx) < mpmath.mpf(10) ** (-(_SIGN_DIGITS - 5)):
        return 0
    return 1 if approx > 0 else -1


def _is_integer_valued(value: sympy.Expr) -> bool:
    return bool(value.is_integer)


@dataclass(frozen=True)
class Op:
    """One node operation.

    ``forward(args)`` returns the output value.  ``local(args, out)``
    returns the local gradient with respect to each argument.
    ``symbolic(args)`` is the operation as an ordinary SymPy expression
    for ``sympy.diff``.  ``formula(args, out)`` gives the local gradients
    written with the node names, for explanations.  ``symbol`` labels the
    node in drawings.
    """

    name: str
    arity: int
    symbol: str
    forward: Callable[[Sequence[sympy.Expr]], sympy.Expr]
    local: Callable[[Sequence[sympy.Expr], sympy.Expr], tuple[sympy.Expr, ...]]
    symbolic: Callable[[Sequence[sympy.Expr]], sympy.Expr]
    formula: Callable[[Sequence[sympy.Expr], sympy.Expr], tuple[sympy.Expr, ...]]


# ---------------------------------------------------------------- arithmetic


def _div_forward(args: Sequence[sympy.Expr]) -> sympy.Expr:
    a, b = args
    if sign_of(b) == 0:
        raise MathDomainError("backprop.division_by_zero", numerator=a)
    return a / b


def _pow_forward(args: Sequence[sympy.Expr]) -> sympy.Expr:
    base, exponent = args
    base_sign = sign_of(base)
    if base_sign == 0 and sign_of(exponent) < 0:
        raise MathDomainError("backprop.zero_negative_power", exponent=exponent)
    if base_sign < 0 and not _is_integer_valued(exponent):
        raise MathDomainError("backprop.negative_fractional_power", base=base, exponent=exponent)
    return base**exponent


def _pow_local(args: Sequence[sympy.Expr], out: sympy.Expr) -> tuple[sympy.Expr, ...]:
    base, exponent = args
    if sign_of(base) == 0 and sign_of(exponent - 1) < 0:
        # d/dx x^p at x = 0 is infinite for p < 1 (e.g. sqrt at 0).
        raise MathDomainError("backprop.pow_gradient_undefined", base=base, exponent=exponent)
    d_base = exponent * base ** (exponent - 1)
    # The gradient along the exponent needs ln(base), which exists only for
    # base > 0; callers skip it when the exponent is a constant.
    d_exponent = out * sympy.log(base) if sign_of(base) > 0 else sympy.nan
    return d_base, d_exponent


# ---------------------------------------------------------------- functions


def _log_forward(args: Sequence[sympy.Expr]) -> sympy.Expr:
    (a,) = args
    if sign_of(a) <= 0:
        raise MathDomainError("backprop.log_domain", value=a)
    return sympy.log(a)


def _sigmoid(u: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-u))


def _relu_forward(args: Sequence[sympy.Expr]) -> sympy.Expr:
    (a,) = args
    return a if sign_of(a) > 0 else sympy.Integer(0)


def _relu_local(args: Sequence[sympy.Expr], out: sympy.Expr) -> tuple[sympy.Expr, ...]:
    # relu'(0) = 0 by convention (as in PyTorch).
    return (sympy.Integer(1) if sign_of(args[0]) > 0 else sympy.Integer(0),)


def _max_forward(args: Sequence[sympy.Expr]) -> sympy.Expr:
    a, b = args
    return a if sign_of(a - b) >= 0 else b


def _max_local(args: Sequence[sympy.Expr], out: sympy.Expr) -> tuple[sympy.Expr, ...]:
    a, b = args
    first_wins = sign_of(a - b) >= 0
    one, zero = sympy.Integer(1), sympy.Integer(0)
    return (one, zero) if first_wins else (zero, one)


def _relu_symbolic(args: Sequence[sympy.Expr]) -> sympy.Expr:
    (a,) = args
    return sympy.Piecewise((a, a > 0), (0, True))


def _max_symbolic(args: Sequence[sympy.Expr]) -> sympy.Expr:
    a, b = args
    return sympy.Piecewise((a, a >= b), (b, True))


OPS: dict[str, Op] = {
    "add": Op(
        "add", 2, "+",
        forward=lambda args: args[0] + args[1],
        local=lambda args, out: (sympy.Integer(1), sympy.Integer(1)),
        symbolic=lambda args: args[0] + args[1],
        formula=lambda args, out: (sympy.Integer(1), sympy.Integer(1)),
    ),
    "sub": Op(
        "sub", 2, "−",
        forward=lambda args: args[0] - args[1],
        local=lambda args, out: (sympy.Integer(1), sympy.Integer(-1)),
        symbolic=lambda args: args[0] - args[1],
        formula=lambda args, out: (sympy.Integer(1), sympy.Integer(-1)),
    ),
    # The local gradient of a product is the other input: the lecture's
    # "switched values".
    "mul": Op(
        "mul", 2, "×",
        forward=lambda args: args[0] * args[1],
        local=lambda args, out: (args[1], args[0]),
        symbolic=lambda args: args[0] * args[1],
        formula=lambda args, out: (args[1], args[0]),
    ),
    "div": Op(
        "div", 2, "÷",
        forward=_div_forward,
        local=lambda args, out: (1 / args[1], -args[0] / args[1] ** 2),
        symbolic=lambda args: args[0] / args[1],
        formula=lambda args, out: (1 / args[1], -args[0] / args[1] ** 2),
    ),
    "neg": Op(
        "neg", 1, "−",
        forward=lambda args: -args[0],
        local=lambda args, out: (sympy.Integer(-1),),
        symbolic=lambda args: -args[0],
        formula=lambda args, out: (sympy.Integer(-1),),
    ),
    "pow": Op(
        "pow", 2, "^",
        forward=_pow_forward,
        local=_pow_local,
        symbolic=lambda args: args[0] ** args[1],
        formula=lambda args, out: (args[1] * args[0] ** (args[1] - 1), out * sympy.log(args[0])),
    ),
    "exp": Op(
        "exp", 1, "exp",
        forward=lambda args: sympy.exp(args[0]),
        local=lambda args, out: (out,),
        symbolic=lambda args: sympy.exp(args[0]),
        formula=lambda args, out: (out,),
    ),
    "log": Op(
        "log", 1, "ln",
        forward=_log_forward,
        local=lambda args, out: (1 / args[0],),
        symbolic=lambda args: sympy.log(args[0]),
        formula=lambda args, out: (1 / args[0],),
    ),
    "sin": Op(
        "sin", 1, "sin",
        forward=lambda args: sympy.sin(args[0]),
        local=lambda args, out: (sympy.cos(args[0]),),
        symbolic=lambda args: sympy.sin(args[0]),
        formula=lambda args, out: (sympy.cos(args[0]),),
    ),
    "cos": Op(
        "cos", 1, "cos",
        forward=lambda args: sympy.cos(args[0]),
        local=lambda args, out: (-sympy.sin(args[0]),),
        symbolic=lambda args: sympy.cos(args[0]),
        formula=lambda args, out: (-sympy.sin(args[0]),),
    ),
    "tanh": Op(
        "tanh", 1, "tanh",
        forward=lambda args: sympy.tanh(args[0]),
        local=lambda args, out: (1 - out**2,),
        symbolic=lambda args: sympy.tanh(args[0]),
        formula=lambda args, out: (1 - out**2,),
    ),
    "sigmoid": Op(
        "sigmoid", 1, "σ",
        forward=lambda args: _sigmoid(args[0]),
        local=lambda args, out: (out * (1 - out),),
        symbolic=lambda args: _sigmoid(args[0]),
        formula=lambda args, out: (out * (1 - out),),
    ),
    "relu": Op(
        "relu", 1, "relu",
        forward=_relu_forward,
        local=_relu_local,
        symbolic=_relu_symbolic,
        formula=lambda args, out: (sympy.Heaviside(args[0], 0),),
    ),
    "max": Op(
        "max", 2, "max",
        forward=_max_forward,
        local=_max_local,
        symbolic=_max_symbolic,
        formula=lambda args, out: (sympy.Heaviside(args[0] - args[1], 1),
                                   sympy.Heaviside(args[1] - args[0], 0)),
    ),
}
