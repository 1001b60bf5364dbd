"""Misconceptions: derive the learner's wrong answer by running a buggy rule in the engine.

Each misconception id has one buggy strategy (sometimes with variants,
such as the sum rule used on a product beside the product of
derivatives).  A buggy strategy has the engine's strategy signature and
replaces one rule through ``derive(..., overrides=...)``, so the mistake
happens inside the derivation at the node where the rule applies, and
every other node is derived correctly.  The wrong answer it produces is
compared with the learner's answer by the same equivalence as any
answer, first by a cheap fingerprint (values at a few seeded points) and
then by the full comparison.

When a rule applies at several nodes, the buggy rule is tried at all of
them at once and at each one alone, because learners often slip once.

Task-level misconceptions that no single rule explains (the answer is an
antiderivative, the wrong variable of a partial derivative, the other
variables not held constant, a sign flipped on the whole answer) are
derived from the task with the correct engine.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import mpmath
import sympy

from tutor.checking import equivalence
from tutor.checking.numeric import SKIP, evaluate_within
from tutor.engine.budget import BudgetExceeded
from tutor.engine.rules import RULES, derive
from tutor.engine.rules.context import DeriveContext, derivative_step
from tutor.engine.rules.shapes import composition, split_mul
from tutor.engine.steps import RuleId, Step

logger = logging.getLogger(__name__)

#: A buggy rule: like a strategy, but returns None to let the correct rule act.
BuggyRule = Callable[[sympy.Expr, DeriveContext], "tuple[sympy.Expr, tuple[Step, ...]] | None"]

#: Nodes tried one at a time when a buggy rule applies at several.
MAX_SINGLE_NODES = 4

#: Terms of a sum tried one at a time for a flipped sign.
MAX_FLIPPED_TERMS = 6

#: Seconds for deriving all candidate wrong answers of one task.
CANDIDATE_BUDGET = 0.6

#: Points in the cheap fingerprint that picks candidates for the full comparison.
FINGERPRINT_POINTS = 6


# ---------------------------------------------------------------- buggy rules


def _product_parts(expr: sympy.Expr, context: DeriveContext) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Split a product the way the product rule does: f = first factor, g = the rest."""
    if not isinstance(expr, sympy.Mul):
        return None
    factors = [factor for factor in expr.args if factor.has(context.var)]
    if len(factors) < 2 or len(factors) != len(expr.args):
        return None
    return factors[0], sympy.Mul(*factors[1:])


def _quotient_parts(expr: sympy.Expr, context: DeriveContext) -> tuple[sympy.Expr, sympy.Expr] | None:
    """Split a quotient the way the quotient rule does: f/g."""
    if not isinstance(expr, sympy.Mul):
        return None
    parts = split_mul(expr, context.var)
    if not parts.denominator or not (parts.numerator or len(parts.denominator) > 1):
        return None
    return parts.constant * sympy.Mul(*parts.numerator), sympy.Mul(*parts.denominator)


def _two_part_rule(split: Callable, combine: Callable) -> BuggyRule:
    """Make a buggy product or quotient rule from ``combine(f, g, f', g')``."""

    def buggy(expr: sympy.Expr, context: DeriveContext):
        parts = split(expr, context)
        if parts is None:
            return None
        f, g = parts
        f_step, g_step = context.derive(f), context.derive(g)
        return combine(f, g, f_step.after, g_step.after), (f_step, g_step)

    return buggy


def _chain_rule(combine: Callable) -> BuggyRule:
    """Make a buggy chain rule from ``combine(outer', inner, inner', letter, var, outer)``."""

    def buggy(expr: sympy.Expr, context: DeriveContext):
        if composition(expr, context.var, sympy.Dummy("u")) is None:
            return None
        letter = context.fresh_letter()
        outer, inner = composition(expr, context.var, letter)  # type: ignore[misc]
        outer_step = context.derive(outer, letter)
        inner_step = context.derive(inner)
        after = combine(outer_step.after, inner, inner_step.after, letter, context.var, outer)
        if after is None:
            return None
        return after, (outer_step, inner_step)

    return buggy


