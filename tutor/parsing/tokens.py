"""Post-lexer: turn the raw token stream into the tokens the grammar reads.

A regular expression cannot decide what a letter run means: ``sinx`` is
sin x, ``xy`` is x*y, ``at`` is a keyword only as a whole word, and ``|``
opens or closes an absolute value depending on what precedes it.  This
pass, run between Lark's lexer and its LALR parser, settles those
questions with the whole line in view:

1. letter runs become keyword, FUNC, CONST and LETTER tokens;
2. Hangul runs become Korean keywords, and particles and verb endings are
   dropped (``을``, ``를``, ``의``, ``해 줘``);
3. ``y'`` and ``f'(`` become PRIMED and PRIMED_CALL, ``f(x) =`` gets FNAME,
   and any other ``f(``, ``g(`` or ``h(`` gets APPLIED; ``log10 x`` becomes
   the LOG_BASE of log_10 x, and ``oo``, ``inf`` become INFINITY;
4. bars become LBAR or RBAR;
5. Korean word order is rewritten into English order: ``x에 대해`` becomes
   ``wrt x`` and a Korean command word after its argument moves to the
   front (``x^2 미분`` reads as ``미분 x^2``).

Tokens keep their positions in the normalised text, so errors still point
at what was typed.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lark import Token

#: Function names, longest first so that "sinh" wins over "sin".
FUNCTIONS = tuple(sorted(
    (
        "sin", "cos", "tan", "sec", "csc", "cot", "cosec",
        "arcsin", "arccos", "arctan", "asin", "acos", "atan",
        "sinh", "cosh", "tanh", "exp", "ln", "log", "sqrt", "abs",
        "sigmoid", "relu", "max",
    ),
    key=len,
    reverse=True,
))

#: Spelled-out names that are one symbol, not a product of letters.
NAMED_SYMBOLS = ("theta", "alpha", "beta", "phi")

CONSTANTS = ("pi",)

#: Whole letter runs that mean infinity, an endpoint of an interval (like "∞").
INFINITY_WORDS = ("oo", "inf", "infinity")

#: Letters that name a function when directly followed by "(": "f(x)" is f
#: applied to x, not f times x.  Other letters before "(" stay products.
APPLIED_FUNCTION_NAMES = ("f", "g", "h")

#: Function names that are common in other tools but cannot be differentiated
#: here.  Before "(" they are rejected rather than read as a product of letters.
UNSUPPORTED_FUNCTIONS = (
    "floor", "ceil", "ceiling", "round", "sgn", "sign", "signum", "min", "mod", "erf",
    "gamma", "sinc", "cbrt", "coth", "sech", "csch", "arcsec", "arccsc", "arccot", "asec",
    "acsc", "acot", "asinh", "acosh", "atanh", "arsinh", "arcosh", "artanh", "arcsinh",
    "arccosh", "arctanh", "lg", "tg", "ctg", "trunc", "frac", "int", "lim", "sum",
)

#: English keywords, recognised only as whole letter runs ("at", not "2at").
ENGLISH_KEYWORDS = {
    "diff": "DIFF", "differentiate": "DIFF", "derivative": "DERIVATIVE", "of": "OF",
    "wrt": "WRT", "with": "WITH", "respect": "RESPECT", "to": "TO",
    "partial": "PARTIAL", "at": "AT", "chain": "CHAIN", "mvt": "THEOREM",
    "rolle": "THEOREM", "on": "ON", "motion": "MOTION", "classify": "CLASSIFY",
    "backprop": "BACKPROP", "upstream": "UPSTREAM", "train": "TRAIN", "rate": "RATE",
    "epochs": "EPOCHS", "interval": "INTERVAL", "contains": "CONTAINS", "in": "IN",
}

#: Korean command words and the English command they mean.
KOREAN_KEYWORDS = {
    "미분": ("DIFF", "diff"), "도함수": ("DIFF", "diff"),
    "편미분": ("PARTIAL", "partial"), "편도함수": ("PARTIAL", "partial"),
    "연쇄": ("CHAIN", "chain"), "평균값": ("THEOREM", "mvt"), "롤": ("THEOREM", "rolle"),
    "운동": ("MOTION", "motion"), "분류": ("CLASSIFY", "classify"),
    "역전파": ("BACKPROP", "backprop"), "학습": ("TRAIN", "train"),
    "구간": ("INTERVAL", "interval"),
}

#: Endings a Korean command word may carry: particles and verb forms.
KOREAN_ENDINGS = (
    "", "해", "해줘", "해주세요", "해 줘", "하시오", "하라", "해라", "하세요", "하기",
    "을", "를", "의", "은", "는", "해서", "하면", "하면요", "해봐", "해 봐", "해보세요",
)

#: Korean words that carry no meaning for the parser once the command is known.
KOREAN_FILLER = {
    "을", "를", "의", "은", "는", "이", "가", "줘", "주세요", "정리", "구해", "구해줘",
    "구하시오", "구하기", "함수", "좀",
    # A question or request around the command: "…의 도함수는 뭐예요?",
    # "f(x) = x^3 라고 하자".
    "뭐예요", "뭔가요", "뭐야", "뭐지", "무엇인가요", "무엇입니까", "얼마예요", "얼마인가요",
    "알려줘", "알려주세요", "알려", "보여줘", "보여주세요", "보여", "구해주세요", "부탁해요",
    "라고", "하자", "두자", "놓자", "합시다", "두면", "놓으면",
}

#: "x에 대해": the variable of differentiation in Korean.
KOREAN_WRT = {"에대해", "에대하여", "에대해서", "에관해", "에관하여"}

COMMAND_TYPES = {
    "DIFF", "DERIVATIVE", "PARTIAL", "CHAIN", "THEOREM", "MOTION", "CLASSIFY",
    "BACKPROP", "TRAIN", "INTERVAL",
}

#: Every word a learner may start a command with, for "did you mean".
COMMAND_WORDS = tuple(
    sorted(
        {word for word, kind in ENGLISH_KEYWORDS.items() if kind in COMMAND_TYPES}
        | {"hint", "steps", "next", "skip", "lessons", "lesson", "quiz", "progress",
           "lang", "help", "quit"}
    )
)

#: Token types after which a value ends; a bar after one of these closes |x|.
_VALUE_END = {
    "NUMBER", "LETTER", "CONST", "RPAR", "RBAR", "PRIMED", "D_NAMED", "PARTIAL_NAMED",
}


@dataclass
class LexicalProblem(Exception):
    """A word the post-lexer cannot read; parse() turns it into a TutorError.

    ``index`` is the 0-based index in the normalised text.
    """

    key: str
    index: int
    unknown_command: bool = False
    suggestion: str | None = None
    params: dict[str, Any] = field(default_factory=dict)


def english_keyword(value: str) -> str:
    """Return the English command word of a keyword token's value ("롤" -> "rolle")."""
    return KOREAN_KEYWORDS[value][1] if value in KOREAN_KEYWORDS else value


