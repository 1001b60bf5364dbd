"""Turn Lark's UnexpectedInput into a learner-facing ParseError.

Lark reports the token where parsing stopped; the learner needs the cause
("the bracket opened at column 3 is not closed", "use 2.5 for a decimal")
at the column they typed.  Each category here is recognised from the
failing token and the text around it, and each has a message key in
catalogs/*/parsing.toml.
"""

from __future__ import annotations

from lark.exceptions import UnexpectedCharacters, UnexpectedInput, UnexpectedToken

from tutor.errors import ParseError, TutorError, UnknownCommandError
from tutor.parsing.normalize import Normalised
from tutor.parsing.tokens import LexicalProblem

_OPERATORS = "+-*/^"
_PAIRS = {")": "(", "]": "["}


def _original_column(normalised: Normalised, index: int) -> int:
    return normalised.original_column(index)


def _replace_original(normalised: Normalised, index: int, replacement: str) -> str:
    """Return the original text with the character behind ``index`` replaced."""
    at = normalised.origin[index]
    return normalised.original[:at] + replacement + normalised.original[at + 1:]


def _unmatched(text: str) -> tuple[str, int] | None:
    """Find the first closing bracket without an opening one, or the last unclosed opening.

    Returns ("close", index) or ("open", index), or None when brackets balance.
    """
    stack: list[int] = []
    for index, char in enumerate(text):
        if char in "([":
            stack.append(index)
        elif char in ")]":
            if not stack:
                return ("close", index)
            stack.pop()
    if stack:
        return ("open", stack[-1])
    return None


def _decimal_comma(text: str, index: int) -> int | None:
    """Return the index of a comma between two digits at or just before ``index``."""
    for comma in (index, index - 1):
        if 0 < comma < len(text) - 1 and text[comma] == "," and text[comma - 1].isdigit() and text[comma + 1].isdigit():
            return comma
    return None


def explain_lexical_problem(problem: LexicalProblem, normalised: Normalised) -> TutorError:
    """Convert the post-lexer's complaint into a TutorError at the original column."""
    column = _original_column(normalised, problem.index)
    if problem.unknown_command:
        error = UnknownCommandError(problem.key, column, **problem.params)
        error.suggestion = problem.suggestion  # type: ignore[attr-defined]
        error.text = normalised.original  # type: ignore[attr-defined]
        return error
    suggestion = None
    if problem.key == "parsing.unknown_function" and problem.suggestion:
        word = problem.params["name"]
        start = normalised.origin[problem.index]
        suggestion = (
            normalised.original[:start] + problem.suggestion
            + normalised.original[start + len(word):]
        )
    return ParseError(
        problem.key, column, normalised.original, suggestion=suggestion, **problem.params
    )


def explain_unexpected(error: UnexpectedInput, normalised: Normalised) -> ParseError:
    """Map a Lark error to the ParseError category that best explains it."""
    text = normalised.text
    original = normalised.original

    if isinstance(error, UnexpectedCharacters):
        index = error.pos_in_stream
        # Quote the character as typed, not its normalised form.
        char = original[normalised.origin[index]] if 0 <= index < len(text) else ""
        return ParseError(
            "parsing.unexpected_character", _original_column(normalised, index), original,
            char=char,
        )

    at_end = True
    index = len(text)
    token_text = ""
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        at_end = False
        index = error.token.start_pos or 0
        token_text = str(error.token.value)
    column = _original_column(normalised, -1 if at_end else index)

    # "2,5x": a decimal comma where no list of values is expected.
    comma = _decimal_comma(text, index)
    if comma is not None:
        suggestion = _replace_original(normalised, comma, ".")
        return ParseError(
            "parsing.decimal_comma", _original_column(normalised, comma), original,
            suggestion=suggestion,
            number=text[comma - 1] + "." + text[comma + 1],
        )

    # Brackets that do not pair up.
    unmatched = _unmatched(text)
    if unmatched is not None:
        kind, where = unmatched
        if kind == "close":
            return ParseError(
                "parsing.unmatched_bracket", _original_column(normalised, where), original,
                char=text[where],
            )
        closer = ")" if text[where] == "(" else "]"
        return ParseError(
            "parsing.unclosed_bracket", column, original, suggestion=original.rstrip() + closer,
            opened=_original_column(normalised, where), char=closer,
        )

    # An operator with nothing after it: "x +", "2 * * x", "x^".
    before = text[:index].rstrip()
    if before and before[-1] in _OPERATORS and (at_end or token_text in _OPERATORS + ")"):
        return ParseError(
            "parsing.missing_operand", column, original, operator=before[-1],
        )

    if text.count("|") % 2 == 1:
        return ParseError("parsing.unclosed_bar", column, original)

    if token_text and error.token.type == "INFINITY":
        return ParseError("parsing.infinity_here", column, original)
    if at_end:
        return ParseError("parsing.unexpected_end", column, original)
    if token_text == "=":
        return ParseError("parsing.unexpected_equals", column, original)
    return ParseError("parsing.unexpected_token", column, original, token=token_text)
