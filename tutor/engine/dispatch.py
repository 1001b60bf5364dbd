"""Route a parsed command to the engine module that traces it.

Each engine module exposes one ``trace_*(command, workspace) -> Trace``
function.  They are imported lazily so that ``difftutor explain "d/dx x^2"``
loads only the derivative engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from tutor.errors import UnsupportedError
from tutor.engine.steps import Trace
from tutor.parsing import commands

#: Command class name -> "module:function" of the engine that answers it.
TRACERS: dict[str, str] = {
    "Derivative": "tutor.engine.derivative:trace_derivative",
    "NamedDerivative": "tutor.engine.derivative:trace_named_derivative",
    "Partial": "tutor.engine.partial:trace_partial",
    "NamedPartial": "tutor.engine.partial:trace_named_partial",
    "Chain": "tutor.engine.partial:trace_chain",
    "Theorem": "tutor.engine.theorems:trace_theorem",
    "Motion": "tutor.engine.motion:trace_motion",
    "Classify": "tutor.engine.classify:trace_classify",
    "Interval": "tutor.engine.intervals:trace_interval",
    "Backprop": "tutor.engine.backprop:trace_backprop",
    "Train": "tutor.engine.training:trace_train",
}


@dataclass
class Workspace:
    """What the learner has defined in this conversation (``y = ...``, ``f(x) = ...``)."""

    definitions: dict[str, commands.Define] = field(default_factory=dict)

    def define(self, command: commands.Define) -> None:
        """Remember ``command``, replacing an earlier definition of the same name."""
        self.definitions[command.name] = command

    def lookup(self, name: str) -> commands.Define:
        """Return the definition of ``name`` or raise an error that says how to define it."""
        try:
            return self.definitions[name]
        except KeyError:
            raise UnsupportedError("engine.undefined_name", name=name) from None


def trace(command: commands.Command, workspace: Workspace | None = None) -> Trace:
    """Answer ``command`` with a Trace, using definitions from ``workspace``."""
    workspace = workspace if workspace is not None else Workspace()
    target = TRACERS.get(type(command).__name__)
    if target is None:
        raise UnsupportedError("engine.not_a_math_command", command=type(command).__name__)

    module_name, function_name = target.split(":")
    module = import_module(module_name)
    return getattr(module, function_name)(command, workspace)
