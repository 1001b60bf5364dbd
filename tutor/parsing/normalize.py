"""Normalise pasted math before it reaches the grammar.

Learners paste from word processors, PDFs and phone keyboards, so the same
expression arrives as ``x²·e⁻ˣ``, ``x^2*e^-x`` or full-width ``ｘ＾２``.  This
module rewrites such text into the ASCII-and-Hangul alphabet the grammar
reads, and keeps, for every normalised character, the index of the
original character it came from, so a parse error can point at what the
learner typed.

Superscripts are rewritten before NFKC on purpose: NFKC turns ``⁻¹`` into
``-1`` and the exponent marker is lost (``x⁻¹`` would read as ``x - 1``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from tutor.errors import ParseError

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6",
    "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-", "⁺": "+", "⁽": "(", "⁾": ")",
    "ⁿ": "n", "ˣ": "x", "ʸ": "y", "ᵗ": "t",
}
_SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6",
    "₇": "7", "₈": "8", "₉": "9", "ₓ": "x",
}

#: Characters rewritten one by one (after superscripts, before NFKC).
_REPLACEMENTS = {
    "\u2212": "-",  # minus sign
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2010": "-",  # hyphen
    "\u00b7": "*",  # middle dot
    "\u22c5": "*",  # dot operator
    "\u2219": "*",  # bullet operator
    "\u00d7": "*",  # multiplication sign
    "\u2217": "*",  # asterisk operator
    "\u00f7": "/",  # division sign
    "\u2215": "/",  # division slash
    "\u221a": "sqrt ",  # square root sign: "√x" reads as "sqrt x"
    "\u2032": "'",  # prime
    "\u2033": "''",  # double prime
    "\u2019": "'",  # right single quotation mark, typed for a prime
    "\u00b4": "'",  # acute accent, typed for a prime
    "\t": " ",
    "\u3000": " ",  # ideographic space
    "\u00a0": " ",  # no-break space
    "\u2202": "∂",  # kept: the grammar reads ∂ itself
    "\u03c0": "π",  # kept: the grammar reads π itself
}


#: Hangul compatibility jamo ("ㅋ", "ㅠ"), typed alone in chat; kept as typed.
_COMPATIBILITY_JAMO_FIRST = "\u3131"
_COMPATIBILITY_JAMO_LAST = "\u318e"


@dataclass(frozen=True)
class Normalised:
    """Normalised text and the original index of each of its characters.

    ``origin[i]`` is the index in ``original`` of the character that
    produced ``text[i]``; ``origin[len(text)]`` is just past the last
    character of ``original`` that produced any text.
    """

    text: str
    original: str
    origin: tuple[int, ...]

    def original_column(self, index: int) -> int:
        """Return the 1-based column in ``original`` of normalised index ``index``.

        An index at or past the end (Lark reports end of input as -1)
        maps to just past the last character the learner typed.
        """
        if index < 0 or index >= len(self.text):
            return self.origin[len(self.text)] + 1
        return self.origin[index] + 1


def _superscript_run(text: str, start: int, table: dict[str, str]) -> int:
    end = start
    while end < len(text) and text[end] in table:
        end += 1
    return end


def normalise(original: str) -> Normalised:
    """Rewrite ``original`` into grammar text and keep the column map.

    Raises ParseError ``limits.control_character`` for a control character,
    with the 1-based column where it was typed.
    """
    out: list[str] = []
    origin: list[int] = []

    def emit(chunk: str, index: int) -> None:
        out.extend(chunk)
        origin.extend([index] * len(chunk))

    index = 0
    while index < len(original):
        char = original[index]

        # Superscript and subscript runs become "^..." and "_...".
        for table, marker in ((_SUPERSCRIPTS, "^"), (_SUBSCRIPTS, "_")):
            if char in table:
                end = _superscript_run(original, index, table)
                body = "".join(table[c] for c in original[index:end])
                needs_brackets = any(c in "+-" for c in body[1:]) or (
                    len(body) > 1 and not body.lstrip("+-").isdigit()
                )
                emit(marker, index)
                if needs_brackets:
                    emit("(", index)
                for offset, converted in enumerate(body):
                    emit(converted, index + offset)
                if needs_brackets:
                    emit(")", end - 1)
                index = end
                break
        else:
            if char in _REPLACEMENTS:
                emit(_REPLACEMENTS[char], index)
            elif char in "\r\n" and not original[index + 1:].strip():
                pass  # a trailing line break from a paste
            elif unicodedata.category(char) == "Cc":
                # NOTE: the message takes the column as ``position`` because
                # ParseError's own ``column`` argument is not passed to the catalog.
                raise ParseError(
                    "parsing.control_character",
                    index + 1,
                    original,
                    position=index + 1,
                    code=f"U+{ord(char):04X}",
                )
            elif unicodedata.category(char) == "Cf":
                pass  # zero-width spaces and joiners, byte-order marks: invisible, dropped
            elif _COMPATIBILITY_JAMO_FIRST <= char <= _COMPATIBILITY_JAMO_LAST:
                # NFKC would turn "ㅠ" into the conjoining jamo U+1172, which
                # prints differently, so messages could not quote what was typed.
                emit(char, index)
            else:
                emit(unicodedata.normalize("NFKC", char), index)
            index += 1

    # Leading and trailing blanks carry no meaning; drop them but keep the map.
    while out and out[-1] == " ":
        out.pop()
        origin.pop()

    # A "?" that ends the last word ("e^x의 도함수는?", "d/dx x^2?") does not
    # change the request.  A spaced-out "???" is left for the parser to reject.
    marks = 0
    while marks < len(out) and out[-1 - marks] == "?":
        marks += 1
    if 0 < marks < len(out) and out[-1 - marks] != " ":
        del out[-marks:]
        del origin[-marks:]
    lead = 0
    while lead < len(out) and out[lead] == " ":
        lead += 1
    out, origin = out[lead:], origin[lead:]

    end = origin[-1] + 1 if origin else 0
    return Normalised("".join(out), original, tuple(origin) + (end,))
