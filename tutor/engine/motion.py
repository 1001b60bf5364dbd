"""Motion along the number line: velocity, acceleration and what they tell.

From a position x(t) the trace derives v = dx/dt and a = dv/dt, evaluates
them (and the speed |v|) at the requested times, finds when the direction
changes (v = 0 with a sign change, for t > 0 unless an interval is given),
and finds when the object speeds up or slows down: speeding up where v and
a have the same sign, slowing down where their signs differ (the sign of
a alone does not decide it).  Over an interval [t₀, t₁] it gives the
displacement x(t₁) − x(t₀), the distance split at each direction change,
and the average velocity and average speed, so speed (no direction) and
velocity (with direction) can be compared.

``Trace.extra`` keys for plotting: ``position``, ``velocity`` and
``acceleration`` (expressions in ``var``), ``interval`` ((t₀, t₁) or None),
``turning_points`` (direction-change times), ``speeding_up`` and
``slowing_down`` (lists of open intervals).
"""

from __future__ import annotations

import sympy

from tutor.engine.budget import within_budget
from tutor.engine.derivative import derivative_steps
from tutor.engine.hypotheses import continuity_failures
from tutor.engine.solving import exact_value, parenthesize, numeric_value, real_roots
from tutor.engine.steps import Note, RuleId, Step, Trace
from tutor.errors import MathDomainError, UnsupportedError
from tutor.parsing.commands import Motion


def trace_motion(command: Motion, workspace: object) -> Trace:
    """Trace ``motion x = 2t^3 - 6t [at t = 3] [on [0, 3]]``."""
    position, t = command.expr, command.var
    if command.name == t.name:
        time = sympy.Symbol("t" if command.name != "t" else "s")
        raise UnsupportedError("calculus.motion.name_is_time", name=command.name, time=time,
                               example=_example_with_time(command.name, position, t, time))
    others = position.free_symbols - {t}
    if others:
        raise UnsupportedError("calculus.motion.other_symbols", symbols=", ".join(sorted(s.name for s in others)), var=t)
    low, high = _domain(command.interval)

    velocity_steps, velocity = derivative_steps(position, t)
    acceleration_steps, acceleration = derivative_steps(velocity, t)
    name = sympy.Symbol(command.name)
    steps: list[Step] = [
        Step(rule="velocity", before=sympy.Derivative(position, t), after=velocity,
             params={"name": name, "var": t}, substeps=velocity_steps,
             text_key="calculus.motion.velocity"),
        Step(rule="acceleration", before=sympy.Derivative(velocity, t), after=acceleration,
             params={"var": t}, substeps=acceleration_steps,
             text_key="calculus.motion.acceleration"),
    ]

    at_time: dict[sympy.Expr, dict[str, sympy.Expr]] = {}
    for time in command.times:
        step, values = _at_time_step(name, position, velocity, acceleration, t, time)
        steps.append(step)
        at_time[time] = values

    # A constant position (v = 0 at every time) means the object is at rest:
    # there is no direction and no change of speed to look for.
    at_rest = real_roots(velocity, t, low, high).everywhere
    if at_rest:
        turning, speeding_up, slowing_down = [], [], []
        infinitely_many = False
        steps.append(Step(rule="direction_change", before=None, after=None,
                          params={"name": name, "position": position, "var": t},
                          text_key="calculus.motion.at_rest"))
    else:
        try:
            turning = _turning_points(velocity, t, low, high)
            direction_step = _direction_step(velocity, t, low, high, turning)
            speeding_up, slowing_down, speed_step = _speed_change(velocity, acceleration, t, low, high)
        except UnsupportedError as error:
            # A periodic motion (x = sin t) turns infinitely often on t > 0.
            # The values at the requested times still stand, so say why the
            # direction is not analysed instead of failing the whole answer.
            if error.key != "calculus.motion.infinitely_many" or command.interval is not None:
                raise
            turning, speeding_up, slowing_down = [], [], []
            infinitely_many = True
            steps.append(Step(rule="direction_change", before=None, after=None,
                              params=error.params, text_key="calculus.motion.infinitely_many"))
        else:
            infinitely_many = False
            steps += [direction_step, speed_step]

    result: dict[str, object] = {
        "velocity": velocity,
        "acceleration": acceleration,
        "velocity_at": _by_time(at_time, "velocity"),
        "acceleration_at": _by_time(at_time, "acceleration"),
        "direction_changes": [point for point, changes in turning if changes],
        "displacement": None,
        "distance": None,
        "speed_at": _by_time(at_time, "speed"),
        "position_at": _by_time(at_time, "position"),
        "speeding_up": speeding_up,
        "slowing_down": slowing_down,
    }
    if infinitely_many:
        result["direction_changes_infinite"] = True
    if command.interval is not None:
        interval_steps, totals = _interval_steps(name, position, t, low, high, result["direction_changes"],
                                                 at_rest)
        steps += interval_steps
        result.update(totals)

    reading = sympy.Eq(sympy.Function(command.name)(t), position, evaluate=False)
    summary_params = {"velocity": velocity, "acceleration": acceleration,
                      "changes": result["direction_changes"], "var": t, "name": name, "position": position}
    summary_key = "calculus.motion.summary"
    if at_rest:
        summary_key = "calculus.motion.summary_at_rest"
    elif infinitely_many:
        summary_key = "calculus.motion.summary_periodic"
    elif not result["direction_changes"]:
        summary_key = "calculus.motion.summary_no_turn"
    return Trace(
        kind="motion",
        reading=reading,
        steps=tuple(steps),
        result=result,
        notes=(*command.notes, Note("calculus.motion.reading", {"name": name, "var": t})),
        extra={
            "summary_key": summary_key,
            "summary_params": summary_params,
            "position": position, "velocity": velocity, "acceleration": acceleration, "var": t,
            "interval": command.interval, "turning_points": result["direction_changes"],
            "speeding_up": speeding_up, "slowing_down": slowing_down,
        },
    )


