"""Command palette (Ctrl+P) in the learner's language: every app command and every lesson."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

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


def system_commands(app: TutorApp) -> Iterator[SystemCommand]:
    """Yield the app's own commands, named and described in the learner's language.

    These replace Textual's English system commands (theme, keys,
    maximize, screenshot), which a learner does not need.
    """
    for action, key in PALETTE_ACTIONS:
        yield SystemCommand(
            translate(key, app.lang),
            translate(f"ui.palette.about.{action}", app.lang),
            partial(app.run_action, action),
        )


class LocalizedCommandPalette(CommandPalette):
    """Textual's command palette with its placeholder and 'no matches' line in the learner's language."""

    def __init__(self, lang: str) -> None:
        super().__init__(placeholder=translate("ui.palette.placeholder", lang), id="--command-palette")
        self.lang = lang

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # NOTE: this replaces a private method of textual.command.CommandPalette (Textual 8.2), whose
        # own version writes the English "No matches found"; tests/ui checks that the localized line shows.
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            # An empty search lists every command, so there is nothing to report.
            if not search_value:
                self._list_visible = False
                return
            message = Text(translate("ui.palette.no_matches", self.lang), style="not bold")
            self.query_one(CommandList).add_option(
                Option(Align.center(message), disabled=True, id=self._NO_MATCHES)
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


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
