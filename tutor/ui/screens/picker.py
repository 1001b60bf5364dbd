"""The lesson picker: titles in the current language with a progress mark each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tutor.i18n import translate
from tutor.ui.widgets.reply_view import pad_cells, progress_mark

if TYPE_CHECKING:
    from textual.app import ComposeResult


class LessonPicker(ModalScreen[str | None]):
    """Choose a lesson; dismisses with its id, or None on Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f2", "dismiss", "Close"),
    ]

    def __init__(self, lessons: Sequence[Any], lang: str) -> None:
        super().__init__()
        self.lessons = list(lessons)
        self.lang = lang

    def compose(self) -> ComposeResult:
        """Lay out one option per lesson."""
        with Vertical(id="picker-body", classes="dialog") as body:
            body.border_title = translate("ui.picker.title", self.lang)
            body.border_subtitle = translate("ui.picker.help", self.lang)
            if not self.lessons:
                yield Static(translate("ui.no_lessons", self.lang))
            options = [
                Option(f"{pad_cells(progress_mark(entry, self.lang), 10)} {entry.title.get(self.lang)}", id=entry.id)
                for entry in self.lessons
            ]
            yield OptionList(*options, id="lesson-list")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        """Open the chosen lesson."""
        self.dismiss(event.option.id)

    async def action_dismiss(self, result: str | None = None) -> None:
        """Close without choosing."""
        self.dismiss(result)
