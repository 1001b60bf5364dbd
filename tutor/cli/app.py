"""``difftutor`` with no subcommand: the Textual app.

Textual is imported here, inside :func:`run_app`, so the other
subcommands never pay for it.
"""

from __future__ import annotations

import argparse


def run_app(args: argparse.Namespace) -> int:
    """Run the app in ``args.lang`` until the learner quits; return the exit status.

    ``args.lesson``, set by ``difftutor lesson NAME``, starts that lesson
    as soon as the session is ready.
    """
    from tutor.ui.app import TutorApp

    result = TutorApp(lang=args.lang, first_lesson=getattr(args, "lesson", None)).run()
    return int(result or 0)
