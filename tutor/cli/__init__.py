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


def _app_arguments(argv: list[str]) -> argparse.Namespace | None:
    """Parse ``argv`` when it only opens the app (no subcommand, no --help), else return None.

    Building the full parser imports every subcommand module and, through
    them, SymPy.  The app loads SymPy in the background after its first
    paint instead, so its start-up skips them.
    """
    if any(arg in ("-h", "--help", "--version") for arg in argv):
        return None
    parser = argparse.ArgumentParser(prog="difftutor", add_help=False)
    add_common_options(parser)
    args, rest = parser.parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


#: Options whose value is math, which may start with a minus sign ("-3x").
MATH_OPTIONS = ("--task", "--answer")


def join_math_values(argv: list[str]) -> list[str]:
    """Glue ``--answer -3x`` into ``--answer=-3x``.

    argparse takes a value that starts with "-" for an option unless it
    looks like a plain negative number, so a learner's ``-3x^2`` would be
    rejected as an unknown option.
    """
    joined: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        if word in MATH_OPTIONS and index + 1 < len(argv) and argv[index + 1].startswith("-"):
            joined.append(f"{word}={argv[index + 1]}")
            index += 2
            continue
        joined.append(word)
        index += 1
    return joined


def main(argv: list[str] | None = None) -> int:
    """Run the command line and return its exit status."""
    argv = join_math_values(sys.argv[1:] if argv is None else list(argv))
    args = _app_arguments(argv)
    if args is None:
        args = build_parser().parse_args(argv)
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
