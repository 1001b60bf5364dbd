"""Random and adversarial input: only TutorError subclasses, each within a second."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.errors import TooComplexError, TutorError
from tutor.parsing import parse
from tutor.parsing.commands import Command

MATHY = st.sampled_from(list("xyzt0123456789+-*/^()[]|,.=;' ²³⁻¹·×÷−√π∂") + [
    "sin", "cos", "log", "ln", "e", "d/dx", "dy/dx", "∂/∂x", "wrt", "at", "on", " ", "**",
    "미분", "편미분", "을", "를", "의", "에 대해", "해 줘", "역전파", "구간", "운동", "\x00", "\t",
    "\u200b", "𝑥", "ｘ",
])


def _outcome(text: str) -> float:
    started = time.perf_counter()
    try:
        result = parse(text)
        assert isinstance(result, Command)
    except TutorError:
        pass
    return time.perf_counter() - started


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_random_text_fails_cleanly(text):
    assert _outcome(text) < 1.0


@settings(max_examples=150, deadline=None)
@given(st.lists(MATHY, max_size=30).map("".join))
def test_random_math_fails_cleanly(text):
    assert _outcome(text) < 1.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3) | st.sampled_from("x^2+ "), max_size=40))
def test_hangul_mixes_fail_cleanly(text):
    assert _outcome(text) < 1.0


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x1F) | st.sampled_from("x+1"), max_size=20))
def test_control_characters_fail_cleanly(text):
    assert _outcome(text) < 1.0


ADVERSARIAL = [
    "x^(10^10^10)",
    "(" * 10_000,
    "(" * 10_000 + "x" + ")" * 10_000,
    "x" * 100_000,
    "2^2^2^2^2^2",
    "9^9^9",
    "10^10^10^10",
    "x^x^x^x^x^x^x^x",
    "(x^2)^(10^5)",
    "3^(2^(2^(2^2)))",
    "(((2^2)^2)^2)^2^2^2",
    "1" * 499,
    "x^" * 249 + "2",
    "-" * 499 + "x",
    "sin " * 100 + "x",
    "sin(" * 40 + "x" + ")" * 40,
    "|" * 200,
    "x" * 499,
    "x+" * 249 + "x",
    "x*" * 249 + "x",
    "(x+1)" * 100,
    "d/dx " + "(x+1)^1000" * 40,
    "backprop " + "x*" * 120 + "x at x = 1",
    "\x00" * 400,
    "미분" * 200,
    "2,5" * 160,
    "∂^999999999/∂x^999999999 x",
    "d^99999999999/dx^99999999999 x",
    "f_" + "x" * 400,
    "0.000000000000000000000000000000000000000000000000000000000000000001",
]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=[repr(a[:16]) + str(len(a)) for a in ADVERSARIAL])
def test_adversarial_input_is_bounded(text):
    assert _outcome(text) < 1.0


@pytest.mark.parametrize("text", ["x^(10^10^10)", "(" * 10_000, "x" * 100_000, "2^2^2^2^2^2"])
def test_adversarial_input_is_too_complex(text):
    with pytest.raises(TooComplexError):
        parse(text)


def test_huge_tower_of_small_parts_rejected():
    # Each exponent is small, but the value 3^(3^27) is astronomically large.
    with pytest.raises(TooComplexError):
        parse("3^3^3^3")
