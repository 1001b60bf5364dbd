"""Solve a generated item with the engine and judge answers to it with the checker.

Shared by the generator tests.  The engine's result is turned into the
text a learner would type, and the checker must accept it; the
generator's own ``expected`` is compared with the engine's result too.
"""

from __future__ import annotations

import re
from typing import Any

import sympy

from tutor.checking.answers import CLASSIFICATION_FIELDS, interval_text
from tutor.checking.api import check_answer, parse_gradients
from tutor.curriculum.generators.theorems import HYPOTHESIS_CHOICES
from tutor.curriculum.model import Item
from tutor.engine.steps import Trace
from tutor.chat import answer
from tutor.parsing import parse_expression
from tutor.render.mathtext import to_sympy_syntax

ACCEPTED = ("correct", "correct_other_form")


def answer_text(value: Any) -> str:
    """Write an engine result value the way a learner types it."""
    if isinstance(value, dict) and set(value) <= set(CLASSIFICATION_FIELDS):
        return ", ".join(_classification_part(name, item) for name, item in value.items())
    if isinstance(value, sympy.Interval):
        return interval_text(value)
    if isinstance(value, dict):
        return ", ".join(f"{name} = {answer_text(item)}" for name, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(answer_text(item) for item in value)
    if isinstance(value, sympy.Basic):
        return to_sympy_syntax(value)
    return str(value)


def _classification_part(name: str, value: Any) -> str:
    if name == "linear":
        return "linear" if value else "non-linear"
    return f"{name} {value}"


def classification_of(text: str) -> dict[str, Any]:
    """Read ``order 2, degree 1, non-linear`` into the classification fields it names."""
    fields: dict[str, Any] = {}
    for part in (piece.strip() for piece in text.split(",")):
        match = re.fullmatch(r"(order|degree) (\d+)", part)
        if match:
            fields[match.group(1)] = int(match.group(2))
        elif part in ("linear", "non-linear"):
            fields["linear"] = part == "linear"
    return fields


def engine_value(item: Item, trace: Trace) -> Any:
    """The part of the trace result that answers ``item``."""
    if item.answer_type == "classification":
        return {name: trace.result[name] for name in classification_of(item.expected)}
    if item.answer_type == "choice":
        hypothesis = trace.result.get("hypothesis") if not trace.result["applies"] else "applies"
        return str(HYPOTHESIS_CHOICES.index(hypothesis) + 1)
    return trace.result[item.result_key]


def judge(item: Item, value: Any, text: str) -> str:
    """Return the checker's verdict on ``text`` as an answer to ``item`` whose right answer is ``value``."""
    if item.task.startswith(("d/dx", "partial", "backprop")) and item.result_key != "value":
        return check_answer(item.task, text).outcome
    if item.answer_type == "classification":
        return check_answer(value, classification_of(text)).outcome
    if item.answer_type == "choice":
        return "correct" if text.strip() == value else "incorrect"
    return check_answer(value, text).outcome


#: Sample values for every variable, chosen inside the domains of ln, √, arcsin and arccos of small arguments.
_SAMPLES = (sympy.Rational(3, 10), sympy.Rational(7, 10), sympy.Rational(9, 20))


def agree_numerically(first: sympy.Expr, second: sympy.Expr) -> bool:
    """Return whether two expressions agree at three sample points (to 1e-9 relative)."""
    variables = sorted(first.free_symbols | second.free_symbols, key=str)
    for offset, sample in enumerate(_SAMPLES):
        point = {var: sample + sympy.Rational(index + offset, 7) for index, var in enumerate(variables)}
        a = complex(first.evalf(30, subs=point))
        b = complex(second.evalf(30, subs=point))
        if abs(a - b) > 1e-9 * max(1.0, abs(a)):
            return False
    return True


def solve_and_check(item: Item) -> list[str]:
    """Return the problems found with ``item``: an empty list means it is sound."""
    problems = []
    trace = answer(item.task)
    value = engine_value(item, trace)

    own = judge(item, value, answer_text(value))
    if own not in ACCEPTED:
        problems.append(f"checker says {own} to the engine's own answer {answer_text(value)!r}")

    if item.answer_type == "gradients":
        stated = parse_gradients(item.expected)
        engine = trace.result["gradients"]
        for name, gradient in stated.items():
            if sympy.nsimplify(sympy.parse_expr(str(engine[name]))) != gradient:
                problems.append(f"expected gradient {name} = {gradient}, engine has {engine[name]}")
    elif item.answer_type == "expression":
        # The checker's proof of equivalence can take a second for another
        # form; sampling both at a few points is enough to catch a wrong
        # generator and keeps the 200-seed test fast.
        if not agree_numerically(parse_expression(item.expected), value):
            problems.append(f"generator's expected {item.expected!r} differs from the engine's {value}")
    else:
        verdict = judge(item, value, item.expected)
        if verdict not in ACCEPTED:
            problems.append(f"checker says {verdict} to the generator's expected {item.expected!r}")

    if item.result_key == "derivative" and item.skill in RULE_OF_SKILL:
        rule = RULE_OF_SKILL[item.skill]
        if rule not in trace.rules():
            problems.append(f"trace does not use rule {rule}: {trace.rules()}")
    return problems


#: Derivative skills whose trace must contain the rule of the same id.
RULE_OF_SKILL = {
    skill: skill
    for skill in (
        "power", "constant_multiple", "sum", "product", "quotient", "chain", "log_differentiation",
        "sin", "cos", "tan", "sec", "csc", "cot", "sinh", "cosh", "tanh",
        "exp", "exp_base", "log", "log_base", "arcsin", "arccos", "arctan",
    )
}
