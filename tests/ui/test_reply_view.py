"""Reply widgets built from real engine traces, read without running the app."""

from __future__ import annotations

import sympy
from rich.cells import cell_len
from textual.widgets import Static

from tutor.dialogue.replies import ProgressShown, SkillMastery, TraceShown
from tutor.engine.intervals import trace_interval
from tutor.engine.theorems import trace_theorem
from tutor.engine.training import trace_train
from tutor.i18n import translate
from tutor.parsing import parse
from tutor.ui.widgets.mathview import math_picture
from tutor.render.number_line import number_line
from tutor.ui.widgets.plots import theorem_spec
from tutor.ui.widgets.reply_view import reply_widgets
from tutor.ui.widgets.step_view import StepView


def _statics(widgets) -> list[str]:
    """Return the markup of every top-level Static in ``widgets``, in order (steps are left out)."""
    return [str(widget.content) for widget in widgets if isinstance(widget, Static)]


def test_number_line_marks_ends():
    drawing = number_line(trace_interval(parse("interval (0, 5]"), None).result)
    line, labels = drawing.splitlines()
    assert line.index("○") == labels.index("0")
    assert line.index("●") == labels.index("5")
    assert line.count("○") == 1
    assert line.count("●") == 1
    assert "━" in line[line.index("○"):line.index("●")]


def test_number_line_infinite_end_and_query():
    drawing = number_line(trace_interval(parse("interval [0, oo) contains 3"), None).result)
    line, marks, labels = drawing.splitlines()
    assert line.endswith("━▶")
    assert line.index("●") == labels.index("0")
    assert marks.index("▲") == labels.index("3")


def test_interval_reply_draws_number_line():
    reply = TraceShown(trace_interval(parse("interval (0, 5]"), None))
    texts = _statics(reply_widgets(reply, "ko"))
    note = translate("calculus.interval.number_line", "ko")
    assert note in texts
    assert "○" in texts[texts.index(note) + 1]


def test_rolle_fallback_plot_has_mvt_tangent():
    trace = trace_theorem(parse("rolle 2x^3 - 6x^2 on [0, 5]"), None)
    spec = theorem_spec(trace)
    keys = [key for key, _params, _expr in spec.lines]
    assert keys == ["ui.plot.curve", "ui.plot.secant", "ui.plot.tangent"]
    _key, _params, tangent = spec.lines[2]
    c = trace.result["mvt"]["c"][0]
    # The tangent at the mean value theorem's c is parallel to the secant of slope 20.
    assert sympy.simplify(sympy.diff(tangent, spec.var) - 20) == 0
    assert sympy.simplify(tangent.subs(spec.var, c) - trace.extra["function"].subs(spec.var, c)) == 0


def test_perceptron_chart_has_column_labels():
    trace = trace_train(parse("train perceptron and"))
    for lang in ("en", "ko"):
        chart = next(text for text in _statics(reply_widgets(TraceShown(trace), lang)) if "█" in text)
        header, first = chart.splitlines()[:2]
        assert translate("ui.chart.epoch", lang) in header
        assert translate("ui.chart.errors", lang) in header
        # Hangul takes two cells, so the bars line up by cell, not by character.
        assert cell_len(header[:header.index("│")]) == cell_len(first[:first.index("│")])


def test_theorem_picture_is_labelled():
    reply = TraceShown(trace_theorem(parse("mvt sqrt(x) on [1, 4]"), None))
    texts = _statics(reply_widgets(reply, "en"))
    picture = math_picture(reply.trace.result["derivative"])
    assert picture is not None
    index = next(i for i, text in enumerate(texts) if text == picture)
    assert texts[index - 1] == translate("ui.derivative_picture", "en")


def test_picture_writes_ln_like_steps():
    x = sympy.Symbol("x")
    picture = math_picture(sympy.log(x) / x**2)
    assert "ln(x)" in picture
    assert "log" not in picture


def test_one_substep_is_singular():
    trace = trace_theorem(parse("mvt x^2 on [0, 5]"), None)
    step = next(step for step in trace.steps if len(step.substeps) == 1)
    header = StepView(step, "1", "en")._header()
    assert translate("ui.steps_more_one", "en", count=1) in header
    assert "1 substeps" not in header


def test_progress_reply_explains_mastery():
    skill = SkillMastery(skill="chain", mastery=0.87, attempts=10, correct=3)
    texts = _statics(reply_widgets(ProgressShown((skill,)), "ko"))
    assert texts[0] == translate("ui.mastery_caption", "ko")
