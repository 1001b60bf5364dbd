"""Build a computational graph, one node per operation, from a Backprop command.

The parser builds backprop expressions with ``evaluate=False``, so the
tree keeps the learner's shape: ``x * x`` is a product with two edges from
x, and ``x - y`` is ``Add(x, Mul(-1, y))``, which becomes a ``sub`` node.
An n-ary sum or product is folded left to right into binary nodes.
Structurally equal sub-expressions share one node, so a repeated
sub-expression shows its fan-out as the lecture draws it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy

from tutor import limits
from tutor.engine.graph_ops import OPS
from tutor.errors import TooComplexError, UnsupportedError
from tutor.parsing.commands import Backprop

#: Applied-function names that arrive as ``sympy.Function('name')(u)``.
_NAMED_FUNCTIONS = {"sigmoid": "sigmoid", "relu": "relu", "max": "max", "exp": "exp",
                    "log": "log", "ln": "log", "sin": "sin", "cos": "cos", "tanh": "tanh"}

_SYMPY_FUNCTIONS = {sympy.exp: "exp", sympy.log: "log", sympy.sin: "sin",
                    sympy.cos: "cos", sympy.tanh: "tanh"}


@dataclass(frozen=True)
class Node:
    """One node: ``op`` is a backprop op, ``"input"`` (a variable) or ``"const"``.

    ``inputs`` are node ids in argument order, so ``x * x`` has
    ``("x", "x")``.  ``name`` is the learner's name for the node (a
    variable, or ``q`` in ``q = x + y``).  ``constant`` is the value of a
    const node.
    """

    id: str
    op: str
    inputs: tuple[str, ...] = ()
    name: str | None = None
    constant: sympy.Expr | None = None


@dataclass
class Graph:
    """Nodes in topological order (every node after its inputs) and the output's id."""

    nodes: dict[str, Node] = field(default_factory=dict)
    output: str = ""
    #: Learner's names of intermediate nodes, in definition order: name -> node id.
    named: dict[str, str] = field(default_factory=dict)

    @property
    def input_ids(self) -> list[str]:
        """Ids of the variable nodes, in order of first use."""
        return [node.id for node in self.nodes.values() if node.op == "input"]

    @property
    def operation_count(self) -> int:
        """Number of operation nodes (variables and constants not counted)."""
        return sum(1 for node in self.nodes.values() if node.op in OPS)

    def label(self, node_id: str) -> str:
        """Return how explanations name a node: the learner's name, else its id."""
        node = self.nodes[node_id]
        if node.op == "const":
            return sympy.sstr(node.constant)
        return node.name or node.id

    def consumers(self, node_id: str) -> list[str]:
        """Ids of the nodes that take ``node_id`` as an input (once per node)."""
        return [node.id for node in self.nodes.values() if node_id in node.inputs]


