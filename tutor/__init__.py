"""difftutor: a step-by-step differentiation tutor for the terminal.

The public API mirrors the command line: :func:`explain` answers one chat
input, :func:`check` judges a learner's answer, and :class:`Session` drives
lessons, quizzes and free chat.  None of these import Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check", "explain", "Session"]

if TYPE_CHECKING:
    from tutor.dialogue.session import Session


def explain(text: str, lang: str = "en") -> dict[str, Any]:
    """Answer one chat input as ``difftutor explain --json`` does."""
    from tutor.chat import explain_json

    return explain_json(text, lang=lang)


def check(task: str, answer: str, lang: str = "en") -> dict[str, Any]:
    """Judge ``answer`` to ``task`` as ``difftutor check --json`` does."""
    from tutor.checking.api import check_json

    return check_json(task, answer, lang=lang)


def __getattr__(name: str) -> Any:
    # Session pulls in the dialogue layer, so it loads only when asked for.
    if name == "Session":
        from tutor.dialogue.session import Session

        return Session
    raise AttributeError(f"module 'tutor' has no attribute {name!r}")
