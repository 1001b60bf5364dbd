"""``difftutor progress``: per-skill mastery and lesson progress from the progress store."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from typing import TYPE_CHECKING

from tutor.curriculum import mastery as bkt
from tutor.curriculum.quiz import skill_name
from tutor.i18n import translate

if TYPE_CHECKING:
    from tutor.storage.progress import ProgressStore

#: Characters in a mastery bar.
BAR_WIDTH = 20


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``progress`` subcommand."""
    from tutor.cli import add_common_options, cli_text

    parser = subparsers.add_parser(
        "progress",
        help=cli_text("progress.help"),
        description=cli_text("progress.description"),
    )
    parser.add_argument("--json", action="store_true", help=cli_text("progress.json"))
    parser.add_argument("--export", metavar="FILE.csv", help=cli_text("progress.export"))
    add_common_options(parser)
    parser.set_defaults(run=run)


def display_width(text: str) -> int:
    """Return the terminal columns ``text`` takes: wide (Hangul, CJK) characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def mastery_bar(p_known: float, width: int = BAR_WIDTH) -> str:
    """Draw ``p_known`` in [0, 1] as a bar of block characters, rounded to the nearest cell."""
    filled = round(max(0.0, min(1.0, p_known)) * width)
    return "█" * filled + "░" * (width - filled)


def progress_json(store: ProgressStore) -> dict:
    """Return the ``progress --json`` object."""
    return {
        "skills": [
            {
                "skill": skill.skill,
                "mastery": round(skill.mastery, 4),
                "mastered": bkt.is_mastered(skill.mastery),
                "attempts": skill.attempts,
                "correct": skill.correct,
            }
            for skill in store.mastery()
        ],
        "lessons": [
            {
                "id": entry.lesson_id,
                "completed": entry.completed,
                "answered": entry.answered,
                "best_score": entry.best_score,
                "total": entry.total,
            }
            for entry in store.lesson_progress().values()
        ],
        "answers": store.answer_count(),
        "path": str(store.path),
    }


def progress_text(store: ProgressStore, lang: str) -> str:
    """Return the progress report as plain text in ``lang``."""
    skills = store.mastery()
    if not skills and not store.lesson_progress():
        return translate("progress.empty", lang)

    lines = [translate("progress.title", lang)]
    width = max((display_width(skill_name(skill.skill, lang)) for skill in skills), default=0)
    for skill in skills:
        lines.append("  " + translate(
            "progress.skill_row", lang,
            name=_pad(skill_name(skill.skill, lang), width),
            bar=mastery_bar(skill.mastery),
            percent=f"{round(skill.mastery * 100):3d}",
            correct=skill.correct,
            attempts=skill.attempts,
            mastered=translate("progress.mastered", lang) if bkt.is_mastered(skill.mastery) else "",
        ))

    lessons = store.lesson_progress()
    if lessons:
        lines.append(translate("progress.lessons_title", lang))
        for entry in lessons.values():
            lines.append("  " + translate(
                "progress.lesson_row", lang,
                lesson=entry.lesson_id, answered=entry.answered, score=entry.best_score, total=entry.total,
                completed=translate("progress.lesson_completed", lang) if entry.completed else "",
            ))
    lines.append(translate("progress.answers_total", lang, count=store.answer_count(), path=store.path))
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the progress report, or export the answers to CSV."""
    from tutor.storage.progress import ProgressStore

    with ProgressStore() as store:
        if store.recovered is not None:
            print(store.recovered.message(args.lang), file=sys.stderr)

        if args.export:
            count = store.export_csv(args.export)
            print(translate("progress.exported", args.lang, count=count, path=args.export))
            return 0
        if args.json:
            print(json.dumps(progress_json(store), ensure_ascii=False))
        else:
            print(progress_text(store, args.lang))
    return 0
