"""``difftutor explain TEXT|-``: answer chat inputs without the app."""

from __future__ import annotations

import argparse
import json
import sys

from tutor import limits
from tutor.engine.dispatch import Workspace
from tutor.errors import TooComplexError, TutorError
from tutor.chat import answer
from tutor.render.report import error_json, error_text, trace_json, trace_text


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the ``explain`` subcommand."""
    from tutor.cli import add_common_options, cli_text

    parser = subparsers.add_parser(
        "explain",
        help=cli_text("explain.help"),
        description=cli_text("explain.description"),
    )
    parser.add_argument("text", help=cli_text("explain.text"))
    parser.add_argument("--json", action="store_true", help=cli_text("explain.json"))
    add_common_options(parser)
    parser.set_defaults(run=run)


def _answer_one(text: str, args: argparse.Namespace, workspace: Workspace) -> bool:
    """Print the answer to one input; return False when it was an error."""
    try:
        result = answer(text, workspace)
    except TutorError as error:
        if args.json:
            print(json.dumps(error_json(text, error, args.lang), ensure_ascii=False))
        else:
            print(error_text(error, args.lang), file=sys.stderr)
        return False

    if args.json:
        print(json.dumps(trace_json(text, result, args.lang), ensure_ascii=False))
    else:
        print(trace_text(result, args.lang))
    return True


def run(args: argparse.Namespace) -> int:
    """Answer the input(s); exit 2 if any input was invalid."""
    workspace = Workspace()
    if args.text != "-":
        return 0 if _answer_one(args.text, args, workspace) else 2

    ok = True
    for number, line in enumerate(sys.stdin, start=1):
        if number > limits.MAX_SCRIPT_LINES:
            raise TooComplexError("limits.too_many_lines", limit=limits.MAX_SCRIPT_LINES)
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        if not args.json and number > 1:
            print()
        ok = _answer_one(text, args, workspace) and ok
        sys.stdout.flush()
    return 0 if ok else 2
