"""Hint ladders built from the engine's steps, for any derivative task.

A ladder has four rungs, from least to most help:

1. ``rule``: which rule applies and why (from the step's rule id);
2. ``setup``: the parts named (f and g, or u and the outer function);
3. ``next``: the next concrete thing to compute;
4. ``bottom_out``: the step itself, shown like a worked example.

Rungs hold catalog keys and parameters taken from the Step, so they
render in either language.  Hints are offered after repeated wrong
answers (``offer_hint``) but never shown unless the learner asks, and
taking one is not a wrong answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import sympy

from tutor.checking.verdict import Message
from tutor.engine.rules import ALREADY_DERIVED_KEY
from tutor.engine.steps import Step, Trace
from tutor.i18n import has_key
from tutor.render.mathtext import to_unicode

#: Rung levels in the order a learner climbs them.
LEVELS = ("rule", "setup", "next", "bottom_out")

#: Wrong answers to one question after which a hint is offered.
OFFER_AFTER_WRONG = 2


@dataclass(frozen=True)
class Rung:
    """One hint: ``level`` (one of LEVELS), a catalog ``key`` with ``params``, and the step it is about."""

    level: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    step: Step | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def render(self, lang: str) -> str:
        """Return the hint sentence in ``lang``."""
        params = dict(self.params)
        if self.level == "bottom_out" and self.step is not None:
            from tutor.render.steptext import step_text

            params["equation"] = f"{_derivative_text(self.step)} = {to_unicode(self.step.after)}"
            params["explanation"] = step_text(self.step, lang)
        return Message(self.key, params).render(lang)


def _derivative_text(step: Step) -> str:
    before = step.before
    if isinstance(before, sympy.Derivative):
        variable = before.variables[0]
        return f"d/d{to_unicode(variable)} [{to_unicode(before.expr)}]"
    return to_unicode(before)


def _rule_message(rule: str, table: str, params: Mapping[str, Any]) -> Message:
    key = f"checking.hint.{table}.{rule}"
    if not has_key(key):
        key = f"checking.hint.{table}.default"
    return Message(key, params)


def _step_params(step: Step) -> dict[str, Any]:
    params = dict(step.params)
    expr = params.get("expr")
    if isinstance(expr, sympy.Add):
        params.setdefault("first", expr.as_ordered_terms()[0])
    if step.rule == "log_differentiation":
        params.setdefault("expr", expr)
    return params


def ladder_for_step(step: Step) -> list[Rung]:
    """Return the four rungs of hints for one derivative step."""
    params = _step_params(step)
    rule_name_key = f"rule_names.{step.rule}"
    rule_name: Any = Message(rule_name_key) if has_key(rule_name_key) else step.rule
    return [
        Rung("rule", "checking.hint.rule",
             {"rule_name": rule_name, "why": _rule_message(step.rule, "why", params)}, step),
        Rung("setup", "checking.hint.setup_line",
             {"setup": _rule_message(step.rule, "setup", params)}, step),
        Rung("next", "checking.hint.next_line",
             {"next": _rule_message(step.rule, "next", params)}, step),
        Rung("bottom_out", "checking.hint.bottom_out", {}, step),
    ]


def first_rule_step(steps: Iterable[Step]) -> Step | None:
    """Return the first derivative step (``before`` is a Derivative) that is not a back-reference."""
    for top in steps:
        for step in top.walk():
            if isinstance(step.before, sympy.Derivative) and step.text_key != ALREADY_DERIVED_KEY:
                return step
    return None


def hint_ladder(source: Trace | Step | Iterable[Step]) -> list[Rung]:
    """Return the hint ladder for the first rule of a Trace, a Step or a sequence of steps.

    A task with nothing to differentiate gets one rung that says so.
    """
    if isinstance(source, Step):
        steps: Iterable[Step] = (source,)
    elif isinstance(source, Trace):
        steps = source.steps
    else:
        steps = source
    step = first_rule_step(steps)
    if step is None:
        return [Rung("bottom_out", "checking.hint.no_steps")]
    return ladder_for_step(step)


def offer_hint(wrong_answers: int, threshold: int = OFFER_AFTER_WRONG) -> Message | None:
    """Return the offer of a hint after ``threshold`` or more wrong answers, else None.

    The offer is a sentence the session may show; the hint itself is
    only shown when the learner asks for it.
    """
    if wrong_answers < threshold:
        return None
    return Message("checking.hint.offer", {"count": wrong_answers})


def render_ladder(rungs: Iterable[Rung], lang: str) -> list[str]:
    """Return every rung rendered in ``lang``, in order."""
    return [rung.render(lang) for rung in rungs]


__all__ = ["LEVELS", "Rung", "hint_ladder", "ladder_for_step", "offer_hint", "render_ladder"]
