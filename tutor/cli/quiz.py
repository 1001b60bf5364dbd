"""``difftutor quiz``: a generated self-check quiz, or practice of the weakest skills.

The items run through the same dialogue Session as lessons do, so
questions, hints, feedback and the final summary behave the same.  Each
answer is committed to the progress store by the Session as it is given.
With ``--script FILE`` or ``--script -`` the learner's lines come from a
file or stdin and the transcript is printed as plain text; without it,
the quiz runs line by line on the terminal.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO

from tutor import limits
from tutor.curriculum import quiz
from tutor.curriculum.model import Item
from tutor.dialogue import replies
from tutor.errors import TooComplexError, UnsupportedError
from tutor.i18n import translate

if TYPE_CHECKING:
    from tutor.storage.progress import ProgressStore

logger = logging.getLogger(__name__)

#: Largest seed ``--seed`` accepts; a seed chosen for the learner is below it too.
MAX_SEED = 10**9


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``quiz`` subcommand."""
    from tutor.cli import add_common_options, cli_text

    parser = subparsers.add_parser(
        "quiz",
        help=cli_text("quiz.help"),
        description=cli_text("quiz.description", topics=", ".join(quiz.TOPICS)),
    )
    parser.add_argument("--topic", help=cli_text("quiz.topic", topics=", ".join(quiz.TOPICS)))
    parser.add_argument(
        "--count", type=int, default=quiz.DEFAULT_COUNT,
        help=cli_text("quiz.count", limit=quiz.MAX_COUNT, default=quiz.DEFAULT_COUNT),
    )
    parser.add_argument("--seed", type=int, help=cli_text("quiz.seed"))
    parser.add_argument("--level", type=int, choices=(1, 2, 3), help=cli_text("quiz.level"))
    parser.add_argument(
        "--practice", action="store_true",
        help=cli_text("quiz.practice"),
    )
    parser.add_argument(
        "--script", metavar="FILE",
        help=cli_text("quiz.script"),
    )
    add_common_options(parser)
    parser.set_defaults(run=run)


def _open_script(source: str) -> TextIO:
    """Open the script file (``-`` is stdin); a missing or unreadable file is a TutorError."""
    if source == "-":
        return sys.stdin
    try:
        return open(source, encoding="utf-8")  # noqa: SIM115 - closed by _script_lines
    except OSError as error:
        raise UnsupportedError("quiz.script_unreadable", path=source, reason=error.strerror or str(error)) from error


def _script_lines(handle: TextIO) -> Iterator[str]:
    """Yield the learner's lines from ``handle``, without line endings, and close it at the end."""
    try:
        for number, line in enumerate(handle, start=1):
            if number > limits.MAX_SCRIPT_LINES:
                raise TooComplexError("limits.too_many_lines", limit=limits.MAX_SCRIPT_LINES)
            yield line.rstrip("\r\n")
    finally:
        if handle is not sys.stdin:
            handle.close()


def _terminal_lines() -> Iterator[str]:
    """Yield lines typed on the terminal until end of input."""
    while True:
        try:
            yield input("> ")
        except EOFError:
            return


def _print(text: str) -> None:
    if text:
        print(text)
    sys.stdout.flush()


def build_items(args: argparse.Namespace, store: ProgressStore) -> tuple[list[Item], replies.Message, replies.Localized]:
    """Return the quiz items, the opening message (with the seed) and the quiz title."""
    if not 1 <= args.count <= quiz.MAX_COUNT:
        raise UnsupportedError("quiz.bad_count", count=args.count, limit=quiz.MAX_COUNT)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(MAX_SEED)
    skills = quiz.skills_for(args.topic)

    if args.practice:
        from tutor.curriculum.practice import practice_items

        items = practice_items(store, args.count, seed, skills=skills)
        title = replies.Localized(en=translate("quiz.practice_title", "en"), ko=translate("quiz.practice_title", "ko"))
        return items, replies.Message("quiz.practice_started", {"count": len(items)}), title

    items = quiz.build_quiz(args.topic, args.count, seed, difficulty=args.level)
    title = replies.Localized(
        en=args.topic or translate("quiz.all_topics", "en"), ko=args.topic or translate("quiz.all_topics", "ko")
    )
    opening = replies.Message("quiz.started", {"seed": seed})
    return items, opening, title


def run(args: argparse.Namespace) -> int:
    """Run the quiz; the answers are saved as they are given."""
    from tutor.storage.progress import ProgressStore

    script = _open_script(args.script) if args.script is not None else None
    store = ProgressStore()
    if store.recovered is not None:
        print(store.recovered.message(args.lang), file=sys.stderr)

    with store:
        return _run_quiz(args, store, script)


def _run_quiz(args: argparse.Namespace, store: ProgressStore, script: TextIO | None) -> int:
    """Ask every item through a Session and print the transcript; return the exit status."""
    from tutor.dialogue.session import Session
    from tutor.dialogue.transcript import render_exchange, render_replies

    items, opening, title = build_items(args, store)
    session = Session(args.lang, store)
    lang = args.lang

    started = session.start_quiz(items, title=title, review_missed=args.practice)
    text, lang = render_replies([opening, *started], lang)
    _print(text)

    scripted = script is not None
    lines = _script_lines(script) if script is not None else _terminal_lines()
    finished = False
    for line in lines:
        if not line.strip():
            continue
        answer_replies = session.feed(line)
        if scripted:
            text, lang = render_exchange(line, answer_replies, lang)
        else:
            text, lang = render_replies(answer_replies, lang)
        _print(text)
        if any(isinstance(reply, (replies.QuizSummary, replies.QuitRequested)) for reply in answer_replies):
            finished = True
            break

    if not finished:
        _print(translate("quiz.script_ended", lang))
    return 0
