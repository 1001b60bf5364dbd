"""Practice: a skill missed in a session comes back later in the same session."""

from __future__ import annotations

from tutor.curriculum.practice import MIN_GAP
from tutor.curriculum.quiz import generate
from tutor.dialogue.replies import Question
from tutor.dialogue.session import Session


def planned_items():
    return [generate(skill, 5, 2) for skill in ("power", "interval", "classify", "motion", "backprop", "rolle")]


def asked_skills(review_missed: bool) -> list[str]:
    """Skip every question (a skip counts as missed) and return the skills asked, in order."""
    session = Session(lang="en")
    replies = session.start_quiz(planned_items(), "practice", review_missed=review_missed)
    skills = []
    while True:
        question = [reply for reply in replies if isinstance(reply, Question)]
        if not question:
            return skills
        skills.append(question[0].skill)
        replies = session.feed("skip")


def test_missed_skill_returns_in_same_session():
    skills = asked_skills(review_missed=True)
    assert len(skills) == 6
    assert skills[0] == "power"
    assert skills[1 + MIN_GAP] == "power"


def test_plain_quiz_keeps_its_plan():
    skills = asked_skills(review_missed=False)
    assert skills == ["power", "interval", "classify", "motion", "backprop", "rolle"]
