"""The number line of an interval trace, drawn as text.

An included end is a filled dot (●), an excluded end an open dot (○),
the interval is the thick part of the line, and an infinite end runs
thick to an arrow.  The number asked about with ``contains`` is marked ▲
under the line.  Positions are to scale between the finite numbers shown.
"""

from __future__ import annotations

import math
from typing import Any

#: Cells of the drawn line, arrow heads included; fits an 80-column bubble.
WIDTH = 41

#: First and last cell a finite number may take, leaving room for a label and the arrows.
FIRST, LAST = 4, WIDTH - 5


def _as_float(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) else None


def _columns(values: list[float]) -> dict[float, int]:
    """Map each finite value to a cell between FIRST and LAST, to scale."""
    low, high = min(values), max(values)
    if low == high:
        return {low: (FIRST + LAST) // 2}
    return {value: FIRST + round((value - low) / (high - low) * (LAST - FIRST)) for value in values}


def number_line(result: dict[str, Any]) -> str | None:
    """Return the three-line drawing of an interval trace's ``result``, or None when it has no interval.

    Reads ``interval`` (a SymPy Interval), ``left_closed``,
    ``right_closed`` and, when a membership question was asked, ``query``.
    """
    import sympy

    from tutor.render.mathtext import to_unicode

    interval = result.get("interval")
    if interval is None or not hasattr(interval, "start"):
        return None
    start, end = _as_float(interval.start), _as_float(interval.end)
    query = result.get("query")
    query_value = _as_float(query) if query is not None else None
    if start is None or end is None:
        # A symbolic end (``[a, b)``, assumed a < b) has no scale, so the ends are drawn at fixed cells.
        start = float("-inf") if interval.start == -sympy.oo else (0.0 if start is None else start)
        end = float("inf") if interval.end == sympy.oo else (1.0 if end is None else end)
        if not start < end:
            start, end = 0.0, 1.0
        query_value = None

    finite = [value for value in (start, end, query_value) if value is not None and math.isfinite(value)]
    if not finite:
        # (-∞, ∞) has no number to place, so the whole line is thick.
        return "◀" + "━" * (WIDTH - 2) + "▶"
    columns = _columns(finite)
    if math.isinf(start) and len(finite) == 1:
        columns = {finite[0]: LAST - 8}
    elif math.isinf(end) and len(finite) == 1:
        columns = {finite[0]: FIRST + 8}

    line = ["─"] * WIDTH
    line[0], line[-1] = "◀", "▶"
    left = 0 if math.isinf(start) else columns[start]
    right = WIDTH - 1 if math.isinf(end) else columns[end]
    for cell in range(left, right + 1):
        line[cell] = "━"
    if math.isinf(start):
        line[0] = "◀"
    else:
        line[left] = "●" if result.get("left_closed") else "○"
    if math.isinf(end):
        line[-1] = "▶"
    else:
        line[right] = "●" if result.get("right_closed") else "○"

    labels = [" "] * (WIDTH + 8)
    marks = [" "] * WIDTH
    placed: list[tuple[int, int]] = []
    for value, text in ((start, interval.start), (end, interval.end)):
        if math.isfinite(value):
            _place(labels, placed, columns[value], to_unicode(text))
    if query_value is not None and math.isfinite(query_value):
        marks[columns[query_value]] = "▲"
        if query_value not in (start, end):
            _place(labels, placed, columns[query_value], to_unicode(query))

    rows = ["".join(line)]
    if "▲" in marks:
        rows.append("".join(marks).rstrip())
    rows.append("".join(labels).rstrip())
    return "\n".join(rows)


def _place(labels: list[str], placed: list[tuple[int, int]], column: int, text: str) -> None:
    """Write ``text`` centred under ``column`` unless it would overlap a label already placed."""
    start = max(0, column - (len(text) - 1) // 2)
    stop = start + len(text)
    if stop > len(labels) or any(start <= used_stop and used_start <= stop for used_start, used_stop in placed):
        return
    labels[start:stop] = list(text)
    placed.append((start, stop))
