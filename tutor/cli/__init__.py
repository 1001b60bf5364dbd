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
from tutor.i18n import LANGUAGES, detect_language, translate

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


#: Language of --help text, chosen by ``main`` before the parser is built.
_help_language = "en"


def cli_text(key: str, **params: object) -> str:
    """Return help text ``cli.<key>`` in the language of this run."""
    return translate(f"cli.{key}", _help_language, **params)


def requested_language(argv: list[str]) -> str:
    """Return the language named by ``--lang`` in ``argv``, else the locale's."""
    for index, word in enumerate(argv):
        if word == "--lang" and index + 1 < len(argv) and argv[index + 1] in LANGUAGES:
            return argv[index + 1]
        if word.startswith("--lang=") and word.split("=", 1)[1] in LANGUAGES:
            return word.split("=", 1)[1]
    return detect_language()


def requested_subcommand(argv: list[str]) -> str | None:
    """Return the subcommand named in ``argv`` (the first word that is one), or None."""
    for word in argv:
        if word in SUBCOMMANDS:
            return word
        if word in ("-h", "--help"):
            return None
    return None


def build_parser(lang: str = "en", only: str | None = None) -> argparse.ArgumentParser:
    """Build the argument parser, its help text in ``lang``.

    With ``only``, just that subcommand's module is loaded: the others
    import SymPy-heavy modules (the checker, the quiz generators) that a
    one-off ``difftutor explain`` does not need.
    """
    global _help_language
    _help_language = lang

    parser = LocalizedParser(prog="difftutor", description=cli_text("description"))
    parser.add_argument("--version", action="version", version=f"difftutor {__version__}",
                        help=cli_text("version"))
    add_common_options(parser)
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", help=cli_text("command"), parser_class=LocalizedParser
    )

    loaded: set[str] = set()
    modules = [SUBCOMMANDS[only]] if only in SUBCOMMANDS else list(SUBCOMMANDS.values())
    for module_name in modules:
        if module_name in loaded:
            continue
        loaded.add(module_name)
        import_module(module_name).add_parser(subparsers)
    return parser


class LocalizedParser(argparse.ArgumentParser):
    """An ArgumentParser whose -h/--help line is in the language of this run.

    NOTE: argparse's own words ("usage:", "options:", its error messages)
    stay English, because argparse takes them from gettext.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=cli_text("help"))


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--lang`` and ``--verbose``, accepted before or after the subcommand."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=argparse.SUPPRESS,
        help=cli_text("lang"),
    )
    parser.add_argument(
        "-v", "--verbose", action="count", default=argparse.SUPPRESS,
        help=cli_text("verbose"),
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
        args = build_parser(requested_language(argv), only=requested_subcommand(argv)).parse_args(argv)
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