def _table_rule(function: type, derivative: Callable[[sympy.Symbol], sympy.Expr]) -> BuggyRule:
    """Make a buggy table rule for ``function(x)`` whose derivative is ``derivative(x)``."""

    def buggy(expr: sympy.Expr, context: DeriveContext):
        if type(expr) is not function or expr.args != (context.var,):
            return None
        return derivative(context.var), ()

    return buggy


def _power_rule(exponent_shift: int, keep_coefficient: bool = True) -> BuggyRule:
    """Make a buggy power rule: x^n → n·x^(n + exponent_shift), without the n unless ``keep_coefficient``."""

    def buggy(expr: sympy.Expr, context: DeriveContext):
        var = context.var
        if not (isinstance(expr, sympy.Pow) and expr.base == var and not expr.exp.has(var)):
            return None
        n = expr.exp
        coefficient = n if keep_coefficient else 1
        return coefficient * var ** (n + exponent_shift), ()

    return buggy


def _exp_base_as_power(expr: sympy.Expr, context: DeriveContext):
    var = context.var
    if isinstance(expr, sympy.exp) and expr.args == (var,):
        return var * sympy.exp(var - 1), ()
    if isinstance(expr, sympy.Pow) and expr.exp == var and not expr.base.has(var):
        return var * expr.base ** (var - 1), ()
    return None


def _exp_base_no_log(expr: sympy.Expr, context: DeriveContext):
    var = context.var
    if isinstance(expr, sympy.Pow) and expr.exp == var and not expr.base.has(var):
        return expr, ()
    return None


def _constant_kept(expr: sympy.Expr, context: DeriveContext):
    if expr.has(context.var) or expr == 0:
        return None
    return expr, ()


def _sum_with_flipped_term(index: int) -> BuggyRule:
    """Make a buggy sum rule that flips the sign of the derivative of term ``index``."""

    def buggy(expr: sympy.Expr, context: DeriveContext):
        if not isinstance(expr, sympy.Add):
            return None
        terms = expr.as_ordered_terms()
        if index >= len(terms):
            return None
        substeps = tuple(context.derive(term) for term in terms)
        if substeps[index].after == 0:
            return None
        after = sympy.Add(*(-step.after if position == index else step.after
                            for position, step in enumerate(substeps)))
        return after, substeps

    return buggy


# ln(kx) → k/x: the inner derivative is kept but 1/u is written as 1/x.
# It is listed before chain_outer_not_kept, which gives the same answer
# for ln(kx) but names a less specific mistake.
def _log_inner_over_x(outer_derivative, inner, inner_derivative, letter, var, outer):
    if outer != sympy.log(letter):
        return None
    return inner_derivative / var


@dataclass(frozen=True)
class Variant:
    """One way to make a mistake: buggy rules keyed by the rule id they replace."""

    rules: dict[str, BuggyRule]


@dataclass(frozen=True)
class Misconception:
    """A named mistake: engine variants, or a task-level derivation (``derive_task``)."""

    id: str
    variants: tuple[Variant, ...] = ()
    derive_task: Callable[[Task], Iterator[Candidate]] | None = None


# ---------------------------------------------------------------- task-level mistakes


@dataclass(frozen=True)
class Task:
    """The function to differentiate, its variable and the correct derivation (rules.derive)."""

    expr: sympy.Expr
    var: sympy.Symbol
    correct: Step

    @property
    def other_variables(self) -> list[sympy.Symbol]:
        return [symbol for symbol in equivalence.free_variables(self.expr) if symbol != self.var]


@dataclass(frozen=True)
class Candidate:
    """A wrong answer derived from the task, and where the mistake was made.

    With ``match_derivative`` the learner's answer matches when its
    derivative equals ``answer`` (an antiderivative given in place of the
    derivative matches up to its constant).  ``focus`` (differentiated
    with respect to ``focus_var``) is the node where the buggy rule acted
    and ``node_wrong`` what it gave there.
    """

    misconception: str
    answer: sympy.Expr
    rule: str | None = None
    focus: sympy.Expr | None = None
    focus_var: sympy.Symbol | None = None
    params: dict = field(default_factory=dict)
    match_derivative: bool = False
    node_wrong: sympy.Expr | None = None


