"""Motion on the number line: velocity, acceleration, direction, distance and speed."""

from __future__ import annotations

import pytest
import sympy
from sympy import Integer, Rational, Symbol, sin

from tests.engine.stepcheck import equation_step_count, invalid_steps
from tutor.engine.dispatch import Workspace
from tutor.engine.motion import trace_motion
from tutor.errors import UnsupportedError
from tutor.parsing import commands, parse
from tutor.render.report import trace_json, trace_text

t = Symbol("t")
LECTURE_X = 2 * t**3 - 6 * t


def _motion(expr, times=(), interval=None, name="x"):
    times = tuple(Integer(time) if isinstance(time, int) else time for time in times)
    if interval is not None:
        interval = tuple(Integer(end) for end in interval)
    return trace_motion(commands.Motion(name=name, expr=expr, var=t, times=times, interval=interval), Workspace())


def test_lecture_example_at_t3():
    trace = _motion(LECTURE_X, times=(3,))

    assert trace.result["velocity"] == 6 * t**2 - 6
    assert trace.result["acceleration"] == 12 * t
    assert (trace.result["velocity_at"], trace.result["acceleration_at"]) == (48, 36)
    assert trace.result["direction_changes"] == [1]
    assert invalid_steps(trace.steps) == []
    assert equation_step_count(trace.steps) >= 6


def test_several_times_are_keyed_by_time():
    trace = _motion(LECTURE_X, times=(1, 2))
    data = trace_json("", trace, "en")["result"]

    assert data["velocity_at"] == {"1": "0", "2": "18"}
    assert data["acceleration_at"] == {"1": "12", "2": "24"}


def test_interval_splits_distance_at_turn():
    trace = _motion(LECTURE_X, interval=(0, 3))

    # x(0) = 0, x(1) = -4, x(3) = 36: displacement 36, distance 4 + 40.
    assert trace.result["displacement"] == 36
    assert trace.result["distance"] == 44
    assert trace.result["average_velocity"] == 12
    assert trace.result["average_speed"] == Rational(44, 3)
    assert invalid_steps(trace.steps) == []


def test_speeding_up_uses_both_signs():
    # On (0, 1) a = 12t > 0 but v < 0, so the object slows down there.
    trace = _motion(LECTURE_X)

    assert trace.result["slowing_down"] == [sympy.Interval.open(0, 1)]
    assert trace.result["speeding_up"] == [sympy.Interval.open(1, sympy.oo)]


def test_no_direction_change():
    trace = _motion(t**3 + t, interval=(0, 2))

    assert trace.result["direction_changes"] == []
    assert trace.result["distance"] == trace.result["displacement"] == 10
    assert any(step.text_key == "calculus.motion.no_direction_change" for step in trace.steps)


def test_velocity_zero_without_turn():
    trace = _motion((t - 1) ** 3, interval=(0, 2))

    assert trace.result["direction_changes"] == []
    direction = next(step for step in trace.steps if step.rule == "direction_change")
    assert [sub.text_key for sub in direction.substeps] == ["calculus.motion.touches_zero"]


def test_direction_changes_only_for_positive_time():
    trace = _motion(t**3 - 3 * t)

    assert trace.result["direction_changes"] == [1]


def test_trigonometric_motion_on_interval():
    trace = _motion(sin(t), interval=(0, 8))

    # Legs: 0 → 1 → -1 → 1 → sin 8, so 1 + 2 + 2 + (1 - sin 8).
    assert trace.result["direction_changes"] == [sympy.pi / 2, 3 * sympy.pi / 2, 5 * sympy.pi / 2]
    assert sympy.simplify(trace.result["distance"] - (6 - sin(8))) == 0
    assert invalid_steps(trace.steps) == []


def test_speed_differs_from_velocity_at_time():
    trace = _motion(LECTURE_X, times=(Rational(1, 2),))

    assert trace.result["velocity_at"] == Rational(-9, 2)
    assert trace.result["speed_at"] == Rational(9, 2)


def test_other_symbols_rejected():
    with pytest.raises(UnsupportedError):
        _motion(t**2 + Symbol("k") * t)


@pytest.mark.parametrize(
    "text",
    [
        "motion x = 2t^3 - 6t at t = 3",
        "motion x(t) = 2t^3 - 6t at t = 3",
        "motion s(t) = 2t^3 - 6t at t = 3",
        "운동 x = 2t^3 - 6t at t = 3",
        "2t^3 - 6t 운동 at t = 3",
    ],
)
def test_parsed_motion_commands(text):
    trace = trace_motion(parse(text), Workspace())

    assert (trace.result["velocity_at"], trace.result["acceleration_at"]) == (48, 36)
    assert "속도" in trace_json(text, trace, "ko")["steps"][0]["text"]


def test_constant_position_is_at_rest():
    trace = _motion(Integer(5), interval=(0, 1))
    text = trace_text(trace, "en")

    assert trace.result["direction_changes"] == []
    assert (trace.result["displacement"], trace.result["distance"]) == (0, 0)
    assert trace.extra["summary_key"] == "calculus.motion.summary_at_rest"
    assert "at rest" in text
    assert "never 0" not in text
    assert "—" not in text
    assert "|_" not in text
    assert "정지" in trace_text(trace, "ko")


def test_no_turn_summary_says_never_changes():
    trace = _motion(t**2, interval=(1, 2))
    assert trace.extra["summary_key"] == "calculus.motion.summary_no_turn"
    assert "direction never changes" in trace_text(trace, "en")


def test_position_named_like_time_rejected():
    x = Symbol("x")
    command = commands.Motion(name="x", expr=2 * x**3 - 6 * x, var=x)
    with pytest.raises(UnsupportedError) as raised:
        trace_motion(command, Workspace())
    assert raised.value.key == "calculus.motion.name_is_time"
    assert "motion x = 2t³ - 6t" in raised.value.message("en")
    with pytest.raises(UnsupportedError):
        trace_motion(parse("motion x = 2x^3 - 6x"), Workspace())


def test_single_instant_interval_rejected():
    with pytest.raises(UnsupportedError) as raised:
        _motion(t**2, interval=(1, 1))
    assert raised.value.key == "calculus.motion.single_instant"


def test_constant_acceleration_at_a_time():
    # a = 2 is never 0; that must not read as "0 at infinitely many times".
    from tutor.chat import answer

    result = answer("motion x = t^2 at t = 1").result
    assert str(result["velocity_at"]) == "2"
    assert str(result["acceleration_at"]) == "2"


def test_periodic_motion_at_a_time_still_answers():
    from tutor.chat import answer

    trace = answer("motion x = sin t at t = 1")
    assert trace.result["direction_changes_infinite"] is True
    assert str(trace.result["velocity_at"]) == "cos(1)"


def test_turn_at_a_corner_counts_in_distance():
    from tutor.chat import answer

    result = answer("motion x = |t - 1| on [0, 2]").result
    assert [str(point) for point in result["direction_changes"]] == ["1"]
    assert str(result["distance"]) == "2"
    assert str(result["displacement"]) == "0"


def test_turn_at_a_cusp_counts_in_distance():
    from tutor.chat import answer

    assert str(answer("motion x = t^(2/3) on [-1, 1]").result["distance"]) == "2"


def test_position_with_pole_has_no_distance():
    import pytest

    from tutor.chat import answer
    from tutor.errors import MathDomainError

    with pytest.raises(MathDomainError):
        answer("motion x = 1/(t - 1) on [0, 2]")
