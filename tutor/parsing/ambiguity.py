"""Reading notes for divisions that learners often mean another way.

``1/2x`` is read as 1/(2x) because juxtaposition binds tighter than ``/``,
and ``x^-1/2`` is read as (x^-1)/2 because an exponent is one factor.  Both
readings follow the grammar, but a learner may have meant (1/2)x or
x^(-1/2), so the reply must state how the input was read.

The notes quote the learner's text, so this pass works on the flattened
parse tree (tutor/parsing/flatten.py) with its positions in the normalised
text, before the tree is transformed.
"""

from __future__ import annotations

from lark import Token, Tree

from tutor.engine.steps import Note

Node = Tree | Token


def _span(node: Node) -> tuple[int, int] | None:
    """Return the node's ``[start, end)`` in the normalised text.

    Lark's position propagation gives a bracketed group the span of its
    brackets, so ``(2x)`` spans from "(" to ")".
    """
    if isinstance(node, Token):
        if node.start_pos is None or node.end_pos is None:
            return None
        return node.start_pos, node.end_pos
    if node.meta.empty:
        return None
    return node.meta.start_pos, node.meta.end_pos


def _widened(text: str, node: Node) -> tuple[int, int] | None:
    """Return the node's span widened over brackets around it that the meta left out."""
    span = _span(node)
    if span is None:
        return None
    start, end = span
    while True:
        before = start - 1
        while before >= 0 and text[before] == " ":
            before -= 1
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        enclosed = (
            before >= 0 and after < len(text) and text[before] == "(" and text[after] == ")"
            and _is_balanced(text[before + 1:after])
        )
        if not enclosed:
            return start, end
        start, end = before, after + 1


def _unwrap(node: Node) -> Node:
    """Return the factor inside a one-factor juxtaposition (flatten.py leaves those)."""
    while isinstance(node, Tree) and node.data == "juxt" and len(node.children) == 1:
        node = node.children[0]
    return node


def _is_balanced(text: str) -> bool:
    depth = 0
    for char in text:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _is_bracketed(text: str, node: Node) -> bool:
    """Return whether the node is one bracketed group, as in ``(2x)``."""
    span = _span(node)
    if span is None:
        return True
    start, end = span
    return text[start] == "(" and text[end - 1] == ")" and _is_balanced(text[start + 1:end - 1])


def _division_by_product(text: str, left: Node, divisor: Node) -> Note | None:
    """Note ``1/2x``: a divisor written as an unbracketed implicit product."""
    if not (isinstance(divisor, Tree) and divisor.data == "juxt" and len(divisor.children) > 1):
        return None
    if _is_bracketed(text, divisor):
        return None
    spans = [
        _widened(text, left), _span(divisor),
        _widened(text, divisor.children[0]), _widened(text, divisor.children[1]),
    ]
    if None in spans:
        return None
    left_span, divisor_span, first_span, rest_span = spans
    left_text = text[left_span[0]:left_span[1]].strip()
    divisor_text = text[divisor_span[0]:divisor_span[1]].strip()
    first_text = text[first_span[0]:first_span[1]].strip()
    rest_text = text[rest_span[0]:divisor_span[1]].strip()
    if not (_is_balanced(first_text) and _is_balanced(rest_text)):
        # "1/(2x)y": flatten.py merged the bracketed product into the divisor's factors.
        return None
    return Note("parsing.note_division_reading", {
        "typed": text[left_span[0]:divisor_span[1]].strip(),
        "reading": f"{left_text}/({divisor_text})",
        "alternative": f"({left_text}/{first_text}){rest_text}",
    })


def _exponent_value(node: Node) -> int | None:
    """Return the integer of an exponent written as ``2`` or ``-1``, else None."""
    sign = 1
    if isinstance(node, Tree) and node.data == "neg" and len(node.children) == 1:
        sign, node = -1, node.children[0]
    if isinstance(node, Tree) and node.data == "number" and len(node.children) == 1:
        node = node.children[0]
    if isinstance(node, Token) and node.type == "NUMBER" and node.value.isdigit():
        return sign * int(node.value)
    return None


def _power_divided(text: str, left: Node, divisor: Node) -> Note | None:
    """Note ``x^-1/2`` and ``x^1/2``: the number divides the power, not the exponent.

    Only exponents of 1 or below 0 are noted: ``x^2/2`` is rarely meant as
    x^(2/2), but ``x^1/2`` and ``x^-1/2`` are often meant as roots.
    """
    if not (isinstance(left, Tree) and left.data == "pow" and len(left.children) == 3):
        return None
    if not (isinstance(divisor, Tree) and divisor.data == "number"):
        return None
    base, power_token, exponent = left.children
    value = _exponent_value(exponent)
    if value is None or not (value < 0 or value == 1) or _is_bracketed(text, exponent):
        return None
    spans = [_span(left), _widened(text, base), _span(divisor)]
    if None in spans or power_token.end_pos is None:
        return None
    power_span, base_span, divisor_span = spans
    power_text = text[power_span[0]:power_span[1]].strip()
    base_text = text[base_span[0]:base_span[1]].strip()
    exponent_text = text[power_token.end_pos:power_span[1]].strip()
    divisor_text = text[divisor_span[0]:divisor_span[1]].strip()
    return Note("parsing.note_division_reading", {
        "typed": text[power_span[0]:divisor_span[1]].strip(),
        "reading": f"({power_text})/{divisor_text}",
        "alternative": f"{base_text}^({exponent_text}/{divisor_text})",
    })


def division_notes(tree: Tree, text: str) -> list[Note]:
    """Return a reading Note for each ambiguous division in the flattened ``tree``."""
    notes: list[Note] = []
    for node in tree.iter_subtrees_topdown():
        if node.data != "product_chain":
            continue
        operands = [_unwrap(operand) for operand in node.children[0::2]]
        operations = node.children[1::2]
        for index, operation in enumerate(operations):
            if operation != "div":
                continue
            left, divisor = operands[index], operands[index + 1]
            for check in (_division_by_product, _power_divided):
                note = check(text, left, divisor)
                if note is not None and note not in notes:
                    notes.append(note)
    return notes
