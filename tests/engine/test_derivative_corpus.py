"""Every step of every trace is valid, on a generated corpus and the benchmark corpus.

A step is valid when ``before`` and ``after`` agree as real functions at
random points (points where either side is undefined are skipped); the
final answer must agree with ``sympy.diff``.  The corpus comes from a
seeded generator, so a failure names an expression that reproduces.
"""

from __future__ import annotations

import random
from functools import cache
from pathlib import Path

import pytest
import sympy

from tutor.engine.derivative import derivative_steps
from tutor.engine.realnum import evaluate_real
from tutor.engine.steps import Step
from tutor.engine.tidy import node_count

#: Real, so that sympy.diff(|x|) is sign(x) rather than a formula in re and im.
x = sympy.Symbol("x", real=True)

CORPUS_SIZE = 520
SEED = 20261204
PREC = 15
TOLERANCE = 1e-7

#: Larger expressions make traces of hundreds of steps and slow the suite
#: without covering new rules.
MAX_NODES = 40

FUNCTIONS = (
    sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.sec, sympy.csc, sympy.cot,
    sympy.asin, sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh, sympy.Abs, sympy.sqrt,
)


def _polynomial(rng: random.Random) -> sympy.Expr:
    degree = rng.randint(1, 3)
    return sympy.Add(*(rng.randint(-5, 5) * x**k for k in range(degree + 1))) or x


def _expression(rng: random.Random, depth: int) -> sympy.Expr:
    """Build a random expression in x: polynomials, products, quotients and compositions."""
    if depth == 0:
        return rng.choice([x, x, _polynomial(rng), sympy.Integer(rng.randint(1, 4)) * x])
    kind = rng.choice(("sum", "product", "quotient", "power", "function", "function", "base", "log_base"))
    child = lambda: _expression(rng, depth - 1)  # noqa: E731 - a local shorthand
    if kind == "sum":
        return child() + rng.randint(-3, 3) * child()
    if kind == "product":
        return child() * child()
    if kind == "quotient":
        return sympy.Mul(child(), sympy.Pow(child(), -1))
    if kind == "power":
        exponent = rng.choice([2, 3, -1, -2, -3, sympy.Rational(1, 2), sympy.Rational(1, 3), sympy.Rational(2, 3)])
        return child() ** exponent
    if kind == "function":
        return rng.choice(FUNCTIONS)(child())
    if kind == "base":
        return rng.choice([2, 3, x]) ** child()
    return sympy.log(child(), 2)


@cache
def generated_corpus() -> list[sympy.Expr]:
    """Return the seeded corpus: depth 0 to 4, no duplicates, none free of x."""
    rng = random.Random(SEED)
    corpus: dict[sympy.Expr, None] = {}
    while len(corpus) < CORPUS_SIZE:
        expr = _expression(rng, rng.choice((1, 1, 2, 2, 2, 3, 3, 4)))
        if expr.has(x) and not expr.has(sympy.zoo, sympy.nan) and node_count(expr) <= MAX_NODES:
            corpus.setdefault(expr, None)
    return list(corpus)


def benchmark_corpus() -> list[sympy.Expr]:
    """Return the expressions of tests/data/benchmark-corpus.txt (a trusted file of SymPy syntax)."""
    path = Path(__file__).parents[1] / "data" / "benchmark-corpus.txt"
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    return [sympy.parse_expr(line, local_dict={"x": x}) for line in lines if line and not line.startswith("#")]


def _points(rng: random.Random, symbols: set[sympy.Symbol], count: int) -> list[dict[sympy.Symbol, float]]:
    return [
        {symbol: rng.choice((-1, 1)) * rng.uniform(0.15, 1.85) for symbol in symbols}
        for _ in range(count)
    ]


def _agree(left: sympy.Expr, right: sympy.Expr, rng: random.Random, count: int) -> tuple[bool, int]:
    """Compare two expressions at ``count`` random real points; return (agree, points compared)."""
    compared = 0
    for point in _points(rng, left.free_symbols | right.free_symbols, count):
        a = evaluate_real(left, point, PREC)
        b = evaluate_real(right, point, PREC)
        # Past 1e50 the rounding of x itself outweighs the tolerance (2^(2^(x³))).
        if a is None or b is None or max(abs(a), abs(b)) > 1e50:
            continue
        compared += 1
        if abs(a - b) > TOLERANCE * max(1, abs(a), abs(b)):
            return False, compared
    return True, compared


def _check_trace(expr: sympy.Expr, rng: random.Random) -> None:
    steps, final = derivative_steps(expr, x)
    assert steps[-1].after == final

    invalid: list[Step] = []
    for top in steps:
        for step in top.walk():
            assert step.rule != "unsupported", f"{expr}: unsupported {step.params.get('function')}"
            ok, _ = _agree(step.before, step.after, rng, 1)
            if not ok:
                invalid.append(step)
    assert invalid == [], f"{expr}: invalid steps {[(s.rule, s.before, s.after) for s in invalid]}"

    ok, _ = _agree(final, sympy.diff(expr, x), rng, 2)
    assert ok, f"{expr}: {final} differs from sympy.diff"


def test_generated_corpus_size():
    corpus = generated_corpus()
    assert len(corpus) >= 500
    assert max(node_count(e) for e in corpus) > 25


@pytest.mark.slow
@pytest.mark.parametrize("chunk", range(4))
def test_generated_corpus_steps_valid(chunk):
    corpus = generated_corpus()
    rng = random.Random(SEED + chunk)
    for expr in corpus[chunk::4]:
        _check_trace(expr, rng)


@pytest.mark.parametrize("expr", benchmark_corpus(), ids=str)
def test_benchmark_corpus_steps_valid(expr):
    _check_trace(expr, random.Random(SEED))
