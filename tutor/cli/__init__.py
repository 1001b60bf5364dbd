"""The ``difftutor`` command line.

Each subcommand lives in its own module with ``add_parser(subparsers)``
and ``run(args) -> int``.  Exit status: 0 success, 2 invalid learner input
or lesson file (a TutorError, message on stderr), 1 an internal error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from importlib import import_module
from importlib.util import find_spec

from tutor import __version__
from tutor.errors import TutorError
from tutor.i18n import LANGUAGES, detect_language

logger = logging.getLogger("tutor")

#: Subcommand name -> module under tutor.cli that implements it.
SUBCOMMANDS = {
    "explain": "tutor.cli.explain",
    "check": "tutor.cli.check",
    "lesson": "tutor.cli.lesson",
    "lessons": "tutor.cli.lesson",
    "validate": "tutor.cli.lesson",
    "quiz": "tutor.cli.quiz",
    "progress": "tutor.cli.progress",
}


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="difftutor",
        description="A step-by-step differentiation tutor (Korean and English).",
    )
    parser.add_argument("--version", action="version", version=f"difftutor {__version__}")
    add_common_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")

    loaded: set[str] = set()
    for module_name in SUBCOMMANDS.values():
        if module_name in loaded:
            continue
        loaded.add(module_name)
        # TODO: remove once every subcommand module exists; until then a
        # missing one is left out of --help instead of breaking the rest.
        if find_spec(module_name) is None:
            continue
        import_module(module_name).add_parser(subparsers)
    return parser


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang`` and ``--verbose``, accepted before or after the subcommand."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help="language of every message (default: from LC_ALL/LC_MESSAGES/LANG; ko if it starts with 'ko', else en)",
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS,
        help="log more to stderr (-v info, -vv debug)",
    )


def _configure_logging(verbosity: int) -> None:
    level = logging.WARNING - 10 * min(verbosity, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.lang = getattr(args, "lang", None) or detect_language()
    _configure_logging(getattr(args, "verbose", 0) or 0)

    try:
        if args.command is None:
            from tutor.cli.app import run_app

            return run_app(args)
        return int(args.run(args))
    except TutorError as error:
        from tutor.render.report import error_text

        print(error_text(error, args.lang), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - the last line of defence reports the bug and exits 1
        logger.exception("internal error; please report it with the input that caused it")
        return 1
