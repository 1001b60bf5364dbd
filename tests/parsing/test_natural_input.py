"""Input that learners type naturally: function application, log bases,
infinity, trailing question marks, Korean chatter and ambiguous divisions."""

from __future__ import annotations

import pytest
import sympy
from sympy import Function, Rational, Symbol, csc, log, oo

from tutor.errors import ParseError
from tutor.i18n import translate
from tutor.parsing import commands, parse, parse_expression
from tutor.render.steptext import note_text

x, y = sympy.symbols("x y")
f, g = Function("f"), Function("g")


def _note_keys(command):
    return [note.key for note in command.notes]


# ---------------------------------------------------------------- function application


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("d/dx f(x)", f(x)),
        ("d/dx f(x+1)", f(x + 1)),
        ("d/dx g(x)^2", g(x) ** 2),
        ("d/dx xf(x)", x * f(x)),
    ],
)
def test_applied_function_reading(text, expected):
    command = parse(text)
    assert isinstance(command, commands.Derivative)
    assert command.expr == expected


def test_other_letters_before_bracket_stay_products():
    assert parse_expression("x(x+1)") == x * (x + 1)
    assert parse_expression("f (x)") == Symbol("f") * x


def test_applied_function_rejected_in_partial():
    with pytest.raises(ParseError) as caught:
        parse("partial f(x) wrt x")
    assert caught.value.key == "parsing.applied_function_here"


def test_function_definition_still_parses():
    command = parse("f(x) = x^3 - 2x")
    assert isinstance(command, commands.Define)
    assert command.params == (x,)


@pytest.mark.parametrize("text", ["y=x^2 미분", "y = x^2 미분", "diff y = x^2"])
def test_equation_then_derivative_word(text):
    command = parse(text)
    assert isinstance(command, commands.Derivative)
    assert command.expr == x**2
    assert "parsing.note_equation_derivative" in _note_keys(command)


def test_function_equation_then_derivative_word():
    command = parse("f(t) = t^3 미분")
    assert isinstance(command, commands.Derivative)
    assert command.var == Symbol("t")


# ---------------------------------------------------------------- invalid functions and bases


@pytest.mark.parametrize("text", ["d/dx log_0 x", "log_1 x", "log_01 x"])
def test_log_base_zero_or_one_rejected(text):
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.key == "parsing.log_base_invalid"


def test_zero_to_variable_power_rejected():
    with pytest.raises(ParseError) as caught:
        parse("0^x")
    assert caught.value.key == "parsing.zero_base_power"


def test_zero_to_number_power_still_reads():
    assert parse_expression("0^2") == 0


@pytest.mark.parametrize(("text", "base"), [("log10 x", 10), ("log10(x)", 10), ("log2 x", 2)])
def test_glued_log_base(text, base):
    command = parse(text)
    assert command.expr == log(x, base)
    assert "parsing.note_log_glued_base" in _note_keys(command)


def test_spaced_log_number_stays_natural():
    assert parse_expression("log 10x") == log(10 * x)


def test_cosec_is_cosecant():
    assert parse_expression("cosec x") == csc(x)


@pytest.mark.parametrize("word", ["floor", "round", "sgn", "xyz"])
def test_unknown_function_before_bracket(word):
    with pytest.raises(ParseError) as caught:
        parse(f"{word}(x)")
    error = caught.value
    assert error.key == "parsing.unknown_function_no_match"
    assert error.params["name"] == word
    assert f"'{word}'" in error.message("en")


def test_unknown_function_gets_close_suggestion():
    with pytest.raises(ParseError) as caught:
        parse("sinn(x)")
    assert caught.value.params["meant"] == "sin"


# ---------------------------------------------------------------- intervals and infinity


@pytest.mark.parametrize(
    ("text", "a", "b", "left_closed", "right_closed"),
    [
        ("interval [0, ∞)", 0, oo, True, False),
        ("interval (-oo, 3]", -oo, 3, False, True),
        ("interval (-inf, 3]", -oo, 3, False, True),
        ("interval (-∞, ∞)", -oo, oo, False, False),
        ("interval [a, b)", Symbol("a"), Symbol("b"), True, False),
    ],
)
def test_interval_endpoints(text, a, b, left_closed, right_closed):
    command = parse(text)
    assert isinstance(command, commands.Interval)
    assert (command.a, command.b) == (a, b)
    assert (command.left_closed, command.right_closed) == (left_closed, right_closed)


