"""Parsed commands: what the grammar turns one line of learner text into.

These dataclasses are the contract between tutor.parsing and everything
above it.  Expressions are SymPy objects built by the transformer (never by
sympify).  ``source`` is the learner's text after normalisation, and
``notes`` carries remarks about the reading that the reply must mention
(``log`` read as the natural log, ``e^2x`` read as e^(2x)).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from tutor.engine.steps import Note


@dataclass(frozen=True)
class Command:
    """Base of all parsed commands."""

    source: str = field(default="", kw_only=True)
    notes: tuple[Note, ...] = field(default=(), kw_only=True)


# ---------------------------------------------------------------- math


@dataclass(frozen=True)
class Derivative(Command):
    """``d/dx EXPR``, ``d^2/dx^2 EXPR``, ``diff EXPR wrt x``, ``미분 EXPR``.

    ``var`` is None when the learner did not name it; the engine then
    picks the only free symbol, or x, or asks.
    """

    expr: sympy.Expr
    var: sympy.Symbol | None = None
    order: int = 1


@dataclass(frozen=True)
class Define(Command):
    """``y = EXPR`` or ``f(x) = EXPR`` / ``f(x, y) = EXPR``: remember a name."""

    name: str
    params: tuple[sympy.Symbol, ...]
    expr: sympy.Expr


@dataclass(frozen=True)
class NamedDerivative(Command):
    """``dy/dx``, ``d^2y/dx^2``, ``y'``, ``y''``, ``f'(x)``, ``f''(2)``.

    Refers to a name defined earlier.  ``var`` is None for the prime
    forms; ``at`` is the argument of ``f'(2)`` when it is a value.
    """

    name: str
    var: sympy.Symbol | None
    order: int = 1
    at: sympy.Expr | None = None


@dataclass(frozen=True)
class Point:
    """A point: positional ``(2, 3)`` (``names`` None) or ``x = 2, y = 3``."""

    values: tuple[sympy.Expr, ...]
    names: tuple[sympy.Symbol, ...] | None = None


@dataclass(frozen=True)
class Partial(Command):
    """``partial EXPR wrt x[, y] [at ...]``, ``∂/∂x EXPR``, ``∂^2z/∂x∂y``.

    ``derivatives`` lists each derivative asked for as the variables in
    the order of differentiation: ``wrt x, y`` is ``((x,), (y,))``,
    ``f_xy`` (x first, then y) and ``∂^2/∂y∂x`` (the rightmost ∂ first)
    are ``((x, y),)``, and ``∂^2/∂x^2`` is ``((x, x),)``.
    """

    expr: sympy.Expr
    derivatives: tuple[tuple[sympy.Symbol, ...], ...]
    point: Point | None = None


@dataclass(frozen=True)
class NamedPartial(Command):
    """``f_x``, ``f_xy(2, 3)`` for a function defined earlier."""

    name: str
    variables: tuple[sympy.Symbol, ...]
    point: Point | None = None


@dataclass(frozen=True)
class Chain(Command):
    """``chain z = x^2 y; x = cos t; y = sin t`` (or ``dz/dt z = ..., ...``).

    ``target`` is the outer dependent variable (z); ``definitions`` are
    the learner's equations in order, the first defining ``target``;
    ``param`` is the final independent variable (t), None when it must be
    inferred as the one symbol left.
    """

    target: sympy.Symbol
    definitions: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
    param: sympy.Symbol | None = None


@dataclass(frozen=True)
class Theorem(Command):
    """``mvt EXPR on [a, b]`` or ``rolle EXPR on [a, b]``."""

    theorem: str  # "mvt" or "rolle"
    expr: sympy.Expr
    var: sympy.Symbol | None
    a: sympy.Expr
    b: sympy.Expr


@dataclass(frozen=True)
class Motion(Command):
    """``motion x = 2t^3 - 6t [at t = 1, 2] [on [0, 3]]``.

    ``name`` is the position's name (x, s); ``var`` the time variable.
    """

    name: str
    expr: sympy.Expr
    var: sympy.Symbol
    times: tuple[sympy.Expr, ...] = ()
    interval: tuple[sympy.Expr, sympy.Expr] | None = None


@dataclass(frozen=True)
class Classify(Command):
    """``classify EQUATION``.

    ``equation`` is a ``sympy.Eq`` whose derivatives are
    ``sympy.Derivative(y(x), x, n)`` of applied undefined functions; every
    bare occurrence of a dependent variable is the applied function too.
    """

    equation: sympy.Eq


@dataclass(frozen=True)
class Backprop(Command):
    """``backprop EXPR at x = -2, y = 5 [upstream 1.5]`` or named nodes.

    ``assignments`` are the named intermediate nodes in order
    (``q = x + y; f = q * z`` gives ``((q, x + y), (f, q*z))``) and
    ``output`` is the last expression; for the one-expression form the
    assignments are empty.  Expressions keep their shape: the transformer
    builds them with ``evaluate=False`` so ``x * x`` stays a product of two
    uses of x.
    """

    assignments: tuple[tuple[sympy.Symbol, sympy.Expr], ...]
    output: sympy.Expr
    point: Point
    upstream: sympy.Expr = sympy.Integer(1)


@dataclass(frozen=True)
class Train(Command):
    """``train perceptron and`` or ``train sigmoid or [rate 0.5] [epochs 20]``."""

    model: str  # "perceptron" or "sigmoid"
    gate: str  # "and", "or", "nand", "nor", "xor"
    rate: sympy.Expr | None = None
    epochs: int | None = None


@dataclass(frozen=True)
class Interval(Command):
    """``interval (0, 5]`` with an optional membership query ``contains 5``."""

    a: sympy.Expr
    b: sympy.Expr
    left_closed: bool
    right_closed: bool
    query: sympy.Expr | None = None


@dataclass(frozen=True)
class Expression(Command):
    """A bare expression: an answer in a lesson or quiz, or a question in chat."""

    expr: sympy.Expr


# ---------------------------------------------------------------- session


@dataclass(frozen=True)
class SessionCommand(Command):
    """``hint``, ``steps``, ``next``, ``skip``, ``lessons``, ``progress``,
    ``help``, ``quit`` and their Korean words.

    ``action`` is the English word; ``argument`` holds ``lesson NAME``'s
    name, ``quiz TOPIC``'s topic, or ``lang ko``'s code.
    """

    action: str
    argument: str | None = None


SESSION_ACTIONS = (
    "hint", "steps", "next", "skip", "lessons", "lesson", "quiz",
    "progress", "lang", "help", "quit",
)
