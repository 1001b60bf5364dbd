"""One chat input in, one answer out: the ``explain`` command and its API.

This is the chat's math path without the dialogue state machine, so it
needs only a Workspace for names defined on earlier lines.
"""

from __future__ import annotations

import logging
from typing import Any

from tutor.engine.budget import within_request_budget
from tutor.engine.dispatch import Workspace, trace
from tutor.engine.steps import Trace
from tutor.errors import TutorError, UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import error_json, error_text, trace_json, trace_text

logger = logging.getLogger(__name__)


def answer(text: str, workspace: Workspace | None = None) -> Trace:
    """Parse ``text`` and trace it; raise TutorError for anything the learner must fix.

    A definition (``y = x^2``) is stored in ``workspace`` and answered with
    a ``define`` trace; session words such as ``hint`` are rejected here
    because only a Session can act on them.
    """
    workspace = workspace if workspace is not None else Workspace()
    command = parse(text)
    return answer_command(command, workspace)


def answer_command(command: commands.Command, workspace: Workspace) -> Trace:
    """Trace an already parsed command (shared with the dialogue session)."""
    if isinstance(command, commands.Define):
        workspace.define(command)
        from tutor.engine.definitions import trace_define

        return trace_define(command)
    if isinstance(command, commands.Expression):
        from tutor.engine.derivative import trace_bare_expression

        return trace_bare_expression(command, workspace)
    if isinstance(command, commands.SessionCommand):
        raise UnsupportedError("engine.session_only", word=command.source or command.action)
    return within_request_budget(trace, command, workspace)


def explain_json(text: str, lang: str = "en", workspace: Workspace | None = None) -> dict[str, Any]:
    """Answer ``text`` as the ``explain --json`` object; errors go in its ``error`` field."""
    try:
        result = answer(text, workspace)
    except TutorError as error:
        return error_json(text, error, lang)
    return trace_json(text, result, lang)


def explain_text(text: str, lang: str = "en", workspace: Workspace | None = None) -> str:
    """Answer ``text`` as plain text; raise TutorError so the caller can choose the exit status."""
    return trace_text(answer(text, workspace), lang)


__all__ = ["answer", "answer_command", "explain_json", "explain_text", "error_text"]