@pytest.mark.parametrize(("text", "column"), [("interval [0, ∞]", 15), ("interval [-∞, 2)", 10)])
def test_closed_bracket_at_infinity_rejected(text, column):
    with pytest.raises(ParseError) as caught:
        parse(text)
    assert caught.value.key == "parsing.closed_infinity"
    assert caught.value.column == column


def test_infinity_outside_interval_rejected():
    with pytest.raises(ParseError) as caught:
        parse("x + ∞")
    assert caught.value.key == "parsing.infinity_here"


# ---------------------------------------------------------------- natural chat input


@pytest.mark.parametrize(("text", "expected"), [("e^x의 도함수는?", sympy.exp(x)), ("d/dx x^2?", x**2)])
def test_trailing_question_mark_ignored(text, expected):
    command = parse(text)
    assert isinstance(command, commands.Derivative)
    assert command.expr == expected


def test_korean_chatter_quotes_typed_text():
    with pytest.raises(ParseError) as caught:
        parse("이거 너무 어려워요 ㅠㅠ")
    assert caught.value.params["word"] == "이거"
    assert caught.value.text == "이거 너무 어려워요 ㅠㅠ"


def test_compatibility_jamo_kept_as_typed():
    with pytest.raises(ParseError) as caught:
        parse("ㅠㅠ")
    assert caught.value.params["word"] == "ㅠㅠ"


def test_unexpected_character_quoted_as_typed():
    with pytest.raises(ParseError) as caught:
        parse("x ＠ 2")
    assert caught.value.params["char"] == "＠"


# ---------------------------------------------------------------- ambiguous divisions


@pytest.mark.parametrize(
    ("text", "expected", "reading", "alternative"),
    [
        ("1/2x", 1 / (2 * x), "1/(2x)", "(1/2)x"),
        ("1/2 x", 1 / (2 * x), "1/(2 x)", "(1/2)x"),
        ("x^-1/2", 1 / (2 * x), "(x^-1)/2", "x^(-1/2)"),
        ("x^1/2", x / 2, "(x^1)/2", "x^(1/2)"),
        ("(x+1)/2x", (x + 1) / (2 * x), "(x+1)/(2x)", "((x+1)/2)x"),
    ],
)
def test_ambiguous_division_noted(text, expected, reading, alternative):
    command = parse(text)
    assert command.expr == expected
    notes = [n for n in command.notes if n.key == "parsing.note_division_reading"]
    assert len(notes) == 1
    assert notes[0].params["reading"] == reading
    assert notes[0].params["alternative"] == alternative


@pytest.mark.parametrize("text", ["1/(2x)", "(1/2)x", "x^(-1)/2", "x^2/2", "x/2"])
def test_clear_division_not_noted(text):
    assert "parsing.note_division_reading" not in _note_keys(parse(text))


def test_division_note_renders_both_languages():
    note = next(n for n in parse("1/2x").notes if n.key == "parsing.note_division_reading")
    assert "(1/2)x" in note_text(note, "en")
    assert "(1/2)x" in note_text(note, "ko")
    assert translate(note.key, "en", **note.params) != note.key


def test_half_x_reads_as_half_of_x():
    assert parse_expression("(1/2)x") == Rational(1, 2) * x


def test_spaced_question_marks_still_rejected():
    with pytest.raises(ParseError):
        parse("oops ???")


@pytest.mark.parametrize(
    "text",
    ["ln(x^2+1)/x 의 도함수는 뭐예요?", "x^3을 미분하면?", "x^2의 도함수를 알려 주세요"],
)
def test_korean_question_around_derivative(text):
    from tutor.parsing.commands import Derivative

    assert isinstance(parse(text), Derivative)


def test_korean_definition_phrase():
    from tutor.parsing.commands import Define

    assert isinstance(parse("f(x) = x^3 - 3x 라고 하자"), Define)