def _integrated(task: Task) -> Iterator[Candidate]:
    # Any antiderivative plus any constant is this mistake, so the
    # learner's answer is differentiated and compared with the task's
    # function (see diagnose) instead of integrating the task.
    yield Candidate("integrated_instead", task.expr, match_derivative=True)


def _wrong_variable(task: Task) -> Iterator[Candidate]:
    for other in task.other_variables:
        step = derive(task.expr, other)
        yield Candidate("partial_wrong_variable", step.after, rule=str(RuleId.PARTIAL),
                        params={"wrong": other, "right": task.var})


def _other_not_constant(task: Task) -> Iterator[Candidate]:
    others = task.other_variables
    if not others:
        return
    # Each other variable is treated as if it changed with the variable,
    # at rate 1: the total derivative along (1, 1, ..., 1).
    total = task.correct.after + sympy.Add(*(derive(task.expr, other).after for other in others))
    yield Candidate("partial_other_var_not_constant", total, rule=str(RuleId.PARTIAL),
                    params={"others": tuple(others)})


def _whole_sign(task: Task) -> Iterator[Candidate]:
    yield Candidate("sign_error", -task.correct.after)


# ---------------------------------------------------------------- the library

MISCONCEPTIONS: tuple[Misconception, ...] = (
    Misconception("product_of_derivatives", (
        Variant({RuleId.PRODUCT: _two_part_rule(_product_parts, lambda f, g, df, dg: df * dg)}),
        Variant({RuleId.PRODUCT: _two_part_rule(_product_parts, lambda f, g, df, dg: df + dg)}),
    )),
    Misconception("product_cross_paired", (
        Variant({RuleId.PRODUCT: _two_part_rule(_product_parts, lambda f, g, df, dg: f * df + g * dg)}),
    )),
    Misconception("product_minus", (
        Variant({RuleId.PRODUCT: _two_part_rule(_product_parts, lambda f, g, df, dg: df * g - f * dg)}),
    )),
    Misconception("quotient_as_ratio", (
        Variant({RuleId.QUOTIENT: _two_part_rule(_quotient_parts, lambda f, g, df, dg: df / dg)}),
    )),
    Misconception("quotient_plus", (
        Variant({RuleId.QUOTIENT: _two_part_rule(_quotient_parts, lambda f, g, df, dg: (df * g + f * dg) / g**2)}),
    )),
    Misconception("quotient_sign", (
        Variant({RuleId.QUOTIENT: _two_part_rule(_quotient_parts, lambda f, g, df, dg: (f * dg - df * g) / g**2)}),
    )),
    Misconception("quotient_no_square", (
        Variant({RuleId.QUOTIENT: _two_part_rule(_quotient_parts, lambda f, g, df, dg: (df * g - f * dg) / g)}),
    )),
    Misconception("chain_missing_inner", (
        Variant({RuleId.CHAIN: _chain_rule(
            lambda d_outer, inner, d_inner, letter, var, outer: d_outer.xreplace({letter: inner}))}),
    )),
    Misconception("log_reciprocal_missing_inner", (
        Variant({RuleId.CHAIN: _chain_rule(_log_inner_over_x)}),
    )),
    Misconception("chain_outer_not_kept", (
        Variant({RuleId.CHAIN: _chain_rule(
            lambda d_outer, inner, d_inner, letter, var, outer: d_outer.xreplace({letter: var}) * d_inner)}),
    )),
    Misconception("power_exponent_up", (
        Variant({RuleId.POWER: _power_rule(+1), RuleId.SQRT: _power_rule(+1)}),
    )),
    Misconception("power_exponent_kept", (
        Variant({RuleId.POWER: _power_rule(0), RuleId.SQRT: _power_rule(0)}),
    )),
    Misconception("power_coefficient_missing", (
        Variant({RuleId.POWER: _power_rule(-1, keep_coefficient=False),
                 RuleId.SQRT: _power_rule(-1, keep_coefficient=False)}),
    )),
    Misconception("constant_not_zero", (
        Variant({RuleId.CONSTANT: _constant_kept}),
    )),
    Misconception("trig_sign", (
        Variant({RuleId.COS: _table_rule(sympy.cos, sympy.sin)}),
        Variant({RuleId.SIN: _table_rule(sympy.sin, lambda x: -sympy.cos(x))}),
        Variant({RuleId.TAN: _table_rule(sympy.tan, lambda x: -sympy.sec(x) ** 2),
                 RuleId.COT: _table_rule(sympy.cot, lambda x: sympy.csc(x) ** 2)}),
    )),
    Misconception("exp_rule_power", (
        Variant({RuleId.EXP: _exp_base_as_power, RuleId.EXP_BASE: _exp_base_as_power}),
    )),
    Misconception("exp_base_missing_log", (
        Variant({RuleId.EXP_BASE: _exp_base_no_log}),
    )),
    Misconception("sign_error", tuple(
        Variant({RuleId.SUM: _sum_with_flipped_term(index)}) for index in range(MAX_FLIPPED_TERMS)
    ), derive_task=_whole_sign),
    Misconception("integrated_instead", derive_task=_integrated),
    Misconception("partial_wrong_variable", derive_task=_wrong_variable),
    Misconception("partial_other_var_not_constant", derive_task=_other_not_constant),
)

