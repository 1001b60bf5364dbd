"""Bayesian knowledge tracing: worked values, worked by hand with fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tutor.curriculum import mastery
from tutor.curriculum.mastery import BktParameters, update


def _bkt_by_hand(p: Fraction, correct: bool, init_learn: Fraction, slip: Fraction, guess: Fraction) -> Fraction:
    if correct:
        posterior = p * (1 - slip) / (p * (1 - slip) + (1 - p) * guess)
    else:
        posterior = p * slip / (p * slip + (1 - p) * (1 - guess))
    return posterior + (1 - posterior) * init_learn


def test_correct_from_init_is_three_fifths():
    # 0.2·0.9 / (0.2·0.9 + 0.8·0.2) = 0.18/0.34; then + (1 − 0.18/0.34)·0.15 = 0.6
    assert update(0.2, True) == pytest.approx(0.6, abs=1e-12)


def test_incorrect_from_init():
    # 0.2·0.1 / (0.02 + 0.8·0.8) = 1/33; then + (32/33)·0.15 = 29/165
    assert update(0.2, False) == pytest.approx(29 / 165, abs=1e-12)


def test_three_correct_cross_mastery():
    p = 0.2
    values = []
    for _ in range(3):
        p = update(p, True)
        values.append(p)
    assert values[0] == pytest.approx(0.6)
    assert values[1] == pytest.approx(float(Fraction(552, 620)))
    assert not mastery.is_mastered(values[1])
    assert mastery.is_mastered(values[2])


@pytest.mark.parametrize(
    "answers",
    [
        [True, False, True, True],
        [False, False, True],
        [True, True, False, False, True],
    ],
)
def test_sequence_matches_hand_computation(answers):
    exact = Fraction(1, 5)
    p = 0.2
    for correct in answers:
        exact = _bkt_by_hand(exact, correct, Fraction(3, 20), Fraction(1, 10), Fraction(1, 5))
        p = update(p, correct)
    assert p == pytest.approx(float(exact), abs=1e-12)


def test_choice_like_skills_guess_more():
    params = mastery.parameters_for("classify")
    assert params.p_guess == 0.3
    # 0.2·0.9 / (0.18 + 0.8·0.3) = 0.18/0.42; then + (0.24/0.42)·0.15
    expected = 0.18 / 0.42 + (0.24 / 0.42) * 0.15
    assert update(0.2, True, params) == pytest.approx(expected)
    assert update(0.2, True, params) < update(0.2, True)


def test_invalid_and_undecided_do_not_count():
    assert mastery.counts_for_mastery("correct")
    assert mastery.counts_for_mastery("correct_other_form")
    assert mastery.counts_for_mastery("incorrect")
    assert not mastery.counts_for_mastery("invalid")
    assert not mastery.counts_for_mastery("undecided")


def test_parameters_are_validated():
    with pytest.raises(ValueError):
        BktParameters(p_slip=0.6, p_guess=0.5)
    with pytest.raises(ValueError):
        BktParameters(p_learn=1.5)


def test_review_schedule_expands_then_ends():
    level, due = mastery.schedule_review(None, False, now=1000.0)
    assert (level, due) == (0, 1000.0 + mastery.REVIEW_INTERVALS_SECONDS[0])

    for expected_level in range(1, len(mastery.REVIEW_INTERVALS_SECONDS)):
        level, due = mastery.schedule_review(level, True, now=1000.0)
        assert level == expected_level
        assert due == 1000.0 + mastery.REVIEW_INTERVALS_SECONDS[expected_level]

    assert mastery.schedule_review(level, True, now=1000.0) == (None, None)
    assert mastery.schedule_review(None, True, now=1000.0) == (None, None)
