"""Backpropagation on a computational graph, node by node, as Steps.

The trace has three parts, as the lecture teaches them:
1. the forward pass, left to right: each node's value from its inputs;
2. the backward pass, right to left: each edge carries
   upstream gradient × local gradient, and the gradients that reach a
   node along several paths are added (fan-out);
3. a cross-check: each input's gradient equals the partial derivative
   that ``sympy.diff`` finds for the whole expression, times the upstream
   gradient, which is the chain rule at work.

``backprop_gradients(..., fanout="overwrite")`` derives the classic wrong
result in which a later path replaces the gradient of an earlier one
(misconception ``backprop_fanout_overwritten``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import mpmath
import sympy

from tutor.engine.budget import within_budget
from tutor.engine.graph import Graph, build_graph
from tutor.engine.graph_drawing import draw_graph, graph_data, op_text
from tutor.engine.graph_ops import OPS, sign_of
from tutor.engine.graph_values import (
    FLOAT_DIGITS,
    bounded,
    evaluate_numeric,
    exact_rational,
    json_value,
    larger_than,
    text_value,
)
from tutor.engine.steps import Note, Step, Trace
from tutor.errors import MathDomainError, UnsupportedError
from tutor.parsing.commands import Backprop
from tutor.render.mathtext import to_unicode

logger = logging.getLogger(__name__)

Fanout = Literal["sum", "overwrite"]

#: Tree nodes of a partial derivative beyond which its value is found numerically.
_MAX_EXACT_PARTIAL_NODES = 80

#: Tree nodes of a formula beyond which explanations do not print it.
_MAX_SHOWN_FORMULA_NODES = 60


@dataclass(frozen=True)
class EdgeGradient:
    """The gradient sent back along one edge: ``upstream × local = contribution``.

    ``position`` is the argument index at the target, so ``x * x`` has
    two edges from x, at positions 0 and 1.
    """

    source: str
    target: str
    position: int
    upstream: sympy.Expr
    local: sympy.Expr
    formula: sympy.Expr
    contribution: sympy.Expr


@dataclass
class BackpropResult:
    """Values and gradients of every node, and the gradient of every edge."""

    graph: Graph
    point: dict[str, sympy.Expr]
    upstream: sympy.Expr
    values: dict[str, sympy.Expr] = field(default_factory=dict)
    grads: dict[str, sympy.Expr] = field(default_factory=dict)
    edges: list[EdgeGradient] = field(default_factory=list)
    #: Contributions that reached each node, in the order they arrived.
    arrivals: dict[str, list[sympy.Expr]] = field(default_factory=dict)

    def gradients_by_name(self) -> dict[str, sympy.Expr]:
        """Gradient of the output at every variable and every named node."""
        zero = sympy.Integer(0)
        out = {node_id: self.grads.get(node_id, zero) for node_id in self.graph.input_ids}
        for name, node_id in self.graph.named.items():
            out[name] = self.grads.get(node_id, sympy.Integer(0))
        return out


# ---------------------------------------------------------------- the point


def point_values(command: Backprop, graph: Graph) -> tuple[dict[str, sympy.Expr], list[Note]]:
    """Map each variable of the graph to its exact value at the command's point."""
    inputs = graph.input_ids
    point = command.point
    if point.names is None:
        if len(point.values) != len(inputs):
            raise UnsupportedError("backprop.point_count", count=len(point.values),
                                   expected=len(inputs), variables=", ".join(inputs))
        given = dict(zip(inputs, point.values))
    else:
        given = {str(name): value for name, value in zip(point.names, point.values)}

    missing = [name for name in inputs if name not in given]
    if missing:
        raise UnsupportedError("backprop.missing_value", names=", ".join(missing))
    notes = [Note("backprop.unused_value", {"name": name}) for name in given if name not in inputs]

    values = {}
    for name in inputs:
        value = exact_rational(given[name])
        if value.free_symbols or not value.is_number:
            raise UnsupportedError("backprop.value_not_number", name=name, value=value)
        values[name] = value
    return values, notes


def uses_decimals(command: Backprop) -> bool:
    """Return whether the learner wrote a decimal in the point or the upstream gradient."""
    numbers = (*command.point.values, command.upstream)
    return any(value.has(sympy.Float) for value in numbers)


# ---------------------------------------------------------------- the two passes


