"""Nested time budgets: an inner guarded call leaves the outer budget its time."""

from __future__ import annotations

import time

import pytest

from tutor.engine.budget import within_budget, within_request_budget
from tutor.errors import TooComplexError


def _many_quick_guarded_calls() -> int:
    # Each inner call has a 1 s budget but finishes at once; ten of them
    # must not use up the outer 2 s budget.
    return sum(within_budget(lambda: 1, seconds=1.0) for _ in range(10))


def test_quick_inner_calls_keep_outer_budget():
    assert within_request_budget(_many_quick_guarded_calls, seconds=2.0) == 10


def test_outer_budget_stops_long_request():
    with pytest.raises(TooComplexError):
        within_request_budget(time.sleep, 5, seconds=0.2)
