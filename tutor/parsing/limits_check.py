"""Safety limits checked before and after parsing (numbers in tutor.limits).

The scans before parsing are linear in the input and run before Lark, so
``(`` * 10 000 or a 100 KB paste is rejected at once.  The checks after
parsing walk trees iteratively, so they cannot overflow the stack
themselves, and they stop a tree too deep for the recursive transformer.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import sympy
from lark import Tree

from tutor import limits
from tutor.errors import TooComplexError

_OPENING = "([{"
_CLOSING = ")]}"

#: Parse-tree levels allowed per level of bracket nesting; a bracket adds
#: about two levels (the group and the product around it).
_TREE_LEVELS_PER_NESTING = 3


def check_length(text: str) -> None:
    """Reject input longer than MAX_INPUT_CHARS."""
    if len(text) > limits.MAX_INPUT_CHARS:
        raise TooComplexError(
            "limits.too_long", limits.MAX_INPUT_CHARS + 1, length=len(text),
            limit=limits.MAX_INPUT_CHARS,
        )


def check_bracket_depth(text: str) -> None:
    """Reject bracket nesting deeper than MAX_NESTING_DEPTH, scanning left to right."""
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENING:
            depth += 1
            if depth > limits.MAX_NESTING_DEPTH:
                raise TooComplexError(
                    "limits.too_deep", index + 1, depth=depth, limit=limits.MAX_NESTING_DEPTH
                )
        elif char in _CLOSING:
            depth = max(0, depth - 1)


def check_tree_depth(tree: Tree) -> None:
    """Reject parse trees too deep for the transformer (``sin sin sin ... x``)."""
    allowed = limits.MAX_NESTING_DEPTH * _TREE_LEVELS_PER_NESTING
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > allowed:
            raise TooComplexError(
                "limits.too_deep", None, depth=depth // _TREE_LEVELS_PER_NESTING,
                limit=limits.MAX_NESTING_DEPTH,
            )
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tree))


def _expressions(value: object) -> Iterator[sympy.Basic]:
    if isinstance(value, sympy.Basic):
        yield value
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _expressions(item)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            if name not in ("source", "notes"):
                yield from _expressions(getattr(value, name))


def check_node_count(command: object) -> None:
    """Reject a command whose expressions have more than MAX_EXPRESSION_NODES nodes."""
    count = 0
    for expr in _expressions(command):
        for _ in sympy.preorder_traversal(expr):
            count += 1
            if count > limits.MAX_EXPRESSION_NODES:
                raise TooComplexError(
                    "limits.too_many_nodes", None, limit=limits.MAX_EXPRESSION_NODES
                )


def iter_expressions(command: object) -> Iterable[sympy.Basic]:
    """Yield every SymPy expression stored in ``command`` (for tests and checks)."""
    return _expressions(command)