def forward(graph: Graph, point: Mapping[str, sympy.Expr]) -> dict[str, sympy.Expr]:
    """Return every node's value, computed in topological order."""
    values: dict[str, sympy.Expr] = {}
    for node in graph.nodes.values():
        if node.op == "input":
            values[node.id] = point[node.id]
        elif node.op == "const":
            values[node.id] = node.constant
        else:
            args = [values[i] for i in node.inputs]
            try:
                values[node.id] = bounded(OPS[node.op].forward(args))
            except MathDomainError as error:
                error.params.setdefault("node", graph.label(node.id))
                raise
    return values


def _needs_gradient(graph: Graph) -> dict[str, bool]:
    """Mark the nodes that depend on some variable (constants need no gradient)."""
    needs: dict[str, bool] = {}
    for node in graph.nodes.values():
        needs[node.id] = node.op == "input" or any(needs[i] for i in node.inputs)
    return needs


#: Buggy local gradients that learners use, by misconception id: an add
#: node treated like a multiply node, a multiply node treated like an add
#: node, and a multiply node that does not switch its inputs.
BUGGY_LOCALS: dict[str, dict[str, Callable[[Sequence[sympy.Expr], sympy.Expr], tuple[sympy.Expr, ...]]]] = {
    "backprop_add_as_mul": {"add": lambda args, out: (args[1], args[0])},
    "backprop_mul_as_add": {"mul": lambda args, out: (sympy.Integer(1), sympy.Integer(1))},
    "backprop_mul_not_switched": {"mul": lambda args, out: (args[0], args[1])},
}


def backward(graph: Graph, values: Mapping[str, sympy.Expr], upstream: sympy.Expr,
             fanout: Fanout = "sum",
             local_rules: Mapping[str, Callable[..., tuple[sympy.Expr, ...]]] | None = None,
             ) -> tuple[dict[str, sympy.Expr], list[EdgeGradient], dict[str, list[sympy.Expr]]]:
    """Run the chain rule in reverse topological order.

    Nodes are visited in reverse creation order, which puts every node
    after all of its consumers, so its gradient is complete when visited.
    With ``fanout="overwrite"`` each arriving contribution replaces the
    previous one instead of being added, which is the misconception.
    """
    needs = _needs_gradient(graph)
    grads: dict[str, sympy.Expr] = {graph.output: upstream}
    arrivals: dict[str, list[sympy.Expr]] = {graph.output: [upstream]}
    edges: list[EdgeGradient] = []

    for node in reversed(list(graph.nodes.values())):
        if node.op not in OPS or node.id not in grads:
            continue
        op = OPS[node.op]
        args = [values[i] for i in node.inputs]
        out = values[node.id]
        local_rule = (local_rules or {}).get(node.op, op.local)
        try:
            locals_ = local_rule(args, out)
        except MathDomainError as error:
            error.params.setdefault("node", graph.label(node.id))
            raise
        symbols = [_label_symbol(graph, i) for i in node.inputs]
        formulas = op.formula(symbols, _label_symbol(graph, node.id))

        for position, source in enumerate(node.inputs):
            if not needs[source]:
                continue
            local = locals_[position]
            if local is sympy.nan:
                raise MathDomainError("backprop.pow_exponent_gradient", node=graph.label(node.id),
                                      base=args[0])
            contribution = bounded(grads[node.id] * local)
            edges.append(EdgeGradient(source, node.id, position, grads[node.id], local,
                                      formulas[position], contribution))
            arrivals.setdefault(source, []).append(contribution)
            if fanout == "sum" and source in grads:
                grads[source] = bounded(grads[source] + contribution)
            else:
                grads[source] = contribution
    return grads, edges, arrivals


def _label_symbol(graph: Graph, node_id: str) -> sympy.Expr:
    node = graph.nodes[node_id]
    if node.op == "const":
        return node.constant
    return sympy.Symbol(graph.label(node_id))


def run_backprop(command: Backprop, fanout: Fanout = "sum",
                 local_rules: Mapping[str, Callable[..., tuple[sympy.Expr, ...]]] | None = None,
                 ) -> BackpropResult:
    """Build the graph of ``command`` and run both passes at its point.

    ``local_rules`` replaces the local gradient of some ops (see BUGGY_LOCALS).
    """
    graph = build_graph(command)
    point, _ = point_values(command, graph)
    upstream = exact_rational(command.upstream)
    if upstream.free_symbols:
        raise UnsupportedError("backprop.value_not_number", name="upstream", value=upstream)

    result = BackpropResult(graph, point, upstream)
    result.values = forward(graph, point)
    result.grads, result.edges, result.arrivals = backward(graph, result.values, upstream, fanout,
                                                           local_rules)
    return result


