"""Time the parser on typical learner lines (median of repeated parses).

Run from the repository root: ``python benchmarks/bench_parse.py``.
Prints milliseconds per line; compare runs on the same machine only.
"""

from __future__ import annotations

import statistics
import time

from tutor.parsing import parse

LINES = [
    "d/dx (3x^2 + 2)^2 sin x + e^2x ln x",
    "partial 3x^2 + 2y^2 + xy wrt x at (2, 3)",
    "(3x^2+2)^2을 미분해 줘",
    "backprop q = x + y; f = q * z at x = -2, y = 5, z = 4",
    "classify (d^2y/dx^2)^2 + 2x^2 dy/dx = 0",
]


def main(repeat: int = 50) -> None:
    """Print the median parse time of each line."""
    parse("x")  # builds and caches the Lark parser
    for line in LINES:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            parse(line)
            times.append(time.perf_counter() - started)
        print(f"{statistics.median(times) * 1000:7.2f} ms  {line}")


if __name__ == "__main__":
    main()
