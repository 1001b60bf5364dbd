"""Draw a computational graph as plain text that fits 80 columns.

The drawing has one block per operation node, in forward order, which
stays narrow however many nodes the graph has.  Each incoming edge is two
lines, as in the lecture's figures: the forward value on the arrow that
points right (──▶), and the gradient sent back along that edge on the
arrow below it that points left (◀──).  A variable used along several
paths gets a last line that adds its gradients.

The drawing itself contains only names, numbers and arrows, so it reads
the same in Korean and English; its legend is a catalog note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import sympy

from tutor.engine.graph import Graph, Node
from tutor.engine.graph_ops import OPS
from tutor.engine.graph_values import json_value, short_value
from tutor.i18n import translate

#: Widest node label drawn; longer names are cut.
_MAX_LABEL = 8

#: Notation of each operation applied to its operands (math only, no language).
_OP_TEMPLATES = {
    "add": "{0} + {1}", "sub": "{0} − {1}", "mul": "{0} × {1}", "div": "{0} ÷ {1}",
    "neg": "−{0}", "pow": "{0}^{1}", "exp": "exp({0})", "log": "ln({0})",
    "sin": "sin({0})", "cos": "cos({0})", "tanh": "tanh({0})", "sigmoid": "σ({0})",
    "relu": "relu({0})", "max": "max({0}, {1})",
}


def op_text(op: str, operands: list[str]) -> str:
    """Write operation ``op`` applied to ``operands`` (``x + y``, ``σ(u)``)."""
    return _OP_TEMPLATES[op].format(*operands)


def _edge_lines(label: str, value: str, gradient: str | None,
                label_width: int, value_width: int) -> tuple[str, str]:
    top = f"{label[:_MAX_LABEL]:>{label_width}} ─── {value:^{value_width}} ──▶"
    if gradient is None:
        # A constant needs no gradient, so its edge has no backward arrow.
        bottom = " " * len(top)
    else:
        bottom = f"{'':>{label_width}} ◀── {gradient:^{value_width}} ───"
    return top, bottom


def _node_block(graph: Graph, node: Node,
                cells: Mapping[tuple[str, str, int], tuple[str, str | None]],
                label_width: int, value_width: int) -> list[str]:
    head = f"──({OPS[node.op].symbol})── {graph.label(node.id)[:_MAX_LABEL]}"
    rows = [_edge_lines(graph.label(source), *cells[(source, node.id, position)],
                        label_width, value_width)
            for position, source in enumerate(node.inputs)]
    if len(rows) == 1:
        top, bottom = rows[0]
        return [f"{top} {head}", bottom.rstrip()]

    (top0, bottom0), (top1, bottom1) = rows
    pad = " " * len(top0)
    return [f"{top0} ┐", f"{bottom0} │", f"{pad} ├{head}", f"{top1} │", f"{bottom1} ┘"]


def draw_graph(graph: Graph, values: Mapping[str, sympy.Expr], edges: Iterable[Any] | None,
               *, upstream: sympy.Expr | None = None, decimal: bool = False,
               lang: str = "en") -> str:
    """Draw ``graph`` with forward values and, when ``edges`` is given, gradients.

    ``edges`` are the EdgeGradient records of the backward pass.  Without
    them every gradient is drawn as ``?`` under a caption saying that the
    backward pass has not run yet (in ``lang``), never as zero.
    """
    ran_backward = edges is not None
    edge_gradients = {(e.source, e.target, e.position): e.contribution for e in edges or ()}
    cells: dict[tuple[str, str, int], tuple[str, str | None]] = {}
    for node in graph.nodes.values():
        for position, source in enumerate(node.inputs):
            key = (source, node.id, position)
            if graph.nodes[source].op == "const":
                gradient = None
            elif not ran_backward:
                gradient = "?"
            elif key in edge_gradients:
                gradient = short_value(edge_gradients[key], decimal)
            else:
                gradient = "0"
            cells[key] = (short_value(values[source], decimal), gradient)

    output_key = (graph.output, "", 0)
    out_gradient = "?" if not ran_backward or upstream is None else short_value(upstream, decimal)
    cells[output_key] = (short_value(values[graph.output], decimal), out_gradient)

    labels = [graph.label(n.id) for n in graph.nodes.values()]
    label_width = min(max(len(label) for label in labels), _MAX_LABEL)
    value_width = max(3, *(len(text) for cell in cells.values() for text in cell if text))

    lines: list[str] = []
    if not ran_backward:
        lines.append(translate("backprop.backward_not_run", lang))
        lines.append("")
    for node in graph.nodes.values():
        if node.op in OPS:
            lines.extend(_node_block(graph, node, cells, label_width, value_width))
            lines.append("")
    top, bottom = _edge_lines(graph.label(graph.output), *cells[output_key],
                              label_width, value_width)
    lines.extend([top, bottom.rstrip()])

    if ran_backward:
        lines.extend(_fanout_lines(graph, edges or (), decimal))
    return "\n".join(line.rstrip() for line in lines)


def _fanout_lines(graph: Graph, edges: Iterable[Any], decimal: bool) -> list[str]:
    arrived: dict[str, list[sympy.Expr]] = {}
    for edge in edges:
        arrived.setdefault(edge.source, []).append(edge.contribution)
    lines = []
    for node_id, parts in arrived.items():
        if len(parts) < 2:
            continue
        total = short_value(sum(parts, sympy.Integer(0)), decimal)
        pieces = [short_value(part, decimal) for part in parts]
        pieces = [pieces[0]] + [f"+ {piece}" for piece in pieces[1:]]
        pieces.append(total if total.startswith("≈") else f"= {total}")
        lines.extend(_wrap(f"{graph.label(node_id)[:_MAX_LABEL]} ◀── ", pieces))
    return [""] + lines if lines else []


def _wrap(prefix: str, pieces: list[str], width: int = 80) -> list[str]:
    """Join ``pieces`` with spaces after ``prefix``, breaking lines before ``width`` columns."""
    indent = " " * len(prefix)
    lines: list[str] = []
    current = prefix + pieces[0]
    for piece in pieces[1:]:
        if len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = indent + piece
        else:
            current = f"{current} {piece}"
    lines.append(current)
    return lines


def graph_data(graph: Graph, values: Mapping[str, sympy.Expr], grads: Mapping[str, sympy.Expr],
               edges: Iterable[Any], *, decimal: bool = False) -> dict[str, Any]:
    """Return the graph as plain data for the app: nodes, edges, values and gradients.

    Values and gradients are SymPy-syntax strings; a node the backward
    pass did not reach (a constant) has gradient None.
    """
    edge_list = list(edges)
    return {
        "output": graph.output,
        "backward_ran": True,
        "nodes": [
            {
                "id": node.id,
                "label": graph.label(node.id),
                "op": node.op,
                "inputs": list(node.inputs),
                "value": json_value(values[node.id], decimal),
                "grad": json_value(grads[node.id], decimal) if node.id in grads else None,
            }
            for node in graph.nodes.values()
        ],
        "edges": [
            {
                "source": edge.source,
                "target": edge.target,
                "position": edge.position,
                "value": json_value(values[edge.source], decimal),
                "grad": json_value(edge.contribution, decimal),
            }
            for edge in edge_list
        ],
    }
