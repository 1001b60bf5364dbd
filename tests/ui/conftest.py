"""Fixtures for the app tests: a steady cursor and a helper to run a Pilot test."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from tutor.ui.widgets.math_input import MathInput

#: The terminal size every app test and snapshot uses.
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stop the input cursor from blinking, so a screen does not depend on the moment it is taken."""
    original = MathInput.__init__

    def init_without_blink(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(MathInput, "__init__", init_without_blink)


def run(test: Callable[[], Awaitable[None]]) -> None:
    """Run one async Pilot test (the suite does not use pytest-asyncio)."""
    asyncio.run(test())
