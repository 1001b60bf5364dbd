"""Helpers that drive the real app with Pilot and read what it shows."""

from __future__ import annotations

import asyncio

from textual.widgets import Static

from tutor.ui.widgets.math_input import MathInput
from tutor.ui.widgets.transcript import Transcript, TutorBubble

#: Seconds to wait for the session before a test fails (SymPy loads on first use).
WAIT = 30.0


async def wait_until(pilot, condition, what: str) -> None:
    """Pause until ``condition()`` is true; fail naming ``what`` after WAIT seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.02)
    await pilot.pause()


def bubbles(app) -> list[TutorBubble]:
    """Return the tutor's turns on the chat screen, oldest first."""
    return list(app.chat_screen().query(TutorBubble)) if app.chat_screen() else []


async def ready(pilot) -> None:
    """Wait until the session is up and its welcome is on screen."""
    app = pilot.app
    await wait_until(pilot, lambda: app.session_ready.is_set() and bubbles(app) and app._pending == 0, "the welcome")


async def send(pilot, text: str) -> TutorBubble:
    """Type ``text``, press Enter and return the tutor's reply bubble."""
    app = pilot.app
    before = len(bubbles(app))
    app.chat_screen().query_one(MathInput).value = text
    await pilot.press("enter")
    await wait_until(pilot, lambda: len(bubbles(app)) > before and app._pending == 0, f"the reply to {text!r}")
    return bubbles(app)[-1]


async def press_and_wait(pilot, key: str) -> TutorBubble:
    """Press ``key`` (a key that sends a session word) and return the reply bubble."""
    app = pilot.app
    before = len(bubbles(app))
    await pilot.press(key)
    await wait_until(pilot, lambda: len(bubbles(app)) > before and app._pending == 0, f"the reply to {key}")
    return bubbles(app)[-1]


def text_of(widget) -> str:
    """Return the plain text shown by ``widget`` and every Static inside it."""
    statics = [widget] if isinstance(widget, Static) else []
    statics += list(widget.query(Static))
    parts = []
    for static in statics:
        rendered = static.render()
        parts.append(getattr(rendered, "plain", str(rendered)))
    return "\n".join(parts)


def transcript_text(app) -> str:
    """Return the whole conversation as plain text."""
    return text_of(app.chat_screen().query_one(Transcript))
