"""``check_answer`` for lessons and quizzes: every answer type."""

from __future__ import annotations

import sympy

from tutor.checking.api import check_answer, parse_gradients

x = sympy.Symbol("x")


def test_task_text_with_expression_answer():
    verdict = check_answer("d/dx x sin x", "cos x")
    assert verdict.outcome == "incorrect"
    assert verdict.misconception == "product_of_derivatives"


def test_expression_expected():
    assert check_answer(2 * x, "x + x").outcome == "correct"
    assert check_answer(2 * x, "2.001x").outcome == "incorrect"


def test_number_expected():
    assert check_answer(sympy.Rational(1, 2), "0.5").outcome == "correct_other_form"
    assert check_answer(sympy.sqrt(2), "sqrt 2").outcome == "correct"
    assert check_answer(sympy.sqrt(2), "1.414").outcome == "incorrect"


def test_c_values_in_any_order():
    expected = [-1 / sympy.sqrt(3), 1 / sympy.sqrt(3)]
    assert check_answer(expected, "sqrt(3)/3, -sqrt(3)/3").outcome == "correct"
    verdict = check_answer(expected, "sqrt(3)/3")
    assert verdict.outcome == "incorrect"
    assert "-" in verdict.feedback("en") or "−" in verdict.feedback("en")


def test_interval_endpoints_and_closedness():
    expected = sympy.Interval(0, 5, left_open=True)
    assert check_answer(expected, sympy.Interval(0, 5, left_open=True)).outcome == "correct"
    closed = check_answer(expected, sympy.Interval(0, 5))
    assert closed.outcome == "incorrect"
    assert "(0, 5]" in closed.feedback("en")
    assert check_answer(expected, sympy.Interval(0, 4, left_open=True)).outcome == "incorrect"


def test_interval_answer_as_text():
    assert check_answer(sympy.Interval(0, 5, left_open=True), "(0, 5]").outcome == "correct"


def test_classification_fields():
    expected = {"order": 2, "degree": 1, "linear": True, "type": "ODE"}
    assert check_answer(expected, {"order": 2, "degree": 1, "linear": True, "type": "ode"}).outcome == "correct"
    verdict = check_answer(expected, {"order": 1, "degree": 1, "linear": True, "type": "ODE"})
    assert verdict.outcome == "incorrect"
    assert "order" in verdict.feedback("en")


def test_gradient_dict():
    expected = {"x": sympy.Integer(-4), "y": sympy.Integer(3)}
    assert check_answer(expected, {"x": "-4", "y": "3"}).outcome == "correct"
    assert check_answer(expected, "x = -4, y = 2").outcome == "incorrect"


def test_parse_gradients():
    assert parse_gradients("x = -4, y: 3/2") == {"x": -4, "y": sympy.Rational(3, 2)}


def test_backprop_fanout_overwritten():
    task = "backprop x*y + x at x = 2, y = 3"
    assert check_answer(task, "x = 4, y = 2").outcome == "correct"
    verdict = check_answer(task, "x = 1, y = 2")
    overwritten = check_answer(task, "x = 3, y = 2")
    assert verdict.outcome == "incorrect"
    assert "backprop_fanout_overwritten" in {verdict.misconception, overwritten.misconception}


def test_backprop_named_node_gradients_may_be_left_out():
    task = "backprop q = x + y; f = q * z at x = -2, y = 5, z = 4"
    assert check_answer(task, "x = 4, y = 4, z = 3, q = 4").outcome == "correct"
    assert check_answer(task, "x = 4, y = 4, z = 3, q = 4, f = 1").outcome == "correct"
    assert check_answer(task, "x = 4, y = 4, z = 3, q = 4, f = 2").outcome == "incorrect"
    assert check_answer(task, "x = 4, y = 4, z = 3").outcome == "correct"
    assert check_answer(task, "x = 4, y = 4").outcome == "incorrect"


def test_derivative_name_before_answer_is_ignored():
    for text in ("dy/dx = 2x", "y' = 2x", "f'(x) = 2x"):
        assert check_answer("d/dx x^2", text).outcome == "correct", text


def test_typed_decimal_is_other_form():
    verdict = check_answer("d/dx x^2/2", "1.0x")
    assert verdict.outcome == "correct_other_form"
    assert verdict.form == "decimal"


def test_rounded_decimal_gradient_is_accepted():
    task = "backprop sigmoid(x) at x = 1"
    assert check_answer(task, "x = 0.19661193").outcome == "correct"
    assert check_answer(task, "x = 0.197").outcome == "correct"
    assert check_answer(task, "x = 0.1967").outcome == "incorrect"
    assert check_answer(task, "x = 0.2").outcome == "incorrect"


def test_backprop_node_mistakes_are_named():
    add_task = "backprop x + y at x = 2, y = 6 upstream 1.5"
    mul_task = "backprop x * y at x = 2, y = 6 upstream 1.5"
    assert check_answer(add_task, "x = 9, y = 3").misconception == "backprop_add_as_mul"
    assert check_answer(mul_task, "x = 1.5, y = 1.5").misconception == "backprop_mul_as_add"
    assert check_answer(mul_task, "x = 3, y = 9").misconception == "backprop_mul_not_switched"
    assert check_answer(mul_task, "x = 9, y = 3").outcome == "correct"


def test_fanout_named_from_input_gradients_alone():
    task = "backprop a = x * y; f = a + x at x = 3, y = 2"
    assert check_answer(task, "x = 2, y = 3").misconception == "backprop_fanout_overwritten"
