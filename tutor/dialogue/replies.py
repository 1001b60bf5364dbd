"""What the session says back: data, not text.

``Session.feed(text)`` returns a list of these.  None holds rendered
text, only catalog keys with parameters, lesson text in both languages,
or a Trace, so a front end renders them in the current language and can
re-render the whole transcript when the learner switches language.
Plain-text rendering for ``--script`` and tests is in
tutor.dialogue.transcript.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tutor.engine.steps import Trace
from tutor.errors import TutorError


def _frozen(params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    return MappingProxyType(dict(params or {}))


@dataclass(frozen=True)
class Localized:
    """Text written by a lesson author in both languages."""

    en: str
    ko: str

    def get(self, lang: str) -> str:
        """Return the text in ``lang``, falling back to English."""
        return self.ko if lang == "ko" and self.ko else self.en


@dataclass(frozen=True)
class Reply:
    """Base of all replies."""


@dataclass(frozen=True)
class Message(Reply):
    """A tutor sentence from the catalog: ``key`` rendered with ``params``.

    ``tone`` lets a front end style it: "info", "success", "warning", "error".
    """

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    tone: str = "info"

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class LessonText(Reply):
    """A passage of a lesson, written by its author."""

    text: Localized
    title: Localized | None = None


@dataclass(frozen=True)
class Question(Reply):
    """A question the learner should answer now.

    ``number`` counts from 1 within the lesson or quiz of ``total`` questions;
    ``answer_type`` tells a front end what to expect (expression, number,
    choice, interval, classification, c_values, gradients); ``choices`` is
    filled for multiple choice.
    """

    prompt: Localized
    number: int
    total: int
    answer_type: str = "expression"
    choices: tuple[Localized, ...] = ()
    skill: str | None = None


@dataclass(frozen=True)
class TraceShown(Reply):
    """The engine's worked steps for a command or for the current question."""

    trace: Trace
    input: str = ""


@dataclass(frozen=True)
class HintShown(Reply):
    """One rung of the hint ladder; ``level`` of ``levels``, the last is bottom-out.

    A hint is either authored (``text``) or generated from the trace
    (``key``/``params``); a bottom-out hint may carry the ``trace`` step(s)
    it shows as a worked example.
    """

    level: int
    levels: int
    text: Localized | None = None
    key: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    trace: Trace | None = None
    #: Sentences from the checker (objects with ``render(lang)``, such as a
    #: tutor.checking.hints.Rung), shown after ``text`` or ``key``.
    messages: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class Feedback(Reply):
    """The verdict on an answer.

    ``verdict`` is correct, correct_other_form, incorrect, invalid or
    undecided; ``misconception`` the id of the diagnosed mistake or None.
    The message is either authored (``text``, from the lesson's feedback for
    that misconception) or from the catalog (``key``/``params``).
    ``expected`` is shown only when the question is over.
    """

    verdict: str
    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    misconception: str | None = None
    text: Localized | None = None
    expected: Any = None
    #: Sentences from the checker (objects with ``render(lang)``, such as a
    #: tutor.checking.verdict.Message), shown after ``text`` or ``key``.
    messages: tuple[Any, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", _frozen(self.params))


@dataclass(frozen=True)
class ErrorShown(Reply):
    """An input the tutor could not use; the session goes on."""

    error: TutorError
    input: str = ""


@dataclass(frozen=True)
class LessonEntry:
    """One row of the lesson list."""

    id: str
    title: Localized
    topic: str
    completed: bool = False
    answered: int = 0
    questions: int = 0


@dataclass(frozen=True)
class LessonList(Reply):
    """The lessons that can be started with ``lesson NAME``."""

    lessons: tuple[LessonEntry, ...]


@dataclass(frozen=True)
class SkillMastery:
    """Mastery of one skill: probability in [0, 1] and answer counts."""

    skill: str
    mastery: float
    attempts: int
    correct: int


@dataclass(frozen=True)
class ProgressShown(Reply):
    """Per-skill mastery from the progress store."""

    skills: tuple[SkillMastery, ...]


@dataclass(frozen=True)
class QuizSummary(Reply):
    """The end of a quiz: score per skill and the missed items with their traces."""

    score: int
    total: int
    per_skill: Mapping[str, tuple[int, int]]
    missed: tuple[tuple[Localized, Trace | None], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "per_skill", _frozen(self.per_skill))


@dataclass(frozen=True)
class LanguageChanged(Reply):
    """The learner switched language; front ends re-render everything."""

    lang: str


@dataclass(frozen=True)
class LessonFinished(Reply):
    """The lesson is over; ``score`` of ``total`` answered right first time."""

    lesson_id: str
    score: int
    total: int


@dataclass(frozen=True)
class QuitRequested(Reply):
    """The learner typed ``quit``; front ends close."""
