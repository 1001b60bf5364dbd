"""Generated items run through the dialogue Session as a learner would answer them."""

from __future__ import annotations

from pathlib import Path

from tests.curriculum.quiz_oracle import answer_text, engine_value
from tutor.curriculum.quiz import SKILLS, build_quiz, generate
from tutor.dialogue import replies as r
from tutor.dialogue.session import Session
from tutor.chat import answer
from tutor.storage.progress import ProgressStore


def _engine_answer(item) -> str:
    return answer_text(engine_value(item, answer(item.task)))


def test_every_skill_and_level_accepts_engine_answer(tmp_path: Path):
    items = [generate(skill, 3, level) for skill in SKILLS for level in (1, 2, 3)]
    store = ProgressStore(tmp_path / "progress.db")
    session = Session("en", store)
    session.start_quiz(items, "all")

    rejected = []
    summary = None
    for item in items:
        out = session.feed(_engine_answer(item))
        feedback = [reply for reply in out if isinstance(reply, r.Feedback)]
        if not feedback or feedback[0].verdict not in ("correct", "correct_other_form"):
            rejected.append((item.skill, item.task))
            out = session.feed("skip")
        summary = next((reply for reply in out if isinstance(reply, r.QuizSummary)), summary)

    assert rejected == []
    assert summary is not None
    assert (summary.score, summary.total) == (len(items), len(items))
    assert store.answer_count() == len(items)
    assert {state.skill for state in store.mastery()} == set(SKILLS)


def test_missed_items_come_back_in_summary_with_trace(tmp_path: Path):
    items = build_quiz("rules", count=3, seed=8)
    store = ProgressStore(tmp_path / "progress.db")
    session = Session("ko", store)
    session.start_quiz(items, "rules")

    session.feed("0")
    session.feed("skip")
    session.feed(_engine_answer(items[1]))
    out = session.feed(_engine_answer(items[2]))

    [summary] = [reply for reply in out if isinstance(reply, r.QuizSummary)]
    assert (summary.score, summary.total) == (2, 3)
    [(prompt, trace)] = summary.missed
    assert prompt == items[0].prompt
    assert trace is not None and trace.steps
    assert sum(total for _, total in summary.per_skill.values()) == 3

    history = store.history()
    assert [record.verdict for record in history[:2]] == ["incorrect", "skipped"]
    assert all(record.source == "quiz" for record in history)
