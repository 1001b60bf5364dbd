"""TutorApp: wires the chat screen, the dialogue session and the other screens.

The session is created in a thread worker after the first screen is up,
because creating it imports SymPy and the engine (about half a second);
the input line works at once and lines sent before the session is ready
wait for it.  Every call into the session runs in a thread worker under
one lock, so the screen keeps drawing while the tutor computes.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.reactive import reactive

from tutor.i18n import translate
from tutor.ui.palette import LessonCommands, LocalizedCommandPalette, system_commands
from tutor.ui.screens.chat import ChatScreen

if TYPE_CHECKING:
    from textual.screen import Screen

logger = logging.getLogger(__name__)

#: Binding action -> catalog key of its footer label.
KEY_LABELS = {
    "help": "ui.keys.help",
    "lessons": "ui.keys.lessons",
    "hint": "ui.keys.hint",
    "steps": "ui.keys.steps",
    "next": "ui.keys.next",
    "switch_language": "ui.keys.language",
    "progress": "ui.keys.progress",
    "quit": "ui.keys.quit",
}

SessionFactory = Callable[[str], Any]


def default_session(lang: str) -> Any:
    """Create the dialogue session on the learner's progress store."""
    from tutor.dialogue.session import Session
    from tutor.storage.progress import ProgressStore

    return Session(lang, ProgressStore())


