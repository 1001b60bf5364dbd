"""Quiz assembly, determinism per seed, and practice planning."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.curriculum import mastery as bkt
from tutor.curriculum.practice import MIN_GAP, difficulty_for, plan_practice, practice_items
from tutor.curriculum.quiz import SKILLS, TOPICS, build_quiz, difficulty_at, skills_for
from tutor.errors import UnsupportedError
from tutor.storage.progress import ProgressStore, SkillState


def test_same_seed_same_quiz():
    assert build_quiz(count=12, seed=42) == build_quiz(count=12, seed=42)


def test_different_seed_different_quiz():
    assert [item.id for item in build_quiz(count=12, seed=1)] != [item.id for item in build_quiz(count=12, seed=2)]


def test_quiz_is_the_same_in_another_process():
    script = (
        "import json; from tutor.curriculum.quiz import build_quiz; "
        "print(json.dumps([i.id for i in build_quiz(count=15, seed=7)]))"
    )
    ids = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
        ids.append(json.loads(output.stdout))
    assert ids[0] == ids[1]
    assert ids[0] == [item.id for item in build_quiz(count=15, seed=7)]


def test_quiz_has_no_repeated_item():
    items = build_quiz(count=40, seed=3)
    assert len({item.id for item in items}) == 40


def test_quiz_deals_every_skill_before_repeating():
    items = build_quiz("theorems", count=4, seed=11)
    assert sorted(item.skill for item in items[:2]) == ["mvt", "rolle"]
    assert sorted(item.skill for item in items[2:]) == ["mvt", "rolle"]


def test_quiz_difficulty_ramps():
    levels = [item.difficulty for item in build_quiz(count=9, seed=5)]
    assert levels == [1, 1, 1, 2, 2, 2, 3, 3, 3]
    assert difficulty_at(0, 1) == 1


def test_quiz_fixed_level():
    assert {item.difficulty for item in build_quiz(count=6, seed=5, difficulty=2)} == {2}


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_topic_limits_skills(topic):
    items = build_quiz(topic, count=5, seed=9)
    assert {item.skill for item in items} <= set(TOPICS[topic])


def test_topic_may_be_a_skill_id():
    assert skills_for("Product") == ("product",)
    assert {item.skill for item in build_quiz("log-differentiation", count=3, seed=1)} == {"log_differentiation"}


def test_single_skill_quiz_longer_than_its_variety_ends():
    assert len(build_quiz("log_differentiation", count=8, seed=1, difficulty=1)) == 8


def test_unknown_topic_names_the_topics():
    with pytest.raises(UnsupportedError) as raised:
        build_quiz("integrals", seed=1)
    assert "rules" in raised.value.message("en")
    assert "integrals" in raised.value.message("ko")


@pytest.mark.parametrize("count", [0, -1, 101])
def test_count_out_of_range(count):
    with pytest.raises(UnsupportedError):
        build_quiz(count=count, seed=1)


def test_every_skill_has_a_name_in_both_catalogs():
    from tutor.i18n import catalog

    for lang in ("en", "ko"):
        missing = [skill for skill in SKILLS if f"skills.{skill}" not in catalog(lang)]
        assert missing == []


# ---------------------------------------------------------------- practice


def _state(skill: str, p_known: float, due: float | None = None) -> SkillState:
    return SkillState(skill, p_known, 5, 2, 0.0, None, 0 if due is not None else None, due)


def test_practice_starts_with_due_review():
    states = [_state("power", 0.1), _state("rolle", 0.9, due=50.0), _state("chain", 0.3, due=500.0)]
    plan = plan_practice(states, 3, seed=1, now=100.0)
    assert plan[0].skill == "rolle"
    assert plan[0].reason == "review"
    assert plan[0].difficulty == 3
    assert "chain" not in [choice.skill for choice in plan if choice.reason == "review"]


def test_practice_picks_weakest_skills():
    states = [_state(skill, 0.99) for skill in SKILLS]
    states = [state for state in states if state.skill not in ("quotient", "mvt")]
    states += [_state("quotient", 0.05), _state("mvt", 0.1)]
    plan = plan_practice(states, 4, seed=1, now=0.0)
    assert [choice.skill for choice in plan[:2]] == ["quotient", "mvt"]
    assert plan[0].difficulty == 1


def test_practice_brings_weak_skill_back_after_gap():
    states = [_state(skill, 0.99) for skill in SKILLS if skill != "chain"] + [_state("chain", 0.0)]
    skills = [choice.skill for choice in plan_practice(states, 12, seed=4, now=0.0)]
    positions = [index for index, skill in enumerate(skills) if skill == "chain"]
    assert len(positions) >= 2
    assert all(later - earlier > MIN_GAP for earlier, later in zip(positions, positions[1:]))


def test_practice_is_deterministic_per_seed():
    assert plan_practice([], 10, seed=3, now=0.0) == plan_practice([], 10, seed=3, now=0.0)


def test_difficulty_follows_mastery():
    assert difficulty_for(0.1) == 1
    assert difficulty_for(0.5) == 2
    assert difficulty_for(0.9) == 3


def test_practice_items_from_store(tmp_path: Path):
    store = ProgressStore(tmp_path / "progress.db", clock=lambda: 0.0)
    for skill in SKILLS:
        store.record_answer(skill, f"{skill}-1", "correct", True, "quiz")
        store.record_answer(skill, f"{skill}-2", "correct", True, "quiz")
    store.record_answer("motion", "motion-3", "incorrect", False, "quiz")

    due_time = bkt.REVIEW_INTERVALS_SECONDS[0] + 1.0
    items = practice_items(store, 5, seed=1, now=due_time)

    assert items[0].skill == "motion"
    assert len(items) == 5
    assert practice_items(store, 5, seed=1, now=due_time) == items
