"""``difftutor check --task TEXT --answer TEXT``: judge a learner's answer to a task."""

from __future__ import annotations

import argparse
import json
import sys

from tutor.checking.api import check
from tutor.checking.equivalence import DEFAULT_SEED
from tutor.checking.forms import FORMS
from tutor.errors import TutorError
from tutor.render.report import error_text


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``check`` subcommand."""
    from tutor.cli import add_common_options, cli_text

    parser = subparsers.add_parser(
        "check",
        help=cli_text("check.help"),
        description=cli_text("check.description"),
    )
    parser.add_argument("--task", required=True, help=cli_text("check.task"))
    parser.add_argument("--answer", required=True,
                        help=cli_text("check.answer"))
    parser.add_argument("--json", action="store_true",
                        help=cli_text("check.json"))
    parser.add_argument("--form", choices=[form for form in FORMS if form != "decimal"], default=None,
                        help=cli_text("check.form"))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=cli_text("check.seed", default=DEFAULT_SEED))
    add_common_options(parser)
    parser.set_defaults(run=run)


def _error_json(error: TutorError, lang: str) -> dict:
    return {"verdict": None, "misconception": None, "feedback": error.message(lang), "expected": None,
            "error": {"kind": error.kind, "message": error.message(lang), "column": error.column}}


def run(args: argparse.Namespace) -> int:
    """Check the answer and print the verdict; exit 2 when the task or answer cannot be read."""
    try:
        verdict = check(args.task, args.answer, args.lang, seed=args.seed, form=args.form)
    except TutorError as error:
        if args.json:
            print(json.dumps(_error_json(error, args.lang), ensure_ascii=False))
        else:
            print(error_text(error, args.lang), file=sys.stderr)
        return 2

    if args.json:
        print(json.dumps({**verdict.to_json(args.lang), "error": None}, ensure_ascii=False))
        return 0

    print(verdict.report(args.lang))
    return 0
