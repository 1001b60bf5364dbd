"""Command palette entries (Ctrl+P): every chat command and every lesson."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

from tutor.i18n import translate

if TYPE_CHECKING:
    from tutor.ui.app import TutorApp

#: App action -> catalog key of its name, in palette order.
PALETTE_ACTIONS = (
    ("help", "ui.keys.help"),
    ("lessons", "ui.keys.lessons"),
    ("hint", "ui.keys.hint"),
    ("steps", "ui.keys.steps"),
    ("next", "ui.keys.next"),
    ("switch_language", "ui.keys.language"),
    ("progress", "ui.keys.progress"),
    ("quit", "ui.keys.quit"),
)


class ChatCommands(Provider):
    """Help, lessons, hint, steps, next, language, progress and quit."""

    def _commands(self) -> list[tuple[str, str]]:
        app: TutorApp = self.app  # type: ignore[assignment]
        return [
            (translate("ui.palette.command", app.lang, name=translate(key, app.lang)), action)
            for action, key in PALETTE_ACTIONS
        ]

    async def discover(self) -> Hits:
        """List every command when the palette opens."""
        for name, action in self._commands():
            yield DiscoveryHit(name, partial(self.app.run_action, action))

    async def search(self, query: str) -> Hits:
        """Yield the commands whose name matches ``query``."""
        matcher = self.matcher(query)
        for name, action in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(self.app.run_action, action))


class LessonCommands(Provider):
    """One entry per lesson known to the app; choosing it opens the lesson."""

    def _lessons(self) -> list[tuple[str, str]]:
        app: TutorApp = self.app  # type: ignore[assignment]
        return [
            (translate("ui.palette.lesson", app.lang, title=f"{entry.title.get(app.lang)} ({entry.id})"), entry.id)
            for entry in app.lesson_entries
        ]

    async def discover(self) -> Hits:
        """List every lesson when the palette opens."""
        app: TutorApp = self.app  # type: ignore[assignment]
        for name, lesson_id in self._lessons():
            yield DiscoveryHit(name, partial(app.open_lesson, lesson_id))

    async def search(self, query: str) -> Hits:
        """Yield the lessons whose title or id matches ``query``."""
        app: TutorApp = self.app  # type: ignore[assignment]
        matcher = self.matcher(query)
        for name, lesson_id in self._lessons():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), partial(app.open_lesson, lesson_id))
