"""Check that every equation step of a trace is valid: ``before`` equals ``after`` as a function.

Steps with ``before`` or ``after`` set to None state a fact (a hypothesis
check, a sign chart row) and are not equations, so they are skipped.
"""

from __future__ import annotations

import sympy

from tutor.engine.realnum import evaluate_real
from tutor.engine.steps import Step


def _sample_points(symbols: list[sympy.Symbol]) -> list[dict[sympy.Symbol, sympy.Expr]]:
    # Positive, non-integer points away from the usual singularities (0, 1, π/2).
    return [
        {symbol: sympy.Rational(3 + 5 * index + 2 * position, 7) for position, symbol in enumerate(symbols)}
        for index in range(4)
    ]


def equal_as_functions(before: sympy.Basic, after: sympy.Basic) -> bool:
    """Return whether ``before`` and ``after`` agree at sample points (or simplify to the same)."""
    before, after = before.doit(), after.doit()
    symbols = sorted(before.free_symbols | after.free_symbols, key=lambda symbol: symbol.name)
    compared = 0
    for point in _sample_points(symbols):
        left, right = evaluate_real(before, point), evaluate_real(after, point)
        if left is None or right is None:
            continue
        compared += 1
        if abs(left - right) > 1e-9 * max(1, abs(left)):
            return False
    if compared:
        return True
    return sympy.simplify(before - after) == 0


def invalid_steps(steps: tuple[Step, ...]) -> list[tuple[str, sympy.Basic, sympy.Basic]]:
    """Return (rule, before, after) of every equation step, at any depth, that is not valid."""
    invalid = []
    for top in steps:
        for step in top.walk():
            if step.before is None or step.after is None:
                continue
            if not equal_as_functions(step.before, step.after):
                invalid.append((step.rule, step.before, step.after))
    return invalid


def equation_step_count(steps: tuple[Step, ...]) -> int:
    """Count the steps that are equations, so a test can show the check was not vacuous."""
    return sum(1 for top in steps for step in top.walk() if step.before is not None and step.after is not None)
