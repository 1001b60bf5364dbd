"""Lessons ask first and show the worked solution after, as the lecture does (연습 문제, then 문제 풀이)."""

from __future__ import annotations

import pytest

from tutor.curriculum.loader import load_lessons
from tutor.curriculum.model import Item, ShowSteps, TextBlock

LESSONS = load_lessons()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_no_question_after_its_own_worked_steps(lesson):
    shown: set[str] = set()
    for block in lesson.blocks:
        if isinstance(block, ShowSteps):
            shown.add(block.task)
        elif isinstance(block, Item) and block.task:
            assert block.task not in shown, f"{lesson.id}/{block.id} follows the worked steps of its own task"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.id)
def test_lesson_keeps_worked_example_and_questions(lesson):
    if lesson.id != "intervals":
        assert any(isinstance(block, ShowSteps) for block in lesson.blocks)
    assert len(lesson.items) >= 4


def test_rolle_asks_f5_before_showing_it():
    lesson = next(lesson for lesson in LESSONS if lesson.id == "rolle-theorem")
    before = []
    for block in lesson.blocks:
        if isinstance(block, Item) and block.id == "f-at-five":
            break
        if isinstance(block, TextBlock):
            before.append(block.text.en + block.text.ko)
    assert not any("100" in text for text in before)
