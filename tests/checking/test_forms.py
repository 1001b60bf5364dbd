"""Form checks: expanded, factored, simplified, exact; apart from equivalence."""

from __future__ import annotations

import pytest
import sympy

from tutor.checking import forms
from tutor.checking.api import derivative_task, judge

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
