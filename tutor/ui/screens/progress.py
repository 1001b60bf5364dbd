"""The progress screen: a mastery bar for every skill practised."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markup import escape
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.i18n import translate
from tutor.ui.widgets.reply_view import mastery_bar, skill_name

if TYPE_CHECKING:
    from textual.app import ComposeResult


class ProgressScreen(ModalScreen[None]):
    """Per-skill mastery; Esc or F7 closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f7,q", "dismiss", "Close"),
    ]

    def __init__(self, skills: Sequence[Any], lang: str) -> None:
        super().__init__()
        self.skills = list(skills)
        self.lang = lang

    def compose(self) -> ComposeResult:
        """Lay out one bar per skill, or a note that nothing is recorded yet."""
        lang = self.lang
        with VerticalScroll(id="progress-body", classes="dialog") as body:
            body.border_title = translate("ui.progress.title", lang)
            body.border_subtitle = translate("ui.progress.help", lang)
            if not self.skills:
                yield Static(escape(translate("ui.no_progress", lang)), classes="message")
            else:
                yield Static(escape(translate("ui.mastery_caption", lang)), classes="mastery-caption")
            for skill in self.skills:
                line = translate(
                    "ui.mastery", lang, bar=mastery_bar(skill.mastery),
                    percent=round(skill.mastery * 100), correct=skill.correct, attempts=skill.attempts,
                )
                yield Static(escape(f"{skill_name(skill.skill, lang)}\n  {line}"), classes="mastery")

    async def action_dismiss(self, result: None = None) -> None:
        """Close the progress screen."""
        self.dismiss(result)
