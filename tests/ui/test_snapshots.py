"""Snapshots of the main screens at 80×24 in English and Korean.

Regenerate after a deliberate change with
``python3 -m pytest tests/ui/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

import pytest

from tests.ui.conftest import SIZE
from tutor.ui.app import TutorApp
from tests.ui.pilot import ready, send

LANGS = ("en", "ko")


async def _ready(pilot) -> None:
    """Wait until the session's welcome is on screen."""
    await ready(pilot)


async def _ask(pilot, text: str) -> None:
    """Send ``text`` and wait until its reply is on screen."""
    await send(pilot, text)
    await pilot.pause()


# --- chat


@pytest.mark.parametrize("lang", LANGS)
def test_chat_welcome(snap_compare, lang):
    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=_ready)


@pytest.mark.parametrize("lang", LANGS)
def test_chat_free_question(snap_compare, lang):
    async def run_before(pilot):
        await _ready(pilot)
        await _ask(pilot, "d/dx (3x^2+2)^2")

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_chat_parse_error(snap_compare, lang):
    async def run_before(pilot):
        await _ready(pilot)
        typed = "d/dx (3x^^2"
        await pilot.press(*typed)
        input_bar = pilot.app.screen.query_one("#input-bar")
        # Wait for the problem of the whole line, not of a prefix checked
        # while the keys were still arriving.
        while input_bar.problem is None or input_bar.problem.text != typed:
            await pilot.pause(0.05)
        await pilot.pause()

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_wrong_answer_and_hint(snap_compare, lang):
    async def run_before(pilot):
        await _ready(pilot)
        await _ask(pilot, "lesson chain-rule")
        await _ask(pilot, "2(3x^2 + 2)")
        await _ask(pilot, "hint")

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)


# --- dialogs


@pytest.mark.parametrize("lang", LANGS)
def test_help_screen(snap_compare, lang):
    async def run_before(pilot):
        await _ready(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_lesson_picker(snap_compare, lang):
    async def run_before(pilot):
        from tutor.ui.screens.picker import LessonPicker

        await _ready(pilot)
        await pilot.press("f2")
        while not isinstance(pilot.app.screen, LessonPicker):
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)


@pytest.mark.parametrize("lang", LANGS)
def test_progress_screen(snap_compare, lang):
    async def run_before(pilot):
        from tutor.ui.screens.progress import ProgressScreen

        await _ready(pilot)
        await pilot.press("f7")
        while not isinstance(pilot.app.screen, ProgressScreen):
            await pilot.pause(0.02)
        await pilot.pause()

    assert snap_compare(TutorApp(lang), terminal_size=SIZE, run_before=run_before)
