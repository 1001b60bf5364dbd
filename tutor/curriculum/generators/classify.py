"""Generators for classifying ordinary differential equations by order, degree and linearity.

The equation is assembled from terms whose effect on the classification
is known, so the expected answer comes from the construction, not from
the engine: the order is the highest derivative, the degree is the power
of that highest-order derivative, and the equation is linear only when y
and every derivative appear to the first power, never multiplied together.
"""

from __future__ import annotations

from random import Random

from tutor.curriculum.generators.base import generator, localized, make_item, nonzero
from tutor.curriculum.model import Item

TOPIC = "classify"


def _derivative_text(order: int) -> str:
    if order == 1:
        return "dy/dx"
    return f"d^{order}y/dx^{order}"


def _coefficient_text(rng: Random) -> str:
    """Draw a coefficient that depends on x only, written before a derivative with a space."""
    return rng.choice(["", "2", "3", "x", "2x", "x^2", "3x^2", "x^3"])


def _term(coefficient: str, body: str) -> str:
    return f"{coefficient} {body}".strip() if coefficient else body


def build_equation(rng: Random, order: int, degree: int, linear: bool) -> str:
    """Write an ODE in y(x) with the given order, degree and linearity."""
    highest = _derivative_text(order)
    leading = highest if degree == 1 else f"({highest})^{degree}"
    terms = [_term(rng.choice(["", "", "2", "x"]), leading)]

    lower = rng.randint(0, order - 1)
    lower_text = "y" if lower == 0 else _derivative_text(lower)
    if linear or degree > 1:
        terms.append(_term(_coefficient_text(rng), lower_text))
    else:
        # A product or a power of y and the lower-order derivatives makes an
        # equation non-linear without changing its degree.  A power of the
        # highest derivative would change the degree, so it is not used here.
        options = ["y^2", f"y {_derivative_text(order)}"]
        if lower >= 1:
            options += [f"y {_derivative_text(lower)}", f"({_derivative_text(lower)})^2"]
        terms.append(rng.choice(options))
    if rng.random() < 0.5 and lower != 0:
        terms.append(_term(_coefficient_text(rng), "y"))

    right = rng.choice(["0", "0", "sin x", "x^2", "e^x", str(nonzero(rng, -5, 5))])
    return " + ".join(terms) + f" = {right}"


@generator("classify", TOPIC)
def classify(rng: Random, difficulty: int) -> Item:
    """Ask for the order, then order and degree, then order, degree and linearity of an ODE."""
    order = rng.randint(1, 2 if difficulty == 1 else 3)
    degree = 1 if difficulty == 1 else rng.randint(1, 3)
    linear = degree == 1 and rng.random() < 0.5
    equation = build_equation(rng, order, degree, linear)
    task = f"classify {equation}"

    if difficulty == 1:
        return make_item(
            "classify", difficulty, localized("quiz.prompt.classify_order", equation=equation),
            task, str(order), answer_type="number", result_key="order",
        )
    if difficulty == 2:
        return make_item(
            "classify", difficulty, localized("quiz.prompt.classify_order_degree", equation=equation),
            task, f"order {order}, degree {degree}", answer_type="classification",
        )
    linearity = "linear" if linear else "non-linear"
    return make_item(
        "classify", difficulty, localized("quiz.prompt.classify_full", equation=equation),
        task, f"order {order}, degree {degree}, {linearity}", answer_type="classification",
    )
