"""The plain-text reply shows the same pictures the app shows."""

from __future__ import annotations

from tutor.chat import answer
from tutor.render.report import trace_text


def test_interval_reply_draws_number_line():
    shown = trace_text(answer("interval (0, 5]"), "en")
    assert "○" in shown
    assert "●" in shown


def test_theorem_reading_names_theorem():
    shown = trace_text(answer("rolle 2x^3 - 6x^2 on [0, 3]"), "ko")
    assert shown.splitlines()[0] == "이렇게 읽었습니다: 구간 [0, 3]에서 f(x) = 2x³ - 6x²에 대한 롤의 정리."
