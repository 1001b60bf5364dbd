"""The help screen: every chat command in the current language, and the keys."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tutor.i18n import translate

if TYPE_CHECKING:
    from textual.app import ComposeResult

#: Help rows in the order shown, grouped as math commands then session commands.
MATH_ROWS = ("derivative", "define", "partial", "chain", "mvt", "rolle", "motion",
             "classify", "backprop", "interval")
SESSION_ROWS = ("hint", "steps", "next", "lessons", "quiz", "progress", "lang", "help", "quit")


class HelpScreen(ModalScreen[None]):
    """Lists every command; Esc, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close"),
    ]

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def compose(self) -> ComposeResult:
        """Lay out the title, the command rows and the keys."""
        lang = self.lang
        with VerticalScroll(id="help-body", classes="dialog") as body:
            body.border_title = translate("ui.help.title", lang)
            body.border_subtitle = translate("ui.help.footer", lang)
            yield Static(escape(translate("ui.help.intro", lang)), classes="help-intro")
            yield Static(escape(translate("ui.help.math", lang)), classes="help-section")
            for row in MATH_ROWS:
                yield Static(escape(translate(f"ui.help.rows.{row}", lang)), classes="help-row")
            yield Static(escape(translate("ui.help.session", lang)), classes="help-section")
            for row in SESSION_ROWS:
                yield Static(escape(translate(f"ui.help.rows.{row}", lang)), classes="help-row")
            yield Static(escape(translate("ui.help.keys", lang)), classes="help-section")
            yield Static(escape(translate("ui.help.keys_text", lang)), classes="help-row")

    async def action_dismiss(self, result: None = None) -> None:
        """Close the help screen."""
        self.dismiss(result)
