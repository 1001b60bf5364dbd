"""The dialogue session: free chat, lessons and quizzes as one state machine.

``Session.feed(text)`` takes any line the learner types and returns Reply
objects (data, never text).  A line is read in this order:

1. a session word (``hint``, ``steps``, ``skip``, ``next``, ``lang ko``,
   ``lessons``, ``quit`` ... in English or Korean);
2. while a question is open, an answer of that question's type;
3. a math question of the learner's own (``d/dx sin x^2``), answered
   with the engine's steps; the open question stays open;
4. anything else gets a message saying what the tutor understands.

Learner input never raises and never ends the session; only ``quit``
returns QuitRequested, and even then the session object stays usable.
The Textual app, ``difftutor lesson --script`` and the tests all drive
this class, so it imports nothing from tutor.ui.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from tutor import limits
from tutor.checking.hints import hint_ladder
from tutor.checking.verdict import Message as VerdictMessage
from tutor.checking.verdict import Verdict
from tutor.curriculum.loader import load_lesson, load_lessons
from tutor.curriculum.model import Block, Item, Lesson, ShowSteps, TextBlock
from tutor.dialogue import answers
from tutor.dialogue.replies import (
    ErrorShown, Feedback, HintShown, LanguageChanged, LessonEntry, LessonFinished, LessonList,
    LessonText, Localized, Message, ProgressShown, Question, QuitRequested, QuizSummary, Reply,
    TraceShown,
)
from tutor.engine.dispatch import Workspace
from tutor.engine.steps import Step, Trace
from tutor.errors import TooComplexError, TutorError, UnsupportedError
from tutor.i18n import LANGUAGES, translate
from tutor.parsing import commands, parse

logger = logging.getLogger(__name__)

#: Questions in a quiz started by typing ``quiz [TOPIC]`` in the session.
QUIZ_LENGTH = 5

#: Steps of a non-derivative trace given one by one as hints before the whole solution.
TRACE_HINT_STEPS = 3

#: Commands that are math questions even while a question is open.
_QUESTION_COMMANDS = (
    commands.Derivative, commands.NamedDerivative, commands.Partial, commands.NamedPartial,
    commands.Chain, commands.Theorem, commands.Motion, commands.Classify, commands.Backprop,
    commands.Train, commands.Interval,
)


class _StepHint:
    """A hint that shows one step of a trace that is not a derivative (a theorem, motion, backprop)."""

    def __init__(self, step: Step) -> None:
        self.step = step

    def render(self, lang: str) -> str:
        """Return the hint sentence in ``lang``."""
        from tutor.render.steptext import rule_name, step_text

        return translate("dialogue.hint_step", lang, rule=rule_name(self.step.rule, lang),
                         text=step_text(self.step, lang))


@dataclass
class _Open:
    """The question being asked and how the learner has done on it so far."""

    item: Item
    number: int
    wrong: int = 0
    hints_shown: int = 0
    revealed: bool = False


@dataclass
class _Run:
    """A lesson or quiz in progress: its blocks, where it is, and the score so far."""

    kind: str  # "lesson" or "quiz"
    title: Localized
    blocks: tuple[Block, ...]
    lesson_id: str | None = None
    position: int = 0
    questions_asked: int = 0
    score: int = 0
    per_skill: dict[str, list[int]] = field(default_factory=dict)
    missed: list[tuple[Localized, Trace | None]] = field(default_factory=list)
    open: _Open | None = None
    #: Practice: a missed skill comes back within the same run (see ``_schedule_review``).
    review_missed: bool = False

    @property
    def total(self) -> int:
        return sum(isinstance(block, Item) for block in self.blocks)


#: Step rules where the hints for a question about one result field start:
#: a question on the gradients starts at the backward pass, not the forward one.
RELEVANT_STEPS: dict[str, tuple[str, ...]] = {
    "gradients": ("backward_pass",),
    "c": ("solve_for_c", "mvt_instead"),
    "c_values": ("solve_for_c", "mvt_instead"),
    "output": ("forward_pass",),
    "f(a)": ("equal_endpoints", "secant_slope", "evaluate"),
    "f(b)": ("equal_endpoints", "secant_slope", "evaluate"),
    "applies": ("continuity",),
    "velocity_at": ("motion_at",),
    "acceleration_at": ("motion_at",),
    "direction_changes": ("direction_change",),
    "distance": ("distance",),
    "displacement": ("displacement",),
}


def _first_relevant_step(trace: Any, item: Item) -> int | None:
    """Return the index of the first top step that answers ``item``'s question, or None."""
    wanted = RELEVANT_STEPS.get(item.result_key or "") or RELEVANT_STEPS.get(item.answer_type, ())
    for index, step in enumerate(trace.steps):
        if step.rule in wanted:
            return index
    return None


