"""Hint ladders come from the engine's steps and render in both languages."""

from __future__ import annotations

import pytest
import sympy
from sympy import cos, exp, log, sin

from tutor.checking.hints import LEVELS, hint_ladder, ladder_for_step, offer_hint, render_ladder
from tutor.engine.derivative import derivative_steps
from tutor.chat import answer

x = sympy.Symbol("x")

FUNCTIONS = [x * sin(x), sin(x) / x, (3 * x**2 + 2) ** 2, 3 * x - 2 * x**2, x**-3, x**x,
             sympy.Integer(5), exp(x), 2**x, log(x**2 + 1), 4 * cos(x)]


@pytest.mark.parametrize("function", FUNCTIONS)
def test_ladder_has_four_rungs_in_order(function):
    steps, _ = derivative_steps(function, x)
    rungs = hint_ladder(steps)
    assert [rung.level for rung in rungs] == list(LEVELS)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_ladder_renders_in_both_languages(function):
    steps, _ = derivative_steps(function, x)
    for lang in ("en", "ko"):
        lines = render_ladder(hint_ladder(steps), lang)
        assert all(line.strip() and "{" not in line for line in lines), lines


def test_product_setup_names_f_and_g():
    steps, _ = derivative_steps(x * sin(x), x)
    setup = hint_ladder(steps)[1].render("en")
    assert "f = x" in setup
    assert "g = sin(x)" in setup


def test_chain_setup_names_u():
    steps, _ = derivative_steps((3 * x**2 + 2) ** 2, x)
    setup = hint_ladder(steps)[1].render("en")
    assert "u = 3x² + 2" in setup


def test_bottom_out_shows_the_step_result():
    steps, final = derivative_steps(x * sin(x), x)
    bottom = hint_ladder(steps)[-1]
    assert sympy.simplify(bottom.step.after - sympy.diff(x * sin(x), x)) == 0
    assert "x·cos(x) + sin(x)" in bottom.render("en")


def test_ladder_from_trace():
    trace = answer("d/dx sin x / x")
    rungs = hint_ladder(trace)
    assert rungs[0].step.rule == "quotient"
    assert "몫의 미분법" in rungs[0].render("ko")


def test_substep_ladder():
    steps, _ = derivative_steps(x * sin(x), x)
    rungs = ladder_for_step(steps[0].substeps[1])
    assert rungs[0].step.rule == "sin"


def test_hint_offered_after_repeated_wrong_answers():
    assert offer_hint(0) is None
    assert offer_hint(1) is None
    offer = offer_hint(2)
    assert offer is not None
    assert "2" in offer.render("en")
    assert "힌트" in offer.render("ko")
