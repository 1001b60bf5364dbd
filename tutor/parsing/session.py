"""Session words (``hint``, ``다음``, ``lesson NAME`` ...) read before the grammar.

They are whole-line commands whose arguments (a lesson name, a quiz topic)
are free text, which the math grammar would read as products of letters.
So they are matched here by their first word, and only when the line has
the expected shape.
"""

from __future__ import annotations

from tutor.errors import ParseError
from tutor.parsing.commands import SessionCommand

#: Word -> (action, argument rule): "none", "optional" or "required".
SESSION_WORDS: dict[str, tuple[str, str]] = {
    "hint": ("hint", "none"), "힌트": ("hint", "none"),
    "steps": ("steps", "none"), "풀이": ("steps", "none"),
    "next": ("next", "none"), "다음": ("next", "none"),
    "skip": ("skip", "none"), "건너뛰기": ("skip", "none"),
    "lessons": ("lessons", "none"),
    "lesson": ("lesson", "required"),
    # "수업" alone lists the lessons; "수업 NAME" opens one.
    "수업": ("lessons", "optional"),
    "quiz": ("quiz", "optional"), "퀴즈": ("quiz", "optional"),
    "progress": ("progress", "none"), "진도": ("progress", "none"),
    "lang": ("lang", "required"), "언어": ("lang", "required"),
    "help": ("help", "none"), "도움말": ("help", "none"),
    "quit": ("quit", "none"), "exit": ("quit", "none"), "종료": ("quit", "none"),
}

#: Language names accepted after ``lang`` / ``언어``.
LANGUAGE_CODES = {"ko": "ko", "en": "en", "한국어": "ko", "영어": "en", "korean": "ko",
                  "english": "en"}


def read_session_command(text: str) -> SessionCommand | None:
    """Return the SessionCommand ``text`` spells, or None if it is not one.

    ``text`` is already normalised and stripped.
    """
    word, _, rest = text.partition(" ")
    entry = SESSION_WORDS.get(word.lower())
    if entry is None:
        return None
    action, rule = entry
    argument = rest.strip() or None

    if rule == "none":
        return SessionCommand(action) if argument is None else None
    if rule == "required" and argument is None:
        raise ParseError("parsing.session_needs_argument", len(text) + 1, text, word=word)
    if action == "lessons" and argument is not None:
        action = "lesson"
    if action == "lang":
        code = LANGUAGE_CODES.get(argument.lower())
        if code is None:
            raise ParseError(
                "parsing.unknown_language", len(word) + 2, text, word=argument, choices="ko, en"
            )
        argument = code
    return SessionCommand(action, argument)
