"""The grammar files, the parser build, the normaliser, and the no-eval rule."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import tutor.parsing
from tutor.errors import ParseError
from tutor.parsing.grammars import check_conflicts, command_parser
from tutor.parsing.normalize import normalise
from tutor.parsing.tokens import split_letter_run
from tutor.resources import read_grammar

PARSING_SOURCE = Path(tutor.parsing.__file__).parent


@pytest.mark.parametrize("name", ["math.lark", "commands.lark"])
def test_grammar_files_load_through_resources(name):
    assert "expr" in read_grammar(name)


def test_parser_is_built_once():
    assert command_parser() is command_parser()


def test_lalr_table_has_no_conflicts():
    check_conflicts()


def test_no_eval_in_parsing_source():
    forbidden = re.compile(r"\b(sympify|parse_expr|eval|exec)\s*\(|\bS\(\s*[\"']")
    offenders = [
        f"{path.name}:{number}"
        for path in PARSING_SOURCE.glob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []


def test_grammar_not_opened_by_path():
    source = (PARSING_SOURCE / "grammars.py").read_text(encoding="utf-8")
    assert "open(" not in source
    assert "read_grammar" in source


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("x²", "x^2"),
        ("x⁻¹", "x^-1"),
        ("x³y", "x^3y"),
        ("e⁻ˣ", "e^(-x)"),
        ("2−x", "2-x"),
        ("a·b×c÷d", "a*b*c/d"),
        ("√x", "sqrt x"),
        ("𝑥 + 𝑦", "x + y"),
        ("（ｘ＋１）", "(x+1)"),
        ("log₂ x", "log_2 x"),
        ("y′ + y″", "y' + y''"),
        ("∂z/∂x", "∂z/∂x"),
        ("  x\t+ 1  \n", "x + 1"),
        ("x\u200b+1", "x+1"),
    ],
)
def test_normalise_text(typed, normalised):
    assert normalise(typed).text == normalised


def test_normalise_maps_columns_back():
    result = normalise("x² + √y")
    # "x^2 + sqrt y": the "2" (index 2) came from "²" (index 1); "y" from index 6.
    assert result.original_column(2) == 2
    assert result.original_column(result.text.index("y")) == 7
    assert result.original_column(-1) == len("x² + √y") + 1


def test_normalise_rejects_control_character():
    with pytest.raises(ParseError) as raised:
        normalise("x + \x1b[31m")
    assert raised.value.column == 5
    assert raised.value.params["code"] == "U+001B"


@pytest.mark.parametrize(
    ("word", "pieces"),
    [
        ("xy", ["x", "y"]),
        ("sinx", ["sin", "x"]),
        ("sinhx", ["sinh", "x"]),
        ("xsin", ["x", "sin"]),
        ("asin", ["asin"]),
        ("pix", ["pi", "x"]),
        ("cost", ["cos", "t"]),
    ],
)
def test_letter_runs_split(word, pieces):
    assert [text for _, text, _ in split_letter_run(word)] == pieces
