"""Build the Lark parser once from grammar/math.lark and grammar/commands.lark.

The grammar files are read through importlib.resources
(:func:`tutor.resources.read_grammar`), never by a path relative to the
checkout, so an installed wheel works the same as the source tree.
"""

from __future__ import annotations

from functools import cache

from lark import Lark

from tutor.resources import read_grammar
from tutor.parsing.tokens import PostLexer


@cache
def command_parser() -> Lark:
    """Return the shared parser for one line of chat input."""
    # commands.lark uses the rules of math.lark, so the two texts are
    # joined; Lark's %import needs a file path, which a zipped install lacks.
    text = read_grammar("math.lark") + "\n" + read_grammar("commands.lark")
    return Lark(
        text,
        start="start",
        # LALR(1): deterministic and linear-time.  The grammar and the
        # post-lexer settle the ambiguities of typed math (implicit
        # products, functions without brackets), so no parse forest has to
        # be resolved.  Measured with Lark 1.3.1 on one shared CPU core:
        # about 0.5-1 ms per typical line with LALR, 25-35 ms with Earley.
        parser="lalr",
        # The basic lexer matches tokens without parser context.  The
        # post-lexer then rewrites letter runs and bars using the whole
        # token stream, which the parser state cannot provide.
        lexer="basic",
        postlex=PostLexer(),
        # Positions on tree nodes: the transformer reads token columns to
        # tell "e^2x" from "e^2 x" and to point errors at the input.
        propagate_positions=True,
        # Keep the tree small: no tokens for punctuation such as "(" or ",".
        keep_all_tokens=False,
        # Lark's strict mode also checks terminal collisions, which needs the
        # optional interegular package.  check_conflicts() below (run by
        # tests/parsing/test_grammar.py) rejects shift/reduce conflicts
        # instead, so no reading is left to Lark's silent "prefer shift".
        strict=False,
        # Cache the compiled parse table in memory only; the grammar is
        # small and builds in well under a second.
        cache=False,
    )


def check_conflicts() -> None:
    """Raise lark.exceptions.GrammarError if the LALR table has a conflict."""
    from lark.common import ParserConf
    from lark.parsers.lalr_analysis import LALR_Analyzer

    parser = command_parser()
    analyzer = LALR_Analyzer(ParserConf(parser.rules, {}, ["start"]), strict=True)
    analyzer.compute_lalr()
