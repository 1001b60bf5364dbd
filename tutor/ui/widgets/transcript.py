"""The conversation: learner lines and tutor bubbles, newest at the bottom.

Each tutor bubble keeps the Reply objects it shows, so switching language
re-renders the whole conversation from data rather than translating text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tutor.i18n import translate

if TYPE_CHECKING:
    from textual.app import ComposeResult


class Bubble(Vertical):
    """One turn of the conversation, re-rendered from its data in any language."""

    def __init__(self, lang: str, classes: str) -> None:
        super().__init__(classes=f"bubble {classes}")
        self.lang = lang
        self.open_steps: frozenset[str] = frozenset()

    async def relocalize(self, lang: str) -> None:
        """Re-render this turn in ``lang``, keeping the steps that were expanded."""
        from tutor.ui.widgets.step_view import StepView

        self.open_steps = frozenset(view.number for view in self.query(StepView) if view.expanded)
        self.lang = lang
        await self.recompose()


class LearnerBubble(Bubble):
    """The learner's line: exactly as typed, or a catalog command word sent by a key.

    A line sent by a key (F3 sends "hint") stores its catalog ``key`` and
    ``params``, so it reads 힌트 or hint in whichever language is shown.
    """

    def __init__(self, text: str, lang: str, *, key: str | None = None, params: dict[str, Any] | None = None) -> None:
        super().__init__(lang, "learner")
        self.text = text
        self.key = key
        self.params = dict(params or {})

    def compose(self) -> ComposeResult:
        """Lay out the speaker label and the line."""
        line = translate(self.key, self.lang, **self.params) if self.key else self.text
        yield Static(escape(translate("ui.learner", self.lang)), classes="speaker")
        yield Static(escape(line), classes="typed")


class TutorBubble(Bubble):
    """The tutor's replies to one input."""

    def __init__(self, replies: Sequence[Any], lang: str) -> None:
        super().__init__(lang, "tutor")
        self.replies = list(replies)

    def compose(self) -> ComposeResult:
        """Lay out the speaker label and one group of widgets per reply."""
        from tutor.ui.widgets.reply_view import reply_widgets

        yield Static(escape(translate("ui.tutor", self.lang)), classes="speaker")
        for reply in self.replies:
            kind = type(reply).__name__
            yield Vertical(*reply_widgets(reply, self.lang, self.open_steps), classes=f"reply reply-{kind}")


class Transcript(VerticalScroll):
    """The scrolling conversation; it follows the newest turn."""

    can_focus = True

    async def add_turn(self, bubble: Bubble) -> None:
        """Append one turn and scroll to the bottom, where a lesson's open question is."""
        await self.mount(bubble)
        self.call_after_refresh(self.scroll_end, animate=False)

    async def relocalize(self, lang: str) -> None:
        """Re-render every turn in ``lang``."""
        for bubble in self.query(Bubble):
            await bubble.relocalize(lang)
        self.scroll_end(animate=False)