def _example_with_time(name: str, position: sympy.Expr, var: sympy.Symbol, time: sympy.Symbol) -> str:
    """Return the motion command with the time variable ``var`` renamed to ``time``."""
    from tutor.render.mathtext import to_unicode

    return f"motion {name} = {to_unicode(position.xreplace({var: time}))}"


def _domain(interval: tuple[sympy.Expr, sympy.Expr] | None) -> tuple[sympy.Expr, sympy.Expr]:
    """Return the time range studied: the given [t₀, t₁], else t > 0."""
    if interval is None:
        return sympy.Integer(0), sympy.oo
    low, high = interval
    low_value, high_value = numeric_value(low), numeric_value(high)
    if low_value is None or high_value is None:
        raise UnsupportedError("calculus.motion.bad_interval", a=low, b=high)
    if low_value == high_value:
        raise UnsupportedError("calculus.motion.single_instant", a=low, b=high)
    if not low_value < high_value:
        raise UnsupportedError("calculus.motion.empty_interval", a=low, b=high)
    return low, high


def _by_time(at_time: dict[sympy.Expr, dict[str, sympy.Expr]], field: str) -> object:
    """Return the value at the one time, an object keyed by time for several, or None for none."""
    if not at_time:
        return None
    if len(at_time) == 1:
        return next(iter(at_time.values()))[field]
    return {time: values[field] for time, values in at_time.items()}


def _evaluate(expr: sympy.Expr, t: sympy.Symbol, time: sympy.Expr, what: str) -> tuple[Step, sympy.Expr]:
    value = exact_value(expr, t, time)
    if value is None:
        raise MathDomainError("calculus.motion.undefined_at", what=what, expr=expr, var=t, time=time)
    step = Step(rule=str(RuleId.EVALUATE), before=sympy.Subs(expr, t, time), after=value,
                params={"var": t, "point": time, "expr": expr},
                text_key=f"calculus.motion.{what}_at")
    return step, value


def _at_time_step(name, position, velocity, acceleration, t, time) -> tuple[Step, dict[str, sympy.Expr]]:
    """Evaluate position, velocity, speed and acceleration at one time."""
    position_step, position_value = _evaluate(position, t, time, "position")
    velocity_step, velocity_value = _evaluate(velocity, t, time, "velocity")
    acceleration_step, acceleration_value = _evaluate(acceleration, t, time, "acceleration")
    speed = abs(velocity_value)
    speed_step = Step(rule="speed", before=sympy.Abs(sympy.Subs(velocity, t, time)), after=speed,
                      params={"var": t, "point": time, "velocity": velocity_value},
                      text_key="calculus.motion.speed_at")

    v, a = numeric_value(velocity_value), numeric_value(acceleration_value)
    if v == 0 or v is None:
        state = "at_rest"
    elif a == 0 or a is None:
        state = "steady_positive" if v > 0 else "steady_negative"
    else:
        direction = "positive" if v > 0 else "negative"
        change = "speeding_up" if (v > 0) == (a > 0) else "slowing_down"
        state = f"{change}_{direction}"
    state_step = Step(rule="motion_state", before=None, after=None,
                      params={"var": t, "point": time, "velocity": velocity_value,
                              "acceleration": acceleration_value},
                      text_key=f"calculus.motion.state_{state}")
    step = Step(rule="motion_at", before=None, after=None, params={"var": t, "point": time},
                substeps=(position_step, velocity_step, speed_step, acceleration_step, state_step),
                text_key="calculus.motion.at_time")
    values = {"position": position_value, "velocity": velocity_value,
              "acceleration": acceleration_value, "speed": speed}
    return step, values


