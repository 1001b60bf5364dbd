"""Generators for backpropagation on small computational graphs.

Level 1 is one add or multiply node with an upstream gradient, level 2
the lecture's shape q = x + y, f = q z, and level 3 a graph where one
input fans out to two nodes, so its gradients along both paths must be
summed.  Input values are small integers, so every gradient is exact.
"""

from __future__ import annotations

from random import Random

import sympy

from tutor.curriculum.generators.base import generator, localized, make_item, nonzero, require, x, y, z
from tutor.curriculum.model import Item

TOPIC = "backprop"

q = sympy.Symbol("q")


def _point_text(values: dict[str, int]) -> str:
    return ", ".join(f"{name} = {value}" for name, value in values.items())


@generator("backprop", TOPIC)
def backprop(rng: Random, difficulty: int) -> Item:
    """Ask for the gradients of the output with respect to every input (and q)."""
    values = {"x": nonzero(rng, -5, 6), "y": nonzero(rng, -5, 6)}
    upstream = sympy.Integer(1)

    if difficulty == 1:
        operation = rng.choice(["+", "*"])
        upstream = sympy.Rational(rng.choice([1, 2, 3, 4, 5]), rng.choice([1, 2]))
        output = x + y if operation == "+" else x * y
        graph = f"x {operation} y"
    elif difficulty == 2:
        values["z"] = nonzero(rng, -5, 6)
        inner, outer = rng.choice([("+", "*"), ("*", "+"), ("-", "*")])
        inner_expr = {"+": x + y, "*": x * y, "-": x - y}[inner]
        output = inner_expr * z if outer == "*" else inner_expr + z
        graph = f"q = x {inner} y; f = q {outer} z"
    else:
        inner = rng.choice(["+", "*"])
        inner_expr = x + y if inner == "+" else x * y
        output = inner_expr * x
        graph = f"q = x {inner} y; f = q * x"

    point = {sympy.Symbol(name): value for name, value in values.items()}
    gradients = {name: upstream * sympy.diff(output, sympy.Symbol(name)).subs(point) for name in values}
    if difficulty > 1:
        # ∂f/∂q: write f in terms of q by substituting q for its expression, then differentiate.
        gradients["q"] = upstream * sympy.diff(output.subs(inner_expr, q), q).subs(point)
    require(all(gradient != 0 for gradient in gradients.values()))

    task = f"backprop {graph} at {_point_text(values)}"
    if upstream != 1:
        task += f" upstream {upstream}"
    expected = ", ".join(f"{name} = {gradient}" for name, gradient in gradients.items())
    names = ", ".join(gradients)
    return make_item(
        "backprop",
        difficulty,
        localized("quiz.prompt.backprop", graph=graph, point=_point_text(values), upstream=str(upstream), names=names),
        task,
        expected,
        answer_type="gradients",
        result_key="gradients",
    )
