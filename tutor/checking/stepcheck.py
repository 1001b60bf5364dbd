"""Check one intermediate line of a learner's working against the line before it.

A line may still contain unevaluated derivatives (``Derivative(x*sin(x), x)``
becoming ``Derivative(x, x)*sin(x) + x*Derivative(sin(x), x)``).  The check
says whether the new line is equal to the previous one as a function
(derivatives taken), which rule the change looks like, and whether it is
progress: fewer derivatives left to take, or a smaller expression once
none is left.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import sympy

from tutor.checking import equivalence
from tutor.checking.misconceptions import Task, diagnose
from tutor.checking.verdict import Message
from tutor.engine.budget import within_budget
from tutor.engine.rules import derive
from tutor.i18n import has_key

logger = logging.getLogger(__name__)

#: Seconds for one step check.
STEP_BUDGET = 1.5


@dataclass(frozen=True)
class StepVerdict:
    """What the checker concluded about one line.

    ``valid`` is None when equivalence could not be decided; ``rule`` is
    the rule id the change looks like (None when unknown); ``remaining``
    counts the derivatives still to take in the new line.
    """

    valid: bool | None
    rule: str | None
    progress: bool
    remaining: int
    misconception: str | None = None
    messages: tuple[Message, ...] = ()
    seed: int = equivalence.DEFAULT_SEED


def _derivatives(expr: sympy.Expr) -> set[sympy.Derivative]:
    return set(expr.atoms(sympy.Derivative))


def _take_derivatives(expr: sympy.Expr) -> sympy.Expr:
    if not expr.has(sympy.Derivative):
        return expr
    return within_budget(lambda e: e.doit(), expr, seconds=0.3, fallback=lambda e: e, what="diff")


def _size(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


def _tidy_rule(previous: sympy.Expr, current: sympy.Expr) -> str | None:
    """Name the algebra between two lines without derivatives (expand, factor, combine)."""
    for rule, rewrite in (("expand", sympy.expand), ("factor", sympy.factor), ("combine", sympy.cancel)):
        result = within_budget(rewrite, previous, seconds=0.2, fallback=lambda e: None, what=rule)
        if result is not None and result == current:
            return rule
    return "rewrite"


def _engine_rule(removed: set[sympy.Derivative]) -> str | None:
    """Return the engine's rule for the largest derivative the learner took."""
    if not removed:
        return None
    largest = max(removed, key=_size)
    variables = largest.variables
    if len(variables) != 1:
        return None
    return derive(largest.expr, variables[0]).rule


def check_step(previous: sympy.Expr, current: sympy.Expr,
               seed: int = equivalence.DEFAULT_SEED) -> StepVerdict:
    """Judge ``current`` as the line after ``previous``."""
    deadline = time.monotonic() + STEP_BUDGET
    before_derivatives, after_derivatives = _derivatives(previous), _derivatives(current)
    removed = before_derivatives - after_derivatives
    remaining = len(after_derivatives)

    previous_value, current_value = _take_derivatives(previous), _take_derivatives(current)
    result = equivalence.compare(previous_value, current_value, seed=seed, budget=0.8)

    if before_derivatives or after_derivatives:
        rule = _engine_rule(removed)
    else:
        rule = _tidy_rule(previous, current) if result.equal else None

    messages: list[Message] = []
    if result.outcome == "undecided":
        return StepVerdict(None, rule, False, remaining, messages=(Message("checking.step.undecided"),), seed=seed)

    if not result.equal:
        return _invalid_step(previous, current, current_value, result, rule, remaining, seed, deadline)

    messages.append(Message("checking.step.valid"))
    if rule is not None and has_key(f"rule_names.{rule}"):
        messages.append(Message("checking.step.rule", {"rule_name": Message(f"rule_names.{rule}")}))

    if before_derivatives:
        progress = bool(removed) and (remaining < len(before_derivatives) or all(
            _size(new.expr) < max(_size(old.expr) for old in removed) for new in after_derivatives))
    else:
        progress = _size(current) < _size(previous)

    if progress and remaining:
        messages.append(Message("checking.step.progress", {"remaining": remaining}))
    elif progress and before_derivatives:
        messages.append(Message("checking.step.done"))
    elif progress:
        messages.append(Message("checking.step.simpler"))
    else:
        messages.append(Message("checking.step.no_progress"))
    return StepVerdict(True, rule, progress, remaining, messages=tuple(messages), seed=seed)


def _invalid_step(previous, current, current_value, result, rule, remaining, seed, deadline) -> StepVerdict:
    """Explain a line that does not follow; name the misconception when the previous line was one derivative."""
    messages: list[Message] = [Message("checking.step.invalid")]
    witness = result.witness or {}
    if result.outcome == "domain":
        messages.append(Message("checking.step.domain", {"point": witness.get("point", {})}))
    elif "answer" in witness:
        messages.append(Message("checking.step.invalid_at", {
            "point": witness["point"], "before": witness["expected"], "after": witness["answer"]}))

    misconception = None
    # NOTE: a mistake is named only when the previous line is a single
    # derivative; a wrong rule applied inside a longer line is reported
    # as invalid without a name.
    if isinstance(previous, sympy.Derivative) and len(previous.variables) == 1:
        var = previous.variables[0]
        task = Task(previous.expr, var, derive(previous.expr, var))
        diagnosis = diagnose(task, current_value, seed=seed, deadline=deadline)
        if diagnosis is not None:
            misconception = diagnosis.candidate.misconception
            messages.append(Message(f"checking.misconception.{misconception}.what", diagnosis.candidate.params))
            messages.append(Message(f"checking.misconception.{misconception}.fix", diagnosis.candidate.params))
    return StepVerdict(False, rule, False, remaining, misconception, tuple(messages), seed)


def check_step_text(previous_text: str, current_text: str, seed: int = equivalence.DEFAULT_SEED) -> StepVerdict:
    """Parse two typed lines (a derivative command such as ``d/dx x sin x`` is allowed) and check the second."""
    from tutor.checking.api import parse_answer

    return check_step(parse_answer(previous_text), parse_answer(current_text), seed=seed)
