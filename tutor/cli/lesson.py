"""``difftutor lesson``, ``lessons`` and ``validate``: lessons from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from tutor import limits
from tutor.errors import TooComplexError, TutorError


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``lesson``, ``lessons`` and ``validate`` subcommands."""
    from tutor.cli import add_common_options, cli_text

    lesson = subparsers.add_parser(
        "lesson",
        help=cli_text("lesson.help"),
        description=cli_text("lesson.description"),
    )
    lesson.add_argument("name", nargs="+", help=cli_text("lesson.name"))
    lesson.add_argument("--script", metavar="FILE", help=cli_text("lesson.script"))
    add_common_options(lesson)
    lesson.set_defaults(run=run_lesson)

    listing = subparsers.add_parser("lessons", help=cli_text("lessons.help"),
                                    description=cli_text("lessons.description"))
    listing.add_argument("--json", action="store_true",
                         help=cli_text("lessons.json"))
    add_common_options(listing)
    listing.set_defaults(run=run_lessons)

    validate = subparsers.add_parser(
        "validate", help=cli_text("validate.help"),
        description=cli_text("validate.description"),
    )
    validate.add_argument("paths", nargs="*", metavar="PATH",
                          help=cli_text("validate.paths"))
    add_common_options(validate)
    validate.set_defaults(run=run_validate)


def _open_store():
    """Open the progress store; a store that cannot be opened only turns progress off."""
    import logging

    from tutor.storage.progress import ProgressStore

    try:
        return ProgressStore()
    except TutorError as error:
        logging.getLogger(__name__).warning("progress is not saved: %s", error.message("en"))
        return None


def _script_lines(script: str) -> Iterable[str]:
    stream: TextIO = sys.stdin if script == "-" else open(script, encoding="utf-8")  # noqa: SIM115
    try:
        for number, line in enumerate(stream, start=1):
            if number > limits.MAX_SCRIPT_LINES:
                raise TooComplexError("limits.too_many_lines", limit=limits.MAX_SCRIPT_LINES)
            yield line.rstrip("\r\n")
    finally:
        if stream is not sys.stdin:
            stream.close()


def run_lesson(args: argparse.Namespace) -> int:
    """Run a lesson; with --script print the transcript, else open it in the app."""
    from tutor.curriculum.loader import load_lesson
    from tutor.dialogue.replies import QuitRequested
    from tutor.dialogue.session import Session
    from tutor.dialogue.transcript import render_exchange, render_replies

    # A title typed without quotes arrives as several words: 롤의 정리.
    args.name = " ".join(args.name) if isinstance(args.name, list) else args.name
    lesson = load_lesson(args.name)  # an unknown name is an error (exit 2) before anything starts
    args.name = lesson.id
    if not args.script:
        from tutor.cli.app import run_app

        args.lesson = args.name
        return run_app(args)

    store = _open_store()
    try:
        session = Session(lang=args.lang, store=store)
        text, lang = render_replies(session.start_lesson(args.name), session.lang)
        print(text)
        for line in _script_lines(args.script):
            replies = session.feed(line)
            text, lang = render_exchange(line, replies, lang)
            print(text)
            sys.stdout.flush()
            if any(isinstance(reply, QuitRequested) for reply in replies):
                break
    finally:
        if store is not None:
            store.close()
    return 0


def run_lessons(args: argparse.Namespace) -> int:
    """Print the lesson list in the current language."""
    from tutor.curriculum.loader import load_lessons

    lessons = load_lessons()
    if args.json:
        rows = [{"id": lesson.id, "title": lesson.title.get(args.lang), "topic": lesson.topic}
                for lesson in lessons]
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    width = max((len(lesson.id) for lesson in lessons), default=0)
    for lesson in lessons:
        print(f"{lesson.id:<{width}}  {lesson.title.get(args.lang)}  [{lesson.topic}]")
    return 0


def run_validate(args: argparse.Namespace) -> int:
    """Check lesson files; exit 2 when any problem is found."""
    from tutor.curriculum.loader import format_error
    from tutor.curriculum.validate import validate

    errors = validate(args.paths or None)
    for error in errors:
        print(format_error(error, args.lang), file=sys.stderr)
    return 2 if errors else 0
