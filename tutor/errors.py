"""Errors that carry a message-catalog key, so each one reaches the learner
in their language.

Every error the learner can cause is a :class:`TutorError`.  The command
line maps it to exit status 2 and the session shows it and goes on; any
other exception is a bug (exit status 1).
"""

from __future__ import annotations

from typing import Any


class TutorError(Exception):
    """An error with a catalog key and the values its message needs.

    ``kind`` is the ``error.kind`` field of the JSON contract.
    ``column`` is 1-based, or None when the error has no position.
    """

    kind = "unsupported"

    def __init__(self, key: str, column: int | None = None, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.column = column
        self.params = params

    def message(self, lang: str) -> str:
        """Render the error in ``lang`` from the message catalog."""
        from tutor.i18n import translate
        from tutor.render.mathtext import to_unicode

        # SymPy values read as the learner writes math (ln, π), not as str() gives them.
        params = {
            name: to_unicode(value) if hasattr(value, "free_symbols") else value
            for name, value in self.params.items()
        }
        return translate(self.key, lang, **params)

    def __str__(self) -> str:
        return self.message("en")


class ParseError(TutorError):
    """The input is not valid math or command syntax.

    ``text`` is the (normalised) input, so a renderer can draw a caret
    under ``column``; ``suggestion`` is a corrected input when one is known.
    """

    kind = "parse"

    def __init__(
        self,
        key: str,
        column: int | None = None,
        text: str = "",
        suggestion: str | None = None,
        **params: Any,
    ) -> None:
        super().__init__(key, column, **params)
        self.text = text
        self.suggestion = suggestion


class UnknownCommandError(TutorError):
    """The first word looks like a command that does not exist."""

    kind = "unknown_command"


class TooComplexError(TutorError):
    """The input or a computation exceeds a safety limit in tutor.limits."""

    kind = "too_complex"


class UnsupportedError(TutorError):
    """The input is valid but asks for something the tutor cannot do."""

    kind = "unsupported"


class MathDomainError(TutorError):
    """A value is undefined at the requested point (log of a negative, 1/0)."""

    kind = "unsupported"


class LessonError(TutorError):
    """A lesson file is invalid; ``path``, ``line`` and ``col`` locate it."""

    kind = "lesson"

    def __init__(
        self, key: str, path: str = "", line: int = 0, col: int = 0, **params: Any
    ) -> None:
        super().__init__(key, None, **params)
        self.path = path
        self.line = line
        self.col = col


class StorageError(TutorError):
    """The progress store cannot be read or written."""

    kind = "storage"
