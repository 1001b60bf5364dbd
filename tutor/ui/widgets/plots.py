"""Pictures of a trace: the curve with its secant and tangents, motion against time.

The engine puts what a picture needs in ``Trace.extra`` and ``Trace.result``;
this module only samples and draws.  Sampling evaluates SymPy objects
point by point in a thread worker (no ``lambdify``, so no generated code is
ever executed), and textual-plotext is imported only when a picture is
shown, because plotext costs about 0.15 s to import.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import work
from rich.markup import escape
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from tutor.i18n import translate

if TYPE_CHECKING:
    from textual.app import ComposeResult

    from tutor.engine.steps import Trace

logger = logging.getLogger(__name__)

#: Points sampled along each curve; enough for a smooth 70-column plot.
SAMPLES = 61


@dataclass(frozen=True)
class Series:
    """One line of a plot: a label (catalog key and params) and the points."""

    key: str
    params: tuple[tuple[str, str], ...]
    xs: tuple[float, ...]
    ys: tuple[float, ...]


@dataclass(frozen=True)
class PlotSpec:
    """A plot to draw: labelled functions of one variable over an interval."""

    var: Any
    start: float
    stop: float
    lines: tuple[tuple[str, tuple[tuple[str, str], ...], Any], ...]


def _number(value: Any) -> float | None:
    try:
        result = complex(value)
    except (TypeError, ValueError):
        return None
    if abs(result.imag) > 1e-9 or not math.isfinite(result.real):
        return None
    return result.real


def theorem_spec(trace: Trace) -> PlotSpec | None:
    """Return the curve, the secant through (a, f(a)) and (b, f(b)), and a tangent at each c.

    Reads the engine's keys ``function``, ``var``, ``a``, ``b``, ``f(a)``,
    ``f(b)``, ``secant_slope``, ``derivative`` and ``c_values`` (and
    ``result["mvt"]["c"]`` when Rolle's theorem falls back to the mean
    value theorem); the secant is left out when f(a) or f(b) is undefined.
    """
    from tutor.render.mathtext import to_unicode

    extra = trace.extra
    function, var = extra.get("function"), extra.get("var")
    a, b = extra.get("a"), extra.get("b")
    if function is None or var is None or a is None or b is None:
        return None
    start, stop = _number(a), _number(b)
    if start is None or stop is None or start >= stop:
        return None

    lines: list[tuple[str, tuple[tuple[str, str], ...], Any]] = [("ui.plot.curve", (), function)]
    fa, slope = extra.get("f(a)"), extra.get("secant_slope")
    if fa is not None and slope is not None:
        lines.append(("ui.plot.secant", (), fa + slope * (var - a)))
    derivative = extra.get("derivative")
    for c in _tangent_points(trace):
        if derivative is None or _number(c) is None:
            continue
        tangent = function.subs(var, c) + derivative.subs(var, c) * (var - c)
        lines.append(("ui.plot.tangent", (("c", to_unicode(c)),), tangent))
    return PlotSpec(var, start, stop, tuple(lines))


def _tangent_points(trace: Trace) -> list[Any]:
    """Return the c values to draw a tangent at.

    These are the theorem's own c, or for Rolle's theorem with
    f(a) ≠ f(b) the mean value theorem's c that the trace finds instead.
    """
    c_values = list(trace.extra.get("c_values") or ())
    if c_values:
        return c_values
    fallback = trace.result.get("mvt")
    if isinstance(fallback, dict):
        return list(fallback.get("c") or ())
    return []


def motion_spec(trace: Trace) -> PlotSpec | None:
    """Return position, velocity and acceleration against time.

    The time axis is the command's ``on [t0, t1]`` interval, or else runs
    from 0 to one past the last direction change (at least to 4).
    """
    extra = trace.extra
    position, var = extra.get("position"), extra.get("var")
    velocity, acceleration = extra.get("velocity"), extra.get("acceleration")
    if position is None or var is None or velocity is None or acceleration is None:
        return None

    interval = extra.get("interval")
    if interval is not None:
        start, stop = _number(interval[0]), _number(interval[1])
    else:
        turning = [_number(t) for t in extra.get("turning_points") or ()]
        start, stop = 0.0, max([4.0, *(t + 1 for t in turning if t is not None)])
    if start is None or stop is None or start >= stop:
        return None
    lines = (
        ("ui.plot.position", (), position),
        ("ui.plot.velocity", (), velocity),
        ("ui.plot.acceleration", (), acceleration),
    )
    return PlotSpec(var, start, stop, lines)


def plot_spec(trace: Trace) -> PlotSpec | None:
    """Return what to draw for ``trace``, or None when a picture would not help."""
    if trace.kind in ("mvt", "rolle"):
        return theorem_spec(trace)
    if trace.kind == "motion":
        return motion_spec(trace)
    return None


def sample(spec: PlotSpec, samples: int = SAMPLES) -> list[Series]:
    """Evaluate every line of ``spec`` at evenly spaced points; drop undefined points."""
    import sympy

    step = (spec.stop - spec.start) / (samples - 1)
    grid = [spec.start + index * step for index in range(samples)]
    series = []
    for key, params, expr in spec.lines:
        xs, ys = [], []
        for x in grid:
            value = _number(sympy.N(expr.xreplace({spec.var: sympy.Float(x)})))
            if value is not None:
                xs.append(x)
                ys.append(value)
        series.append(Series(key, params, tuple(xs), tuple(ys)))
    return series


#: Line colours, by name in both plotext and Rich so the legend matches the plot.
COLORS = ("cyan", "magenta", "green", "yellow", "red", "blue")


class PlotView(Vertical):
    """A plot of a trace, sampled in a thread worker and drawn with plotext.

    The legend is a Static under the plot rather than plotext's own,
    because plotext counts characters, not terminal cells, and a Korean
    label would push the frame out of line.
    """

    def __init__(self, spec: PlotSpec, lang: str) -> None:
        super().__init__(classes="plot")
        self.spec = spec
        self.lang = lang
        self.series: list[Series] = []

    def compose(self) -> ComposeResult:
        """Lay out the plotext canvas and the legend."""
        from textual_plotext import PlotextPlot

        yield PlotextPlot()
        yield Static(self._legend(), classes="plot-legend")

    def _legend(self) -> str:
        entries = []
        for index, (key, params, _expr) in enumerate(self.spec.lines):
            label = escape(translate(key, self.lang, **dict(params)))
            entries.append(f"[{COLORS[index % len(COLORS)]}]━━[/] {label}")
        return "   ".join(entries)

    def on_mount(self) -> None:
        """Start sampling off the UI thread."""
        self._sample()

    @work(thread=True, exclusive=True, group="plot")
    def _sample(self) -> None:
        series = sample(self.spec)
        self.app.call_from_thread(self._draw, series)

    def _draw(self, series: Sequence[Series]) -> None:
        from textual_plotext import PlotextPlot

        from tutor.render.mathtext import to_unicode

        self.series = list(series)
        plot = self.query_one(PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        for index, line in enumerate(self.series):
            plt.plot(list(line.xs), list(line.ys), color=COLORS[index % len(COLORS)], marker="braille")
        plt.xlabel(to_unicode(self.spec.var))
        plot.refresh()


def plot_widgets(trace: Trace, lang: str) -> Iterator[Widget]:
    """Yield a PlotView for a theorem or motion trace, nothing for other kinds."""
    try:
        spec = plot_spec(trace)
    except Exception:  # noqa: BLE001 - a picture must never cost the learner the answer
        logger.exception("could not prepare the plot of a %s trace", trace.kind)
        return
    if spec is not None:
        yield PlotView(spec, lang)
