"""Exact arithmetic refutes answers that sampling with a tolerance would pass."""

from __future__ import annotations

import pytest
import sympy

from tutor.checking.equivalence import compare
from tutor.parsing import parse_expression

x = sympy.Symbol("x")


@pytest.mark.parametrize(
    "answer",
    ["2x + x^20/10^40", "2x + e^(-1000)", "2x*1.0000000001", "2x + 10^-20"],
)
def test_tiny_offsets_are_different(answer):
    outcome = compare(2 * x, parse_expression(answer))
    assert outcome.outcome == "different"
    assert outcome.method == "exact"


@pytest.mark.parametrize("answer", ["x + x", "(x^2-1)/(x-1) + x - 1", "2(x + 1) - 2"])
def test_exact_identities_still_equal(answer):
    assert compare(2 * x, parse_expression(answer)).outcome == "equal"


def test_transcendental_constant_is_not_refuted_exactly():
    sigmoid_slope = sympy.E / (1 + sympy.E) ** 2
    assert compare(sigmoid_slope, parse_expression("0.19661193324148185")).method != "exact"