class TutorApp(App[int]):
    """The difftutor terminal app."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "difftutor"
    COMMANDS = App.COMMANDS | {LessonCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "lessons", "Lessons"),
        Binding("f3", "hint", "Hint"),
        Binding("f4", "steps", "Steps"),
        Binding("f5", "next", "Next"),
        Binding("f6", "switch_language", "Language"),
        Binding("f7", "progress", "Progress"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    lang: reactive[str] = reactive("en", init=False)
    """Language of every screen; changing it re-renders the transcript."""

    def __init__(
        self,
        lang: str = "en",
        session_factory: SessionFactory | None = None,
        first_lesson: str | None = None,
    ) -> None:
        super().__init__()
        self.first_lesson = first_lesson
        self.set_reactive(TutorApp.lang, lang)
        self.session_factory = session_factory or default_session
        self.session: Any = None
        self.session_ready = threading.Event()
        self.lesson_entries: list[Any] = []
        self._session_lock = threading.Lock()
        self._pending = 0

    # -- start-up

    def on_mount(self) -> None:
        """Show the chat at once, then start the session in the background."""
        self._localize_chrome()
        self.push_screen(ChatScreen())
        self._pending += 1
        # The welcome may already be in when this runs, so ask whether work is still pending.
        self.call_after_refresh(lambda: self._set_busy(self._pending > 0))
        # Importing the engine holds the GIL for most of a second, so it starts after the first paint.
        self.call_after_refresh(self._start_session)

    @work(thread=True, group="session", exit_on_error=False)
    def _start_session(self) -> None:
        from tutor.dialogue.replies import ErrorShown
        from tutor.errors import TutorError

        try:
            self.session = self.session_factory(self.lang)
            replies = list(self.session.welcome())
            recovered = getattr(getattr(self.session, "store", None), "recovered", None)
            if recovered is not None:
                replies.append(ErrorShown(recovered))
        except TutorError as error:
            # The progress store could not be opened: teach without saving progress, and say why.
            from tutor.dialogue.session import Session

            logger.warning("starting without a progress store: %s", error)
            self.session = Session(self.lang, None)
            replies = [*self.session.welcome(), ErrorShown(error)]
        finally:
            self.session_ready.set()
        self.call_from_thread(self._finish_call, replies)
        if self.first_lesson is not None:
            self.call_from_thread(self.open_lesson, self.first_lesson)
        self._learn_names()

    def _learn_names(self) -> None:
        """Fill the completion and palette lists with lesson ids and quiz topics (worker thread)."""
        from tutor.curriculum.quiz import TOPICS

        with self._session_lock:
            replies = self.session.feed("lessons")
        lessons = [entry for reply in replies if type(reply).__name__ == "LessonList" for entry in reply.lessons]
        self.call_from_thread(self._set_names, lessons, list(TOPICS))

    def _set_names(self, lessons: Sequence[Any], topics: Sequence[str]) -> None:
        self.lesson_entries = list(lessons)
        screen = self.chat_screen()
        if screen is not None:
            screen.input_bar.input.suggester.lesson_ids = [entry.id for entry in lessons]
            screen.input_bar.input.suggester.quiz_topics = list(topics)

    # -- talking to the session

    def ask(self, text: str) -> None:
        """Send one line to the session and show its replies."""
        self._run_session(lambda session: session.feed(text))

    def open_lesson(self, lesson_id: str) -> None:
        """Start a lesson and show its first replies."""
        self._run_session(lambda session: session.start_lesson(lesson_id))

    def _run_session(self, call: Callable[[Any], Sequence[Any]]) -> None:
        self._pending += 1
        self._set_busy(True)
        self._call_session(call)

    @work(thread=True, group="session")
    def _call_session(self, call: Callable[[Any], Sequence[Any]]) -> None:
        self.session_ready.wait()
        try:
            with self._session_lock:
                replies = list(call(self.session) or ())
        except Exception:  # noqa: BLE001 - a bug in one reply must not close the learner's session
            logger.exception("the session raised instead of returning replies")
            self.call_from_thread(self.notify, translate("ui.internal_error", self.lang), severity="error")
            replies = []
        self.call_from_thread(self._finish_call, replies)

    async def _finish_call(self, replies: Sequence[Any]) -> None:
        self._pending -= 1
        self._set_busy(self._pending > 0)
        await self.show_replies(replies)

    def _set_busy(self, busy: bool) -> None:
        screen = self.chat_screen()
        if screen is not None:
            screen.set_busy(busy)

    def chat_screen(self) -> ChatScreen | None:
        """Return the chat screen (under any dialog), or None before it is pushed."""
        for screen in self.screen_stack:
            if isinstance(screen, ChatScreen):
                return screen
        return None

    async def show_replies(self, replies: Sequence[Any]) -> None:
        """Add the tutor's replies to the transcript and act on the ones that change the app."""
        from tutor.ui.widgets.transcript import TutorBubble

        screen = self.chat_screen()
        if screen is None or not replies:
            return
        for reply in replies:
            kind = type(reply).__name__
            if kind == "LessonList":
                self.lesson_entries = list(reply.lessons)
                screen.input_bar.input.suggester.lesson_ids = [entry.id for entry in reply.lessons]
            elif kind == "Question":
                # Choices, intervals and gradients are not chat syntax, so typing errors are marked only for math.
                screen.input_bar.live_check = reply.answer_type in ("expression", "number")
            elif kind in ("LessonFinished", "QuizSummary"):
                screen.input_bar.live_check = True
            elif kind == "Message" and reply.key == "dialogue.help":
                # The typed word "help" gets the session's short reply and the full help screen.
                self.call_later(self.action_help)

        visible = [reply for reply in replies if type(reply).__name__ != "QuitRequested"]
        new_lang = next((reply.lang for reply in replies if type(reply).__name__ == "LanguageChanged"), None)
        if new_lang is not None and new_lang != self.lang:
            self.lang = new_lang
        if visible:
            await screen.transcript.add_turn(TutorBubble(visible, self.lang))
        if any(type(reply).__name__ == "QuitRequested" for reply in replies):
            self.exit(0)

    def _with_localized_title(self, reply: Any) -> Any:
        """Return ``reply`` with a lesson title given as text in one language replaced by both languages.

        The session fills "Lesson: {title}" with the title in the language
        of that moment.  The lesson list has the title in both languages,
        so the line can be re-rendered after a language switch.  A quiz
        title that is no lesson's title stays as it is.
        """
        if type(reply).__name__ != "Message" or not isinstance(reply.params.get("title"), str):
            return reply
        title = reply.params["title"]
        for entry in self.lesson_entries:
            if title in (entry.title.en, entry.title.ko):
                return dataclasses.replace(reply, params={**reply.params, "title": entry.title})
        return reply

    # -- language

    async def watch_lang(self, lang: str) -> None:
        """Re-render the key labels, the title and the whole transcript in ``lang``."""
        self._localize_chrome()
        screen = self.chat_screen()
        if screen is not None:
            from tutor.ui.widgets.transcript import TutorBubble

            screen.input_bar.set_lang(lang)
            for bubble in screen.transcript.query(TutorBubble):
                bubble.replies = [self._with_localized_title(reply) for reply in bubble.replies]
            await screen.transcript.relocalize(lang)

    def _localize_chrome(self) -> None:
        self.sub_title = translate("ui.subtitle", self.lang)
        for key, bindings in self._bindings.key_to_bindings.items():
            bindings[:] = [
                dataclasses.replace(binding, description=translate(KEY_LABELS[binding.action], self.lang))
                if binding.action in KEY_LABELS else binding
                for binding in bindings
            ]
        self.refresh_bindings()

    # -- command palette

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Offer the app's own commands in the learner's language instead of Textual's English ones."""
        return system_commands(self)

    def action_command_palette(self) -> None:
        """Open the command palette with its placeholder in the learner's language."""
        if self.use_command_palette and not LocalizedCommandPalette.is_open(self):
            self.push_screen(LocalizedCommandPalette(self.lang))

    # -- key actions

    def action_help(self) -> None:
        """Show every command."""
        from tutor.ui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.lang))

    def action_lessons(self) -> None:
        """Open the lesson picker with fresh progress marks."""
        self._load_lessons()

    @work(thread=True, group="lessons", exit_on_error=False)
    def _load_lessons(self) -> None:
        self.session_ready.wait()
        with self._session_lock:
            replies = self.session.feed("lessons")
        # "lessons" only reads: it returns the list (and a reminder of an open question) and changes no state.
        lists = [reply for reply in replies if type(reply).__name__ == "LessonList"]
        self.call_from_thread(self._show_picker, lists[0].lessons if lists else ())

    def _show_picker(self, entries: Sequence[Any]) -> None:
        from tutor.ui.screens.picker import LessonPicker

        self.lesson_entries = list(entries)

        def chosen(lesson_id: str | None) -> None:
            if lesson_id:
                self.open_lesson(lesson_id)

        self.push_screen(LessonPicker(entries, self.lang), chosen)

    def action_hint(self) -> None:
        """Ask for the next hint."""
        self._send_word("hint", "ui.words.hint")

    def action_steps(self) -> None:
        """Show the worked steps of the current question."""
        self._send_word("steps", "ui.words.steps")

    def action_next(self) -> None:
        """Go on to the next question."""
        self._send_word("next", "ui.words.next")

    def action_switch_language(self) -> None:
        """Switch between Korean and English."""
        other = "en" if self.lang == "ko" else "ko"
        self._send_word(f"lang {other}", "ui.words.lang", code=other)

    def _send_word(self, word: str, key: str, **params: str) -> None:
        """Send the English command ``word`` and show the learner's line as catalog ``key`` in the current language."""
        from tutor.ui.widgets.transcript import LearnerBubble

        screen = self.chat_screen()
        if screen is not None:
            self.call_later(screen.transcript.add_turn, LearnerBubble(word, self.lang, key=key, params=params))
        self.ask(word)

    def action_progress(self) -> None:
        """Show per-skill mastery."""
        self._load_progress()

    @work(thread=True, group="progress", exit_on_error=False)
    def _load_progress(self) -> None:
        self.session_ready.wait()
        store = getattr(self.session, "store", None)
        skills = store.mastery() if store is not None else []
        self.call_from_thread(self._show_progress, skills)

    def _show_progress(self, skills: Sequence[Any]) -> None:
        from tutor.ui.screens.progress import ProgressScreen

        self.push_screen(ProgressScreen(skills, self.lang))