def backprop_gradients(command_or_graph: Backprop | Graph, *, fanout: Fanout = "sum",
                       point: Mapping[str, sympy.Expr] | None = None,
                       upstream: sympy.Expr = sympy.Integer(1),
                       misconception: str | None = None) -> dict[str, sympy.Expr]:
    """Return the gradient at every variable and named node.

    A Graph needs ``point`` (variable name -> value) and optionally
    ``upstream``; a Backprop command carries both.  ``fanout="overwrite"``
    gives the misconception's result: where gradients arrive along several
    paths, only the contribution visited last in the backward pass is kept.
    That is the one from the consumer created first, for example the
    ``x * y`` node rather than the sum in ``x * y + x``.
    """
    local_rules = BUGGY_LOCALS[misconception] if misconception else None
    if isinstance(command_or_graph, Backprop):
        return run_backprop(command_or_graph, fanout, local_rules).gradients_by_name()
    if point is None:
        raise ValueError("backprop_gradients needs a point when given a Graph")

    graph = command_or_graph
    exact_point = {name: exact_rational(value) for name, value in point.items()}
    result = BackpropResult(graph, exact_point, exact_rational(upstream))
    result.values = forward(graph, exact_point)
    result.grads, result.edges, result.arrivals = backward(graph, result.values,
                                                           result.upstream, fanout, local_rules)
    return result.gradients_by_name()


# ---------------------------------------------------------------- symbolic cross-check


def symbolic_expression(graph: Graph, values: Mapping[str, sympy.Expr] | None = None) -> sympy.Expr:
    """Return the graph's output as an ordinary SymPy expression of its variables.

    sigmoid is written as 1/(1 + e^(-u)).  With ``values`` (a forward
    pass), each relu and max becomes the branch that is active at that
    point (u or 0, a or b).  That branch has the same derivative there, so
    ``sympy.diff`` needs no Piecewise.  At a kink the branch follows the
    conventions of the backward pass.  Without ``values`` relu and max
    are Piecewise.
    """
    exprs: dict[str, sympy.Expr] = {}
    for node in graph.nodes.values():
        if node.op == "input":
            exprs[node.id] = sympy.Symbol(node.id)
        elif node.op == "const":
            exprs[node.id] = node.constant
        elif values is not None and node.op in ("relu", "max"):
            exprs[node.id] = _active_branch(node, exprs, values)
        else:
            # Unevaluated, because SymPy's automatic simplification of
            # nested sigmoid and tanh forms is what makes deep graphs slow.
            with sympy.evaluate(False):
                exprs[node.id] = OPS[node.op].symbolic([exprs[i] for i in node.inputs])
    return exprs[graph.output]


def _active_branch(node, exprs: Mapping[str, sympy.Expr],
                   values: Mapping[str, sympy.Expr]) -> sympy.Expr:
    if node.op == "relu":
        (arg,) = node.inputs
        return exprs[arg] if sign_of(values[arg]) > 0 else sympy.Integer(0)
    first, second = node.inputs
    first_wins = OPS["max"].local([values[first], values[second]], values[node.id])[0] == 1
    chosen = first if first_wins else second
    return exprs[chosen]


def _partials_at_point(expr: sympy.Expr, point: Mapping[str, sympy.Expr]) -> dict[str, tuple]:
    """Return each variable's partial derivative and its value at the point.

    The value is exact when the derivative is small.  A large derivative
    is evaluated numerically at 50 digits (an mpmath number), because its
    exact closed form takes seconds to build.
    """
    substitutions = {sympy.Symbol(name): value for name, value in point.items()}
    out = {}
    for name in point:
        partial = sympy.diff(expr, sympy.Symbol(name))
        if larger_than(partial, _MAX_EXACT_PARTIAL_NODES):
            at_point = evaluate_numeric(partial, 50, substitutions)
        else:
            at_point = partial.xreplace(substitutions)
        out[name] = (partial, at_point)
    return out


def agree(left: sympy.Expr | mpmath.mpf, right: sympy.Expr) -> bool:
    """Return whether two closed-form numbers are equal: exactly, else to 40 digits.

    Values that deep graphs carry as 40-digit Floats are compared to 30
    digits.  NOTE: two different irrational numbers that agree that far
    would count as equal.
    """
    if isinstance(left, sympy.Basic):
        difference = left - right
        if difference == 0:
            return True
        if difference.is_Rational:
            return False
        a = evaluate_numeric(left, 50)
    else:
        a = left
    b = evaluate_numeric(right, 50)
    has_float = any(isinstance(side, sympy.Basic) and side.has(sympy.Float)
                    for side in (left, right))
    tolerance = mpmath.mpf("1e-30") if has_float else mpmath.mpf("1e-40")
    with mpmath.workdps(50):
        scale = max(abs(a), abs(b), 1)
        return bool(abs(a - b) <= scale * tolerance)


