"""The chat screen: transcript above, input line below, keys in the footer.

The screen forwards each sent line to the app, which runs the session.
The screen only shows replies and never chooses them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Input, LoadingIndicator

from tutor.ui.widgets.math_input import InputBar, MathInput
from tutor.ui.widgets.transcript import LearnerBubble, Transcript

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.ui.app import TutorApp

#: Seconds of work before the working indicator appears.
BUSY_DELAY = 0.15


class ChatScreen(Screen):
    """Transcript, busy indicator, input line and footer."""

    app: TutorApp

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("pageup", "scroll_transcript(-1)", "Page up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Page down", show=False),
    ]

    _busy_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Lay out the chat."""
        yield Header(icon="∂")
        yield Transcript(id="transcript")
        yield LoadingIndicator(id="busy")
        yield InputBar(self.app.lang, id="input-bar")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        """Put the cursor in the input line."""
        self.query_one(MathInput).focus()

    def action_scroll_transcript(self, direction: int) -> None:
        """Scroll the transcript one page up (-1) or down (+1) while the input keeps focus."""
        if direction < 0:
            self.transcript.scroll_page_up(animate=False)
        else:
            self.transcript.scroll_page_down(animate=False)

    def on_key(self, event: events.Key) -> None:
        """Send Escape and typed characters from the transcript back to the input line.

        Shift+Tab moves focus into the transcript to open steps with
        Enter or Space.  Any character that no focused widget binds is
        typed into the input instead of being dropped.
        """
        math_input = self.query_one(MathInput)
        if self.focused is math_input:
            return
        if event.key == "escape":
            event.stop()
            math_input.focus()
            return
        if not event.is_printable or event.character is None or event.key in self.app.active_bindings:
            return
        event.stop()
        event.prevent_default()
        math_input.focus()
        math_input.insert_text_at_cursor(event.character)

    @property
    def transcript(self) -> Transcript:
        """The conversation widget."""
        return self.query_one(Transcript)

    @property
    def input_bar(self) -> InputBar:
        """The input line with its error marker."""
        return self.query_one(InputBar)

    def set_busy(self, busy: bool) -> None:
        """Show the working indicator after BUSY_DELAY seconds of work, or hide it.

        The indicator keeps its row while hidden, so showing it never
        re-lays out the transcript, and replies faster than the delay never
        flash it.
        """
        if self._busy_timer is not None:
            self._busy_timer.stop()
            self._busy_timer = None
        indicator = self.query_one("#busy")
        if not busy:
            indicator.remove_class("-working")
        elif not indicator.has_class("-working"):
            self._busy_timer = self.set_timer(BUSY_DELAY, lambda: indicator.add_class("-working"))

    @on(Input.Submitted, "#math-input")
    async def _send(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            return
        math_input = self.query_one(MathInput)
        math_input.remember(text)
        math_input.value = ""
        self.input_bar.clear_problem()
        await self.transcript.add_turn(LearnerBubble(text, self.app.lang))
        self.app.ask(text)
