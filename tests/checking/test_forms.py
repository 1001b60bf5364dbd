"""Form checks: expanded, factored, simplified, exact; apart from equivalence."""

from __future__ import annotations

import pytest
import sympy

from tutor.checking import forms
from tutor.checking.api import check, derivative_task, judge
from tutor.parsing import parse_expression

x = sympy.Symbol("x")


def test_expanded_form():
    assert forms.is_expanded(36 * x**3 + 24 * x)
    assert not forms.is_expanded(12 * x * (3 * x**2 + 2))


def test_factored_form():
    assert forms.is_factored(12 * x * (3 * x**2 + 2))
    assert not forms.is_factored(2 * x + 4)


def test_decimal_detected():
    assert forms.has_decimal(sympy.Float("0.5") * x)
    assert not forms.has_decimal(x / 2)


def test_unsimplified_form_has_simpler():
    messy = (x**2 - 1) / (x - 1) + (x**2 - 1) / (x + 1)
    assert forms.simpler_form(messy) is not None
    assert forms.simpler_form(2 * x) is None


def test_report_satisfies_forms():
    report = forms.describe(36 * x**3 + 24 * x)
    assert report.satisfies("expanded")
    assert report.satisfies("exact")
    with pytest.raises(ValueError):
        report.satisfies("pretty")


def test_required_form_gives_other_form_verdict():
    task = derivative_task((3 * x**2 + 2) ** 2, (x,))
    verdict = judge(task, 12 * x * (3 * x**2 + 2), form="expanded")
    assert verdict.outcome == "correct_other_form"
    assert verdict.form == "not_expanded"
    assert judge(task, 36 * x**3 + 24 * x, form="expanded").outcome == "correct"


def test_unsimplified_answer_is_other_form_not_incorrect():
    task = derivative_task(x**2, (x,))
    verdict = judge(task, (2 * x**3 - 2 * x) / (x**2 - 1))
    assert verdict.outcome == "correct_other_form"
    assert verdict.form == "not_simplified"


@pytest.mark.parametrize(("text", "expected_shape"), [
    ("36x^3 + 24x", "expanded"),
    ("12x(3x^2 + 2)", "factored"),
    ("3(x + 1)^2", "factored"),
    ("(x cos x - sin x)/x^2", "single_fraction"),
    ("cos(x)/x - sin(x)/x^2", "split_fractions"),
    ("x e^(-x)(2 - x)", "factored"),
    ("12x^2", None),
    ("2x cos(x^2)", None),
])
def test_shape_of_answer(text, expected_shape):
    assert forms.shape(parse_expression(text)) == expected_shape


@pytest.mark.parametrize(("task", "answer", "outcome"), [
    ("d/dx (3x^2+2)^2", "12x(3x^2+2)", "correct_other_form"),
    ("d/dx (3x^2+2)^2", "(2 + 3x^2) * 12x", "correct_other_form"),
    ("d/dx (3x^2+2)^2", "24x + 36x^3", "correct"),
    ("d/dx (3x^2+2)^2", "36 x^3+24 x", "correct"),
    ("d/dx (x+1)^3", "3(x+1)^2", "correct_other_form"),
    ("d/dx sin x / x", "cos(x)/x - sin(x)/x^2", "correct_other_form"),
    ("d/dx sin x / x", "(x cos x - sin x)/x^2", "correct"),
    ("d/dx e^x sin x", "e^x sin x + e^x cos x", "correct_other_form"),
    ("d/dx sin(x^2)", "2x cos(x^2)", "correct"),
])
def test_answer_in_other_shape(task, answer, outcome):
    verdict = check(task, answer)
    assert verdict.outcome == outcome
    assert verdict.is_valid


def test_other_shape_note_names_both_shapes():
    verdict = check("d/dx (3x^2+2)^2", "12x(3x^2+2)")
    assert verdict.form == "other_shape"
    assert "a factored product" in verdict.feedback("en")
    assert "an expanded sum: 36x³ + 24x" in verdict.feedback("en")
    assert "인수분해한 꼴로" in verdict.feedback("ko")
