"""Mastery of a skill by Bayesian knowledge tracing (BKT).

BKT (Corbett and Anderson, "Knowledge tracing: Modeling the acquisition
of procedural knowledge", User Modeling and User-Adapted Interaction 4,
1995) treats each skill as a hidden two-state variable, known or not
known, and updates the probability ``p`` that it is known after every
observed answer::

    after a correct answer:    p' = p (1 - slip) / (p (1 - slip) + (1 - p) guess)
    after an incorrect answer: p' = p slip / (p slip + (1 - p) (1 - guess))
    then learning:             p_next = p' + (1 - p') learn

The parameters below are estimates set by hand, not fitted to learner data:

- ``p_init`` 0.2: most learners arrive knowing a rule only partly, so
  the first correct answer alone does not declare mastery.
- ``p_learn`` 0.15: the chance of learning the skill from one practice
  item with feedback.
- ``p_slip`` 0.1: a learner who knows the rule still drops a sign or a
  factor about one time in ten.
- ``p_guess`` 0.2 for typed answers (an expression, a number), where a
  blind guess is rarely right; 0.3 for the skills whose answers come from
  a short list (``classify``: order 1 or 2, linear or not; ``interval``:
  four bracket shapes), so a right answer there says less.

A skill counts as mastered at ``p >= 0.95``, the mastery criterion of
Corbett and Anderson's tutor.  With the default values, three correct
answers in a row from ``p_init`` cross it (0.2 -> 0.6 -> 0.89 -> 0.977),
and one incorrect answer from ``p_init`` gives 0.176.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Probability at or above which a skill counts as mastered.
MASTERY_THRESHOLD = 0.95

#: Verdicts that move mastery.  ``invalid`` (the answer could not be read)
#: and ``undecided`` (the checker ran out of time) say nothing about the
#: skill, so they are stored but leave mastery as it is.
OBSERVED_VERDICTS = frozenset({"correct", "correct_other_form", "incorrect", "skipped"})


@dataclass(frozen=True)
class BktParameters:
    """The four BKT parameters of one skill, each a probability."""

    p_init: float = 0.2
    p_learn: float = 0.15
    p_slip: float = 0.1
    p_guess: float = 0.2

    def __post_init__(self) -> None:
        for name in ("p_init", "p_learn", "p_slip", "p_guess"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"BKT parameter {name} must be in [0, 1], got {value}")
        # With slip + guess >= 1 a correct answer would lower the estimate.
        if self.p_slip + self.p_guess >= 1.0:
            raise ValueError("BKT parameters need p_slip + p_guess < 1")


DEFAULT_PARAMETERS = BktParameters()

#: Skills whose answers come from a short list of possibilities.
_CHOICE_LIKE = BktParameters(p_guess=0.3)

#: Per-skill parameters; a skill not listed uses DEFAULT_PARAMETERS.
SKILL_PARAMETERS: dict[str, BktParameters] = {
    "classify": _CHOICE_LIKE,
    "interval": _CHOICE_LIKE,
}


def parameters_for(skill: str) -> BktParameters:
    """Return the BKT parameters of ``skill``."""
    return SKILL_PARAMETERS.get(skill, DEFAULT_PARAMETERS)


def update(p_known: float, correct: bool, params: BktParameters = DEFAULT_PARAMETERS) -> float:
    """Return the probability that the skill is known after one more answer.

    The posterior given the answer is followed by the learning transition,
    because the learner saw feedback on this item before the next one.
    """
    if correct:
        evidence_known = p_known * (1.0 - params.p_slip)
        evidence_unknown = (1.0 - p_known) * params.p_guess
    else:
        evidence_known = p_known * params.p_slip
        evidence_unknown = (1.0 - p_known) * (1.0 - params.p_guess)

    total = evidence_known + evidence_unknown
    posterior = evidence_known / total if total > 0.0 else p_known

    return posterior + (1.0 - posterior) * params.p_learn


def counts_for_mastery(verdict: str) -> bool:
    """Return whether an answer with ``verdict`` updates mastery."""
    return verdict in OBSERVED_VERDICTS


def is_mastered(p_known: float) -> bool:
    """Return whether ``p_known`` reaches the mastery threshold."""
    return p_known >= MASTERY_THRESHOLD


#: Waits before a missed skill comes back for review, by review level.  A
#: miss restarts at level 0 (ten minutes, so the next practice session
#: brings it back); each later correct answer on the skill moves one level
#: up, and a correct answer at the last level ends the review.  The
#: expanding gaps follow the Leitner box scheme of spaced repetition.
REVIEW_INTERVALS_SECONDS = (10 * 60, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600)


def schedule_review(level: int | None, correct: bool, now: float) -> tuple[int | None, float | None]:
    """Return the new (review level, due time) of a skill after one answer.

    ``level`` None means the skill has no review pending; times are Unix
    seconds.  A correct answer to a skill with no review pending keeps it so.
    """
    if not correct:
        return 0, now + REVIEW_INTERVALS_SECONDS[0]
    if level is None:
        return None, None

    next_level = level + 1
    if next_level >= len(REVIEW_INTERVALS_SECONDS):
        return None, None
    return next_level, now + REVIEW_INTERVALS_SECONDS[next_level]
