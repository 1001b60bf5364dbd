"""Every installed lesson runs to its end three ways, in English and Korean.

1. every answer right on the first try;
2. every question first answered wrong (feedback names the mistake where
   the lesson has feedback for it), then right;
3. the hint ladder climbed to its bottom-out hint, then answered.

Each run goes through the real loader and Session, and its transcript is
rendered in the run's language so a missing catalog key shows up here.
"""

from __future__ import annotations

import re

import pytest

from tutor.curriculum.loader import load_lessons
from tutor.curriculum.model import Item
from tutor.dialogue.answers import choice_index
from tutor.dialogue.replies import Feedback, HintShown, LessonFinished, Message, Question
from tutor.dialogue.session import Session
from tutor.dialogue.transcript import render_replies

LESSONS = [lesson.id for lesson in load_lessons()]
LANGS = ["en", "ko"]

#: A catalog key printed instead of its message means the key is missing.
RAW_KEY = re.compile(r"\b(?:dialogue|checking|lesson_errors|rules|report)\.[a-z_]+(?:\.[a-z_]+)*\b")


def wrong_answer(item: Item) -> str:
    """Return an answer to ``item`` that is wrong but well formed."""
    expected = item.expected
    if item.answer_type == "choice":
        right = choice_index(item, expected)
        return str(1 if right != 1 else 2)
    if item.answer_type in ("expression", "number"):
        return f"({expected}) + 1"
    if item.answer_type == "interval":
        flipped = {"(": "[", "[": "("}
        return flipped[expected[0]] + expected[1:]
    if item.answer_type == "c_values":
        return f"{expected}, 100"
    if item.answer_type == "gradients":
        name, value = expected.split(",")[0].split("=")
        rest = expected.split(",")[1:]
        return ", ".join([f"{name.strip()} = ({value.strip()}) + 1", *rest])
    if item.answer_type == "classification":
        return re.sub(r"\d+", lambda match: str(int(match.group()) + 1), expected, count=1)
    raise AssertionError(f"no wrong answer for answer type {item.answer_type}")


class Run:
    """A session plus the rendered transcript of all its replies."""

    def __init__(self, lesson_id: str, lang: str) -> None:
        self.session = Session(lang=lang)
        self.lang = lang
        self.text: list[str] = []
        self.replies = self._keep(self.session.start_lesson(lesson_id))

    def _keep(self, replies):
        rendered, self.lang = render_replies(replies, self.lang)
        self.text.append(rendered)
        self.replies = replies
        return replies

    def feed(self, line: str):
        return self._keep(self.session.feed(line))

    def transcript(self) -> str:
        return "\n".join(self.text)


def only(replies, kind):
    found = [reply for reply in replies if isinstance(reply, kind)]
    assert len(found) == 1, f"expected one {kind.__name__} in {replies}"
    return found[0]


def finish(run: Run) -> LessonFinished:
    assert run.session.current_item is None
    assert run.session.mode == "chat"
    finished = only(run.replies, LessonFinished)
    assert RAW_KEY.search(run.transcript()) is None, RAW_KEY.search(run.transcript())
    return finished


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_all_right(lesson_id, lang):
    run = Run(lesson_id, lang)
    question_count = 0
    while run.session.current_item is not None:
        item = run.session.current_item
        question_count += 1
        replies = run.feed(item.expected)
        feedback = only(replies, Feedback)
        assert feedback.verdict in ("correct", "correct_other_form"), (item.id, feedback)
    finished = finish(run)
    assert (finished.score, finished.total) == (question_count, question_count)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_wrong_then_right(lesson_id, lang):
    run = Run(lesson_id, lang)
    named = 0
    while run.session.current_item is not None:
        item = run.session.current_item
        if item.feedback_examples:
            misconception, example = next(iter(item.feedback_examples.items()))
            feedback = only(run.feed(example), Feedback)
            assert feedback.verdict == "incorrect"
            assert feedback.misconception == misconception
            assert feedback.text == item.feedback[misconception]
            named += 1
        else:
            feedback = only(run.feed(wrong_answer(item)), Feedback)
            assert feedback.verdict == "incorrect", (item.id, feedback)
            assert feedback.messages or feedback.text or feedback.key
        assert run.session.current_item is item

        replies = run.feed(item.expected)
        assert only(replies, Feedback).verdict in ("correct", "correct_other_form")
    finished = finish(run)
    assert finished.score == 0
    lesson = next(lesson for lesson in load_lessons() if lesson.id == lesson_id)
    assert named == sum(bool(item.feedback_examples) for item in lesson.items)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("lesson_id", LESSONS)
def test_lesson_hints_to_bottom_out(lesson_id, lang):
    run = Run(lesson_id, lang)
    question_count = 0
    while run.session.current_item is not None:
        item = run.session.current_item
        question_count += 1
        levels_seen = []
        while True:
            hint = only(run.feed("hint"), HintShown)
            levels_seen.append(hint.level)
            if hint.level == hint.levels:
                break
        assert levels_seen == list(range(1, hint.levels + 1))
        assert hint.levels >= 2, f"{item.id} has no ladder to climb"

        after_bottom = run.feed("hint")
        assert [reply.key for reply in after_bottom if isinstance(reply, Message)] == ["dialogue.no_more_hints"]

        replies = run.feed(item.expected)
        assert only(replies, Feedback).verdict in ("correct", "correct_other_form")
    finished = finish(run)
    # Taking hints does not forfeit a question.
    assert finished.score == question_count


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_skip_every_question(lang):
    run = Run("rolle-theorem", lang)
    questions = 0
    while run.session.current_item is not None:
        replies = run.feed("skip" if questions % 2 else "next")
        questions += 1
        assert any(isinstance(reply, Message) and reply.key.startswith("dialogue.skipped") for reply in replies)
    assert finish(run).score == 0
    assert questions == 5


def test_rolle_lesson_shows_failing_interval():
    run = Run("rolle-theorem", "en")
    question = only(run.replies, Question)
    assert "f(5)" in question.prompt.en
    assert "f(0) = f(5) = 0" in run.transcript()
    assert "100" not in run.transcript()

    run.feed("100")
    run.feed("2")
    transcript = run.transcript()
    assert "f(5) = 250 − 150 = 100" in transcript
    assert "[0, 3]" in transcript
