"""Backprop on random graphs agrees with sympy.diff and with central finite differences.

The graphs use every node operation, fan-out (a variable used twice, a
shared sub-expression, a named node used twice) and depth up to 6.  The
finite differences are taken on the learner's expression itself (not on
the built graph), with mpmath at 30 digits and h = 1e-10, so they are an
independent oracle; the tolerance is 1e-6 relative.
"""

from __future__ import annotations

import random

import mpmath
import pytest
import sympy
from sympy.core.function import AppliedUndef

from tutor.engine.backprop import agree, run_backprop, symbolic_expression
from tutor.errors import MathDomainError, UnsupportedError
from tutor.parsing.commands import Backprop, Point

GRAPHS = 300
VARIABLES = sympy.symbols("x y z")
SIGMOID, RELU, MAX = sympy.Function("sigmoid"), sympy.Function("relu"), sympy.Function("max")
FD_STEP = mpmath.mpf("1e-10")
FD_TOLERANCE = 1e-6
#: Distance from a relu or max kink within which finite differences are not compared.
KINK_MARGIN = 1e-4


def _random_expr(rng: random.Random, depth: int, pool: list[sympy.Expr]) -> sympy.Expr:
    """Build an unevaluated expression as the parser would, reusing pooled parts for fan-out."""
    if pool and rng.random() < 0.2:
        return rng.choice(pool)
    if depth == 0 or rng.random() < 0.15:
        if rng.random() < 0.15:
            return sympy.Integer(rng.choice([2, 3, -1]))
        return rng.choice(VARIABLES)

    a = _random_expr(rng, depth - 1, pool)
    op = rng.choice(["add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sin", "cos",
                     "tanh", "sigmoid", "relu", "max", "max_sympy", "square_same"])
    if op in {"add", "sub", "mul", "div", "max", "max_sympy"}:
        b = _random_expr(rng, depth - 1, pool)
        expr = {
            "add": lambda: sympy.Add(a, b, evaluate=False),
            "sub": lambda: sympy.Add(a, sympy.Mul(-1, b, evaluate=False), evaluate=False),
            "mul": lambda: sympy.Mul(a, b, evaluate=False),
            "div": lambda: sympy.Mul(a, sympy.Pow(b, -1, evaluate=False), evaluate=False),
            "max": lambda: MAX(a, b),
            "max_sympy": lambda: sympy.Max(a, b, evaluate=False),
        }[op]()
    elif op == "neg":
        expr = sympy.Mul(-1, a, evaluate=False)
    elif op == "pow":
        if rng.random() < 0.5:
            expr = sympy.Pow(a, rng.choice([2, 3]), evaluate=False)
        else:
            # A variable exponent on a positive base: exp(u)^v.
            expr = sympy.Pow(sympy.exp(a, evaluate=False), rng.choice(VARIABLES), evaluate=False)
    elif op == "square_same":
        expr = sympy.Mul(a, a, evaluate=False)
    elif op == "log":
        expr = sympy.log(a, evaluate=False)
    else:
        expr = {
            "exp": sympy.exp, "sin": sympy.sin, "cos": sympy.cos, "tanh": sympy.tanh,
            "sigmoid": SIGMOID, "relu": RELU,
        }[op](a, evaluate=False) if op not in {"sigmoid", "relu"} else {"sigmoid": SIGMOID,
                                                                         "relu": RELU}[op](a)
    pool.append(expr)
    return expr


def _random_command(rng: random.Random) -> Backprop:
    pool: list[sympy.Expr] = []
    point = Point(tuple(sympy.Rational(rng.randint(-8, 8), 4) for _ in VARIABLES), VARIABLES)
    if rng.random() < 0.3:
        # Named form: q = ...; f = (something using q twice or once).
        q = sympy.Symbol("q")
        q_expr = _random_expr(rng, rng.randint(1, 3), pool)
        rest = _random_expr(rng, rng.randint(1, 3), [])
        output = sympy.Mul(q, sympy.Add(q, rest, evaluate=False), evaluate=False)
        return Backprop(assignments=((q, q_expr),), output=output, point=point)
    output = _random_expr(rng, rng.randint(1, 6), pool)
    if output.is_Atom:
        output = sympy.Mul(output, rng.choice(VARIABLES), evaluate=False)
    return Backprop(assignments=(), output=output, point=point)