class _Builder:
    """Turns SymPy expressions into graph nodes, reusing equal sub-expressions."""

    def __init__(self, reserved: set[str]) -> None:
        self.graph = Graph()
        self.reserved = set(reserved)
        self.memo: dict[object, str] = {}
        self.names: dict[sympy.Symbol, str] = {}
        self.counter = 0

    def fresh_id(self, prefix: str) -> str:
        while True:
            self.counter += 1
            candidate = f"{prefix}{self.counter}"
            if candidate not in self.reserved and candidate not in self.graph.nodes:
                return candidate

    def add(self, key: object, op: str, inputs: tuple[str, ...] = (),
            node_id: str | None = None, constant: sympy.Expr | None = None) -> str:
        if key in self.memo:
            return self.memo[key]
        if len(self.graph.nodes) >= limits.MAX_GRAPH_NODES:
            raise TooComplexError("backprop.too_many_nodes", limit=limits.MAX_GRAPH_NODES)

        node_id = node_id or self.fresh_id("c" if op == "const" else "n")
        name = node_id if op == "input" else None
        self.graph.nodes[node_id] = Node(node_id, op, inputs, name, constant)
        self.memo[key] = node_id
        return node_id

    def rename(self, node_id: str, name: str) -> str:
        """Give an operation node the learner's name, keeping node order and edges."""
        def new_id(old: str) -> str:
            return name if old == node_id else old

        self.graph.nodes = {
            new_id(key): Node(new_id(key), node.op, tuple(new_id(i) for i in node.inputs),
                              name if key == node_id else node.name, node.constant)
            for key, node in self.graph.nodes.items()
        }
        self.memo = {_rename_key(key, new_id): new_id(value) for key, value in self.memo.items()}
        return name

    def binary(self, op: str, left: str, right: str) -> str:
        return self.add((op, left, right), op, (left, right))

    def unary(self, op: str, arg: str) -> str:
        return self.add((op, arg), op, (arg,))

    def constant(self, value: sympy.Expr) -> str:
        return self.add(("const", value), "const", constant=value)

    # ------------------------------------------------------------ dispatch

    def build(self, expr: sympy.Basic) -> str:
        """Return the id of the node computing ``expr``, creating nodes as needed."""
        if isinstance(expr, sympy.Symbol):
            if expr in self.names:
                return self.names[expr]
            return self.add(("input", expr.name), "input", node_id=expr.name)
        if expr.is_number and not expr.free_symbols and (expr.is_Number or expr.is_NumberSymbol):
            return self.constant(expr)
        if isinstance(expr, sympy.Add):
            return self.build_sum(expr.args)
        if isinstance(expr, sympy.Mul):
            return self.build_product(expr.args)
        if isinstance(expr, sympy.Pow):
            return self.build_power(expr)
        return self.build_function(expr)

    def build_sum(self, terms: tuple[sympy.Basic, ...]) -> str:
        # A term -u after the first becomes a subtraction, as the learner wrote it.
        first, *rest = terms
        current = self.build_signed_first(first)
        for term in rest:
            negated = _negated(term)
            if negated is not None:
                current = self.binary("sub", current, self.build(negated))
            else:
                current = self.binary("add", current, self.build(term))
        return current

    def build_signed_first(self, term: sympy.Basic) -> str:
        negated = _negated(term)
        if negated is not None and not negated.is_Number:
            return self.unary("neg", self.build(negated))
        return self.build(term)

    def build_product(self, factors: tuple[sympy.Basic, ...]) -> str:
        # Mul(-1, u) is negation; a factor v^-1 after the first is a division.
        if factors[0] == -1 and len(factors) > 1:
            return self.unary("neg", self.build_product(factors[1:]) if len(factors) > 2
                              else self.build(factors[1]))
        current = self.build(factors[0])
        for factor in factors[1:]:
            if isinstance(factor, sympy.Pow) and factor.exp == -1:
                current = self.binary("div", current, self.build(factor.base))
            else:
                current = self.binary("mul", current, self.build(factor))
        return current

    def build_power(self, expr: sympy.Pow) -> str:
        base, exponent = expr.args
        if base == sympy.E:
            return self.unary("exp", self.build(exponent))
        if exponent == -1:
            return self.binary("div", self.constant(sympy.Integer(1)), self.build(base))
        return self.binary("pow", self.build(base), self.build(exponent))

    def build_function(self, expr: sympy.Basic) -> str:
        op = _function_op(expr)
        if op is None:
            raise UnsupportedError("backprop.unsupported_op", op=_function_name(expr),
                                   ops=", ".join(OPS))
        arity = OPS[op].arity
        args = expr.args
        if len(args) == 0 or (arity == 1 and len(args) != 1):
            raise UnsupportedError("backprop.wrong_arity", op=op, count=len(args), expected=arity)
        if arity == 1:
            return self.unary(op, self.build(args[0]))
        if len(args) < 2:
            raise UnsupportedError("backprop.wrong_arity", op=op, count=len(args), expected=arity)

        # max(a, b, c) is folded as max(max(a, b), c).
        current = self.build(args[0])
        for arg in args[1:]:
            current = self.binary(op, current, self.build(arg))
        return current


def _rename_key(key: object, new_id) -> object:
    """Rewrite the node ids inside an operation's memo key ``(op, id, ...)``."""
    if isinstance(key, tuple) and key and key[0] in OPS:
        return (key[0], *(new_id(part) for part in key[1:]))
    return key


def _negated(term: sympy.Basic) -> sympy.Basic | None:
    """Return u when ``term`` is -u (``Mul(-1, u)`` or a negative number), else None."""
    if term.is_Number and term.is_negative:
        return -term
    if isinstance(term, sympy.Mul) and term.args and term.args[0] == -1:
        rest = term.args[1:]
        return rest[0] if len(rest) == 1 else sympy.Mul(*rest, evaluate=False)
    return None


def _function_name(expr: sympy.Basic) -> str:
    func = getattr(expr, "func", type(expr))
    return getattr(func, "__name__", type(expr).__name__)


def _function_op(expr: sympy.Basic) -> str | None:
    if isinstance(expr, sympy.Max):
        return "max"
    for cls, op in _SYMPY_FUNCTIONS.items():
        if isinstance(expr, cls):
            return op
    if isinstance(expr, sympy.core.function.AppliedUndef):
        return _NAMED_FUNCTIONS.get(_function_name(expr).lower())
    return None


def build_graph(command: Backprop) -> Graph:
    """Build the graph of ``command``: its named assignments, then its output.

    ``output`` may be the last expression or the name of the last
    assignment (``f`` in ``q = x + y; f = q * z``); both give the same node.
    """
    reserved = {str(symbol) for _, expr in command.assignments for symbol in expr.free_symbols}
    reserved |= {str(symbol) for symbol in command.output.free_symbols}
    reserved |= {str(name) for name, _ in command.assignments}
    builder = _Builder(reserved)

    for name, expr in command.assignments:
        if name in builder.names:
            raise UnsupportedError("backprop.name_twice", name=str(name))
        node_id = builder.build(expr)
        node = builder.graph.nodes[node_id]
        if node.op in OPS and node.name is None:
            node_id = builder.rename(node_id, str(name))
        builder.names[name] = node_id
        builder.graph.named[str(name)] = node_id

    builder.graph.output = builder.build(command.output)
    output = builder.graph.nodes[builder.graph.output]
    if output.op in OPS and output.name is None:
        # The one-expression form names its output f, as the lecture does.
        name = next(n for n in ("f", "L", "out", "output") if n not in builder.reserved)
        builder.graph.output = builder.rename(output.id, name)
    if builder.graph.operation_count == 0:
        raise UnsupportedError("backprop.no_operation")
    if not builder.graph.input_ids:
        raise UnsupportedError("backprop.no_variable")
    return builder.graph
