""""Practice what I need": choose the next items from the weakest skills and due reviews.

The choice of each next skill, in order of precedence:

1. A skill whose spaced review is due (it was missed earlier and its
   wait in ``mastery.REVIEW_INTERVALS_SECONDS`` has passed), oldest due first.
2. Otherwise the skill with the lowest mastery; a skill never answered
   counts at its ``p_init``, so new skills enter between weak and strong ones.
   Every time a skill is planned its priority drops by ``REPEAT_PENALTY``,
   so one weak skill does not fill the whole session.
3. No skill is chosen again within ``MIN_GAP`` items of its last use, so
   a missed skill comes back later in the session, not at once.

The item's difficulty follows the skill's mastery: level 1 below 0.4,
level 2 below 0.75, level 3 above.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from random import Random

from tutor.curriculum import mastery as bkt
from tutor.curriculum.model import Item
from tutor.curriculum.quiz import SKILLS, generate, item_rng
from tutor.storage.progress import ProgressStore, SkillState

#: Items between two uses of one skill in a practice session.
MIN_GAP = 2

#: Priority added to a skill each time the plan uses it.
REPEAT_PENALTY = 0.15

#: Mastery below which items are level 1, and below which they are level 2.
LEVEL_BOUNDS = (0.4, 0.75)


@dataclass(frozen=True)
class PracticeChoice:
    """One planned item: its skill, difficulty and why it was chosen (``review`` or ``weakest``)."""

    skill: str
    difficulty: int
    reason: str


def difficulty_for(p_known: float) -> int:
    """Return the item difficulty that suits a skill known with probability ``p_known``."""
    if p_known < LEVEL_BOUNDS[0]:
        return 1
    if p_known < LEVEL_BOUNDS[1]:
        return 2
    return 3


def next_choice(
    states: Iterable[SkillState],
    recent: Sequence[str],
    now: float,
    rng: Random,
    skills: Sequence[str] = SKILLS,
    planned: dict[str, int] | None = None,
) -> PracticeChoice:
    """Choose the next skill to practise.

    ``recent`` lists the skills of the latest items, newest last;
    ``planned`` counts items already planned per skill in this session.
    Ties are broken by ``rng``, so a seed fixes the choice.
    """
    planned = planned or {}
    by_skill = {state.skill: state for state in states if state.skill in skills}
    blocked = set(recent[-MIN_GAP:]) if len(skills) > MIN_GAP else set(recent[-1:])

    due = sorted(
        (state.review_due_at, state.skill)
        for state in by_skill.values()
        if state.review_due_at is not None and state.review_due_at <= now
        and state.skill not in blocked and not planned.get(state.skill)
    )
    if due:
        skill = due[0][1]
        return PracticeChoice(skill, difficulty_for(by_skill[skill].p_known), "review")

    candidates = [skill for skill in skills if skill not in blocked] or list(skills)
    rng.shuffle(candidates)

    def priority(skill: str) -> float:
        state = by_skill.get(skill)
        p_known = state.p_known if state else bkt.parameters_for(skill).p_init
        return p_known + REPEAT_PENALTY * planned.get(skill, 0)

    skill = min(candidates, key=priority)
    state = by_skill.get(skill)
    p_known = state.p_known if state else bkt.parameters_for(skill).p_init
    return PracticeChoice(skill, difficulty_for(p_known), "weakest")


def plan_practice(
    states: Sequence[SkillState],
    count: int,
    seed: int | str,
    now: float,
    skills: Sequence[str] = SKILLS,
) -> list[PracticeChoice]:
    """Plan ``count`` items from the stored skill states, as ``next_choice`` would pick them one by one.

    The plan is fixed before the first answer.  A skill missed during the
    session comes back in it because the dialogue Session, started with
    ``review_missed``, puts a new item of that skill ``MIN_GAP`` questions
    later; its stored review brings it back in the next session too.
    """
    rng = item_rng(seed, "practice")
    recent: list[str] = []
    planned: dict[str, int] = {}
    choices = []
    for _ in range(count):
        choice = next_choice(states, recent, now, rng, skills, planned)
        choices.append(choice)
        recent.append(choice.skill)
        planned[choice.skill] = planned.get(choice.skill, 0) + 1
    return choices


def practice_items(
    store: ProgressStore,
    count: int,
    seed: int | str,
    now: float | None = None,
    skills: Sequence[str] = SKILLS,
) -> list[Item]:
    """Return ``count`` practice items for the learner whose progress is in ``store``."""
    now = time.time() if now is None else now
    plan = plan_practice(store.skill_states(), count, seed, now, skills)
    return [
        generate(choice.skill, f"{seed}:{position}", choice.difficulty)
        for position, choice in enumerate(plan)
    ]
