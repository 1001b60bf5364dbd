"""The input line: history, completion, and a parse error marked before sending.

Parsing happens on a short debounce in a thread worker, so typing never
waits for the parser.  A result that arrives after the text changed again
is dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.highlighter import Highlighter
from rich.markup import escape
from rich.text import Text
from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Input, Static

from tutor.i18n import translate

if TYPE_CHECKING:
    from textual.app import ComposeResult

#: Seconds of quiet typing before the line is parsed.
PARSE_DELAY = 0.35

#: Most lines kept in the history (oldest dropped first).
HISTORY_LIMIT = 200

#: Chat command words in both languages, offered as completions.
COMMAND_WORDS = (
    "d/dx ", "diff ", "derivative of ", "differentiate ", "partial ", "chain ",
    "mvt ", "rolle ", "motion ", "classify ", "backprop ", "train ", "interval ",
    "hint", "steps", "next", "skip", "lessons", "lesson ", "quiz", "progress",
    "lang ", "help", "quit",
    "미분 ", "편미분 ", "연쇄 ", "평균값 ", "롤 ", "운동 ", "분류 ", "역전파 ", "구간 ",
    "힌트", "풀이", "다음", "건너뛰기", "수업", "퀴즈", "진도", "언어 ", "도움말", "종료",
)

#: Words after which a lesson id is completed.
LESSON_WORDS = ("lesson ", "수업 ")

#: Words after which a quiz topic is completed.
QUIZ_WORDS = ("quiz ", "퀴즈 ")


def cell_width(text: str) -> int:
    """Return the terminal cells ``text`` takes (Hangul and other wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


@dataclass(frozen=True)
class SyntaxProblem:
    """A parse error found while typing: 1-based ``column`` in ``text`` and the message."""

    text: str
    column: int
    message: str


def find_syntax_problem(text: str, lang: str) -> SyntaxProblem | None:
    """Parse ``text`` and return its error with a column, or None when it parses.

    Errors without a column (an unsupported but well-formed request) are
    left for the tutor's reply, because they are not typing mistakes.
    """
    from tutor.errors import TutorError
    from tutor.parsing import parse

    try:
        parse(text)
    except TutorError as error:
        if error.column is None:
            return None
        column = max(1, min(error.column, len(text) + 1))
        return SyntaxProblem(text, column, error.message(lang))
    return None


class CommandSuggester(Suggester):
    """Completes command words in both languages, lesson ids, quiz topics and ``lang`` codes."""

    def __init__(self, lesson_ids: Iterable[str] = (), quiz_topics: Iterable[str] = ()) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.lesson_ids: list[str] = list(lesson_ids)
        self.quiz_topics: list[str] = list(quiz_topics)

    async def get_suggestion(self, value: str) -> str | None:
        """Return the completed line for ``value``, or None when nothing fits."""
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        """Return ``value`` completed, or None (synchronous, for tests and Tab)."""
        if not value.strip():
            return None
        lowered = value.lower()
        for word in LESSON_WORDS:
            if lowered.startswith(word):
                return self._complete_from(value, len(word), self.lesson_ids)
        for word in QUIZ_WORDS:
            if lowered.startswith(word):
                return self._complete_from(value, len(word), self.quiz_topics)
        if lowered.startswith(("lang ", "언어 ")):
            return self._complete_from(value, value.index(" ") + 1, ("en", "ko"))
        for word in COMMAND_WORDS:
            if word.startswith(lowered) and word.rstrip() != lowered.rstrip():
                return value + word[len(value):]
        return None

    @staticmethod
    def _complete_from(value: str, start: int, names: Iterable[str]) -> str | None:
        prefix = value[start:]
        for name in names:
            if name.startswith(prefix) and name != prefix:
                return value[:start] + name
        return None


class ErrorHighlighter(Highlighter):
    """Underlines the character at the parse error's column in the input."""

    def __init__(self) -> None:
        self.problem: SyntaxProblem | None = None

    def highlight(self, text: Text) -> None:
        """Style the error column of ``text`` when it is the text that was parsed."""
        problem = self.problem
        if problem is None or text.plain != problem.text:
            return
        start = problem.column - 1
        if start < len(text.plain):
            text.stylize("bold red underline reverse", start, start + 1)


class MathInput(Input):
    """An Input with a history on ↑/↓ and completion on Tab or →."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Previous line", show=False),
        Binding("down", "history(1)", "Next line", show=False),
        Binding("tab", "complete", "Complete", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        self.error_highlighter = ErrorHighlighter()
        # Focus comes back here when the learner types in the transcript, and selecting the
        # line then would let that keystroke replace it.
        super().__init__(
            suggester=CommandSuggester(), highlighter=self.error_highlighter, select_on_focus=False, **kwargs
        )
        self.history: list[str] = []
        self._history_index = 0
        self._draft = ""

    def remember(self, text: str) -> None:
        """Add a sent line to the history (not repeating the last one)."""
        if text and (not self.history or self.history[-1] != text):
            self.history.append(text)
            del self.history[:-HISTORY_LIMIT]
        self._history_index = len(self.history)
        self._draft = ""

    def action_history(self, direction: int) -> None:
        """Step back (-1) or forward (+1) through the lines sent before."""
        if not self.history:
            return
        if self._history_index == len(self.history):
            self._draft = self.value
        index = max(0, min(len(self.history), self._history_index + direction))
        if index == self._history_index:
            return
        self._history_index = index
        self.value = self.history[index] if index < len(self.history) else self._draft
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        """Accept the completion of the current line; do nothing when there is none.

        Tab never moves focus out of the input, because a learner who
        pressed it to complete would then type into the transcript.
        """
        suggester = self.suggester
        completed = suggester.complete(self.value) if isinstance(suggester, CommandSuggester) else None
        if completed is None:
            return
        self.value = completed
        self.cursor_position = len(self.value)


class InputBar(Vertical):
    """The input line and, under it, a caret and the message of a parse error."""

    class ProblemChanged(Message):
        """Sent when the marked parse error appears, moves or goes away."""

        def __init__(self, problem: SyntaxProblem | None) -> None:
            super().__init__()
            self.problem = problem

    def __init__(self, lang: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang = lang
        self.problem: SyntaxProblem | None = None
        self.live_check = True
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        """Lay out the input and the (hidden) error line."""
        yield MathInput(placeholder=translate("ui.placeholder", self.lang), id="math-input")
        yield Static("", id="input-error")

    @property
    def input(self) -> MathInput:
        """The input widget."""
        return self.query_one(MathInput)

    def set_lang(self, lang: str) -> None:
        """Re-render the placeholder and any error message in ``lang``."""
        self.lang = lang
        self.input.placeholder = translate("ui.placeholder", lang)
        if self.problem is not None:
            self._check(self.problem.text)

    def clear_problem(self) -> None:
        """Forget the marked error (after the line is sent)."""
        self._show(None)

    @on(Input.Changed, "#math-input")
    def _schedule_check(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        if self.problem is not None and event.value != self.problem.text:
            self._show(None)
        if event.value.strip() and self.live_check:
            self._timer = self.set_timer(PARSE_DELAY, lambda: self._check(self.input.value))

    @work(thread=True, exclusive=True, group="syntax")
    def _check(self, text: str) -> None:
        try:
            problem = find_syntax_problem(text, self.lang)
        except ImportError:
            # NOTE: without the parser there is nothing to mark; the tutor's reply still reports errors.
            return
        self.app.call_from_thread(self._show_if_current, text, problem)

    def _show_if_current(self, text: str, problem: SyntaxProblem | None) -> None:
        if self.input.value == text:
            self._show(problem)

    def _show(self, problem: SyntaxProblem | None) -> None:
        if problem is None and self.problem is None:
            return
        self.problem = problem
        self.input.error_highlighter.problem = problem
        self.input.set_class(problem is not None, "-invalid")
        error_line = self.query_one("#input-error", Static)
        error_line.display = problem is not None
        if problem is not None:
            offset = self.input.content_region.x - self.region.x - self.input.scroll_offset.x
            caret = " " * max(0, offset + cell_width(problem.text[: problem.column - 1])) + "^"
            # The caret marks the column, so the message is shown without a second position word.
            error_line.update(f"{caret}\n{escape(problem.message)}")
        self.input.refresh()
        self.post_message(self.ProblemChanged(problem))
