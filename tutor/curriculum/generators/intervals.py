"""Generators for interval notation: from inequalities to brackets."""

from __future__ import annotations

from random import Random

import sympy

from tutor.curriculum.generators.base import generator, localized, make_item
from tutor.curriculum.model import Item

TOPIC = "interval"


def _endpoints(rng: Random, difficulty: int) -> tuple[sympy.Rational, sympy.Rational]:
    """Draw a < b: small whole numbers, then negative ones too, then halves."""
    if difficulty == 1:
        a = sympy.Integer(rng.randint(0, 8))
        return a, a + rng.randint(1, 10)
    if difficulty == 2:
        a = sympy.Integer(rng.randint(-9, 8))
        return a, a + rng.randint(1, 10)
    a = sympy.Rational(rng.randint(-9, 8), 2)
    b = a + sympy.Rational(rng.randint(1, 12), 2)
    if a.q == 1 and b.q == 1:
        b += sympy.Rational(1, 2)
    return a, b


@generator("interval", TOPIC)
def interval(rng: Random, difficulty: int) -> Item:
    """Write a < x ≤ b (or another bracket shape) as an interval; open or closed first, half-open later."""
    a, b = _endpoints(rng, difficulty)
    if difficulty == 1:
        left_closed, right_closed = rng.choice([(False, False), (True, True)])
    else:
        left_closed, right_closed = rng.choice([(True, False), (False, True), (False, False), (True, True)])

    left = "≤" if left_closed else "<"
    right = "≤" if right_closed else "<"
    notation = f"{'[' if left_closed else '('}{a}, {b}{']' if right_closed else ')'}"
    return make_item(
        "interval",
        difficulty,
        localized("quiz.prompt.interval", a=str(a), b=str(b), left=left, right=right),
        f"interval {notation}",
        notation,
        answer_type="interval",
        result_key="interval",
    )
