"""Quiz generators: clean, non-degenerate items that the engine solves and the checker accepts.

Every generator draws 200 seeds (difficulty cycling 1, 2, 3) and each
item is checked for its shape.  The engine and the checker run on every
``ENGINE_STRIDE``-th seed (20 items per generator), because tracing and
checking all 200 items of all 33 generators took 4.5 minutes on two
shared cores; set ``DIFFTUTOR_FULL_QUIZ_CHECK=1`` to run them on all 200.
"""

from __future__ import annotations

import os
import string

import pytest
import sympy

from tests.curriculum.quiz_oracle import solve_and_check
from tutor.curriculum.generators import REGISTRY
from tutor.curriculum.model import ANSWER_TYPES
from tutor.curriculum.quiz import SKILLS, generate

SEEDS = range(200)

#: Every how many seeds the engine and the checker run (1 = every seed).
ENGINE_STRIDE = 1 if os.environ.get("DIFFTUTOR_FULL_QUIZ_CHECK") else 10


def _placeholders(text: str) -> list[str]:
    return [field for _, field, _, _ in string.Formatter().parse(text) if field]


@pytest.mark.parametrize("skill", SKILLS)
def test_generator_items_are_sound(skill):
    problems = []
    for seed in SEEDS:
        difficulty = 1 + seed % 3
        item = generate(skill, seed, difficulty)

        assert item.skill == skill
        assert item.difficulty == difficulty
        assert item.answer_type in ANSWER_TYPES
        assert item.task and item.expected
        assert item.prompt.en and item.prompt.ko
        assert _placeholders(item.prompt.en) == []
        assert _placeholders(item.prompt.ko) == []
        assert item.prompt.en != item.prompt.ko

        if seed % ENGINE_STRIDE == 0:
            found = solve_and_check(item)
            problems.extend(f"seed {seed}: {item.task}: {problem}" for problem in found)
    assert problems == []


@pytest.mark.parametrize("skill", SKILLS)
def test_generator_is_deterministic(skill):
    for seed in (0, 1, 99):
        for difficulty in (1, 2, 3):
            assert generate(skill, seed, difficulty) == generate(skill, seed, difficulty)


@pytest.mark.parametrize("skill", SKILLS)
def test_generator_varies_with_seed(skill):
    tasks = {generate(skill, seed, 3).task for seed in range(40)}
    assert len(tasks) >= 5


def test_generator_rejects_unknown_difficulty():
    with pytest.raises(ValueError):
        REGISTRY["power"](__import__("random").Random(1), 4)


DERIVATIVE_SKILLS = [skill for skill in SKILLS if generate(skill, 0, 1).task.startswith("d/dx")]


@pytest.mark.parametrize("skill", DERIVATIVE_SKILLS)
def test_derivative_items_are_not_trivial(skill):
    x = sympy.Symbol("x")
    for seed in range(0, 200, 7):
        item = generate(skill, seed, 1 + seed % 3)
        assert item.result_key == "derivative"
        # The answer depends on x or is a non-zero constant, never 0.
        assert item.expected not in ("0", "")
        assert "x" in item.task
        assert x.name in item.task


def test_mvt_c_values_lie_inside_interval():
    for seed in range(200):
        item = generate("mvt", seed, 1 + seed % 2)
        a, b = (int(end) for end in item.task.split("[")[1].rstrip("]").split(","))
        values = [sympy.Rational(value) for value in item.expected.split(",")]
        assert all(a < value < b for value in values)


def test_hypothesis_items_cover_every_failure():
    failures = {generate(skill, seed, 3).expected for skill in ("mvt", "rolle") for seed in range(60)}
    assert failures == {"2", "3", "4"}


def test_motion_direction_changes_are_positive_whole_numbers():
    for seed in range(60):
        item = generate("motion", seed, 3)
        times = [int(value) for value in item.expected.split(",")]
        assert len(times) == 2
        assert all(time > 0 for time in times)


def test_classify_covers_both_linearities():
    expected = {generate("classify", seed, 3).expected.rsplit(", ", 1)[1] for seed in range(60)}
    assert expected == {"linear", "non-linear"}
