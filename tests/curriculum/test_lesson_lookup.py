"""A lesson can be opened by its id or by the title shown in the list."""

from __future__ import annotations

import pytest

from tutor.curriculum.loader import load_lesson
from tutor.errors import LessonError


@pytest.mark.parametrize(
    ("name", "lesson_id"),
    [("chain-rule", "chain-rule"), ("연쇄 법칙", "chain-rule"), ("The chain rule", "chain-rule"),
     ("롤의 정리", "rolle-theorem"), ("역전파", "backpropagation")],
)
def test_lesson_found_by_id_or_title(name, lesson_id):
    assert load_lesson(name).id == lesson_id


def test_ambiguous_title_fragment_is_an_error():
    with pytest.raises(LessonError):
        load_lesson("미분")
