"""Rejected input: the error kind, catalog key and column in the original text."""

from __future__ import annotations

import pytest

from tutor.errors import ParseError, TooComplexError, TutorError, UnknownCommandError
from tutor.i18n import catalog, translate
from tutor.parsing import parse, parse_expression

REJECTED = [
    # text, error class, key, 1-based column in the text as typed
    ("", ParseError, "parsing.empty", 1),
    ("   ", ParseError, "parsing.empty", 1),
    ("x +", ParseError, "parsing.missing_operand", 4),
    ("2 * * x", ParseError, "parsing.missing_operand", 5),
    ("x ^", ParseError, "parsing.missing_operand", 4),
    ("(x+1", ParseError, "parsing.unclosed_bracket", 5),
    ("sin(x", ParseError, "parsing.unclosed_bracket", 6),
    ("x+1)", ParseError, "parsing.unmatched_bracket", 4),
    ("|x", ParseError, "parsing.unclosed_bar", 3),
    ("2,5x", ParseError, "parsing.decimal_comma", 2),
    ("d/dx 2,5x", ParseError, "parsing.decimal_comma", 7),
    ("backprop x*y at x = 2,5", ParseError, "parsing.decimal_comma", 22),
    ("sinn x", ParseError, "parsing.unknown_function", 1),
    ("x + coss(x)", ParseError, "parsing.unknown_function", 5),
    ("cso x", ParseError, "parsing.unknown_function", 1),
    ("derivate x^2", UnknownCommandError, "parsing.unknown_command", 1),
    ("partail x^2 wrt x", UnknownCommandError, "parsing.unknown_command", 1),
    ("hlep", UnknownCommandError, "parsing.unknown_command", 1),
    ("미븐 x^2", UnknownCommandError, "parsing.unknown_command", 1),
    ("x^2 안녕", ParseError, "parsing.unknown_word", 5),
    ("x @ 2", ParseError, "parsing.unexpected_character", 3),
    ("x! ", ParseError, "parsing.unexpected_character", 2),
    ("x^2 = 3", ParseError, "parsing.unexpected_equals", 5),
    ("x =", ParseError, "parsing.unexpected_end", 4),
    ("x\x00y", ParseError, "parsing.control_character", 2),
    ("x²\x07", ParseError, "parsing.control_character", 3),
    ("x^2 + y'", ParseError, "parsing.derivative_notation_here", 7),
    ("d/dx y'", ParseError, "parsing.derivative_notation_here", 6),
    ("classify x^2 = 3", ParseError, "parsing.no_derivative", None),
    ("d^2/dx^3 x", ParseError, "parsing.derivative_orders_differ", 1),
    ("max(x)", ParseError, "parsing.argument_count", 1),
    ("log(x, 2)", ParseError, "parsing.argument_count", 1),
    ("1/0", ParseError, "parsing.division_by_zero", None),
    ("0^-1", ParseError, "parsing.division_by_zero", 2),
    ("lang fr", ParseError, "parsing.unknown_language", 6),
    ("lesson", ParseError, "parsing.session_needs_argument", 7),
    ("hint please", ParseError, "parsing.session_extra_text", 1),
    ("train perceptron xnor", ParseError, "parsing.unknown_gate", 18),
    ("1e5", ParseError, "parsing.scientific_notation", 2),
    ("x^2 + 2.5e-3", ParseError, "parsing.scientific_notation", 10),
    ("train tree and", ParseError, "parsing.unknown_model", 7),
    ("train sigmoid and epochs 2.5", ParseError, "parsing.epochs_integer", 26),
    ("partial x^2", ParseError, "parsing.partial_needs_variable", 1),
    ("편미분 sin(x y)", ParseError, "parsing.partial_needs_variable", 1),
    ("x" * 501, TooComplexError, "limits.too_long", 501),
    ("(" * 41 + "x" + ")" * 41, TooComplexError, "limits.too_deep", 41),
    ("x^(10^10^10)", TooComplexError, "limits.exponent_too_large", 6),
    ("2^2^2^2^2^2", TooComplexError, "limits.exponent_too_large", 4),
    ("x^1001", TooComplexError, "limits.exponent_too_large", 2),
    ("1" * 61, TooComplexError, "limits.integer_too_large", None),
    ("10^59*10^59", TooComplexError, "limits.integer_too_large", None),
    ("99999999^99", TooComplexError, "limits.integer_too_large", 9),
    ("d^11/dx^11 x", TooComplexError, "limits.order_too_high", 1),
]


@pytest.mark.parametrize(("text", "kind", "key", "column"), REJECTED, ids=[repr(r[0][:20]) for r in REJECTED])
def test_rejected_input(text, kind, key, column):
    with pytest.raises(kind) as raised:
        parse(text)
    assert raised.value.key == key
    assert raised.value.column == column


def test_column_counts_original_characters():
    # "x²" is three characters after normalisation ("x^2"); the error after
    # it must still point at column 4 of what was typed.
    with pytest.raises(ParseError) as raised:
        parse("x² +")
    assert raised.value.column == 5
    assert raised.value.text == "x² +"


def test_end_of_input_points_past_last_character():
    with pytest.raises(ParseError) as raised:
        parse("(x+1")
    assert raised.value.column == len("(x+1") + 1


def test_decimal_comma_suggests_point():
    with pytest.raises(ParseError) as raised:
        parse("2,5x")
    assert raised.value.suggestion == "2.5x"


def test_unknown_function_suggests_name():
    with pytest.raises(ParseError) as raised:
        parse("sinn x")
    assert raised.value.suggestion == "sin x"
    assert raised.value.params["meant"] == "sin"


def test_unknown_command_suggests_word():
    with pytest.raises(UnknownCommandError) as raised:
        parse("derivate x^2")
    assert raised.value.suggestion == "derivative"
    assert raised.value.kind == "unknown_command"


def test_unclosed_bracket_suggests_closing():
    with pytest.raises(ParseError) as raised:
        parse("(x+1")
    assert raised.value.suggestion == "(x+1)"
    assert raised.value.params["opened"] == 1


def test_parse_expression_rejects_command():
    with pytest.raises(ParseError) as raised:
        parse_expression("d/dx x^2")
    assert raised.value.key == "parsing.not_an_expression"


@pytest.mark.parametrize(("text", "kind", "key", "column"), REJECTED, ids=[repr(r[0][:20]) for r in REJECTED])
@pytest.mark.parametrize("lang", ["en", "ko"])
def test_error_message_renders(text, kind, key, column, lang):
    with pytest.raises(TutorError) as raised:
        parse(text)
    assert raised.value.key in catalog(lang)
    message = translate(raised.value.key, lang, **raised.value.params)
    assert "{" not in message


def test_rejected_table_size():
    assert len(REJECTED) >= 40
