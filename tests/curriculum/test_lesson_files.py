"""Lesson files: the installed ones load and validate, and broken ones are located exactly."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutor.curriculum.loader import format_error, load_lesson, load_lessons, parse_lesson
from tutor.curriculum.model import Item, ShowSteps, TextBlock
from tutor.curriculum.validate import validate, validate_file
from tutor.errors import LessonError

#: A small valid lesson; each broken case below changes one thing in it.
GOOD = '''\
id = "power-rule"
topic = "derivative"
title.en = "The power rule"
title.ko = "거듭제곱의 미분법"

[[block]]
type = "text"
text.en = "To differentiate x to a power, bring the exponent down and lower it by one."
text.ko = "거듭제곱을 미분할 때는 지수를 앞으로 내리고 지수를 1 줄입니다."

[[block]]
type = "steps"
task = "d/dx x^3"
text.en = "A worked example:"
text.ko = "풀이 예시입니다."

[[block]]
type = "question"
id = "quartic"
answer_type = "expression"
task = "d/dx x^4"
expected = "4x^3"
prompt.en = "Differentiate x⁴."
prompt.ko = "x⁴을 미분하세요."

[block.feedback.power_exponent_kept]
en = "The exponent goes down by one."
ko = "지수는 1 줄어듭니다."
example = "4x^4"

[[block]]
type = "question"
id = "which-rule"
answer_type = "choice"
expected = "1"
prompt.en = "Which rule did you use?"
prompt.ko = "어떤 법칙을 썼습니까?"

[[block.choices]]
en = "the power rule"
ko = "거듭제곱의 미분법"

[[block.choices]]
en = "the chain rule"
ko = "연쇄 법칙"

[[block.hints]]
en = "The function is a power of x."
ko = "함수가 x의 거듭제곱입니다."
'''


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "power-rule.toml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, fragment: str | tuple[str, int]) -> int:
    """Return the 1-based line containing ``fragment``; ``(fragment, n)`` picks its n-th occurrence."""
    fragment, occurrence = fragment if isinstance(fragment, tuple) else (fragment, 1)
    lines = [number for number, line in enumerate(text.splitlines(), start=1) if fragment in line]
    assert len(lines) >= occurrence, f"{fragment!r} not in the lesson text {occurrence} times"
    return lines[occurrence - 1]


def test_good_lesson_has_no_problems(tmp_path):
    lesson, errors = validate_file(write(tmp_path, GOOD))
    assert errors == []
    assert [type(block) for block in lesson.blocks] == [TextBlock, ShowSteps, Item, Item]
    quartic = lesson.items[0]
    assert quartic.feedback_examples == {"power_exponent_kept": "4x^4"}
    assert lesson.items[1].choices[1].ko == "연쇄 법칙"


# (case id, old text, new text, message key, fragment on the reported line, column or None)
BROKEN = [
    ("syntax", 'expected = "4x^3"', 'expected = "4x^3', "syntax", 'expected = "4x^3', None),
    ("unknown_top_key", 'topic = "derivative"', 'topic = "derivative"\ntitel.en = "x"', "unknown_key",
     "titel.en", 1),
    ("unknown_block_key", 'prompt.en = "Which rule', 'promt.en = "Which rule', "unknown_key", "promt.en", 1),
    ("missing_ko", 'prompt.ko = "x⁴을 미분하세요."\n', "", "missing_translation", 'prompt.en = "Differentiate', 1),
    ("empty_ko", 'text.ko = "풀이 예시입니다."', 'text.ko = ""', "missing_translation", 'text.ko = ""', 1),
    ("untranslated", 'prompt.ko = "x⁴을 미분하세요."', 'prompt.ko = "Differentiate x⁴."', "untranslated",
     'prompt.ko = "Differentiate', 13),
    ("not_localized", 'title.en = "The power rule"\ntitle.ko = "거듭제곱의 미분법"', 'title = "The power rule"',
     "not_localized", "title = ", 9),
    ("unknown_block_type", 'type = "steps"', 'type = "stpes"', "unknown_block_type", 'type = "stpes"', 8),
    ("unknown_answer_type", 'answer_type = "expression"', 'answer_type = "expresion"', "unknown_answer_type",
     "expresion", 15),
    ("unknown_topic", 'topic = "derivative"', 'topic = "derivatives"', "unknown_topic", "topic =", 9),
    ("bad_lesson_id", 'id = "power-rule"', 'id = "Power Rule"', "bad_id", 'id = "Power Rule"', 6),
    ("missing_question_id", 'id = "quartic"\n', "", "missing_key", ("[[block]]", 3), 1),
    ("duplicate_question_id", 'id = "which-rule"', 'id = "quartic"', "duplicate_id", ('id = "quartic"', 2), 6),
    ("wrong_type", 'expected = "4x^3"', 'expected = "4x^3"\ndifficulty = "hard"', "wrong_type", "difficulty", 14),
    ("too_few_choices", '[[block.choices]]\nen = "the chain rule"\nko = "연쇄 법칙"\n', "", "too_few_choices",
     "[[block.choices]]", None),
    ("expected_unparsable", 'expected = "4x^3"', 'expected = "4x^^3"', "expected_invalid", "4x^^3", 12),
    ("engine_disagrees", 'expected = "4x^3"', 'expected = "4x^2"', "engine_disagrees", 'expected = "4x^2"', 12),
    ("unknown_misconception", "[block.feedback.power_exponent_kept]", "[block.feedback.power_exponent_kep]",
     "unknown_misconception", "power_exponent_kep", None),
    ("example_not_diagnosed", 'example = "4x^4"', 'example = "5x^3"', "example_not_diagnosed",
     'example = "5x^3"', 11),
    ("example_correct", 'example = "4x^4"', 'example = "4x^3"', "example_correct", 'example = "4x^3"', 11),
    ("unknown_skill", 'expected = "4x^3"', 'expected = "4x^3"\nskill = "power_rule"', "unknown_skill",
     'skill = "power_rule"', 9),
    ("task_unparsable", 'task = "d/dx x^3"', 'task = "d/dx (x^3"', "task_invalid", 'task = "d/dx (x^3"', 8),
    ("task_not_math", 'task = "d/dx x^3"', 'task = "hint"', "task_not_math", 'task = "hint"', 8),
    ("choice_out_of_range", 'expected = "1"', 'expected = "3"', "choice_out_of_range", 'expected = "3"', 12),
]


@pytest.mark.parametrize(("old", "new", "key", "fragment", "col"),
                         [case[1:] for case in BROKEN], ids=[case[0] for case in BROKEN])
def test_broken_lesson_reported_at_line(tmp_path, old, new, key, fragment, col):
    assert old in GOOD
    broken = GOOD.replace(old, new, 1)
    path = write(tmp_path, broken)

    errors = validate([str(path)])

    located = [(error.key, error.line) for error in errors]
    expected_line = line_of(broken, fragment)
    assert (f"lesson_errors.{key}", expected_line) in located
    error = next(error for error in errors if error.key == f"lesson_errors.{key}")
    if col is not None:
        assert error.col == col
    for lang in ("en", "ko"):
        text = format_error(error, lang)
        assert text.startswith(f"{path}:{expected_line}:{error.col}: ")
        assert "lesson_errors." not in text


def test_broken_table_is_large_enough():
    assert len(BROKEN) >= 15


def test_errors_name_the_fix():
    _, errors = parse_lesson(GOOD.replace('topic = "derivative"', 'topic = "derivativ"'), "x.toml")
    assert "did you mean 'derivative'" in format_error(errors[0], "en")
    assert "혹시 'derivative'" in format_error(errors[0], "ko")


def test_file_name_must_match_id(tmp_path):
    path = tmp_path / "other-name.toml"
    path.write_text(GOOD, encoding="utf-8")
    _, errors = validate_file(path)
    assert [(error.key, error.line) for error in errors] == [("lesson_errors.id_mismatch", 1)]


def test_duplicate_lesson_ids(tmp_path):
    (tmp_path / "01-power-rule.toml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "02-power-rule.toml").write_text(GOOD, encoding="utf-8")
    errors = validate([str(tmp_path)])
    assert [error.key for error in errors] == ["lesson_errors.duplicate_lesson"]


def test_installed_lessons_validate():
    assert validate() == []


def test_installed_lessons_cover_lecture():
    lessons = load_lessons()
    assert len(lessons) >= 9
    topics = {lesson.topic for lesson in lessons}
    assert {"classify", "partial", "interval", "mvt", "rolle", "motion", "derivative", "chain",
            "backprop"} <= topics
    for lesson in lessons:
        assert len(lesson.items) >= 4, lesson.id
        assert any(isinstance(block, ShowSteps) for block in lesson.blocks) or lesson.id in (
            "intervals",), lesson.id


def test_lecture_worked_examples_present():
    tasks = {block.task for lesson in load_lessons() for block in lesson.blocks
             if isinstance(block, (ShowSteps, Item)) and getattr(block, "task", None)}
    for task in ("classify (d^2y/dx^2)^2 + 2x^2 dy/dx = 0", "partial 3x^2 + 2y^2 + xy wrt x at (2, 3)",
                 "mvt x^2 on [0, 5]", "rolle 2x^3 - 6x^2 on [0, 3]", "rolle 2x^3 - 6x^2 on [0, 5]",
                 "motion x = 2t^3 - 6t at t = 3", "d/dx x^2 - 5x", "d/dx (3x^2 - 1)(2x^2 + 4x + 2)",
                 "d/dx (2x^2 + 3x)/(x^2 + 1)", "d/dx (3x^2 + 2)^2", "d/dx 1/(2x^2 + 3x - 1)^3",
                 "backprop q = x + y; f = q * z at x = -2, y = 5, z = 4"):
        assert task in tasks


def test_unknown_lesson_suggests_names():
    with pytest.raises(LessonError) as raised:
        load_lesson("chain")
    assert "chain-rule" in raised.value.message("en")


@pytest.mark.parametrize("doc", ["writing-lessons.md", "writing-lessons.ko.md"])
def test_author_guide_example_is_valid(doc, tmp_path):
    text = (Path(__file__).resolve().parents[2] / "docs" / doc).read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    assert example == "# Lesson: the power rule.\n" + GOOD
    path = tmp_path / "13-power-rule.toml"
    path.write_text(example, encoding="utf-8")
    lesson, errors = validate_file(path)
    assert errors == []
    assert lesson.id == "power-rule"