class Session:
    """One learner's conversation with the tutor."""

    def __init__(self, lang: str = "en", store: Any = None, quiz_seed: int | None = None) -> None:
        self.lang = lang if lang in LANGUAGES else "en"
        self.store = store
        self.workspace = Workspace()
        self._run: _Run | None = None
        self._last_lesson: str | None = None

        # Quizzes started from the chat differ from session to session and
        # from one quiz to the next; a fixed ``quiz_seed`` makes them repeatable.
        self._quiz_seed = quiz_seed if quiz_seed is not None else random.SystemRandom().randrange(2**31)
        self._quizzes_started = 0

    # ------------------------------------------------------------ public API

    @property
    def mode(self) -> str:
        """``chat``, ``lesson`` or ``quiz``."""
        return self._run.kind if self._run is not None else "chat"

    @property
    def current_item(self) -> Item | None:
        """The question waiting for an answer, if any."""
        return self._run.open.item if self._run is not None and self._run.open is not None else None

    def welcome(self) -> list[Reply]:
        """Return the greeting shown when the session opens."""
        return [Message("dialogue.welcome")]

    def feed(self, text: str) -> list[Reply]:
        """Handle one line from the learner; never raises for anything the learner types."""
        text = text.strip()
        if not text:
            return [Message("dialogue.empty_line")] if self.current_item is not None else []
        if len(text) > limits.MAX_INPUT_CHARS:
            return [ErrorShown(TooComplexError("limits.too_long", length=len(text), limit=limits.MAX_INPUT_CHARS))]
        try:
            return self._handle(text)
        except TutorError as error:
            return [ErrorShown(error, text), *self._reminder()]
        except Exception:  # noqa: BLE001 - a bug must not end the learner's session
            logger.exception("internal error while handling learner input %r", text)
            return [Message("dialogue.internal_error", tone="error"), *self._reminder()]

    def start_lesson(self, lesson_id: str) -> list[Reply]:
        """Start the installed lesson ``lesson_id``: its opening text and first question."""
        try:
            lesson = load_lesson(lesson_id)
        except TutorError as error:
            return [ErrorShown(error, lesson_id)]
        return self.run_lesson(lesson)

    def run_lesson(self, lesson: Lesson) -> list[Reply]:
        """Start a Lesson object (an installed one, or one read from any file)."""
        self._run = _Run("lesson", lesson.title, lesson.blocks, lesson_id=lesson.id)
        self._last_lesson = lesson.id
        replies: list[Reply] = [Message("dialogue.lesson_started",
                                        {"title": lesson.title.get(self.lang), "count": self._run.total})]
        if lesson.summary is not None:
            replies.append(LessonText(lesson.summary))
        return replies + self._advance()

    def start_quiz(self, items: Sequence[Item], title: Localized | str = "",
                   review_missed: bool = False) -> list[Reply]:
        """Run generated Items with the lesson machinery; the end is a QuizSummary.

        With ``review_missed`` (practice), a skill missed on its first try
        comes back later in the same run, on a new item.
        """
        if isinstance(title, str):
            title = Localized(en=title or translate("dialogue.quiz_title", "en"),
                              ko=title or translate("dialogue.quiz_title", "ko"))
        self._run = _Run("quiz", title, tuple(items), review_missed=review_missed)
        return [Message("dialogue.quiz_started", {"title": title.get(self.lang), "count": len(items)}),
                *self._advance()]

    def replay_hints(self) -> list[Reply]:
        """Return the hints already shown for the open question, for a redrawn screen."""
        run = self._run
        if run is None or run.open is None:
            return []
        ladder = self._ladder(run.open.item)
        return [self._hint_reply(ladder, level) for level in range(1, run.open.hints_shown + 1)]

    # ------------------------------------------------------------ reading one line

    def _handle(self, text: str) -> list[Reply]:
        command: commands.Command | None = None
        parse_error: TutorError | None = None
        try:
            command = parse(text)
        except TutorError as error:
            parse_error = error

        if isinstance(command, commands.SessionCommand):
            return self._session_command(command)

        item = self.current_item
        if item is not None and not isinstance(command, _QUESTION_COMMANDS):
            return self._answer(item, text)

        if command is not None:
            return self._math_question(command, text)

        replies: list[Reply] = [ErrorShown(parse_error, text)] if parse_error is not None else []
        replies.append(Message("dialogue.not_understood_chat", tone="warning"))
        return replies

    def _math_question(self, command: commands.Command, text: str) -> list[Reply]:
        from tutor.chat import answer_command

        trace = answer_command(command, self.workspace)
        run = self._run
        if run is not None and run.open is not None:
            # Asking the engine for the open question's own task shows its answer.
            own = self._safe_trace(run.open.item)
            if own is not None and trace.reading == own.reading:
                run.open.revealed = True
        return [TraceShown(trace, text), *self._reminder()]

    def _reminder(self) -> list[Reply]:
        run = self._run
        if run is None or run.open is None:
            return []
        return [Message("dialogue.back_to_question", {"number": run.open.number})]

    # ------------------------------------------------------------ session words

    def _session_command(self, command: commands.SessionCommand) -> list[Reply]:
        action, argument = command.action, command.argument
        if action == "quit":
            return [QuitRequested()]
        if action == "help":
            return [Message("dialogue.help"), *self._reminder()]
        if action == "lang":
            return self._switch_language(argument)
        if action == "lessons":
            return [self._lesson_list(), *self._reminder()]
        if action == "lesson":
            if not argument:
                return [self._lesson_list()]
            return self.start_lesson(argument)
        if action == "quiz":
            return self._quiz(argument)
        if action == "progress":
            return self._progress()
        if action == "hint":
            return self._hint()
        if action == "steps":
            return self._steps()
        if action in ("skip", "next"):
            return self._skip(action)
        return [Message("dialogue.not_understood_chat", tone="warning")]

    def _switch_language(self, code: str | None) -> list[Reply]:
        code = (code or "").strip().lower()
        aliases = {"korean": "ko", "한국어": "ko", "english": "en", "영어": "en"}
        code = aliases.get(code, code)
        if code not in LANGUAGES:
            raise UnsupportedError("dialogue.unknown_language", code=code or "?", languages=", ".join(LANGUAGES))
        self.lang = code
        return [LanguageChanged(code)]

    def _lesson_list(self) -> LessonList:
        progress = {}
        if self.store is not None:
            progress = self._store_call("lesson_progress") or {}
        entries = []
        for lesson in load_lessons():
            state = progress.get(lesson.id)
            entries.append(LessonEntry(
                lesson.id, lesson.title, lesson.topic,
                completed=bool(state and state.completed),
                answered=state.answered if state else 0,
                questions=len(lesson.items),
            ))
        return LessonList(tuple(entries))

    def _quiz(self, topic: str | None) -> list[Reply]:
        from tutor.curriculum.quiz import build_quiz

        self._quizzes_started += 1
        seed = f"{self._quiz_seed}-{self._quizzes_started}-{topic or 'all'}"
        items = build_quiz(topic or None, count=QUIZ_LENGTH, seed=seed)
        if not items:
            return [Message("dialogue.quiz_empty", {"topic": topic or ""})]
        title = Localized(en=topic or translate("dialogue.quiz_title", "en"),
                          ko=topic or translate("dialogue.quiz_title", "ko"))
        return self.start_quiz(items, title)

    def _progress(self) -> list[Reply]:
        if self.store is None:
            return [Message("dialogue.progress_unavailable"), *self._reminder()]
        return [ProgressShown(tuple(self._store_call("mastery") or ())), *self._reminder()]

    # ------------------------------------------------------------ lesson flow

    def _advance(self) -> list[Reply]:
        """Show blocks up to and including the next question, or finish the run."""
        run = self._run
        assert run is not None
        replies: list[Reply] = []
        while run.position < len(run.blocks):
            block = run.blocks[run.position]
            run.position += 1
            if isinstance(block, TextBlock):
                replies.append(LessonText(block.text, block.title))
            elif isinstance(block, ShowSteps):
                replies.extend(self._show_steps(block))
            elif isinstance(block, Item):
                run.questions_asked += 1
                run.open = _Open(block, run.questions_asked)
                replies.append(Question(block.prompt, run.questions_asked, run.total, block.answer_type,
                                        block.choices, block.skill))
                return replies
        return replies + self._finish()

    def _show_steps(self, block: ShowSteps) -> list[Reply]:
        replies: list[Reply] = []
        if block.text is not None:
            replies.append(LessonText(block.text))
        try:
            replies.append(TraceShown(answers.engine_trace(block.task), block.task))
        except TutorError as error:
            logger.warning("lesson steps block %r cannot be traced: %s", block.task, error.key)
            replies.append(ErrorShown(error, block.task))
        return replies

    def _finish(self) -> list[Reply]:
        run = self._run
        assert run is not None
        self._run = None
        if run.kind == "lesson":
            self._store_call("record_lesson", run.lesson_id, True, run.score, run.total)
            return [LessonFinished(run.lesson_id or "", run.score, run.total)]
        per_skill = {skill: (right, total) for skill, (right, total) in run.per_skill.items()}
        return [QuizSummary(run.score, run.total, per_skill, tuple(run.missed))]

    def _close_question(self, first_try: bool) -> list[Reply]:
        """Score the open question and move on to the next blocks."""
        run = self._run
        assert run is not None and run.open is not None
        item = run.open.item
        if first_try:
            run.score += 1
        else:
            run.missed.append((item.prompt, self._safe_trace(item)))
            if run.review_missed:
                self._schedule_review(run, item)
        if item.skill:
            tally = run.per_skill.setdefault(item.skill, [0, 0])
            tally[0] += int(first_try)
            tally[1] += 1
        run.open = None
        return self._advance()

    @staticmethod
    def _schedule_review(run: _Run, missed: Item) -> None:
        """Put a new, easier item of ``missed``'s skill ``MIN_GAP`` questions later, in place of the planned one.

        The run keeps its length, so the question count shown to the learner
        stays true.  When ``MIN_GAP`` or fewer questions are left, the review
        waits for the next session, where the progress store has it due.
        """
        from tutor.curriculum.practice import MIN_GAP
        from tutor.curriculum.quiz import SKILLS, generate

        if missed.skill not in SKILLS:
            return
        later = [index for index in range(run.position, len(run.blocks)) if isinstance(run.blocks[index], Item)]
        if len(later) <= MIN_GAP:
            return
        target = later[MIN_GAP]
        review = generate(missed.skill, f"{missed.id}:review", max(1, missed.difficulty - 1))
        run.blocks = run.blocks[:target] + (review,) + run.blocks[target + 1:]

    # ------------------------------------------------------------ answers

    def _answer(self, item: Item, text: str) -> list[Reply]:
        run = self._run
        assert run is not None and run.open is not None
        try:
            verdict = answers.judge(item, text)
        except TutorError as error:
            key, params = answers.format_hint(item)
            return [ErrorShown(error, text), Message(key, params, tone="warning")]

        self._record(item, verdict)
        feedback = self._feedback(item, verdict, text)
        if verdict.outcome in ("correct", "correct_other_form"):
            first_try = run.open.wrong == 0 and not run.open.revealed
            return [feedback, *self._close_question(first_try)]
        if verdict.outcome == "incorrect":
            run.open.wrong += 1
        return [feedback]

    def _feedback(self, item: Item, verdict: Verdict, learner_text: str = "") -> Feedback:
        """Build the Feedback: the author's message for this wrong answer or its diagnosed mistake, else the checker's.

        While the answer has not been shown (by a bottom-out hint or the
        worked steps), the checker's sentences leave out the correct value.
        """
        if verdict.outcome == "incorrect":
            wrong = answers.matching_wrong_answer(item, learner_text)
            if wrong is not None:
                return Feedback(verdict.outcome, "", misconception=verdict.misconception, text=wrong.text)
        text = item.feedback.get(verdict.misconception) if verdict.misconception else None
        if text is not None:
            return Feedback(verdict.outcome, "", misconception=verdict.misconception, text=text)

        messages = tuple(verdict.messages)
        key = "" if messages else f"dialogue.feedback.{verdict.outcome}"
        derivative = item.task is not None and answers.derivative_command(item) is not None
        if verdict.outcome in ("incorrect", "invalid", "undecided") and not derivative:
            # The checker's general sentence speaks of "the derivative", which is wrong
            # for a number, an interval or a classification, so the session's own is used.
            messages = tuple(message for message in messages if message.key != "checking.incorrect")
            key = f"dialogue.feedback.{verdict.outcome}"
        # The checker has no hints, so the session offers one, unless its own
        # sentence (``key``) already does.
        if verdict.outcome == "incorrect" and not key and self._ladder(item):
            messages = (*messages, VerdictMessage("checking.offer_hint"))
        if not verdict.is_valid and not self._answer_shown():
            messages = tuple(answers.without_answer(message) for message in messages)
        return Feedback(verdict.outcome, key, misconception=verdict.misconception, messages=messages)

    def _answer_shown(self) -> bool:
        """Return whether the open question's answer was shown: worked steps, its own task, or the bottom-out hint."""
        run = self._run
        if run is None or run.open is None:
            return False
        if run.open.revealed:
            return True
        return run.open.hints_shown > 0 and run.open.hints_shown >= len(self._ladder(run.open.item))

    def _skip(self, action: str) -> list[Reply]:
        run = self._run
        if run is None or run.open is None:
            if action == "next" and self._last_lesson is not None:
                return self._next_lesson()
            return [Message("dialogue.no_question")]
        item = run.open.item
        if item.answer_type == "choice":
            shown = Message("dialogue.skipped_choice", {"number": answers.choice_index(item, item.expected or "")})
        else:
            shown = Message("dialogue.skipped", {"answer": self._answer_text(item)})
        self._record_skip(item)
        return [shown, *self._close_question(False)]

    def _next_lesson(self) -> list[Reply]:
        ids = [lesson.id for lesson in load_lessons()]
        position = ids.index(self._last_lesson) if self._last_lesson in ids else -1
        if position + 1 >= len(ids):
            return [Message("dialogue.next_lesson_none")]
        return self.start_lesson(ids[position + 1])

    def _answer_text(self, item: Item) -> str:
        try:
            return answers.answer_text(item)
        except TutorError:
            return item.expected or "?"

    # ------------------------------------------------------------ hints and steps

    def _safe_trace(self, item: Item) -> Trace | None:
        if not item.task:
            return None
        try:
            return answers.engine_trace(item.task)
        except TutorError as error:
            logger.warning("question %r: task %r cannot be traced: %s", item.id, item.task, error.key)
            return None

    def _ladder(self, item: Item) -> list[Any]:
        """Return the rungs of ``item``'s hint ladder: authored text, or rungs from the trace.

        A derivative trace gets the checker's four rungs for its first
        rule.  Other traces (theorems, motion, backprop) get their top
        steps one at a time, at most ``TRACE_HINT_STEPS`` of them, and
        then the whole worked solution as the bottom-out hint.
        """
        if item.hints:
            return list(item.hints)
        trace = self._safe_trace(item)
        if trace is None:
            return []
        if trace.kind in ("derivative", "partial"):
            return hint_ladder(trace)
        start = _first_relevant_step(trace, item)
        if start is not None:
            chosen = trace.steps[start:start + TRACE_HINT_STEPS]
        else:
            chosen = trace.steps[:-1][-TRACE_HINT_STEPS:]
        return [*(_StepHint(step) for step in chosen), trace]

    def _hint_reply(self, ladder: list[Any], level: int) -> HintShown:
        rung = ladder[level - 1]
        if isinstance(rung, Localized):
            return HintShown(level, len(ladder), text=rung)
        if isinstance(rung, Trace):
            return HintShown(level, len(ladder), key="dialogue.hint_all_steps", trace=rung)
        return HintShown(level, len(ladder), messages=(rung,))

    def _hint(self) -> list[Reply]:
        run = self._run
        if run is None or run.open is None:
            return [Message("dialogue.no_question")]
        ladder = self._ladder(run.open.item)
        if not ladder:
            return [Message("dialogue.no_steps")]
        if run.open.hints_shown >= len(ladder):
            return [Message("dialogue.no_more_hints")]
        run.open.hints_shown += 1
        return [self._hint_reply(ladder, run.open.hints_shown)]

    def _steps(self) -> list[Reply]:
        run = self._run
        if run is None or run.open is None:
            return [Message("dialogue.no_question")]
        trace = self._safe_trace(run.open.item)
        if trace is None:
            return [Message("dialogue.no_steps")]
        run.open.revealed = True
        return [Message("dialogue.steps_for_question"), TraceShown(trace, run.open.item.task or "")]

    # ------------------------------------------------------------ progress store

    def _store_call(self, method: str, *args: Any) -> Any:
        """Call ``self.store.<method>``; a storage problem is logged and never stops the lesson."""
        if self.store is None:
            return None
        try:
            return getattr(self.store, method)(*args)
        except TutorError as error:
            logger.warning("progress store %s failed: %s", method, error.key)
            return None

    def _record(self, item: Item, verdict: Verdict) -> None:
        run = self._run
        self._store_call(
            "record_answer", item.skill, item.id, verdict.outcome,
            verdict.outcome in ("correct", "correct_other_form"),
            run.kind if run is not None else "practice",
            run.lesson_id if run is not None else None, verdict.misconception,
        )

    def _record_skip(self, item: Item) -> None:
        # Stored as "skipped" so the history tells it from a wrong answer;
        # mastery still counts it as evidence of a skill not yet known.
        run = self._run
        self._store_call("record_answer", item.skill, item.id, "skipped", False,
                         run.kind if run is not None else "practice",
                         run.lesson_id if run is not None else None, None)