def _piece(kind: str, value: str, source: Token, offset: int) -> Token:
    start = source.start_pos + offset
    return Token(
        kind, value, start, source.line, source.column + offset,
        source.end_line, source.column + offset + len(value), start + len(value),
    )


def split_letter_run(word: str) -> list[tuple[str, str, int]]:
    """Split a letter run into (type, text, offset) pieces.

    Known names win, longest first: "sinhx" is sinh, x and "xsin" is x,
    sin.  Any other letter is a variable of its own, so "xy" is x, y.
    """
    pieces: list[tuple[str, str, int]] = []
    offset = 0
    while offset < len(word):
        rest = word[offset:]
        for name in FUNCTIONS:
            if rest.startswith(name):
                pieces.append(("FUNC", name, offset))
                break
        else:
            for name in CONSTANTS + NAMED_SYMBOLS:
                if rest.startswith(name):
                    kind = "CONST" if name in CONSTANTS else "LETTER"
                    pieces.append((kind, name, offset))
                    break
            else:
                pieces.append(("LETTER", rest[0], offset))
        offset += len(pieces[-1][1])
    return pieces


def _looks_like_misspelt_function(word: str, pieces: list[tuple[str, str, int]]) -> str | None:
    """Return the function the learner probably meant by ``word``, or None.

    "sinn" and "coss" repeat the last letter of a function name; "cso"
    and "sni" contain no function at all but are close to one.  "sinx",
    "cost" and "xsin" are fine readings (sin x, cos t, x sin).
    """
    if len(word) < 3:
        return None
    functions = [text for kind, text, _ in pieces if kind == "FUNC"]
    if functions:
        first_kind, first_text, _ = pieces[0]
        doubled = (
            first_kind == "FUNC" and len(pieces) == 2 and pieces[1][1] == first_text[-1]
        )
        return first_text if doubled else None
    matches = difflib.get_close_matches(word.lower(), FUNCTIONS, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _looks_like_unknown_function(word: str, pieces: list[tuple[str, str, int]]) -> bool:
    """Return whether ``word``, written directly before "(", names an unknown function.

    Known unsupported names ("floor", "arcsec") always do.  Any other run of
    three or more plain letters does too ("xyz(x)"), unless it ends in an
    applied function name ("xf(x)" is x·f(x)), because a product of letters
    written before a bracket is rare and would be read silently.
    """
    if word.lower() in UNSUPPORTED_FUNCTIONS:
        return True
    if len(word) < 3 or any(kind != "LETTER" or len(text) != 1 for kind, text, _ in pieces):
        return False
    return pieces[-1][1] not in APPLIED_FUNCTION_NAMES


class PostLexer:
    """The ``postlex`` stage of the command parser (see the module docstring)."""

    # Terminals the contextual lexer must match even where the parser state
    # does not expect them.  Lark requires the attribute, and the basic
    # lexer used here ignores it.
    always_accept = ("WORD", "GREEK", "HANGUL", "BAR", "PRIME")

    def process(self, stream: Iterator[Token]) -> Iterator[Token]:
        """Rewrite the whole line's tokens; see the module docstring for the passes."""
        tokens = list(stream)
        tokens = self._words(tokens)
        tokens = self._glued_log_bases(tokens)
        tokens = self._korean_wrt(tokens)
        tokens = self._exponent_runs(tokens)
        tokens = self._powers_of_e(tokens)
        tokens = self._primes(tokens)
        tokens = self._bars(tokens)
        tokens = self._function_names(tokens)
        tokens = self._applied_functions(tokens)
        tokens = self._korean_order(tokens)
        tokens = self._partial_variable(tokens)
        yield from tokens

    # ------------------------------------------------------------ passes

    def _words(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        training = False
        for position, token in enumerate(tokens):
            if token.type == "WORD":
                lowered = token.value.lower()
                if training and lowered not in ("rate", "epochs"):
                    out.append(Token.new_borrow_pos("ARGWORD", lowered, token))
                    continue
                if lowered in INFINITY_WORDS:
                    out.append(Token.new_borrow_pos("INFINITY", lowered, token))
                    continue
                keyword = ENGLISH_KEYWORDS.get(lowered)
                if keyword is not None:
                    out.append(Token.new_borrow_pos(keyword, lowered, token))
                    training = training or keyword == "TRAIN"
                    continue
                out.extend(self._letter_run(token, position, tokens))
            elif token.type == "GREEK":
                kind = "CONST" if token.value == "π" else "LETTER"
                value = "pi" if token.value == "π" else token.value
                out.append(Token.new_borrow_pos(kind, value, token))
            elif token.type == "HANGUL":
                if training:
                    out.append(Token.new_borrow_pos("ARGWORD", token.value, token))
                    continue
                korean = self._korean_word(token)
                if korean is not None:
                    out.append(korean)
                    training = training or korean.type == "TRAIN"
            else:
                out.append(token)
        return out

    def _letter_run(self, token: Token, position: int, tokens: list[Token]) -> list[Token]:
        word = token.value
        pieces = split_letter_run(word)

        # An unknown first word followed by more input looks like a
        # misspelt command ("derivate x^2", "partail ...").
        if position == 0 and len(word) >= 4:
            if not any(kind == "FUNC" for kind, _, _ in pieces):
                close = difflib.get_close_matches(word.lower(), COMMAND_WORDS, n=1, cutoff=0.7)
                if close and close[0] == word.lower():
                    # "hint please": a session word with text it does not take.
                    raise LexicalProblem(
                        "parsing.session_extra_text", token.start_pos, params={"word": word}
                    )
                if close:
                    raise LexicalProblem(
                        "parsing.unknown_command", token.start_pos, unknown_command=True,
                        suggestion=close[0], params={"word": word, "meant": close[0]},
                    )

        # An unknown function name before "(" ("floor(x)", "round(x)").
        bracket_next = (
            position + 1 < len(tokens) and tokens[position + 1].type == "LPAR"
            and tokens[position + 1].start_pos == token.end_pos
        )
        if bracket_next and _looks_like_unknown_function(word, pieces):
            # "sgn" is close to "sin" in spelling only, so a known name gets no suggestion.
            meant = [] if word.lower() in UNSUPPORTED_FUNCTIONS else difflib.get_close_matches(
                word.lower(), FUNCTIONS, n=1, cutoff=0.6
            )
            if meant:
                raise LexicalProblem(
                    "parsing.unknown_function", token.start_pos, suggestion=meant[0],
                    params={"name": word, "meant": meant[0]},
                )
            raise LexicalProblem(
                "parsing.unknown_function_no_match", token.start_pos,
                params={"name": word, "functions": ", ".join(sorted(FUNCTIONS))},
            )

        # A misspelt function name applied to something ("sinn x", "cso(x)").
        followed = position + 1 < len(tokens) and tokens[position + 1].type not in (
            "PLUS", "MINUS", "STAR", "SLASH", "RPAR", "COMMA", "EQUAL", "SEMICOLON",
        )
        meant = _looks_like_misspelt_function(word, pieces) if followed else None
        if meant is not None:
            raise LexicalProblem(
                "parsing.unknown_function", token.start_pos, suggestion=meant,
                params={"name": word, "meant": meant},
            )

        return [_piece(kind, text, token, offset) for kind, text, offset in pieces]

    def _korean_word(self, token: Token) -> Token | None:
        word = token.value
        if word in KOREAN_FILLER:
            return None
        if word in KOREAN_WRT or word == "에" or word in ("대해", "대하여", "대해서"):
            return Token.new_borrow_pos("KO_WRT_PART", word, token)
        for base in sorted(KOREAN_KEYWORDS, key=len, reverse=True):
            if word.startswith(base) and word[len(base):] in KOREAN_ENDINGS:
                kind, _ = KOREAN_KEYWORDS[base]
                # The value stays Korean (the base word without its ending),
                # which is how _korean_order and english_keyword tell it apart.
                return Token.new_borrow_pos(kind, base, token)
        close = difflib.get_close_matches(word, list(KOREAN_KEYWORDS), n=1, cutoff=0.5)
        if close:
            raise LexicalProblem(
                "parsing.unknown_command", token.start_pos, unknown_command=True,
                suggestion=close[0], params={"word": word, "meant": close[0]},
            )
        raise LexicalProblem("parsing.unknown_word", token.start_pos, params={"word": word})

    def _glued_log_bases(self, tokens: list[Token]) -> list[Token]:
        """Read ``log10 x`` and ``log2(x)`` as log_10 x and log_2 x, as calculators do.

        Only a number glued to ``log`` and followed by an argument counts:
        ``log 10x`` stays ln(10x) and ``log10`` alone stays ln 10.  The token
        keeps the typed text (no "_"), so the transformer can add a Note.
        """
        out: list[Token] = []
        index = 0
        while index < len(tokens):
            log = tokens[index]
            number = tokens[index + 1] if index + 1 < len(tokens) else None
            following = tokens[index + 2] if index + 2 < len(tokens) else None
            glued = (
                number is not None and following is not None
                and log.type == "FUNC" and log.value == "log" and number.type == "NUMBER"
                and number.start_pos == log.end_pos and number.value.isdigit()
                and following.type in ("LPAR", "LETTER", "FUNC", "CONST", "NUMBER")
            )
            if glued:
                out.append(Token(
                    "LOG_BASE", log.value + number.value, log.start_pos, log.line, log.column,
                    number.end_line, number.end_column, number.end_pos,
                ))
                index += 2
                continue
            out.append(log)
            index += 1
        return out

    def _korean_wrt(self, tokens: list[Token]) -> list[Token]:
        """Rewrite ``x 에 대해`` (three tokens or two) into ``WRT x``."""
        out: list[Token] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.type == "KO_WRT_PART":
                if token.value == "에" and index + 1 < len(tokens) and tokens[index + 1].type == "KO_WRT_PART":
                    index += 1
                elif token.value not in KOREAN_WRT:
                    raise LexicalProblem("parsing.korean_wrt", token.start_pos)
                if not out or out[-1].type != "LETTER":
                    raise LexicalProblem("parsing.korean_wrt", token.start_pos)
                variable = out.pop()
                out.append(Token.new_borrow_pos("WRT", "wrt", token))
                out.append(variable)
            else:
                out.append(token)
            index += 1
        return out

    def _exponent_runs(self, tokens: list[Token]) -> list[Token]:
        """Read ``e^2x`` as e^(2x): bracket a number and the letters glued to it.

        Only after ``e`` and only when nothing follows the run with ``^``
        (``e^2x^2`` stays e^2 x^2).  The transformer adds a Note saying so.
        """
        out = list(tokens)
        index = 0
        while index + 3 < len(out):
            base, power = out[index], out[index + 1]
            if not (base.type == "LETTER" and base.value == "e" and power.type == "POW"):
                index += 1
                continue
            start = index + 2
            number = start + 1 if out[start].type == "MINUS" else start
            if number + 1 >= len(out) or out[number].type != "NUMBER":
                index += 1
                continue
            end = number + 1
            while (
                end < len(out) and out[end].type == "LETTER"
                and out[end].start_pos == out[end - 1].end_pos
            ):
                end += 1
            if end == number + 1 or (end < len(out) and out[end].type == "POW"):
                index += 1
                continue
            first, last = out[start], out[end - 1]
            opening = Token("EXP_OPEN", "(", first.start_pos, first.line, first.column,
                            first.line, first.column, first.start_pos)
            closing = Token("EXP_CLOSE", ")", last.end_pos, last.line, last.end_column,
                            last.line, last.end_column, last.end_pos)
            out[start:end] = [opening, *out[start:end], closing]
            index = end + 2
        return out

    def _powers_of_e(self, tokens: list[Token]) -> list[Token]:
        """Mark an ``e`` directly followed by ``^`` as EXP_E (see math.lark's e_power).

        ``1e5`` is rejected rather than read as 1·e·5: scientific notation
        is not part of typed math, and the product would be a silent misreading.
        """
        out = list(tokens)
        for index, token in enumerate(out[:-2]):
            glued = (
                token.type == "NUMBER" and out[index + 1].type == "LETTER"
                and out[index + 1].value == "e" and out[index + 2].type in ("NUMBER", "MINUS")
                and token.end_pos == out[index + 1].start_pos == out[index + 2].start_pos - 1
            )
            if glued:
                mantissa = token.value
                exponent_token = out[index + 3] if out[index + 2].type == "MINUS" and index + 3 < len(out) else out[index + 2]
                sign = "-" if out[index + 2].type == "MINUS" else ""
                raise LexicalProblem(
                    "parsing.scientific_notation", out[index + 1].start_pos,
                    suggestion=f"{mantissa}*10^{sign}{exponent_token.value}",
                    params={"literal": f"{mantissa}e{sign}{exponent_token.value}"},
                )
        for index, token in enumerate(out[:-1]):
            if token.type == "LETTER" and token.value == "e" and out[index + 1].type == "POW":
                out[index] = Token.new_borrow_pos("EXP_E", "e", token)
        return out

    def _primes(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        for token in tokens:
            previous = out[-1] if out else None
            if token.type == "PRIME" and previous is not None and previous.end_pos == token.start_pos:
                if previous.type in ("LETTER", "PRIMED"):
                    merged = Token(
                        "PRIMED", previous.value + "'", previous.start_pos, previous.line,
                        previous.column, token.end_line, token.end_column, token.end_pos,
                    )
                    out[-1] = merged
                    continue
            if (
                token.type == "LPAR" and previous is not None and previous.type == "PRIMED"
                and previous.end_pos == token.start_pos
            ):
                out[-1] = Token.new_borrow_pos("PRIMED_CALL", previous.value, previous)
            out.append(token)
        return out

    def _bars(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        open_bars = 0
        for token in tokens:
            if token.type == "BAR":
                previous = out[-1].type if out else None
                if open_bars and previous in _VALUE_END:
                    open_bars -= 1
                    token = Token.new_borrow_pos("RBAR", "|", token)
                else:
                    open_bars += 1
                    token = Token.new_borrow_pos("LBAR", "|", token)
            out.append(token)
        return out

    def _function_names(self, tokens: list[Token]) -> list[Token]:
        """Mark ``f`` in ``f(x) = ...`` as FNAME and ``dz/dt`` before ``z =`` as CHAIN_NAMED."""
        # "motion f(t) = ...", "diff f(x) = ...", "derivative of f(x) = ...".
        start = 0
        if tokens and tokens[0].type in ("MOTION", "DIFF"):
            start = 1
        elif len(tokens) > 1 and tokens[0].type == "DERIVATIVE" and tokens[1].type == "OF":
            start = 2
        index = start + 2
        if (
            len(tokens) > 2 and tokens[0].type == "D_NAMED"
            and tokens[1].type == "LETTER" and tokens[2].type == "EQUAL"
        ):
            # "dz/dt z = ..., x = ...": the chain rule with the target named first.
            return [Token.new_borrow_pos("CHAIN_NAMED", tokens[0].value, tokens[0])] + tokens[1:]
        if len(tokens) < start + 5 or tokens[start].type != "LETTER" or tokens[start + 1].type != "LPAR":
            return tokens
        while index < len(tokens) and tokens[index].type == "LETTER":
            index += 1
            if index < len(tokens) and tokens[index].type == "COMMA":
                index += 1
            else:
                break
        if index + 1 < len(tokens) and tokens[index].type == "RPAR" and tokens[index + 1].type == "EQUAL":
            tokens = list(tokens)
            tokens[start] = Token.new_borrow_pos("FNAME", tokens[start].value, tokens[start])
        return tokens

    def _applied_functions(self, tokens: list[Token]) -> list[Token]:
        """Mark ``f``, ``g`` or ``h`` directly followed by "(" as an applied function name."""
        out = list(tokens)
        for index, token in enumerate(out[:-1]):
            following = out[index + 1]
            if (
                token.type == "LETTER" and token.value in APPLIED_FUNCTION_NAMES
                and following.type == "LPAR" and following.start_pos == token.end_pos
            ):
                out[index] = Token.new_borrow_pos("APPLIED", token.value, token)
        return out

    def _korean_order(self, tokens: list[Token]) -> list[Token]:
        """Move a Korean command word that follows its argument to the front."""
        for index, token in enumerate(tokens):
            if token.type in COMMAND_TYPES:
                if index == 0 or token.value.isascii():
                    return tokens
                return [token] + tokens[:index] + tokens[index + 1:]
        return tokens

    def _partial_variable(self, tokens: list[Token]) -> list[Token]:
        """Read ``편미분 EXPR x``: the last lone letter before ``at`` is the variable."""
        if not tokens or tokens[0].type != "PARTIAL" or any(t.type == "WRT" for t in tokens):
            return tokens
        end = next((i for i, t in enumerate(tokens) if t.type == "AT"), len(tokens))
        if end < 3:
            return tokens
        last, before = tokens[end - 1], tokens[end - 2]
        spaced = before.end_pos < last.start_pos
        if last.type == "LETTER" and spaced and before.type in _VALUE_END:
            wrt = Token("WRT", "wrt", last.start_pos, last.line, last.column,
                        last.line, last.column, last.start_pos)
            return tokens[:end - 1] + [wrt] + tokens[end - 1:]
        return tokens
