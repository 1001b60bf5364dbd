"""Build the Lark parser once from grammar/math.lark and grammar/commands.lark.

The grammar files are read through importlib.resources
(:func:`tutor.resources.read_grammar`), never by a path relative to the
checkout, so an installed wheel works the same as the source tree.
"""

from __future__ import annotations

import logging

from functools import cache

import lark
from lark import Lark

from tutor.resources import read_grammar
from tutor.parsing.tokens import PostLexer


logger = logging.getLogger(__name__)


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
        # Building the LALR table takes about 0.3 s, most of a one-off
        # `difftutor explain`; Lark stores it in a file keyed by a hash of
        # the grammar and options, and rebuilds when they change.
        cache=_table_cache_file(),
    )


def _table_cache_file() -> str | bool:
    """Return the file for Lark's parse-table cache, or False to build in memory only.

    The file lives in the user's own cache folder, never in a shared
    temporary folder, because Lark loads it with pickle.
    """
    from tutor.storage.paths import cache_home

    folder = cache_home()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        logger.info("parse-table cache disabled: cannot create %s (%s)", folder, error)
        return False
    return str(folder / f"grammar-lark-{lark.__version__}.cache")


def check_conflicts() -> None:
    """Raise lark.exceptions.GrammarError if the LALR table has a conflict."""
    from lark.common import ParserConf
    from lark.parsers.lalr_analysis import LALR_Analyzer

    parser = command_parser()
    analyzer = LALR_Analyzer(ParserConf(parser.rules, {}, ["start"]), strict=True)
    analyzer.compute_lalr()
