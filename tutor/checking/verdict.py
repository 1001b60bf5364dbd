"""The Verdict on one learner answer, shaped like a validation result.

A Verdict stores catalog keys and parameters, never sentences, so the
same verdict renders in Korean or English.  ``outcome`` is one of the
``check --json`` verdicts (``correct``, ``correct_other_form``,
``incorrect``, ``invalid``) or ``undecided``, an addition for answers
the checker could neither prove nor refute within its time budget.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Literal

import sympy

from tutor.i18n import translate
from tutor.render.mathtext import to_sympy_syntax, to_unicode

Outcome = Literal["correct", "correct_other_form", "incorrect", "invalid", "undecided"]

OUTCOMES: tuple[str, ...] = ("correct", "correct_other_form", "incorrect", "invalid", "undecided")


@dataclass(frozen=True)
class Message:
    """One feedback sentence: a catalog key and its parameters (SymPy values allowed)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

    def render(self, lang: str) -> str:
        """Return the sentence in ``lang``, SymPy parameters written as Unicode math."""
        return translate(self.key, lang, **{name: _display(value, lang) for name, value in self.params.items()})


def _display(value: Any, lang: str) -> str:
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, sympy.Basic):
        return to_unicode(value)
    if isinstance(value, Mapping):
        return ", ".join(_display_field(str(name), item, lang) for name, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_display(item, lang) for item in value)
    if isinstance(value, bool):
        return translate(f"checking.value.{str(value).lower()}", lang)
    return str(value)


#: Fields of an ODE classification, shown with their names in the learner's language.
CLASSIFICATION_FIELDS = ("order", "degree", "linear", "type")


def _display_field(name: str, value: Any, lang: str) -> str:
    """Return ``name = value`` with a classification field's name and value in ``lang``."""
    if name in CLASSIFICATION_FIELDS:
        label = translate(f"checking.field.{name}", lang)
        if name == "linear" and isinstance(value, bool):
            return translate(f"checking.value.{'linear' if value else 'nonlinear'}", lang)
        if value is None:
            return f"{label}: {translate('checking.value.undefined', lang)}"
        return f"{label} {_display(value, lang)}"
    return f"{name} = {_display(value, lang)}"


def _machine(value: Any) -> Any:
    if isinstance(value, sympy.Basic):
        return to_sympy_syntax(value)
    if isinstance(value, Mapping):
        return {str(name): _machine(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_machine(item) for item in value]
    return value


@dataclass(frozen=True)
class Verdict:
    """What the checker concluded about one answer.

    ``expected`` is the right answer (a SymPy expression, or a list, dict
    or interval for other answer types); ``messages`` are the feedback
    sentences in order; ``seed`` is the seed of the numeric sample points
    (reproducible: the same inputs give the same verdict and seed);
    ``method`` names the equivalence layer that decided; ``where``
    locates a diagnosed mistake in the trace (``rule``, ``focus`` and
    ``step``, the 1-based path of the step such as "2.1"); ``form`` names
    the form note (``decimal``, ``not_simplified``, ``not_expanded``...)
    when the outcome is ``correct_other_form``; ``domain`` is True when
    the answer is undefined where the expected one is defined.
    """

    outcome: Outcome
    expected: Any = None
    answer: Any = None
    misconception: str | None = None
    messages: tuple[Message, ...] = ()
    seed: int | None = None
    method: str | None = None
    where: Mapping[str, Any] | None = None
    form: str | None = None
    domain: bool = False

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown verdict {self.outcome!r}: expected one of {', '.join(OUTCOMES)}")
        object.__setattr__(self, "messages", tuple(self.messages))

    @property
    def is_valid(self) -> bool:
        """True when the answer is right, in the requested form or another one."""
        return self.outcome in ("correct", "correct_other_form")

    @property
    def penalised(self) -> bool:
        """True when the answer should count as a wrong attempt (``invalid`` never does)."""
        return self.outcome == "incorrect"

    def feedback(self, lang: str) -> str:
        """Return every feedback sentence in ``lang``, one per line."""
        return "\n".join(message.render(lang) for message in self.messages)

    def misconception_message(self) -> Message | None:
        """Return the sentence that names the diagnosed mistake (its ``.what`` message), or None."""
        if self.misconception is None:
            return None
        key = f"checking.misconception.{self.misconception}.what"
        return next((message for message in self.messages if message.key == key), Message(key))

    def report(self, lang: str) -> str:
        """Return the plain-text report of ``difftutor check``: verdict, mistake, feedback, expected answer.

        Every sentence is rendered from the verdict's own messages, so each
        gets the parameters the checker stored with it.
        """
        lines = [translate("checking.verdict_line", lang,
                           verdict=translate(f"checking.verdicts.{self.outcome}", lang))]
        mistake = self.misconception_message()
        if mistake is not None:
            lines.append(translate("checking.misconception_line", lang, misconception=mistake.render(lang)))
        lines.extend(message.render(lang) for message in self.messages if message is not mistake)
        # An invalid try does not count, so it does not give the answer away.
        if self.outcome == "incorrect" and self.expected is not None:
            lines.append(translate("checking.expected_line", lang, expected=_display(self.expected, lang)))
        return "\n".join(line for line in lines if line)

    def to_json(self, lang: str) -> dict[str, Any]:
        """Return the ``check --json`` object (contract keys first, then additions)."""
        where = None
        if self.where is not None:
            where = {name: _machine(value) for name, value in self.where.items()}
        return {
            "verdict": self.outcome,
            "misconception": self.misconception,
            "feedback": self.feedback(lang),
            "expected": _machine(self.expected),
            "answer": _machine(self.answer),
            "seed": self.seed,
            "method": self.method,
            "where": where,
            "form": self.form,
            "domain": self.domain,
        }
