"""The equivalence layers: exact, symbolic, numeric; domains, seeds and tolerances."""

from __future__ import annotations

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st
from sympy import Abs, Rational, cos, exp, log, sin, sqrt

from tutor.checking.equivalence import (
    ABSOLUTE_FLOOR, DEFAULT_SEED, compare, evaluate, sample_points, values_agree,
)

x, y = sympy.symbols("x y")


def test_identical_trees_are_exact():
    result = compare(x * sin(x), x * sin(x))
    assert result.outcome == "equal"
    assert result.method == "exact"


def test_expanded_polynomial_is_exact():
    assert compare(12 * x * (3 * x**2 + 2), 36 * x**3 + 24 * x).method == "exact"


def test_trig_identity_is_symbolic():
    result = compare(sin(2 * x) / 2, sin(x) * cos(x))
    assert result.outcome == "equal"
    assert result.method == "symbolic"


def test_sqrt_of_square_is_not_x():
    result = compare(x, sqrt(x**2))
    assert result.outcome == "different"
    assert result.witness["point"]


def test_small_offset_is_different():
    assert compare(2 * x, 2 * x + Rational(1, 1000)).outcome == "different"


def test_offset_visible_only_near_zero_is_different():
    assert compare(x**4, x**4 + Rational(1, 10**9)).outcome == "different"


def test_undefined_everywhere_is_undecided():
    result = compare(sqrt(-1 - x**2), sqrt(-2 - x**2))
    assert result.outcome == "undecided"
    assert result.points == 0


def test_points_outside_expected_domain_are_skipped():
    # 2 ln x and ln(x²) agree wherever 2 ln x is defined (x > 0).
    assert compare(2 * log(x), log(x**2)).outcome == "equal"


def test_answer_undefined_on_expected_domain_is_domain():
    result = compare(log(x**2), 2 * log(x))
    assert result.outcome == "domain"
    assert result.witness["point"]


def test_numeric_layer_decides_messy_quotient():
    expected = ((x + 1) ** 7 - (x - 1) ** 7) / (x**2 + 1)
    answer = sympy.expand((x + 1) ** 7 - (x - 1) ** 7) / (x**2 + 1)
    assert compare(expected, answer).equal


def test_seed_is_recorded_and_reproducible():
    first = compare(x**2, x**2 + x / 10**6, seed=7)
    second = compare(x**2, x**2 + x / 10**6, seed=7)
    assert first == second
    assert first.seed == 7
    assert compare(x, x).seed == DEFAULT_SEED


def test_sample_points_mix_signs_and_scales():
    values = [float(point[x]) for point in sample_points([x], DEFAULT_SEED, 24)]
    assert any(value < 0 for value in values)
    assert any(value > 0 for value in values)
    assert min(abs(value) for value in values) < 0.05
    assert max(abs(value) for value in values) > 5


def test_sample_points_cover_every_variable():
    point = sample_points([y, x], 1, 1)[0]
    assert set(point) == {x, y}


def test_absolute_floor_near_zero():
    assert values_agree(sympy.Float(0), sympy.Float(ABSOLUTE_FLOOR / 10))
    assert not values_agree(sympy.Float(0), sympy.Float(ABSOLUTE_FLOOR * 100))


def test_evaluate_undefined_point_is_none():
    assert evaluate(log(x), {x: sympy.Float(-1)}) is None
    assert evaluate(1 / x, {x: sympy.Integer(0)}) is None


def test_evaluate_real_cube_root_of_negative():
    value = evaluate(x ** Rational(1, 3), {x: sympy.Float(-8)})
    assert value is not None
    assert abs(value + 2) < 1e-20


def test_two_variable_difference():
    assert compare(2 * x * y, 2 * x * y + y / 1000).outcome == "different"
    assert compare(exp(x + y), exp(x) * exp(y)).equal


def test_abs_over_x_equals_x_over_abs():
    assert compare(x / Abs(x), Abs(x) / x).equal


# --- properties ---

_coefficients = st.lists(st.integers(min_value=-9, max_value=9), min_size=2, max_size=6)


@settings(max_examples=25, deadline=None)
@given(_coefficients, st.integers(min_value=1, max_value=5))
def test_polynomial_forms_agree_and_offsets_differ(coefficients, shift):
    polynomial = sum(c * x**k for k, c in enumerate(coefficients))
    factored = sympy.factor(polynomial)

    assert compare(polynomial, factored).equal
    assert compare(polynomial, factored + Rational(shift, 1000)).outcome == "different"
