"""Check a learner's answer: the ``check`` command and the library for lessons and quizzes.

``check(task_text, answer_text, lang)`` parses a task such as
``d/dx (3x^2+2)^2`` or ``partial x^2 y wrt x``, derives the expected
answer with the engine, and judges the answer in this order:

1. invalid: the answer still contains a derivative operator or is the
   task's function itself ("differentiate first", never a penalty);
2. equivalence (exact, symbolic, numeric; see ``equivalence``);
3. for a right answer, the form (decimals, a form that simplifies a lot,
   a form the question asks for) decides between ``correct`` and
   ``correct_other_form``;
4. for a wrong answer, the misconception library names the mistake.

The whole check keeps within ``CHECK_BUDGET`` seconds: every layer gets
what is left of it, and a layer that runs out gives up in the lenient
direction (``undecided``, or no form note), never with ``incorrect``.

``check_answer`` judges other answer types for lessons and quizzes:
numbers, lists of c values, intervals, classification dicts and
gradient dicts.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy

from tutor.checking import equivalence, forms
from tutor.checking.misconceptions import Diagnosis, Task, diagnose
from tutor.checking.verdict import Message, Verdict
from tutor.engine.derivative import choose_variable, derivative_steps
from tutor.engine.rules import derive
from tutor.engine.steps import Step
from tutor.errors import ParseError, TutorError, UnsupportedError
from tutor.parsing import commands

logger = logging.getLogger(__name__)

#: Seconds of checking work for one answer, parsing and derivation excluded.
CHECK_BUDGET = 1.5


#: A decimal number as typed: "0.5", ".5", "2.75".  The parser reads
#: decimals as exact rationals, so the form check looks at the text.
_DECIMAL = re.compile(r"(?<![\w.])\d*\.\d")


#: A name of the derivative in front of the answer, as learners write
#: it: "dy/dx = 2x", "y' = 2x", "f'(x) = 2x", "∂z/∂x = 2x".  It is removed
#: before parsing, so only the right-hand side is judged.
_DERIVATIVE_NAME = re.compile(
    r"^\s*(?:d\^?\d*\w*/d\w+(?:\^\d+)?|∂\w*/∂\w+|\w+'+(?:\(\s*\w+\s*\))?|\w+_\w+)\s*=(?!=)"
)


def typed_decimal(text: str) -> bool:
    """Return whether the learner typed a decimal number in ``text``."""
    return bool(_DECIMAL.search(text))


#: Form a question asks for -> the note shown when a right answer is not in it.
REQUIRED_FORM_NOTES = {
    "expanded": "not_expanded",
    "factored": "not_factored",
    "simplified": "not_simplified_form",
    "exact": "not_exact",
}


@dataclass(frozen=True)
class DerivativeTask:
    """A derivative to check answers against: what to differentiate and the engine's answer.

    ``variables`` lists the variables in the order of differentiation
    (``(x,)`` for d/dx, ``(x, x)`` for d²/dx², ``(x, y)`` for ∂²/∂x∂y);
    ``steps`` are the engine's steps whose last ``after`` is ``expected``.
    """

    expr: sympy.Expr
    variables: tuple[sympy.Symbol, ...]
    expected: sympy.Expr
    steps: tuple[Step, ...]

    @property
    def var(self) -> sympy.Symbol:
        return self.variables[-1]

    @property
    def first_order(self) -> bool:
        return len(self.variables) == 1


# ---------------------------------------------------------------- tasks


def derivative_task(expr: sympy.Expr, variables: Sequence[sympy.Symbol]) -> DerivativeTask:
    """Derive ``expr`` with respect to each of ``variables`` in turn with the engine."""
    steps: list[Step] = []
    current = expr
    index = 0
    while index < len(variables):
        var = variables[index]
        order = 1
        while index + order < len(variables) and variables[index + order] == var:
            order += 1
        new_steps, current = derivative_steps(current, var, order)
        steps.extend(new_steps)
        index += order
    return DerivativeTask(expr, tuple(variables), current, tuple(steps))


def task_from_command(command: commands.Command) -> DerivativeTask:
    """Return the derivative task of a parsed command, or raise for a command that has none."""
    if isinstance(command, commands.Derivative):
        var = choose_variable(command.expr, command.var)
        return derivative_task(command.expr, (var,) * command.order)
    if isinstance(command, commands.Expression):
        return derivative_task(command.expr, (choose_variable(command.expr),))
    if isinstance(command, commands.Partial) and len(command.derivatives) == 1 and command.point is None:
        return derivative_task(command.expr, command.derivatives[0])
    raise UnsupportedError("checking.task_unsupported", task=command.source or type(command).__name__)


def parse_task(task_text: str) -> DerivativeTask:
    """Parse ``task_text`` (``d/dx ...``, ``partial ... wrt x``) into a DerivativeTask."""
    from tutor.parsing import parse

    return task_from_command(parse(task_text))


def parse_answer(answer_text: str) -> sympy.Expr:
    """Parse a learner's answer; a typed derivative command becomes an unevaluated Derivative.

    A learner who types ``d/dx x^2`` as the answer has not differentiated
    yet; returning ``Derivative(x**2, x)`` lets the checker say so
    instead of reporting a syntax error.
    """
    from tutor.parsing import parse, parse_expression

    # Blanks in place of the name keep error columns where the learner typed them.
    answer_text = _DERIVATIVE_NAME.sub(lambda match: " " * len(match.group()), answer_text, count=1)
    try:
        return parse_expression(answer_text)
    except ParseError as error:
        try:
            command = parse(answer_text)
        except TutorError:
            raise error from None
        if isinstance(command, commands.Derivative) and command.var is not None:
            return sympy.Derivative(command.expr, (command.var, command.order))
        if isinstance(command, commands.Derivative):
            return sympy.Derivative(command.expr, choose_variable(command.expr))
        if isinstance(command, commands.Partial) and len(command.derivatives) == 1:
            return sympy.Derivative(command.expr, *command.derivatives[0])
        if isinstance(command, commands.Expression):
            return command.expr
        raise error from None


# ---------------------------------------------------------------- judging


def _has_operator(answer: sympy.Expr) -> bool:
    return bool(answer.has(sympy.Derivative, sympy.Subs, sympy.Integral))


def _invalid(task: DerivativeTask, answer: sympy.Expr, seed: int) -> Verdict | None:
    """Return an ``invalid`` verdict for an answer that still contains a derivative operator."""
    if _has_operator(answer):
        return Verdict("invalid", expected=task.expected, answer=answer, seed=seed,
                       messages=(Message("checking.invalid.operator_left"),))
    return None


def _repeats_task(task: DerivativeTask, answer: sympy.Expr, seed: int) -> bool:
    if answer == task.expr:
        return True
    return equivalence.compare(task.expr, answer, seed=seed, budget=0.2).equal


def _form_verdict(expected: sympy.Expr, answer: sympy.Expr, form: str | None, seed: int,
                  method: str, deadline: float, decimal: bool = False) -> Verdict:
    """Return ``correct`` or ``correct_other_form`` for an answer equal to ``expected``."""
    note: str | None = None
    params: dict[str, Any] = {"expected": expected}
    if form is not None and form != "decimal":
        report = forms.describe(answer, deadline)
        if not report.satisfies(form):
            note = REQUIRED_FORM_NOTES[form]
    elif (decimal or forms.has_decimal(answer)) and not forms.has_decimal(expected) and form != "decimal":
        note = "decimal"
    elif forms.tree_size(answer) > forms.tree_size(expected):
        simpler = forms.simpler_form(answer, deadline)
        if simpler is not None:
            note = "not_simplified"
            params["simpler"] = simpler
    if note is None and form is None and answer != expected:
        # The worked solution ends at ``expected``.  A right answer in
        # another shape (factored where the solution ends expanded) gets a
        # note that names both shapes.  Reordered or respaced terms parse to
        # ``expected`` itself, so they stay plain "correct".
        answer_shape = forms.shape(answer, deadline)
        expected_shape = forms.shape(expected, deadline)
        if answer_shape is not None and expected_shape is not None and answer_shape != expected_shape:
            note = "other_shape"
            params["answer_shape"] = Message(f"checking.shapes.{answer_shape}")
            params["expected_shape"] = Message(f"checking.shapes.{expected_shape}")
    if note is None:
        return Verdict("correct", expected=expected, answer=answer, seed=seed, method=method,
                       messages=(Message("checking.correct", params),))
    return Verdict("correct_other_form", expected=expected, answer=answer, seed=seed, method=method,
                   form=note, messages=(Message("checking.correct", params),
                                        Message(f"checking.form.{note}", params)))


def _misconception_messages(diagnosis: Diagnosis) -> tuple[tuple[Message, ...], dict | None]:
    """Return the feedback of a diagnosed mistake (what, where, how to fix) and its ``where`` data."""
    candidate = diagnosis.candidate
    messages = [Message(f"checking.misconception.{candidate.misconception}.what", candidate.params)]
    where = None
    if candidate.focus is not None:
        right = derive(candidate.focus, candidate.focus_var).after
        where = {"rule": candidate.rule, "focus": candidate.focus, "var": candidate.focus_var,
                 "step": diagnosis.step}
        params = {"focus": candidate.focus, "var": candidate.focus_var,
                  "wrong": candidate.node_wrong, "right": right, "step": diagnosis.step or "1"}
        messages.append(Message("checking.where", params))
    messages.append(Message(f"checking.misconception.{candidate.misconception}.fix", candidate.params))
    return tuple(messages), where


def _wrong_verdict(task: DerivativeTask, answer: sympy.Expr, result: equivalence.Equivalence,
                   seed: int, deadline: float) -> Verdict:
    """Name the mistake behind a wrong answer, or say where the answer and the derivative differ."""
    if result.outcome == "domain":
        witness = result.witness or {}
        return Verdict("incorrect", expected=task.expected, answer=answer, seed=seed, method=result.method,
                       domain=True, messages=(Message("checking.domain", {
                           "point": witness.get("point", {}), "value": witness.get("expected", "")}),))

    # NOTE: misconceptions are derived for first derivatives only; a wrong
    # second derivative gets the generic feedback with a counterexample.
    if task.first_order:
        engine_task = Task(task.expr, task.var, derive(task.expr, task.var))
        diagnosis = diagnose(engine_task, answer, seed=seed, deadline=deadline)
        if diagnosis is not None:
            messages, where = _misconception_messages(diagnosis)
            return Verdict("incorrect", expected=task.expected, answer=answer, seed=seed,
                           method=result.method, misconception=diagnosis.candidate.misconception,
                           where=where, messages=messages)

    witness = result.witness or {}
    messages = [Message("checking.incorrect")]
    if "answer" in witness:
        messages.append(Message("checking.witness", {
            "point": witness["point"], "answer": witness["answer"], "expected": witness["expected"]}))
    # No offer of a hint here: only the Session has hints, and it adds the offer itself.
    return Verdict("incorrect", expected=task.expected, answer=answer, seed=seed, method=result.method,
                   messages=tuple(messages))


def judge(task: DerivativeTask, answer: sympy.Expr, *, form: str | None = None,
          seed: int = equivalence.DEFAULT_SEED, budget: float = CHECK_BUDGET,
          decimal: bool = False) -> Verdict:
    """Judge ``answer`` to ``task``; the heart of ``check`` and ``check_answer``.

    ``decimal`` is True when the learner typed a decimal number, which the
    parser has already turned into an exact rational.
    """
    deadline = time.monotonic() + budget
    invalid = _invalid(task, answer, seed)
    if invalid is not None:
        return invalid

    result = equivalence.compare(task.expected, answer, seed=seed, budget=min(1.0, budget * 0.6))
    if result.equal:
        return _form_verdict(task.expected, answer, form, seed, result.method, deadline, decimal)
    if result.outcome == "undecided":
        return Verdict("undecided", expected=task.expected, answer=answer, seed=seed, method=result.method,
                       messages=(Message("checking.undecided"),))

    verdict = _wrong_verdict(task, answer, result, seed, deadline)
    # The function itself as the answer is "differentiate first", unless a
    # named mistake gives exactly that answer (2^x for d/dx 2^x).
    if verdict.misconception is None and _repeats_task(task, answer, seed):
        return Verdict("invalid", expected=task.expected, answer=answer, seed=seed,
                       messages=(Message("checking.invalid.repeats_task", {"expr": task.expr}),))
    return verdict


def check(task_text: str, answer_text: str, lang: str = "en", *,
          seed: int = equivalence.DEFAULT_SEED, form: str | None = None) -> Verdict:
    """Parse the task and the answer and judge the answer; raise TutorError for unreadable input.

    ``lang`` is accepted for symmetry with the command line; a Verdict
    renders in any language later.
    """
    from tutor.parsing import parse

    command = parse(task_text)
    if isinstance(command, commands.Backprop):
        return _check_backprop(command, answer_text, seed)
    task = task_from_command(command)
    answer = parse_answer(answer_text)
    return judge(task, answer, form=form, seed=seed, decimal=typed_decimal(answer_text))


def check_json(task_text: str, answer_text: str, lang: str = "en", **options: Any) -> dict[str, Any]:
    """Return the ``check --json`` object; an unreadable input gives ``error`` instead of a verdict."""
    try:
        verdict = check(task_text, answer_text, lang, **options)
    except TutorError as error:
        return {"verdict": None, "misconception": None, "feedback": error.message(lang),
                "expected": None, "error": {"kind": error.kind, "message": error.message(lang),
                                            "column": error.column}}
    return {**verdict.to_json(lang), "error": None}


# ---------------------------------------------------------------- lessons and quizzes


def _split_top_level(text: str, separator: str = ",") -> list[str]:
    """Split ``text`` at ``separator`` outside brackets (``1, (2, 3)`` gives two parts)."""
    parts, depth, current = [], 0, []
    for character in text:
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth -= 1
        if character == separator and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        current.append(character)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def parse_gradients(text: str) -> dict[str, sympy.Expr]:
    """Parse ``x = -4, y = 3`` (or ``x: -4``) into a dict of gradients by name."""
    from tutor.parsing import parse_expression

    gradients: dict[str, sympy.Expr] = {}
    for part in _split_top_level(text):
        for separator in ("=", ":"):
            if separator in part:
                name, value = part.split(separator, 1)
                break
        else:
            raise ParseError("checking.gradient_syntax", text=text, part=part)
        name = name.strip().removeprefix("∂f/∂").removeprefix("d")
        gradients[name.strip()] = parse_expression(value.strip())
    return gradients


def _interval(value: Any) -> sympy.Interval | Any:
    if isinstance(value, commands.Interval):
        return sympy.Interval(value.a, value.b, not value.left_closed, not value.right_closed)
    if isinstance(value, str):
        from tutor.parsing import parse

        command = parse(f"interval {value}")
        if isinstance(command, commands.Interval):
            return _interval(command)
    return value


def _expression(value: Any) -> sympy.Expr:
    if isinstance(value, str):
        return parse_answer(value)
    return equivalence.as_expr(value)


def buggy_backprop_gradients(command: commands.Backprop) -> dict[str, dict[str, Any]]:
    """Return the gradients each backprop misconception gives for ``command``, by id.

    A buggy pass that cannot run at this point (a domain error) is left out.
    """
    from tutor.engine.backprop import BUGGY_LOCALS, backprop_gradients

    found: dict[str, dict[str, Any]] = {}
    for misconception in BUGGY_LOCALS:
        try:
            found[misconception] = {str(name): value for name, value in
                                    backprop_gradients(command, misconception=misconception).items()}
        except TutorError:
            continue
    return found


def _check_backprop(command: commands.Backprop, answer: Any, seed: int) -> Verdict:
    from tutor.checking.answers import judge_gradients
    from tutor.engine.backprop import backprop_gradients

    expected = backprop_gradients(command)
    overwritten = backprop_gradients(command, fanout="overwrite")
    if isinstance(answer, str):
        answer = parse_gradients(answer)
    answer = {str(name): _expression(value) for name, value in answer.items()}

    # Named nodes (q in q = x + y; f = q * z) may be left out: the output's
    # gradient is the upstream value the task states, and an intermediate
    # node is a step on the way to the inputs' gradients, which are required.
    for name, _ in command.assignments:
        if str(name) not in answer:
            expected.pop(str(name), None)
    return judge_gradients(expected, answer, overwritten, seed=seed,
                           alternatives=buggy_backprop_gradients(command))


def check_answer(expected: Any, answer: Any, *, form: str | None = None,
                 seed: int = equivalence.DEFAULT_SEED) -> Verdict:
    """Judge ``answer`` against ``expected`` for a lesson or quiz question.

    ``expected`` chooses the kind of answer:
    - a task text or parsed command (``d/dx x^2``, ``partial ... wrt x``,
      ``backprop ...``): judged like ``check``, misconceptions included;
    - a SymPy expression or number: equivalence and form only;
    - a list, tuple or set: values in any order (the c of the MVT);
    - a ``sympy.Interval`` or ``commands.Interval``: endpoints and which are included;
    - a dict with classification keys (order, degree, linear, type);
    - any other dict: gradients by name.
    ``answer`` may be text (parsed, never evaluated) or the same kind of value.
    """
    from tutor.checking import answers

    if isinstance(expected, str):
        from tutor.parsing import parse

        expected = parse(expected)
    if isinstance(expected, commands.Backprop):
        return _check_backprop(expected, answer, seed)
    if isinstance(expected, commands.Interval):
        expected = _interval(expected)
    decimal = isinstance(answer, str) and typed_decimal(answer)
    if isinstance(expected, commands.Command):
        return judge(task_from_command(expected), _expression(answer), form=form, seed=seed, decimal=decimal)
    if isinstance(expected, DerivativeTask):
        return judge(expected, _expression(answer), form=form, seed=seed, decimal=decimal)

    if isinstance(expected, sympy.Interval):
        return answers.judge_interval(expected, _interval(answer), seed=seed)
    if isinstance(expected, Mapping):
        if set(expected) <= set(answers.CLASSIFICATION_FIELDS):
            return answers.judge_classification(expected, answer, seed=seed)
        if isinstance(answer, str):
            answer = parse_gradients(answer)
        return answers.judge_gradients({str(k): equivalence.as_expr(v) for k, v in expected.items()},
                                       {str(k): _expression(v) for k, v in answer.items()}, seed=seed)
    if isinstance(expected, (list, tuple, set, frozenset)):
        if isinstance(answer, str):
            answer = _split_top_level(answer)
        return answers.judge_values([equivalence.as_expr(v) for v in expected],
                                    [_expression(v) for v in answer], seed=seed)
    return answers.judge_value(equivalence.as_expr(expected), _expression(answer), seed=seed, decimal=decimal)
