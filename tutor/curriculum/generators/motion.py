"""Generators for motion along the number line: velocity, acceleration, direction changes."""

from __future__ import annotations

from random import Random

import sympy

from tutor.curriculum.generators.base import (
    generator,
    input_text,
    localized,
    make_item,
    nonzero,
    require,
    t,
)
from tutor.curriculum.model import Item

TOPIC = "motion"


def _position(rng: Random) -> tuple[sympy.Expr, tuple[int, int]]:
    """Draw x(t) whose velocity 3a (t - r1)(t - r2) has whole-number roots r1 < r2 in t > 0."""
    r1, r2 = sorted(rng.sample(range(1, 6), 2))
    a = rng.choice([-2, -1, 1, 2]) * (1 if (r1 + r2) % 2 == 0 else 2)
    velocity = 3 * a * (t - r1) * (t - r2)
    position = sympy.expand(sympy.integrate(velocity, t)) + rng.randint(-5, 5)
    return position, (r1, r2)


@generator("motion", TOPIC)
def motion(rng: Random, difficulty: int) -> Item:
    """Velocity at a time, then acceleration, then the times the direction changes."""
    position, roots = _position(rng)
    velocity = sympy.diff(position, t)
    acceleration = sympy.diff(velocity, t)
    moment = rng.randint(1, 6)

    if difficulty == 1:
        key, value, answer_type = "velocity_at", velocity.subs(t, moment), "number"
        require(value != 0)
    elif difficulty == 2:
        key, value, answer_type = "acceleration_at", acceleration.subs(t, moment), "number"
        require(value != 0)
    else:
        key, value, answer_type = "direction_changes", ", ".join(str(root) for root in roots), "c_values"

    require(all(coefficient.is_Integer for coefficient in sympy.Poly(position, t).coeffs()))
    task = f"motion x = {input_text(position)} at t = {moment}"
    return make_item(
        "motion",
        difficulty,
        localized(f"quiz.prompt.motion_{key}", x=position, t=moment),
        task,
        str(value),
        answer_type=answer_type,
        result_key=key,
    )
