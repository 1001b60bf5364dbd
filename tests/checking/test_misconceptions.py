"""Every misconception is derived from the task by the engine and recognised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sympy
from sympy import cos, exp, log, sin, tan

from tutor.checking.api import check, derivative_task, judge
from tutor.checking.misconceptions import MISCONCEPTION_IDS, MISCONCEPTIONS, Task, candidates, diagnose
from tutor.engine.rules import derive
from tutor.i18n import catalog

x, y = sympy.symbols("x y")

ROWS = json.loads((Path(__file__).parents[1] / "data" / "misconceptions.json").read_text(encoding="utf-8"))

#: (function, variable, wrong answer, misconception id): at least one row per id.
CASES = [
    (x * sin(x), x, cos(x), "product_of_derivatives"),
    ((x**2 + 1) * x**3, x, 2 * x + 3 * x**2, "product_of_derivatives"),
    (x * sin(x), x, x + sin(x) * cos(x), "product_cross_paired"),
    (x * sin(x), x, sin(x) - x * cos(x), "product_minus"),
    (sin(x) / x, x, cos(x), "quotient_as_ratio"),
    (sin(x) / x, x, (x * cos(x) + sin(x)) / x**2, "quotient_plus"),
    (sin(x) / x, x, (sin(x) - x * cos(x)) / x**2, "quotient_sign"),
    (sin(x) / x, x, (x * cos(x) - sin(x)) / x, "quotient_no_square"),
    ((3 * x + 1) ** 5, x, 5 * (3 * x + 1) ** 4, "chain_missing_inner"),
    (exp(x**2), x, exp(x**2), "chain_missing_inner"),
    (sin(5 * x), x, 5 * cos(x), "chain_outer_not_kept"),
    (log(3 * x), x, 3 / x, "log_reciprocal_missing_inner"),
    (x**-3, x, -3 * x**-2, "power_exponent_up"),
    (x**4, x, 4 * x**4, "power_exponent_kept"),
    (x**3, x, x**2, "power_coefficient_missing"),
    (x**2 + 7, x, 2 * x + 7, "constant_not_zero"),
    (3 * x - 2 * x**2, x, 3 + 4 * x, "sign_error"),
    (x**3 - cos(x), x, -3 * x**2 - sin(x), "sign_error"),
    (cos(x), x, sin(x), "trig_sign"),
    (sin(x), x, -cos(x), "trig_sign"),
    (tan(x), x, -1 / cos(x) ** 2, "trig_sign"),
    (exp(x), x, x * exp(x - 1), "exp_rule_power"),
    (2**x, x, x * 2 ** (x - 1), "exp_rule_power"),
    (3**x, x, 3**x, "exp_base_missing_log"),
    (x**2, x, x**3 / 3 + 5, "integrated_instead"),
    (x**2 * y, x, x**2, "partial_wrong_variable"),
    (x**2 * y, x, 2 * x * y + x**2, "partial_other_var_not_constant"),
]


def test_every_id_has_a_case():
    covered = {case[3] for case in CASES}
    engine_ids = {item.id for item in MISCONCEPTIONS}
    assert engine_ids <= covered
    assert "backprop_fanout_overwritten" in MISCONCEPTION_IDS


@pytest.mark.parametrize(("function", "var", "answer", "expected_id"), CASES)
def test_misconception_is_diagnosed(function, var, answer, expected_id):
    verdict = judge(derivative_task(function, (var,)), answer)
    assert verdict.outcome == "incorrect"
    assert verdict.misconception == expected_id


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_data_row_is_diagnosed_from_text(row):
    verdict = check(row["task"], row["answer"])
    assert verdict.misconception == row["misconception"]


def test_mistake_inside_a_sum_points_at_its_step():
    function = x**2 + x * sin(x)
    verdict = judge(derivative_task(function, (x,)), 2 * x + cos(x))
    assert verdict.misconception == "product_of_derivatives"
    assert verdict.where["step"] == "1.2"
    assert verdict.where["focus"] == x * sin(x)


def test_single_slip_among_two_products_is_found():
    function = x * sin(x) + x * cos(x)
    # Product rule right on x·sin x, product of derivatives on x·cos x.
    answer = sin(x) + x * cos(x) - sin(x)
    verdict = judge(derivative_task(function, (x,)), answer)
    assert verdict.misconception == "product_of_derivatives"
    assert verdict.where["focus"] == x * cos(x)


def test_candidate_equal_to_right_answer_is_not_reported():
    # For x·x the buggy f'·g' = 1 is wrong, but a right answer must stay right.
    task = Task(x**3, x, derive(x**3, x))
    assert diagnose(task, 3 * x**2) is None


def test_candidates_come_from_the_engine():
    task = Task(x * sin(x), x, derive(x * sin(x), x))
    found: dict[str, list[sympy.Expr]] = {}
    for candidate in candidates(task):
        found.setdefault(candidate.misconception, []).append(sympy.expand(candidate.answer))
    assert cos(x) in found["product_of_derivatives"]
    assert 1 + cos(x) in found["product_of_derivatives"]
    assert sin(x) - x * cos(x) in found["product_minus"]


def test_unknown_wrong_answer_has_no_misconception():
    verdict = judge(derivative_task(x * sin(x), (x,)), x**5)
    assert verdict.outcome == "incorrect"
    assert verdict.misconception is None
    assert "x =" in verdict.feedback("en")


def test_feedback_renders_every_placeholder():
    for function, var, answer, _ in CASES:
        verdict = judge(derivative_task(function, (var,)), answer)
        for lang in ("en", "ko"):
            text = verdict.feedback(lang)
            assert "{" not in text, text
            assert text.strip()


def test_catalog_has_what_and_fix_for_every_id():
    english = catalog("en")
    for misconception_id in MISCONCEPTION_IDS:
        assert f"checking.misconception.{misconception_id}.what" in english
        assert f"checking.misconception.{misconception_id}.fix" in english


def test_korean_feedback_names_the_rule():
    verdict = judge(derivative_task(x * sin(x), (x,)), cos(x))
    assert "곱의 미분법" in verdict.feedback("ko")
