"""Korean particles agree with the value before them."""

from __future__ import annotations

import pytest

from tutor.i18n import translate
from tutor.i18n.korean import attach_particles, final_consonant


@pytest.mark.parametrize(
    ("value", "object_particle"),
    [
        ("40", "을"),      # 사십
        ("2", "를"),       # 이
        ("1", "을"),       # 일
        ("100", "을"),     # 백
        ("1.5", "를"),     # 일 점 오
        ("x", "를"),       # 엑스
        ("n", "을"),       # 엔
        ("x²", "을"),      # 엑스 제곱
        ("[0, 3]", "을"),  # 삼
        ("(0, 5]", "를"),  # 오
        ("f(3) = 0", "을"),  # 영
        ("합성함수", "를"),
        ("값", "을"),
    ],
)
def test_object_particle_follows_sound(value, object_particle):
    assert attach_particles("{v}을(를) 봅니다", {"v": value}) == f"{value}{object_particle} 봅니다"


def test_instrumental_particle_after_rieul():
    assert attach_particles("{v}로", {"v": "서울"}) == "서울로"
    assert attach_particles("{v}로", {"v": "1"}) == "1로"
    assert attach_particles("{v}로", {"v": "3"}) == "3으로"


def test_unknown_sound_keeps_both_forms():
    assert final_consonant("≈") is None
    assert attach_particles("{v}을(를)", {"v": "≈"}) == "≈을(를)"


def test_particle_inside_word_is_left_alone():
    assert attach_particles("{v}입니다", {"v": "2"}) == "{v}입니다"
    assert attach_particles("{v}이고", {"v": "2"}) == "{v}이고"


def test_braces_in_value_survive_formatting():
    assert translate("report.reading", "ko", reading="{x}") == "이렇게 읽었습니다: {x}"