def _short_formula(expr: sympy.Expr) -> str:
    """Return ``expr`` as text, or an ellipsis when it is too long to read in one line."""
    if larger_than(expr, _MAX_SHOWN_FORMULA_NODES):
        return "…"
    return to_unicode(expr)


# ---------------------------------------------------------------- steps


def _forward_steps(result: BackpropResult, decimal: bool) -> list[Step]:
    graph, values = result.graph, result.values
    steps = []
    for node in graph.nodes.values():
        if node.op not in OPS:
            continue
        labels = [graph.label(i) for i in node.inputs]
        shown = [text_value(values[i], decimal) for i in node.inputs]
        if node.op in _INFIX_OPS:
            shown = [_operand(text) for text in shown]
        with sympy.evaluate(False):
            before = _unevaluated(node.op, [values[i] for i in node.inputs])
        steps.append(Step(
            rule=f"forward_{node.op}",
            before=before,
            after=values[node.id],
            params={
                "node": graph.label(node.id),
                "formula": op_text(node.op, labels),
                "calc": op_text(node.op, shown),
                "value": text_value(values[node.id], decimal),
            },
        ))
    return steps


#: Operations written between or before their operands, whose negative
#: operands need brackets (``3 × (-2)``, unlike ``relu(-2)``).
_INFIX_OPS = {"add", "sub", "mul", "div", "neg", "pow"}


def _operand(text: str) -> str:
    return f"({text})" if text.startswith("-") or " " in text else text


def _unevaluated(op: str, args: list[sympy.Expr]) -> sympy.Expr:
    """Return the operation applied to values without evaluating, for a checkable step."""
    if op == "relu":
        return sympy.Max(args[0], 0, evaluate=False)
    if op == "max":
        return sympy.Max(*args, evaluate=False)
    return OPS[op].symbolic(args)


def _backward_steps(result: BackpropResult, decimal: bool) -> list[Step]:
    graph = result.graph
    output_label = graph.label(graph.output)
    steps = [Step(
        rule="backprop_seed",
        before=result.upstream,
        after=result.upstream,
        params={"node": output_label, "upstream": text_value(result.upstream, decimal)},
    )]

    edges_by_target: dict[str, list[EdgeGradient]] = {}
    for edge in result.edges:
        edges_by_target.setdefault(edge.target, []).append(edge)

    for node in reversed(list(graph.nodes.values())):
        arrived = result.arrivals.get(node.id, [])
        if len(arrived) > 1:
            steps.append(Step(
                rule="backprop_fanout",
                before=sympy.Add(*arrived, evaluate=False),
                after=result.grads[node.id],
                params={
                    "node": graph.label(node.id),
                    "count": len(arrived),
                    "terms": " + ".join(_operand(text_value(t, decimal)) for t in arrived),
                    "grad": text_value(result.grads[node.id], decimal),
                },
            ))
        for edge in edges_by_target.get(node.id, []):
            steps.append(Step(
                rule=f"backprop_{node.op}",
                before=sympy.Mul(edge.upstream, edge.local, evaluate=False),
                after=edge.contribution,
                params={
                    "node": graph.label(node.id),
                    "input": graph.label(edge.source),
                    "input_value": text_value(result.values[edge.source], decimal),
                    "upstream": text_value(edge.upstream, decimal),
                    "upstream_factor": _operand(text_value(edge.upstream, decimal)),
                    "local": text_value(edge.local, decimal),
                    "local_factor": _operand(text_value(edge.local, decimal)),
                    "local_formula": to_unicode(edge.formula),
                    "grad": text_value(edge.contribution, decimal),
                },
            ))
    return steps


