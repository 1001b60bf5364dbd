"""Flatten long chains in the parse tree before it is transformed.

LALR builds ``x + x + ... + x`` as a left-nested tree and the
right-recursive juxtaposition rules build ``2 x y z ...`` as a
right-nested one, so a long but flat input makes a deep tree, and Lark's
recursive Transformer would overflow the stack.  This pass, which is
iterative, turns each chain into one node with all its operands, so the
tree depth measures real nesting (brackets, powers, signs) only.
"""

from __future__ import annotations

from lark import Token, Tree

_SUMS = {"add", "sub"}
_PRODUCTS = {"mul", "div"}


def _flatten_juxtaposition(node: Tree) -> None:
    """Turn nested juxt and bare_call nodes into one juxt of factors.

    ``bare_call(head, arg, *rest)`` is ``head(arg)`` times the rest, so the
    rest joins the outer product and bare_call keeps its head and argument.
    """
    queue = list(node.children)
    items: list = []
    while queue:
        child = queue.pop(0)
        if isinstance(child, Tree) and child.data == "juxt":
            queue[:0] = child.children
        elif isinstance(child, Tree) and child.data == "bare_call" and len(child.children) > 2:
            head, argument, *rest = child.children
            items.append(Tree("bare_call", [head, argument], child.meta))
            queue[:0] = rest
        else:
            items.append(child)
    node.children = items


def _flatten_chain(node: Tree, kinds: set[str], name: str) -> None:
    """Turn a left-nested add/sub (or mul/div) chain into ``name(first, op, operand, ...)``."""
    pairs: list = []
    current = node
    while isinstance(current, Tree) and current.data in kinds:
        left, right = current.children
        pairs[:0] = [Token("OP", current.data), right]
        current = left
    node.data = name
    node.children = [current, *pairs]


def flatten(tree: Tree) -> Tree:
    """Flatten every sum, product and juxtaposition chain of ``tree`` in place."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if node.data == "juxt" or (node.data == "bare_call" and len(node.children) > 2):
            if node.data == "bare_call":
                node.children = [Tree("bare_call", list(node.children), node.meta)]
                node.data = "juxt"
            _flatten_juxtaposition(node)
        elif node.data in _SUMS:
            _flatten_chain(node, _SUMS, "sum_chain")
        elif node.data in _PRODUCTS:
            _flatten_chain(node, _PRODUCTS, "product_chain")
        stack.extend(child for child in node.children if isinstance(child, Tree))
    return tree
