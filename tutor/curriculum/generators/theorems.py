"""Generators for the mean value theorem and Rolle's theorem.

Items where the theorem applies ask for every c in (a, b), built so that
each c is rational.  The hardest level asks whether the theorem applies
at all, on functions where one hypothesis fails: a pole inside the
interval (not continuous), a corner |x - s| (not differentiable), or,
for Rolle, f(a) ≠ f(b).
"""

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
    x,
)
from tutor.curriculum.model import Item

TOPIC = "theorems"

#: The answer choices of a "does it apply?" item, in order; ``expected`` is a 1-based index.
#: The names are the engine's hypothesis ids (``hypothesis`` in the trace result).
HYPOTHESIS_CHOICES = ("applies", "continuity", "differentiability", "equal_endpoints")


def _c_values(expr: sympy.Expr, a: int, b: int, slope: sympy.Expr) -> list[sympy.Expr]:
    """Return every c in the open interval (a, b) with f'(c) = slope, sorted; ``expr`` is a polynomial."""
    equation = sympy.Poly(sympy.diff(expr, x) - slope, x)
    require(not equation.is_zero)
    solutions = sympy.roots(equation, x)
    return sorted(value for value in solutions if value.is_real and a < value < b)


def _theorem_item(skill: str, difficulty: int, expr: sympy.Expr, a: int, b: int) -> Item:
    """Build an item asking for the c values, which must all be clean rationals."""
    slope = (expr.subs(x, b) - expr.subs(x, a)) / (b - a)
    values = _c_values(expr, a, b, slope)
    require(bool(values) and all(is_clean_number(value, 6, 100) for value in values))

    task = f"{skill} {input_text(expr)} on [{a}, {b}]"
    return make_item(
        skill,
        difficulty,
        localized(f"quiz.prompt.{skill}", f=expr, a=a, b=b),
        task,
        ", ".join(str(value) for value in values),
        answer_type="c_values",
        result_key="c",
    )


def _hypothesis_item(skill: str, difficulty: int, expr: sympy.Expr, a: int, b: int, failed: str) -> Item:
    """Build an item asking whether the theorem applies; ``failed`` names the failing hypothesis."""
    task = f"{skill} {input_text(expr)} on [{a}, {b}]"
    choices = tuple(localized(f"quiz.hypothesis.{name}") for name in HYPOTHESIS_CHOICES)
    if skill == "mvt":
        choices = choices[:3]
    return make_item(
        skill,
        difficulty,
        localized(f"quiz.prompt.{skill}_applies", f=expr, a=a, b=b),
        task,
        str(HYPOTHESIS_CHOICES.index(failed) + 1),
        answer_type="choice",
        result_key="hypothesis",
        choices=choices,
    )


def _failing_function(rng: Random, a: int, b: int, symmetric: bool) -> tuple[sympy.Expr, str]:
    """Draw a function on [a, b] that is not continuous or not differentiable at a point inside."""
    s = (a + b) // 2 if symmetric else rng.randint(a + 1, b - 1)
    if rng.random() < 0.5:
        power = 2 if symmetric else rng.choice([1, 2])
        return nonzero(rng, -4, 4) / (x - s) ** power, "continuity"
    return sympy.Abs(x - s) * rng.choice([1, 2, 3]), "differentiability"


@generator("mvt", TOPIC)
def mean_value(rng: Random, difficulty: int) -> Item:
    """c with f'(c) = (f(b) - f(a)) / (b - a): quadratics, then cubics, then a failed hypothesis."""
    a = rng.randint(-3, 2)
    b = a + rng.randint(2, 5)
    if difficulty == 1:
        expr = nonzero(rng, -4, 4) * x**2 + rng.randint(-5, 5) * x + rng.randint(-5, 5)
        return _theorem_item("mvt", difficulty, expr, a, b)
    if difficulty == 2:
        # For f = p (x³ + q x² + r x), f'(c) equals the slope exactly when
        # q (2c - a - b) = a² + ab + b² - 3c², so choose c and solve for q.
        c = rng.randint(a + 1, b - 1)
        require(2 * c != a + b)
        q, remainder = divmod(a * a + a * b + b * b - 3 * c * c, 2 * c - a - b)
        require(remainder == 0 and abs(q) <= 9)
        expr = nonzero(rng, -2, 2) * (x**3 + q * x**2 + rng.randint(-5, 5) * x)
        return _theorem_item("mvt", difficulty, sympy.expand(expr), a, b)

    expr, failed = _failing_function(rng, a, b, symmetric=False)
    return _hypothesis_item("mvt", difficulty, expr, a, b, failed)


@generator("rolle", TOPIC)
def rolle(rng: Random, difficulty: int) -> Item:
    """c with f'(c) = 0 when f(a) = f(b); the hardest level names the failed hypothesis."""
    if difficulty == 1:
        m, h = rng.randint(-3, 4), rng.randint(1, 4)
        expr = sympy.expand(nonzero(rng, -3, 3) * (x - m) ** 2 + rng.randint(-5, 5))
        return _theorem_item("rolle", difficulty, expr, m - h, m + h)
    if difficulty == 2:
        r = 3 * rng.randint(1, 3)
        p = nonzero(rng, -3, 3)
        shape = rng.choice([x**2 * (x - r), x * (x - r) ** 2])
        return _theorem_item("rolle", difficulty, sympy.expand(p * shape), 0, r)

    kind = rng.choice(["equal_endpoints", "other"])
    if kind == "equal_endpoints":
        a = rng.randint(-2, 1)
        b = a + rng.randint(2, 5)
        expr = sympy.expand(nonzero(rng, -3, 3) * x**2 + nonzero(rng, -5, 5) * x)
        require(expr.subs(x, a) != expr.subs(x, b))
        return _hypothesis_item("rolle", difficulty, expr, a, b, "equal_endpoints")

    center, h = rng.randint(-2, 3), rng.randint(1, 4)
    expr, failed = _failing_function(rng, center - h, center + h, symmetric=True)
    require(expr.subs(x, center - h) == expr.subs(x, center + h))
    return _hypothesis_item("rolle", difficulty, expr, center - h, center + h, failed)