def _check_steps(result: BackpropResult, decimal: bool) -> tuple[list[Step], bool]:
    """Compare every variable's gradient with upstream × the symbolic partial derivative."""
    graph = result.graph
    def derive() -> tuple[sympy.Expr, dict[str, tuple]]:
        expr = symbolic_expression(graph, result.values)
        return expr, _partials_at_point(expr, result.point)

    # NOTE: sympy.diff of deeply nested sigmoid and tanh nodes can take
    # minutes, so the check is skipped (with a note) when it overruns.
    derived = within_budget(derive, fallback=lambda: None, what="diff")
    if derived is None:
        return [], False
    expr, partials = derived

    symbols = tuple(sympy.Symbol(name) for name in result.point)
    values = tuple(result.point.values())
    steps = []
    all_agree = True
    for name, (partial, at_point) in partials.items():
        grad = result.grads.get(name, sympy.Integer(0))
        if isinstance(at_point, sympy.Basic):
            expected = result.upstream * at_point
            partial_value = text_value(at_point, decimal)
        else:
            with mpmath.workdps(50):
                expected = evaluate_numeric(result.upstream, 50) * at_point
            partial_value = f"≈ {mpmath.nstr(at_point, 6)}"
        agrees = agree(expected, grad)
        if not agrees:
            logger.error("backprop gradient %s for %s disagrees with sympy.diff (%s)",
                         grad, name, expected)
        all_agree = all_agree and agrees
        derivative = sympy.Subs(sympy.Derivative(expr, sympy.Symbol(name)), symbols, values)
        before = derivative if result.upstream == 1 else sympy.Mul(result.upstream, derivative,
                                                                  evaluate=False)
        steps.append(Step(
            rule="backprop_check",
            before=before,
            after=grad,
            params={
                "output": graph.label(graph.output),
                "var": name,
                "partial": _short_formula(partial),
                "partial_value": partial_value,
                "partial_factor": _operand(partial_value),
                "upstream": text_value(result.upstream, decimal),
                "upstream_factor": _operand(text_value(result.upstream, decimal)),
                "grad": text_value(grad, decimal),
            },
            text_key=None if agrees else "backprop.check_mismatch",
        ))
    return steps, all_agree


# ---------------------------------------------------------------- the trace


def _reading(command: Backprop) -> sympy.Basic:
    if not command.assignments:
        return command.output
    equations = [sympy.Eq(name, expr, evaluate=False) for name, expr in command.assignments]
    if not (isinstance(command.output, sympy.Symbol) and
            command.output in dict(command.assignments)):
        equations.append(command.output)
    return sympy.Tuple(*equations)


def trace_backprop(command: Backprop, workspace: object = None) -> Trace:
    """Trace the forward pass, the backward pass and the chain-rule check of ``command``."""
    result = run_backprop(command)
    graph = result.graph
    _, notes = point_values(command, graph)
    decimal = uses_decimals(command)

    forward_group = Step(rule="forward_pass", before=None, after=None,
                         substeps=tuple(_forward_steps(result, decimal)))
    backward_group = Step(rule="backward_pass", before=None, after=None,
                          substeps=tuple(_backward_steps(result, decimal)))
    checks, all_agree = _check_steps(result, decimal)
    steps = [forward_group, backward_group]
    if checks:
        steps.append(Step(rule="backprop_cross_check", before=None, after=None,
                          substeps=tuple(checks)))
    else:
        notes.append(Note("backprop.check_skipped"))
    if not decimal and any(value.has(sympy.Float) for value in result.values.values()):
        notes.append(Note("backprop.float_values", {"digits": FLOAT_DIGITS}))

    gradients = result.gradients_by_name()
    output_label = graph.label(graph.output)
    nodes = [
        {
            "id": node.id,
            "op": node.op,
            "inputs": list(node.inputs),
            "value": json_value(result.values[node.id], decimal),
            "grad": (json_value(result.grads[node.id], decimal)
                     if node.id in result.grads else None),
        }
        for node in graph.nodes.values()
    ]
    summary_key = "backprop.summary" if result.upstream == 1 else "backprop.summary_upstream"
    summary_params = {
        "output": output_label,
        "value": text_value(result.values[graph.output], decimal),
        "upstream": text_value(result.upstream, decimal),
        "gradients": ", ".join(f"∂{output_label}/∂{name} = {text_value(grad, decimal)}"
                               for name, grad in gradients.items() if name != output_label),
    }
    return Trace(
        kind="backprop",
        reading=_reading(command),
        steps=tuple(steps),
        result={
            "output": json_value(result.values[graph.output], decimal),
            "gradients": {name: json_value(grad, decimal) for name, grad in gradients.items()},
            "nodes": nodes,
        },
        notes=(*command.notes, *notes, Note("backprop.drawing_legend")),
        extra={
            "summary_key": summary_key,
            "summary_params": summary_params,
            "blocks": (draw_graph(result.graph, result.values, result.edges,
                                  upstream=result.upstream, decimal=decimal),),
            "graph": graph_data(result.graph, result.values, result.grads, result.edges,
                                decimal=decimal),
            "chain_rule_agrees": all_agree,
        },
    )
