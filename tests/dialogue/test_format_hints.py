"""Format hints after an input that is not an answer never give the answer away."""

from __future__ import annotations

import re

import pytest

from tutor.curriculum.generators import DIFFICULTIES
from tutor.curriculum.loader import load_lessons
from tutor.curriculum.quiz import SKILLS, generate
from tutor.dialogue import answers
from tutor.dialogue.replies import Message
from tutor.dialogue.session import Session
from tutor.dialogue.transcript import render_reply
from tutor.i18n import translate

#: Names, numbers and single symbols, so that "e" matches the constant but not the e in "the".
_TOKEN = re.compile(r"[A-Za-z_][A-Za-z_0-9]*|\d+(?:\.\d+)?|\S")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def contains_tokens(text: str, part: str) -> bool:
    """Return whether the tokens of ``part`` occur in ``text`` as a contiguous run."""
    haystack, needle = tokens(text), tokens(part)
    return any(haystack[start:start + len(needle)] == needle for start in range(len(haystack) - len(needle) + 1))


def all_items():
    for lesson in load_lessons():
        for item in lesson.items:
            yield f"{lesson.id}/{item.id}", item
    for skill in SKILLS:
        for difficulty in DIFFICULTIES:
            for seed in range(3):
                item = generate(skill, seed, difficulty)
                yield f"quiz/{item.id}", item


def expected_texts(item) -> list[str]:
    texts = [answers.answer_text(item)]
    if item.expected:
        texts.append(item.expected)
    if item.answer_type == "choice":
        texts.append(str(answers.choice_index(item, item.expected or "")))
    return texts


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_format_hint_never_contains_answer(lang):
    checked = 0
    for name, item in all_items():
        key, params = answers.format_hint(item)
        hint = translate(key, lang, **params)
        for expected in expected_texts(item):
            assert tokens(hint) != tokens(expected), (name, hint)
            assert not contains_tokens(hint, expected), (name, hint, expected)
        checked += 1
    assert checked > 100


def test_gradients_hint_names_inputs_without_values():
    lesson = next(lesson for lesson in load_lessons() if lesson.id == "backpropagation")
    item = next(item for item in lesson.items if item.id == "add-then-mul")
    key, params = answers.format_hint(item)
    assert key == "dialogue.answer_format.gradients"
    assert params["names"] == "x = …, y = …, z = …"


def test_session_format_hint_for_choice_names_no_choice():
    session = Session(lang="en")
    session.start_lesson("backpropagation")
    while session.current_item.answer_type != "choice":
        session.feed("skip")
    replies = session.feed("hello there")
    hints = [reply for reply in replies if isinstance(reply, Message)]
    assert [reply.key for reply in hints] == ["dialogue.answer_format.choice"]
    assert not re.search(r"\d", render_reply(hints[0], "en"))