#: Every misconception id ``check`` can report; the backprop one is matched in ``answers.judge_gradients``.
#: Backprop mistakes, matched in ``answers.judge_gradients`` rather than in the derivative engine.
BACKPROP_MISCONCEPTIONS: tuple[str, ...] = (
    "backprop_fanout_overwritten", "backprop_add_as_mul", "backprop_mul_as_add", "backprop_mul_not_switched",
)

MISCONCEPTION_IDS: tuple[str, ...] = tuple(item.id for item in MISCONCEPTIONS) + BACKPROP_MISCONCEPTIONS


def _override(rule: str, buggy: BuggyRule, applied: list, target: tuple | None) -> Callable:
    """Wrap ``buggy`` as an engine strategy for ``rule`` that records the nodes it changed."""
    correct = RULES[str(rule)]

    def strategy(expr: sympy.Expr, context: DeriveContext) -> Step | None:
        if target is not None and (expr, context.var) != target:
            return correct(expr, context)
        result = buggy(expr, context)
        if result is None:
            return correct(expr, context)
        after, substeps = result
        applied.append((str(rule), expr, context.var, after))
        return derivative_step(rule, expr, context.var, after, substeps=substeps)

    return strategy


def _run_variant(misconception_id: str, variant: Variant, task: Task) -> Iterator[Candidate]:
    applied: list = []
    overrides = {str(rule): _override(rule, buggy, applied, None) for rule, buggy in variant.rules.items()}
    step = derive(task.expr, task.var, overrides=overrides)
    if not applied:
        return
    rule, focus, focus_var, node_wrong = applied[0]
    yield Candidate(misconception_id, step.after, rule, focus, focus_var, node_wrong=node_wrong)

    nodes = list(dict.fromkeys(applied))
    if len(nodes) < 2:
        return
    for rule, focus, focus_var, node_wrong in nodes[:MAX_SINGLE_NODES]:
        single: list = []
        overrides = {
            str(name): _override(name, buggy, single, (focus, focus_var))
            for name, buggy in variant.rules.items()
        }
        step = derive(task.expr, task.var, overrides=overrides)
        if single:
            yield Candidate(misconception_id, step.after, rule, focus, focus_var, node_wrong=node_wrong)