# ---------------------------------------------------------------- direction and speed


def _zeros_inside(expr, t, low, high) -> list[sympy.Expr]:
    roots = real_roots(expr, t, low, high)
    if roots.infinite:
        raise UnsupportedError("calculus.motion.infinitely_many", expr=expr, var=t)
    if roots.everywhere:
        return []
    low_value = numeric_value(low)
    high_value = numeric_value(high) if high != sympy.oo else float("inf")
    return [root for root in roots.points if low_value < numeric_value(root) < high_value]


def _test_point(left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
    if right == sympy.oo:
        return left + 1
    return (left + right) / 2


def _sign(expr, t, point) -> int:
    value = numeric_value(expr, t, point)
    if value is None or abs(value) < 1e-12:
        return 0
    return 1 if value > 0 else -1


def _decimal(value: sympy.Expr) -> str:
    """Return " ≈ 14.67" for a value that is not a whole number, else "" (12 needs no decimal)."""
    number = numeric_value(value)
    if number is None or value.is_Integer:
        return ""
    return f" ≈ {number:.4g}"


def _breaks_inside(velocity, t, low, high) -> list[sympy.Expr]:
    """Return the points of (low, high) where v is undefined, such as the corner of |t - 1|.

    The velocity can change sign there without passing through 0, so they
    are candidates for a change of direction just like the zeros of v.
    """
    if high == sympy.oo:
        return []
    low_value, high_value = numeric_value(low), numeric_value(high)
    return [failure.point for failure in continuity_failures(velocity, t, low, high)
            if failure.region is None and low_value < numeric_value(failure.point) < high_value]


def _turning_points(velocity, t, low, high) -> list[tuple[sympy.Expr, bool]]:
    """Return each zero or break of v in (low, high) with whether v changes sign there."""
    zeros = sorted({*_zeros_inside(velocity, t, low, high), *_breaks_inside(velocity, t, low, high)},
                   key=numeric_value)
    bounds = [low, *zeros, high]
    found = []
    for index, zero in enumerate(zeros, start=1):
        before = _sign(velocity, t, _test_point(bounds[index - 1], zero))
        after = _sign(velocity, t, _test_point(zero, bounds[index + 1]))
        found.append((zero, before * after < 0))
    return found


def _direction_step(velocity, t, low, high, turning) -> Step:
    substeps = []
    for zero, changes in turning:
        key = "calculus.motion.turns" if changes else "calculus.motion.touches_zero"
        substeps.append(Step(rule="direction_change", before=sympy.Subs(velocity, t, zero), after=sympy.Integer(0),
                             params={"var": t, "point": zero}, text_key=key))
    key = "calculus.motion.direction" if turning else "calculus.motion.no_direction_change"
    domain = sympy.Interval.open(low, high)
    changes = [zero for zero, change in turning if change]
    return Step(rule="direction_change", before=None, after=None,
                params={"velocity": velocity, "var": t, "domain": domain, "changes": changes or "—",
                        "zeros": [zero for zero, _ in turning] or "—"},
                substeps=tuple(substeps), text_key=key)


def _speed_change(velocity, acceleration, t, low, high):
    """Split (low, high) at the zeros of v and a; compare their signs on each piece."""
    cuts = sorted({*_zeros_inside(velocity, t, low, high), *_zeros_inside(acceleration, t, low, high)},
                  key=numeric_value)
    bounds = [low, *cuts, high]
    speeding_up: list[sympy.Interval] = []
    slowing_down: list[sympy.Interval] = []
    substeps = []
    for left, right in zip(bounds, bounds[1:]):
        probe = _test_point(left, right)
        v, a = _sign(velocity, t, probe), _sign(acceleration, t, probe)
        piece = sympy.Interval.open(left, right)
        if v == 0 or a == 0:
            key = "calculus.motion.piece_steady"
        elif v == a:
            key = "calculus.motion.piece_speeding_up"
            speeding_up.append(piece)
        else:
            key = "calculus.motion.piece_slowing_down"
            slowing_down.append(piece)
        substeps.append(Step(rule="speed_change", before=None, after=None,
                             params={"piece": piece, "v_sign": _sign_text(v), "a_sign": _sign_text(a),
                                     "var": t, "probe": probe},
                             text_key=key))
    step = Step(rule="speed_change", before=None, after=None,
                params={"cuts": cuts or "—", "var": t}, substeps=tuple(substeps),
                text_key="calculus.motion.speed_change")
    return speeding_up, slowing_down, step


def _sign_text(sign: int) -> str:
    return {1: "+", -1: "−", 0: "0"}[sign]


# ---------------------------------------------------------------- over an interval


def _tidy(value: sympy.Expr) -> sympy.Expr:
    return within_budget(lambda v: sympy.radsimp(sympy.expand(v)), value, fallback=lambda v: v, what="expand")


def _interval_steps(name, position, t, low, high, changes,
                    at_rest: bool = False) -> tuple[list[Step], dict[str, sympy.Expr]]:
    """Return the displacement, distance and averages over [low, high]; ``at_rest`` when v = 0 throughout."""
    # A position that is undefined somewhere in [low, high] (a pole of
    # 1/(t - 1) or tan t) has no finite distance over the interval.
    for failure in continuity_failures(position, t, low, high):
        raise MathDomainError("calculus.motion.undefined_at", what="position", expr=position, var=t,
                              time=failure.point)

    values = {}
    for time in (low, *changes, high):
        value = exact_value(position, t, time)
        if value is None:
            raise MathDomainError("calculus.motion.undefined_at", what="position", expr=position, var=t, time=time)
        values[time] = value

    displacement = _tidy(values[high] - values[low])
    displacement_step = Step(
        rule="displacement",
        before=sympy.Add(sympy.Subs(position, t, high), -sympy.Subs(position, t, low), evaluate=False),
        after=displacement,
        params={"name": name, "var": t, "a": low, "b": high, "xa": values[low], "xb": values[high],
                "xa_paren": parenthesize(values[low])},
        text_key="calculus.motion.displacement",
    )

    times = [low, *changes, high]
    legs = [sympy.Abs(sympy.Add(sympy.Subs(position, t, right), -sympy.Subs(position, t, left), evaluate=False))
            for left, right in zip(times, times[1:])]
    leg_lengths = [abs(values[right] - values[left]) for left, right in zip(times, times[1:])]
    distance = _tidy(sympy.Add(*leg_lengths))
    distance_step = Step(
        rule="distance",
        before=sympy.Add(*legs, evaluate=False) if len(legs) > 1 else legs[0],
        after=distance,
        params={"var": t, "a": low, "b": high, "changes": list(changes) or "—", "legs": leg_lengths},
        text_key="calculus.motion.distance" if changes else "calculus.motion.distance_no_turn",
    )
    if at_rest:
        distance_step = Step(rule="distance", before=None, after=None,
                             params={"name": name, "position": values[low], "a": low, "b": high},
                             text_key="calculus.motion.distance_at_rest")

    duration = high - low
    average_velocity = _tidy(displacement / duration)
    average_speed = _tidy(distance / duration)
    averages = Step(
        rule="speed_vs_velocity", before=None, after=None,
        params={"displacement": displacement, "distance": distance, "duration": duration,
                "average_velocity": average_velocity, "average_speed": average_speed},
        substeps=(
            Step(rule="average_velocity", before=sympy.Mul(displacement, sympy.Pow(duration, -1, evaluate=False),
                                                           evaluate=False),
                 after=average_velocity, params={"duration": duration, "decimal": _decimal(average_velocity)},
                 text_key="calculus.motion.average_velocity"),
            Step(rule="average_speed", before=sympy.Mul(distance, sympy.Pow(duration, -1, evaluate=False),
                                                        evaluate=False),
                 after=average_speed, params={"duration": duration, "decimal": _decimal(average_speed)},
                 text_key="calculus.motion.average_speed"),
        ),
        text_key="calculus.motion.speed_vs_velocity",
    )
    totals = {"displacement": displacement, "distance": distance,
              "average_velocity": average_velocity, "average_speed": average_speed}
    return [displacement_step, distance_step, averages], totals
