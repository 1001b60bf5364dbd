"""Checking one intermediate line against the line before it."""

from __future__ import annotations

import sympy
from sympy import Derivative, cos, sin

from tutor.checking.stepcheck import check_step, check_step_text

x = sympy.Symbol("x")


def test_product_rule_step_is_valid_progress():
    verdict = check_step(Derivative(x * sin(x), x), Derivative(x, x) * sin(x) + x * Derivative(sin(x), x))
    assert verdict.valid is True
    assert verdict.rule == "product"
    assert verdict.progress
    assert verdict.remaining == 2


def test_finishing_the_derivatives():
    verdict = check_step(Derivative(x, x) * sin(x) + x * Derivative(sin(x), x), sin(x) + x * cos(x))
    assert verdict.valid is True
    assert verdict.progress
    assert verdict.remaining == 0


def test_wrong_step_names_the_misconception():
    verdict = check_step(Derivative(sin(x) / x, x), cos(x))
    assert verdict.valid is False
    assert verdict.misconception == "quotient_as_ratio"
    assert "x =" in " ".join(message.render("en") for message in verdict.messages)


def test_repeating_a_line_is_not_progress():
    verdict = check_step(Derivative(x * sin(x), x), Derivative(x * sin(x), x))
    assert verdict.valid is True
    assert not verdict.progress


def test_algebra_steps_are_named():
    assert check_step((x + 1) ** 2, x**2 + 2 * x + 1).rule == "expand"
    factored = check_step(x**2 + 2 * x + 1, (x + 1) ** 2)
    assert factored.rule == "factor"
    assert factored.progress


def test_wrong_algebra_is_invalid():
    verdict = check_step(2 * x, 3 * x)
    assert verdict.valid is False
    assert verdict.misconception is None


def test_typed_lines_are_parsed():
    verdict = check_step_text("d/dx x sin x", "sin x + x cos x")
    assert verdict.valid is True
    assert verdict.rule == "product"


def test_messages_render_in_korean():
    verdict = check_step(Derivative(x * sin(x), x), sin(x) + x * cos(x))
    text = " ".join(message.render("ko") for message in verdict.messages)
    assert "곱의 미분법" in text
    assert "{" not in text