def candidates(task: Task, deadline: float | None = None) -> list[Candidate]:
    """Return the wrong answers of every misconception for ``task``, within the deadline."""
    deadline = deadline if deadline is not None else time.monotonic() + CANDIDATE_BUDGET
    found: list[Candidate] = []
    for misconception in MISCONCEPTIONS:
        if time.monotonic() > deadline:
            logger.info("stopped deriving misconceptions at %s: out of time", misconception.id)
            break
        generators = [_run_variant(misconception.id, variant, task) for variant in misconception.variants]
        if misconception.derive_task is not None:
            generators.append(misconception.derive_task(task))
        for generator in generators:
            try:
                found.extend(generator)
            except Exception as error:  # noqa: BLE001 - one failing buggy rule must not break the check
                logger.warning("misconception %s failed on %s: %r", misconception.id, task.expr, error)
    return found


# ---------------------------------------------------------------- matching


@dataclass(frozen=True)
class Diagnosis:
    """A misconception whose wrong answer equals the learner's answer.

    ``step`` is the 1-based path of the mistaken step in the correct
    derivation (``"1.2"``: the second substep of the first step), or None
    for a task-level mistake.
    """

    candidate: Candidate
    equivalence: equivalence.Equivalence
    step: str | None = None


def step_path(root: Step, before: sympy.Basic, prefix: str = "1") -> str | None:
    """Return the path of the first step of ``root`` whose ``before`` is ``before``."""
    if root.before == before:
        return prefix
    for index, sub in enumerate(root.substeps, start=1):
        found = step_path(sub, before, f"{prefix}.{index}")
        if found is not None:
            return found
    return None


def _values(expr: sympy.Expr, points: list, deadline: float) -> list | None:
    values = []
    for point in points:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            values.append(evaluate_within(expr, point, min(equivalence.EVALUATION_BUDGET, remaining)))
        except BudgetExceeded:
            return None
    return values


def _same_values(left: list, right: list) -> bool:
    for a, b in zip(left, right, strict=True):
        if a is SKIP or b is SKIP:
            continue
        if a is None or b is None:
            if (a is None) != (b is None):
                return False
            continue
        if not equivalence.values_agree(a, b):
            return False
    return True


def diagnose(task: Task, answer: sympy.Expr, seed: int = equivalence.DEFAULT_SEED,
             deadline: float | None = None) -> Diagnosis | None:
    """Return the first misconception whose wrong answer equals ``answer``, or None.

    Candidates equal to the correct derivative (a buggy rule that happens
    to give the right answer on this task) are never reported.
    """
    deadline = deadline if deadline is not None else time.monotonic() + 1.0
    variables = equivalence.free_variables(task.expr, task.correct.after, answer)
    points = [point for point in equivalence.sample_points(variables, seed, equivalence.SAMPLE_POINTS)][:12]
    correct_values = _values(task.correct.after, points, deadline)
    if correct_values is None:
        return None
    kept = [(point, value) for point, value in zip(points, correct_values)
            if value is not None and value is not SKIP and mpmath.isfinite(value)]
    points = [point for point, _ in kept][:FINGERPRINT_POINTS]
    correct_values = [value for _, value in kept][:FINGERPRINT_POINTS]
    if not points:
        return None
    learner_values = _values(answer, points, deadline)
    if learner_values is None:
        return None

    for candidate in candidates(task, deadline=deadline - 0.3):
        if time.monotonic() > deadline:
            break
        learner = answer
        if candidate.match_derivative:
            learner = sympy.diff(answer, task.var)
            values = _values(learner, points, deadline)
            if values is None or not _same_values(values, _values(candidate.answer, points, deadline) or []):
                continue
        else:
            values = _values(candidate.answer, points, deadline)
            if values is None or _same_values(values, correct_values):
                continue
            if not _same_values(values, learner_values):
                continue

        remaining = max(deadline - time.monotonic(), 0.2)
        result = equivalence.compare(candidate.answer, learner, seed=seed, budget=min(remaining, 0.5))
        if result.outcome != "equal":
            continue
        path = None
        if candidate.focus is not None:
            path = step_path(task.correct, sympy.Derivative(candidate.focus, candidate.focus_var))
        return Diagnosis(candidate, result, path)
    return None
