"""Benchmark the derivative trace against SymPy, and the start-up of ``difftutor explain``.

Run from the repository root::

    python benchmarks/bench_trace.py [--repeat 5] [--quick]

It prints Markdown tables (the figures recorded in docs/benchmarks.md):

1. over tests/data/benchmark-corpus.txt, the median per-expression time of
   a full trace (rules and tidying), of ``sympy.diff`` and of
   ``sympy.diff`` + ``simplify``, and their ratios in the same run;
2. trace time for sums of 10, 100 and 1000 terms and for chains nested
   2, 8 and 32 deep, to show how it grows;
3. the wall time of ``difftutor explain "d/dx x^2"`` against
   ``python -c "import sympy, lark"``.

SymPy caches results, so its cache is cleared before every timed call;
otherwise repeats would time cache look-ups.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import sympy
from sympy.core.cache import clear_cache

from tutor.engine.derivative import derivative_steps

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "data" / "benchmark-corpus.txt"
x = sympy.Symbol("x")


def load_corpus() -> list[sympy.Expr]:
    """Read the benchmark corpus (trusted SymPy syntax, one expression per line)."""
    lines = [line.strip() for line in CORPUS.read_text(encoding="utf-8").splitlines()]
    return [sympy.parse_expr(line, local_dict={"x": x}) for line in lines if line and not line.startswith("#")]


def best_time(function: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of ``function`` over ``repeat`` cold-cache calls, in seconds."""
    times = []
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def corpus_table(repeat: int) -> list[str]:
    """Time the three ways of differentiating every corpus expression."""
    trace_times, diff_times, simplify_times = [], [], []
    for expr in load_corpus():
        trace_times.append(best_time(lambda: derivative_steps(expr, x), repeat))
        diff_times.append(best_time(lambda: sympy.diff(expr, x), repeat))
        simplify_times.append(best_time(lambda: sympy.simplify(sympy.diff(expr, x)), repeat))

    trace, diff, simplified = (statistics.median(t) for t in (trace_times, diff_times, simplify_times))
    return [
        f"Corpus: {len(trace_times)} expressions, median of per-expression medians ({repeat} cold-cache runs each).",
        "",
        "| method | median time (ms) | ratio to trace |",
        "|---|---:|---:|",
        f"| full trace (rules + tidying) | {trace * 1e3:.2f} | 1.00 |",
        f"| sympy.diff | {diff * 1e3:.2f} | {diff / trace:.2f} |",
        f"| sympy.diff + simplify | {simplified * 1e3:.2f} | {simplified / trace:.2f} |",
        "",
        f"trace / (diff + simplify) = {trace / simplified:.2f}; "
        f"total corpus: trace {sum(trace_times):.2f} s, diff + simplify {sum(simplify_times):.2f} s.",
    ]


def growth_table(repeat: int, quick: bool) -> list[str]:
    """Time traces of long sums and deep chains."""
    sizes = (10, 100) if quick else (10, 100, 1000)
    depths = (2, 8) if quick else (2, 8, 32)
    rows = ["| input | size | trace time (ms) | time per unit (ms) |", "|---|---:|---:|---:|"]
    for n in sizes:
        expr = sympy.Add(*(sympy.sin(k * x) for k in range(1, n + 1)))
        seconds = best_time(lambda: derivative_steps(expr, x), repeat)
        rows.append(f"| sum of sin(kx) | {n} terms | {seconds * 1e3:.1f} | {seconds * 1e3 / n:.3f} |")
    for depth in depths:
        expr = x**2 + 1
        for _ in range(depth):
            expr = sympy.sin(expr)
        seconds = best_time(lambda: derivative_steps(expr, x), repeat)
        rows.append(f"| sin(sin(...(x²+1))) | depth {depth} | {seconds * 1e3:.1f} | {seconds * 1e3 / depth:.3f} |")
    return rows


def wall_time(command: list[str], repeat: int) -> float:
    """Return the median wall time of running ``command`` as a process, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def process_table(repeat: int) -> list[str]:
    """Compare ``difftutor explain`` with importing its two big dependencies."""
    explain = wall_time([sys.executable, "-m", "tutor", "explain", "d/dx x^2"], repeat)
    imports = wall_time([sys.executable, "-c", "import sympy, lark"], repeat)
    textual = subprocess.run(
        [sys.executable, "-c",
         "import sys; from tutor.cli import main; main(['explain', 'd/dx x^2']); "
         "print('textual' in sys.modules, file=sys.stderr)"],
        capture_output=True, text=True, check=True,
    ).stderr.strip().splitlines()[-1]
    return [
        "| process | median wall time (ms) |",
        "|---|---:|",
        f"| python -m tutor explain \"d/dx x^2\" | {explain * 1e3:.0f} |",
        f"| python -c \"import sympy, lark\" | {imports * 1e3:.0f} |",
        "",
        f"explain / import = {explain / imports:.2f}; Textual imported on the explain path: {textual}.",
    ]


def main(argv: list[str] | None = None) -> int:
    """Run all benchmarks and print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per measurement (median is kept)")
    parser.add_argument("--quick", action="store_true", help="skip the largest sum and the deepest chain")
    args = parser.parse_args(argv)

    sections = [
        ("Trace vs SymPy", corpus_table(args.repeat)),
        ("Growth", growth_table(max(1, args.repeat // 2), args.quick)),
        ("Process start-up", process_table(args.repeat)),
    ]
    for title, lines in sections:
        print(f"## {title}\n")
        print("\n".join(lines))
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
