"""``[[block.wrong_answers]]``: authored feedback for a specific wrong answer, checked by validate."""

from __future__ import annotations

from pathlib import Path

from tutor.curriculum.loader import load_lessons, parse_lesson
from tutor.curriculum.validate import validate_file

LESSON = '''\
id = "f-five"
topic = "rolle"
title.en = "f(5)"
title.ko = "f(5)"

[[block]]
type = "question"
id = "f-at-five"
answer_type = "number"
expected = "100"
prompt.en = "Compute f(5) for f(x) = 2x³ − 6x²."
prompt.ko = "f(x) = 2x³ − 6x²일 때 f(5)를 계산하세요."

[[block.hints]]
en = "2·5³ = 250 and 6·5² = 150."
ko = "2·5³ = 250이고 6·5² = 150입니다."

[[block.wrong_answers]]
answer = "0"
en = "The lecture states 0, and it is wrong."
ko = "강의에는 0이라고 적혀 있지만 틀렸습니다."
'''


def validate_text(tmp_path: Path, text: str):
    path = tmp_path / "f-five.toml"
    path.write_text(text, encoding="utf-8")
    return validate_file(path)


def test_wrong_answer_loads(tmp_path):
    lesson, errors = validate_text(tmp_path, LESSON)
    assert errors == []
    (wrong,) = lesson.items[0].wrong_answers
    assert wrong.answer == "0"
    assert wrong.text.ko.startswith("강의")


def test_wrong_answer_that_is_right_reported(tmp_path):
    _, errors = validate_text(tmp_path, LESSON.replace('answer = "0"', 'answer = "100.0"'))
    assert [error.key for error in errors] == ["lesson_errors.wrong_answer_correct"]
    assert errors[0].line == LESSON.splitlines().index('answer = "0"') + 1


def test_wrong_answer_not_of_type_reported(tmp_path):
    _, errors = validate_text(tmp_path, LESSON.replace('answer = "0"', 'answer = "x +"'))
    assert [error.key for error in errors] == ["lesson_errors.wrong_answer_invalid"]


def test_wrong_answer_needs_answer_and_both_languages(tmp_path):
    _, errors = parse_lesson(LESSON.replace('answer = "0"\n', ""), "f-five.toml")
    assert [error.key for error in errors] == ["lesson_errors.missing_key"]
    _, errors = parse_lesson(LESSON.replace('ko = "강의에는 0이라고 적혀 있지만 틀렸습니다."\n', ""), "f-five.toml")
    assert [error.key for error in errors] == ["lesson_errors.missing_translation"]


def test_installed_lessons_use_wrong_answers_for_lecture_errors():
    by_id = {lesson.id: lesson for lesson in load_lessons()}
    answers = {item.id: [wrong.answer for wrong in item.wrong_answers]
               for lesson in by_id.values() for item in lesson.items}
    assert "0" in answers["f-at-five"]
    assert "1" in answers["applies-on-zero-five"]
    assert "2" in answers["c-lecture-cubic"]
    assert "5" in answers["car-velocity"]
