"""Parse one line of learner text into a Command (or an expression).

The pipeline, each stage in its own module:

1. limits_check.check_length: at most MAX_INPUT_CHARS characters;
2. normalize.normalise: pasted Unicode to grammar text, with a column map;
3. session.read_session_command: ``hint``, ``다음``, ``lesson NAME`` ...;
4. limits_check.check_bracket_depth: before Lark reads 10 000 brackets;
5. grammars.command_parser: Lark LALR with the post-lexer of tokens.py;
6. builder.CommandBuilder: the Transformer building SymPy objects;
7. limits_check.check_node_count.

Every failure is a TutorError whose column is 1-based in the text the
learner typed, never in the normalised text.
"""

from __future__ import annotations

import dataclasses

import sympy
from lark.exceptions import UnexpectedInput, VisitError

from tutor.engine.steps import Note
from tutor.limits import MAX_NESTING_DEPTH
from tutor.errors import ParseError, TooComplexError, TutorError
from tutor.parsing import commands
from tutor.parsing.ambiguity import division_notes
from tutor.parsing.builder import CommandBuilder
from tutor.parsing.commands import Command
from tutor.parsing.flatten import flatten
from tutor.parsing.friendly import explain_lexical_problem, explain_unexpected
from tutor.parsing.grammars import command_parser
from tutor.parsing.limits_check import (
    check_bracket_depth,
    check_length,
    check_node_count,
    check_tree_depth,
)
from tutor.parsing.normalize import Normalised, normalise
from tutor.parsing.session import read_session_command
from tutor.parsing.tokens import LexicalProblem

__all__ = ["parse", "parse_expression", "parse_equation", "Command", "commands"]


def _remap(error: TutorError, normalised: Normalised) -> TutorError:
    """Move a column counted in the normalised text to the original text."""
    if error.column is not None:
        error.column = normalised.original_column(error.column - 1)
    if isinstance(error, ParseError):
        error.text = normalised.original
    return error


def _parse_tree(normalised: Normalised):
    try:
        return command_parser().parse(normalised.text)
    except LexicalProblem as problem:
        raise explain_lexical_problem(problem, normalised) from None
    except UnexpectedInput as error:
        raise explain_unexpected(error, normalised) from None


def _build(tree, normalised: Normalised) -> tuple[Command, list[Note]]:
    command_rule = tree.children[0].data if tree.children else ""
    # Backprop graphs keep the learner's shape: x * x is two uses of x.
    builder = CommandBuilder(evaluate=command_rule != "backprop")
    try:
        command = builder.transform(tree)
    except VisitError as error:
        inner = error.orig_exc
        if isinstance(inner, TutorError):
            raise _remap(inner, normalised) from None
        if isinstance(inner, RecursionError):
            raise TooComplexError(
                "limits.too_deep", None, depth=f"> {MAX_NESTING_DEPTH}", limit=MAX_NESTING_DEPTH
            ) from None
        raise
    return command, builder.notes


def parse(text: str) -> Command:
    """Parse one line of chat input into a Command.

    Raises ParseError, UnknownCommandError or TooComplexError (all
    TutorError) for input the tutor cannot read.
    """
    check_length(text)
    normalised = normalise(text)
    if not normalised.text:
        raise ParseError("parsing.empty", 1, text)

    session = read_session_command(normalised.text)
    if session is not None:
        return dataclasses.replace(session, source=normalised.text)

    check_bracket_depth(normalised.text)
    tree = flatten(_parse_tree(normalised))
    check_tree_depth(tree)
    command, notes = _build(tree, normalised)
    check_node_count(command)
    notes += [note for note in division_notes(tree, normalised.text) if note not in notes]
    return dataclasses.replace(command, source=normalised.text, notes=tuple(notes))


def parse_expression(text: str) -> sympy.Expr:
    """Parse the expression or plain number a learner gives as a reply.

    Raises ParseError ``parsing.not_an_expression`` for a command.
    """
    command = parse(text)
    if not isinstance(command, commands.Expression):
        raise ParseError("parsing.not_an_expression", 1, text)
    return command.expr


def parse_equation(text: str) -> sympy.Eq:
    """Parse an ODE or PDE as ``classify`` reads it (``y'' + y = 0``)."""
    command = parse(f"classify {text}")
    assert isinstance(command, commands.Classify)
    return command.equation
