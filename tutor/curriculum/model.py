"""Lessons and questions as data, shared by lesson files and generated quizzes.

A lesson file (lessons/*.toml) loads into a Lesson; a quiz generator
builds Items directly.  The session runs both with the same machinery:
show an Item's prompt, check the answer against ``expected`` with
tutor.checking, give feedback and hints.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from tutor.dialogue.replies import Localized

#: What an Item's answer is, which decides how it is parsed and checked.
ANSWER_TYPES = (
    "expression",      # a formula, checked for equivalence (and form, if required)
    "number",          # an exact or decimal value
    "choice",          # one of ``choices``; expected is the 1-based index or the choice text
    "interval",        # interval notation such as (0, 5]
    "classification",  # order, degree, linear, type of a differential equation
    "c_values",        # the c values of the mean value or Rolle theorem, comma separated
    "gradients",       # backprop gradients such as x = 4, y = 4, z = 3
)


@dataclass(frozen=True)
class WrongAnswer:
    """The author's feedback for one predictable wrong answer, such as a known error of the lecture.

    ``answer`` is written in the tutor's input syntax; a learner's answer
    matches it when the checker judges the two equal, so ``0`` also
    matches ``0.0`` and ``c = 2`` matches ``2``.
    """

    answer: str
    text: Localized


@dataclass(frozen=True)
class Item:
    """One question.

    ``task`` is a chat command the engine can trace (``d/dx (3x^2+2)^2``);
    its trace is the source of the expected answer, the steps shown on
    ``steps`` and the generated hints.  ``expected`` is the author's answer
    in the tutor's input syntax; when both are given, ``difftutor validate``
    checks that they agree.  ``result_key`` picks the field of the trace
    result that is the answer (``derivative``, ``value``, ``c``, ...).
    ``hints`` are authored rungs; when empty, hints come from the trace.
    ``feedback`` maps a misconception id to the author's message for it,
    and ``wrong_answers`` gives messages for specific wrong answers.
    ``form`` is an optional form requirement: expanded, factored, simplified, exact.
    """

    id: str
    prompt: Localized
    answer_type: str = "expression"
    task: str | None = None
    expected: str | None = None
    result_key: str | None = None
    choices: tuple[Localized, ...] = ()
    hints: tuple[Localized, ...] = ()
    feedback: Mapping[str, Localized] = field(default_factory=dict)
    form: str | None = None
    skill: str | None = None
    difficulty: int = 1
    #: Largest accepted distance from ``expected`` for a number answer
    #: (0.05 accepts 1.7 for 5/3); None means the value must be exact.
    tolerance: float | None = None
    #: Misconception id -> a wrong answer that shows it; ``difftutor
    #: validate`` checks that the checker diagnoses each one.
    feedback_examples: Mapping[str, str] = field(default_factory=dict)
    #: Feedback for specific wrong answers; it takes precedence over ``feedback``.
    wrong_answers: tuple[WrongAnswer, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "feedback", MappingProxyType(dict(self.feedback)))
        object.__setattr__(self, "feedback_examples", MappingProxyType(dict(self.feedback_examples)))


@dataclass(frozen=True)
class TextBlock:
    """A passage of the lesson shown as it is."""

    text: Localized
    title: Localized | None = None


@dataclass(frozen=True)
class ShowSteps:
    """Show the engine's full trace of ``task`` as a worked example."""

    task: str
    text: Localized | None = None


#: One element of a lesson, in order.
Block = TextBlock | ShowSteps | Item


@dataclass(frozen=True)
class Lesson:
    """A lesson: metadata and its blocks in order.  ``path`` is for error messages."""

    id: str
    title: Localized
    topic: str
    blocks: tuple[Block, ...]
    summary: Localized | None = None
    path: str = ""

    @property
    def items(self) -> tuple[Item, ...]:
        """The questions of the lesson, in order."""
        return tuple(block for block in self.blocks if isinstance(block, Item))
