"""Answer a definition such as ``y = x^2`` or ``f(x, y) = x y``."""

from __future__ import annotations

import sympy

from tutor.engine.steps import Trace
from tutor.parsing.commands import Define


def trace_define(command: Define) -> Trace:
    """Acknowledge a definition; the workspace has already stored it."""
    if command.params:
        head = sympy.Function(command.name)(*command.params)
    else:
        head = sympy.Symbol(command.name)
    reading = sympy.Eq(head, command.expr, evaluate=False)
    return Trace(
        kind="define",
        reading=reading,
        steps=(),
        result={"name": command.name, "params": [str(p) for p in command.params], "expr": command.expr},
        notes=command.notes,
        extra={"summary_key": "engine.defined", "summary_params": {"definition": reading}},
    )
