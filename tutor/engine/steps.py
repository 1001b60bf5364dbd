"""Step and Trace: the data every explanation is rendered from.

A Step records one rule application.  ``before`` and ``after`` are SymPy
objects that must be equal as functions: for a derivative rule ``before``
is the unevaluated ``Derivative(f, x)`` and ``after`` is its value, with
the derivatives of the parts derived in ``substeps``.  The explanation is
not stored; it is rendered at display time from the catalog entry
``rules.<rule>`` (or ``text_key``) with ``params``, so switching language
re-renders the same trace.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import sympy


class RuleId(StrEnum):
    """The stable rule ids; tests, lessons and catalogs key on these strings."""

    # Derivative rules.
    CONSTANT = "constant"
    VARIABLE = "variable"
    CONSTANT_MULTIPLE = "constant_multiple"
    SUM = "sum"
    POWER = "power"
    PRODUCT = "product"
    QUOTIENT = "quotient"
    CHAIN = "chain"
    EXP = "exp"
    EXP_BASE = "exp_base"
    LOG = "log"
    LOG_BASE = "log_base"
    SIN = "sin"
    COS = "cos"
    TAN = "tan"
    SEC = "sec"
    CSC = "csc"
    COT = "cot"
    ARCSIN = "arcsin"
    ARCCOS = "arccos"
    ARCTAN = "arctan"
    SINH = "sinh"
    COSH = "cosh"
    TANH = "tanh"
    ABS = "abs"
    SQRT = "sqrt"
    LOG_DIFFERENTIATION = "log_differentiation"
    PARTIAL = "partial"
    CHAIN_MULTIVARIABLE = "chain_multivariable"

    # Tidying.
    REWRITE = "rewrite"
    EXPAND = "expand"
    COMBINE = "combine"
    FACTOR = "factor"
    EVALUATE = "evaluate"

    # Giving up on a sub-expression without failing the whole trace.
    UNSUPPORTED = "unsupported"


#: Backprop node operations; a backprop Step uses ``rule="backprop_<op>"``
#: for the backward pass and ``"forward_<op>"`` for the forward pass.
BACKPROP_OPS = (
    "add", "sub", "mul", "div", "neg", "pow", "exp", "log",
    "sin", "cos", "tanh", "sigmoid", "relu", "max",
)


def _frozen(params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(params or {}))


@dataclass(frozen=True)
class Step:
    """One rule application.

    ``rule``: a RuleId value or another stable id of its module (theorem
    and motion steps use ids such as ``mvt_slope``); ``before``/``after``:
    SymPy objects equal as functions, or None for a step that states a
    fact rather than rewriting (a hypothesis check, a table row);
    ``focus``: the sub-expression the rule acts on; ``params``: values the
    explanation needs (SymPy objects or plain str/int/bool);
    ``text_key``: catalog key when it is not ``rules.<rule>``;
    ``equation``: True when before/after are sides of one equation rather
    than two forms of a value, so validity checks compare them the same way.
    """

    rule: str
    before: sympy.Basic | None
    after: sympy.Basic | None
    focus: sympy.Basic | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    substeps: tuple[Step, ...] = ()
    text_key: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))
        object.__setattr__(self, "substeps", tuple(self.substeps))

    @property
    def key(self) -> str:
        """Catalog key of this step's explanation."""
        return self.text_key or f"rules.{self.rule}"

    def walk(self) -> Iterator[Step]:
        """Yield this step and every substep, depth first, parents first."""
        yield self
        for sub in self.substeps:
            yield from sub.walk()


@dataclass(frozen=True)
class Note:
    """A remark about the reading of the input, e.g. "log is the natural log"."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class Trace:
    """The full answer to one command.

    ``kind`` is the JSON contract's kind; ``reading`` is what the tutor
    understood (a SymPy object such as ``Derivative(f, x)``, or a string
    in SymPy syntax for commands that are not one expression); ``result``
    holds the kind-specific fields of the contract, as SymPy objects or
    plain values that the JSON renderer converts with ``str()``;
    ``extra`` holds data only the text and UI renderers use (a graph
    drawing, plot series).
    """

    kind: str
    reading: Any
    steps: tuple[Step, ...]
    result: Mapping[str, Any]
    notes: tuple[Note, ...] = ()
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(self.steps))
        object.__setattr__(self, "notes", tuple(self.notes))
        object.__setattr__(self, "result", _frozen(self.result))
        object.__setattr__(self, "extra", _frozen(self.extra))

    def walk(self) -> Iterator[Step]:
        """Yield every step of the trace, depth first."""
        for step in self.steps:
            yield from step.walk()

    def rules(self) -> list[str]:
        """Return the rule ids used anywhere in the trace, in order of first use."""
        seen: dict[str, None] = {}
        for step in self.walk():
            seen.setdefault(step.rule, None)
        return list(seen)