def _plain(expr: sympy.Expr) -> sympy.Expr:
    """Return the learner's expression with sigmoid, relu and max as ordinary SymPy functions."""
    def rewrite(node):
        if isinstance(node, AppliedUndef):
            name = node.func.__name__
            args = [rewrite(arg) for arg in node.args]
            if name == "sigmoid":
                return 1 / (1 + sympy.exp(-args[0]))
            if name == "relu":
                return sympy.Max(args[0], 0)
            return sympy.Max(*args)
        if not node.args:
            return node
        return node.func(*[rewrite(arg) for arg in node.args])
    return rewrite(expr)


def _full_expression(command: Backprop) -> sympy.Expr:
    expr = command.output
    for name, value in reversed(command.assignments):
        expr = expr.xreplace({name: value})
    return _plain(expr)


def _near_kink(result) -> bool:
    graph, values = result.graph, result.values
    for node in graph.nodes.values():
        if node.op == "relu" and abs(float(values[node.inputs[0]])) < KINK_MARGIN:
            return True
        if node.op == "max":
            a, b = (values[i] for i in node.inputs)
            if abs(float(a - b)) < KINK_MARGIN:
                return True
    return False


def _finite_difference(expr: sympy.Expr, point: dict[str, sympy.Expr], name: str) -> mpmath.mpf:
    function = sympy.lambdify(VARIABLES, expr, modules="mpmath")
    with mpmath.workdps(30):
        args = [mpmath.mpf(sympy.N(point[str(v)], 40)) for v in VARIABLES]
        index = [str(v) for v in VARIABLES].index(name)
        up, down = list(args), list(args)
        up[index] += FD_STEP
        down[index] -= FD_STEP
        return (function(*up) - function(*down)) / (2 * FD_STEP)


def _graphs():
    rng = random.Random(20260804)
    produced = domain_errors = 0
    while produced < GRAPHS:
        command = _random_command(rng)
        try:
            result = run_backprop(command)
        except UnsupportedError as error:
            # A random tree can be all constants, such as 3**2.
            assert error.key == "backprop.no_variable"
            continue
        except MathDomainError as error:
            domain_errors += 1
            message = error.message("en")
            assert "nan" not in message.lower()
            assert "{" not in message
            continue
        produced += 1
        yield command, result
    assert domain_errors < GRAPHS, "almost every random graph was undefined at its point"


@pytest.mark.slow
def test_random_graphs_match_diff_and_finite_differences():
    ops_seen: set[str] = set()
    fanout_graphs = compared_fd = 0
    for command, result in _graphs():
        graph = result.graph
        ops_seen |= {node.op for node in graph.nodes.values()}
        if any(len(parts) > 1 for parts in result.arrivals.values()):
            fanout_graphs += 1

        learner_expr = _full_expression(command)
        substitutions = {sympy.Symbol(k): v for k, v in result.point.items()}
        assert agree(result.values[graph.output], learner_expr.xreplace(substitutions)), command

        symbolic = symbolic_expression(graph, result.values)
        check_fd = not _near_kink(result)
        compared_fd += check_fd
        for name in graph.input_ids:
            grad = result.grads.get(name, sympy.Integer(0))
            partial = sympy.diff(symbolic, sympy.Symbol(name)).xreplace(substitutions)
            assert agree(grad, partial), (command, name, grad, partial)
            if check_fd:
                full_point = {str(v): value for v, value in zip(VARIABLES, command.point.values)}
                numeric = _finite_difference(learner_expr, full_point, name)
                allowed = FD_TOLERANCE * max(1.0, abs(float(grad)))
                assert abs(float(grad) - float(numeric)) <= allowed, (command, name, grad, numeric)

    assert ops_seen >= {"add", "sub", "mul", "div", "neg", "pow", "exp", "log", "sin", "cos",
                        "tanh", "sigmoid", "relu", "max"}
    assert fanout_graphs >= GRAPHS // 4
    assert compared_fd >= GRAPHS * 0.8
