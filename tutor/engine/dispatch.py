"""Route a parsed command to the engine module that traces it.

Each engine module exposes one ``trace_*(command, workspace) -> Trace``
function.  They are imported lazily so that ``difftutor explain "d/dx x^2"``
loads only the derivative engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

import sympy
from sympy.core.function import AppliedUndef

from tutor.errors import UnsupportedError
from tutor.engine.steps import Trace
from tutor.parsing import commands
from tutor.parsing.limits_check import check_node_count
from tutor.parsing.tokens import APPLIED_FUNCTION_NAMES

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
    """The names the learner has defined in this conversation (``y = ...``, ``f(x) = ...``)."""

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

    def expand(
        self, expr: sympy.Expr, keep: frozenset[str] = frozenset()
    ) -> tuple[sympy.Expr, tuple[commands.Define, ...]]:
        """Replace defined names in ``expr`` by their definitions; return it and the definitions used.

        ``y`` becomes the expression of ``y = ...``, ``f(x + 1)`` the body of
        ``f(x) = ...`` with x replaced by x + 1, and a bare ``f`` the body as
        defined.  Names in ``keep`` (the variable of differentiation) stay.
        Raises UnsupportedError for ``f(...)`` when f is not defined, has
        another number of parameters, or is defined through itself.
        """
        used: list[commands.Define] = []
        expanded = self._expand(expr, keep, frozenset(), used)
        if used:
            check_node_count(expanded)
        return expanded, tuple(used)

    def _expand(
        self, expr: sympy.Expr, keep: frozenset[str], active: frozenset[str],
        used: list[commands.Define],
    ) -> sympy.Expr:
        replacements: dict[sympy.Basic, sympy.Basic] = {}
        for call in expr.atoms(AppliedUndef):
            name = call.func.__name__
            if name not in APPLIED_FUNCTION_NAMES:
                continue  # sigmoid(x) and relu(x) are built-in activations
            definition = self._definition_for(name, active, applied=True)
            if len(definition.params) != len(call.args):
                raise UnsupportedError(
                    "parsing.argument_count", name=name, expected=len(definition.params),
                    given=len(call.args),
                )
            arguments = [self._expand(argument, keep, active, used) for argument in call.args]
            body = definition.expr.xreplace(dict(zip(definition.params, arguments)))
            replacements[call] = self._expand(body, keep, active | {name}, used)
            _remember(used, definition)
        for symbol in expr.free_symbols:
            if symbol.name in keep or symbol.name not in self.definitions:
                continue
            definition = self._definition_for(symbol.name, active, applied=False)
            replacements[symbol] = self._expand(definition.expr, keep, active | {symbol.name}, used)
            _remember(used, definition)
        return expr.xreplace(replacements) if replacements else expr

    def _definition_for(self, name: str, active: frozenset[str], applied: bool) -> commands.Define:
        if name in active:
            raise UnsupportedError("parsing.definition_cycle", name=name)
        definition = self.definitions.get(name)
        if definition is None:
            raise UnsupportedError("parsing.undefined_function" if applied else "engine.undefined_name",
                                   name=name)
        return definition


def _remember(used: list[commands.Define], definition: commands.Define) -> None:
    if definition not in used:
        used.append(definition)


def trace(command: commands.Command, workspace: Workspace | None = None) -> Trace:
    """Answer ``command`` with a Trace, using definitions from ``workspace``."""
    workspace = workspace if workspace is not None else Workspace()
    target = TRACERS.get(type(command).__name__)
    if target is None:
        raise UnsupportedError("engine.not_a_math_command", command=type(command).__name__)

    module_name, function_name = target.split(":")
    module = import_module(module_name)
    return getattr(module, function_name)(command, workspace)
