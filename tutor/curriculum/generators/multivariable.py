"""Generators for partial derivatives, their values at a point, and dz/dt."""

from __future__ import annotations

from random import Random

import sympy

from tutor.curriculum.generators.base import (
    generator,
    input_text,
    is_clean_number,
    localized,
    make_item,
    nonzero,
    require,
    t,
    x,
    y,
)
from tutor.curriculum.model import Item

TOPIC = "partial"


def _two_variable_polynomial(rng: Random, difficulty: int) -> sympy.Expr:
    """Draw a polynomial in x and y with a mixed term, an x-only term and a y-only term.

    The mixed term makes the learner hold the other variable constant, and
    the one-variable terms make one of them vanish, whichever variable is asked.
    """
    top = 2 if difficulty == 1 else 3
    mixed = nonzero(rng, -6, 6) * x ** rng.randint(1, top - 1) * y ** rng.randint(1, top - 1)
    x_only = nonzero(rng, -6, 6) * x ** rng.randint(1, top)
    y_only = nonzero(rng, -6, 6) * y ** rng.randint(1, top)
    terms = [x_only, mixed, y_only]
    if difficulty >= 2:
        terms.append(nonzero(rng, -9, 9))
    if difficulty == 3:
        terms.append(rng.choice([sympy.exp(x * y), sympy.sin(x * y), sympy.exp(2 * x) * y, sympy.log(x) * y**2]))
    return sympy.Add(*terms)


@generator("partial", TOPIC)
def partial(rng: Random, difficulty: int) -> Item:
    """∂f/∂x or ∂f/∂y of a polynomial in x and y."""
    expr = _two_variable_polynomial(rng, difficulty)
    variable = rng.choice([x, y])
    derivative = sympy.diff(expr, variable)
    require(derivative.free_symbols >= {x, y} or difficulty == 1 and derivative.free_symbols)

    task = f"partial {input_text(expr)} wrt {variable}"
    return make_item(
        "partial",
        difficulty,
        localized("quiz.prompt.partial", f=expr, var=str(variable)),
        task,
        input_text(derivative),
        result_key="derivative",
    )


@generator("partial_value", TOPIC)
def partial_value(rng: Random, difficulty: int) -> Item:
    """f_x(a, b) or f_y(a, b): a whole number at a small integer point."""
    expr = _two_variable_polynomial(rng, min(difficulty, 2))
    variable = rng.choice([x, y])
    a, b = rng.randint(-3, 4), rng.randint(-3, 4)
    if difficulty == 1:
        a, b = rng.randint(1, 3), rng.randint(1, 3)
    value = sympy.diff(expr, variable).subs({x: a, y: b})
    require(value != 0 and is_clean_number(value, 1, 500))

    task = f"partial {input_text(expr)} wrt {variable} at ({a}, {b})"
    return make_item(
        "partial_value",
        difficulty,
        localized("quiz.prompt.partial_value", f=expr, var=str(variable), a=a, b=b),
        task,
        str(value),
        answer_type="number",
        result_key="value",
    )


def _path(rng: Random, difficulty: int) -> tuple[sympy.Expr, sympy.Expr]:
    """Draw x(t) and y(t): polynomials, then cos t and sin t, then e^t with a power of t."""
    if difficulty == 1:
        return nonzero(rng, -4, 4) * t + nonzero(rng, -3, 3), t ** rng.randint(2, 3)
    if difficulty == 2:
        k = rng.choice([1, 1, 2, 3])
        return sympy.cos(k * t), sympy.sin(k * t)
    return sympy.exp(rng.choice([1, 2]) * t), t ** rng.randint(2, 3)


@generator("chain_multivariable", TOPIC)
def chain_multivariable(rng: Random, difficulty: int) -> Item:
    """dz/dt for z = f(x, y) with x = x(t), y = y(t)."""
    z_of = rng.choice([
        x**2 * y, x * y**2, x**2 + y**2, x * y + x**2, x**3 * y, x**2 - x * y,
    ]) * rng.choice([1, 1, 2, 3])
    x_of, y_of = _path(rng, difficulty)
    derivative = sympy.diff(z_of.subs({x: x_of, y: y_of}), t)
    require(derivative != 0)

    task = f"chain z = {input_text(z_of)}; x = {input_text(x_of)}; y = {input_text(y_of)}"
    return make_item(
        "chain_multivariable",
        difficulty,
        localized("quiz.prompt.chain_multivariable", z=z_of, x=x_of, y=y_of),
        task,
        input_text(derivative),
        result_key="derivative",
    )
