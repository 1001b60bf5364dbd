"""The mean value theorem and Rolle's theorem, with their hypotheses checked.

A trace checks continuity on [a, b] and differentiability on (a, b)
(``tutor.engine.hypotheses``), then for Rolle f(a) = f(b), and only then
solves f'(c) = (f(b) − f(a))/(b − a) (0 for Rolle).  Every root is listed,
exact and as a decimal, and a root outside the open interval is rejected
with the reason.  When a hypothesis fails, the trace names it, the point
and the cause, and then what can still be concluded.  For Rolle with
f(a) ≠ f(b) that is the mean value theorem's c.  Otherwise it is the c
values (if any) that satisfy the conclusion without the guarantee.  When
those c pile up near a point where a hypothesis fails (sin(1/x) near 0),
``result["c_accumulate_at"]`` lists the point and ``c_found`` holds only
the roots the numeric search met.

``Trace.extra`` keys for plotting: ``function`` and ``var`` (f and its
variable), ``a`` and ``b``, ``f(a)`` and ``f(b)`` (None where undefined),
``secant_slope`` (None when f(a) or f(b) is undefined), ``derivative``
(f'), ``c_values`` (the accepted c as exact values) and ``c_decimals``.
"""

from __future__ import annotations

import sympy

from tutor.engine.budget import within_budget
from tutor.engine.derivative import choose_variable, derivative_steps
from tutor.engine.hypotheses import Failure, continuity_failures, differentiability_failures, oscillates
from tutor.engine.solving import decimal, parenthesize, exact_value, numeric_value, real_roots
from tutor.engine.steps import Note, RuleId, Step, Trace
from tutor.errors import UnsupportedError
from tutor.parsing.commands import Theorem

#: The contract's ``reason`` string for each hypothesis.
REASONS = {
    "continuity": "f is not continuous on [a, b]",
    "differentiability": "f is not differentiable on (a, b)",
    "equal_endpoints": "f(a) != f(b)",
}


def trace_theorem(command: Theorem, workspace: object) -> Trace:
    """Check the hypotheses of ``mvt``/``rolle`` for f on [a, b], then find every c."""
    theorem = command.theorem
    if theorem not in ("mvt", "rolle"):
        raise UnsupportedError("calculus.theorem.unknown", theorem=theorem)
    f = command.expr
    var = choose_variable(f, command.var)
    others = f.free_symbols - {var}
    if others:
        raise UnsupportedError("calculus.theorem.other_symbols", var=var,
                               symbols=", ".join(sorted(symbol.name for symbol in others)))
    a, b = _check_interval(command.a, command.b)

    derivation, df = derivative_steps(f, var)
    discontinuities = continuity_failures(f, var, a, b)
    corners = differentiability_failures(f, df, var, a, b, discontinuities)
    fa, fb = exact_value(f, var, a), exact_value(f, var, b)

    steps = [
        _continuity_step(f, var, a, b, discontinuities),
        _differentiability_step(f, var, df, a, b, derivation, corners, discontinuities),
    ]
    failures: list[tuple[str, Failure | None]] = [(failure.hypothesis, failure) for failure in discontinuities]
    failures += [(failure.hypothesis, failure) for failure in corners]

    endpoints = (_evaluate_step(f, var, a, fa), _evaluate_step(f, var, b, fb))
    slope = None if fa is None or fb is None else _tidy((fb - fa) / (b - a))
    if theorem == "rolle":
        equal = fa is not None and fb is not None and sympy.expand(fa - fb) == 0
        steps.append(_equal_endpoints_step(fa, fb, a, b, equal, endpoints))
        if not equal:
            failures.append(("equal_endpoints", None))
    else:
        steps.append(_slope_step(f, var, a, b, fa, fb, slope, endpoints))

    result: dict[str, object] = {"applies": not failures, "f(a)": fa, "f(b)": fb, "derivative": df}
    accepted: tuple[sympy.Expr, ...] = ()

    if not failures:
        target = sympy.Integer(0) if theorem == "rolle" else slope
        solve_steps, accepted, _ = _solve_for_c(df, var, a, b, target, theorem)
        steps += solve_steps
        result.update(c=list(accepted), c_decimal=_decimals(accepted), slope=target)
    else:
        first, _ = failures[0]
        result.update(
            reason=REASONS[first],
            hypothesis=first,
            failures=[_failure_json(name, failure) for name, failure in failures],
        )
        steps.append(_failed_step(theorem, first, failures))
        steps += _conclusions_without_theorem(theorem, failures, f, var, df, a, b, fa, fb, slope, result)

    reading = sympy.Tuple(sympy.Eq(sympy.Function("f")(var), f, evaluate=False), sympy.Interval(a, b))
    summary_key, summary_params = _summary(theorem, result, var)
    return Trace(
        kind=theorem,
        reading=reading,
        steps=tuple(steps),
        result=result,
        notes=command.notes,
        extra={
            "reading_key": f"calculus.{theorem}.reading",
            "reading_params": {"f": f, "var": var, "a": a, "b": b},
            "summary_key": summary_key,
            "summary_params": summary_params,
            "function": f, "var": var, "a": a, "b": b, "f(a)": fa, "f(b)": fb,
            "secant_slope": slope, "derivative": df,
            "c_values": list(accepted), "c_decimals": _decimals(accepted),
        },
    )


def _check_interval(a: sympy.Expr, b: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    low, high = numeric_value(a), numeric_value(b)
    if low is None or high is None:
        raise UnsupportedError("calculus.theorem.bad_endpoints", a=a, b=b)
    if low == high:
        raise UnsupportedError("calculus.theorem.single_point", a=a, b=b)
    if not low < high:
        raise UnsupportedError("calculus.theorem.empty_interval", a=a, b=b)
    return a, b


def _tidy(value: sympy.Expr) -> sympy.Expr:
    return within_budget(lambda v: sympy.radsimp(sympy.expand(v)), value, fallback=lambda v: v, what="expand")


# ---------------------------------------------------------------- hypotheses


def _failure_step(failure: Failure) -> Step:
    region = failure.region if failure.region is not None else sympy.S.EmptySet
    return Step(
        rule="hypothesis_failure",
        before=None,
        after=None,
        focus=failure.focus,
        params={"point": failure.point, "region": region},
        text_key=f"calculus.hypothesis.{failure.cause}",
    )


def _continuity_step(f, var, a, b, failures: tuple[Failure, ...]) -> Step:
    key = "calculus.theorem.continuous" if not failures else "calculus.theorem.not_continuous"
    points = [failure.point for failure in failures]
    return Step(
        rule="continuity",
        before=None,
        after=None,
        params={"f": f, "var": var, "a": a, "b": b, "points": points},
        substeps=tuple(_failure_step(failure) for failure in failures),
        text_key=key,
    )


def _differentiability_step(
    f, var, df, a, b, derivation, failures: tuple[Failure, ...], discontinuities: tuple[Failure, ...] = (),
) -> Step:
    key = "calculus.theorem.differentiable" if not failures else "calculus.theorem.not_differentiable"
    points = [failure.point for failure in failures]

    # A point where f is not continuous has no derivative either; it is
    # explained under continuity, but "f′ exists everywhere" would be false.
    inside = [failure.point for failure in discontinuities if _strictly_inside(failure.point, a, b)]
    if not failures and inside:
        key = "calculus.theorem.not_differentiable_where_discontinuous"
        points = inside
    return Step(
        rule="differentiability",
        before=sympy.Derivative(f, var),
        after=df,
        params={"f": f, "var": var, "a": a, "b": b, "df": df, "points": points},
        substeps=(*derivation, *(_failure_step(failure) for failure in failures)),
        text_key=key,
    )


def _strictly_inside(point: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool:
    value, low, high = numeric_value(point), numeric_value(a), numeric_value(b)
    return None not in (value, low, high) and low < value < high


def _evaluate_step(f, var, point, value) -> Step:
    if value is None:
        return Step(
            rule=str(RuleId.EVALUATE), before=None, after=None,
            params={"var": var, "point": point, "expr": f},
            text_key="calculus.theorem.undefined_value",
        )
    return Step(
        rule=str(RuleId.EVALUATE),
        before=sympy.Subs(f, var, point),
        after=value,
        params={"var": var, "point": point, "expr": f},
    )


def _equal_endpoints_step(fa, fb, a, b, equal: bool, endpoints: tuple[Step, Step]) -> Step:
    key = "calculus.rolle.equal_endpoints" if equal else "calculus.rolle.unequal_endpoints"
    return Step(
        rule="equal_endpoints",
        before=None,
        after=None,
        params={"fa": _or_undefined(fa), "fb": _or_undefined(fb), "a": a, "b": b},
        substeps=endpoints,
        text_key=key,
    )


def _slope_step(f, var, a, b, fa, fb, slope, endpoints: tuple[Step, Step]) -> Step:
    if slope is None:
        return Step(
            rule="mvt_slope", before=None, after=None, params={"a": a, "b": b},
            substeps=endpoints, text_key="calculus.mvt.no_slope",
        )
    difference = sympy.Add(sympy.Subs(f, var, b), -sympy.Subs(f, var, a), evaluate=False)
    quotient = sympy.Mul(difference, sympy.Pow(b - a, -1, evaluate=False), evaluate=False)
    return Step(
        rule="mvt_slope",
        before=quotient,
        after=slope,
        params={"a": a, "b": b, "fa": fa, "fb": fb, "fa_paren": parenthesize(fa), "a_paren": parenthesize(a)},
        substeps=endpoints,
        text_key="calculus.mvt.slope",
    )


def _or_undefined(value: sympy.Expr | None) -> object:
    return "—" if value is None else value


def _failed_step(theorem: str, first: str, failures: list[tuple[str, Failure | None]]) -> Step:
    return Step(
        rule="not_applicable",
        before=None,
        after=None,
        params={"count": len(failures)},
        text_key=f"calculus.{theorem}.does_not_apply_{first}",
    )


def _failure_json(name: str, failure: Failure | None) -> dict[str, object]:
    if failure is None:
        return {"hypothesis": name, "cause": "unequal_endpoints", "at": None}
    return {"hypothesis": name, "cause": failure.cause, "at": failure.point,
            "region": failure.region}


# ---------------------------------------------------------------- solving for c


def _c_symbol(var: sympy.Symbol) -> sympy.Symbol:
    return sympy.Symbol("c") if var.name != "c" else sympy.Dummy("c")


def _solve_for_c(df, var, a, b, target, theorem: str, skip: tuple[sympy.Expr, ...] = ()):
    """Return the steps that solve f'(c) = target, the accepted c in (a, b) and where roots accumulate.

    ``skip`` lists the points where a hypothesis fails.  Near such a point
    f'(c) − target may swing infinitely often (sin(1/x) near 0), so the
    numeric search finds only some of infinitely many roots.  Those
    points come back as the third value, and a step states that the list is incomplete.
    """
    c = _c_symbol(var)
    slope_c = df.xreplace({var: c})
    equation = sympy.Eq(slope_c, target, evaluate=False)
    difference = slope_c - target
    roots = real_roots(difference, c, a, b)

    factor_steps: tuple[Step, ...] = ()
    if not roots.numeric and not roots.everywhere:
        factored = difference
        if difference.is_polynomial(c):
            factored = within_budget(sympy.factor, difference, fallback=lambda e: e, what="factor")
        # Show the factoring only when it splits off a factor with c in it,
        # which is what makes the roots visible (6c(c − 2), not 2(3c² − 6c − 10)).
        factors_with_c = [factor for factor in sympy.Mul.make_args(factored) if factor.has(c)]
        split = len(factors_with_c) > 1 or (factors_with_c and isinstance(factors_with_c[0], sympy.Pow))
        if split and sympy.sstr(factored) != sympy.sstr(difference):
            factor_steps = (Step(rule=str(RuleId.FACTOR), before=difference, after=factored,
                                 text_key="calculus.theorem.factor_equation"),)

    if roots.everywhere:
        every = sympy.Interval.open(a, b)
        step = Step(rule="solve_for_c", before=None, after=None,
                    params={"equation": equation, "a": a, "b": b},
                    text_key="calculus.theorem.every_c")
        return [step], (every,), ()

    key = "calculus.theorem.solve" if roots.points else "calculus.theorem.no_root"
    if roots.numeric and roots.points:
        key = "calculus.theorem.solve_numeric"
    steps = [Step(rule="solve_for_c", before=None, after=None,
                  params={"equation": equation, "roots": list(roots.points)},
                  substeps=factor_steps, text_key=key)]
    accumulation = _accumulation_points(difference, c, roots.points, skip, a, b) if roots.numeric else ()
    if accumulation:
        steps.append(Step(rule="roots_accumulate", before=None, after=None,
                          params={"count": len(roots.points), "points": list(accumulation), "equation": equation},
                          text_key="calculus.theorem.roots_accumulate"))

    accepted: list[sympy.Expr] = []
    for root in roots.points:
        if any(numeric_value(root - point) == 0 for point in skip):
            continue
        step, ok = _candidate_step(df, var, root, a, b, target)
        steps.append(step)
        if ok:
            accepted.append(root)
    return steps, tuple(accepted), accumulation


#: Numeric roots on one side of a point before its oscillation is taken as
#: the reason for them: one root alone does not show that roots pile up.
MIN_ROOTS_NEAR_ACCUMULATION = 2


def _accumulation_points(difference, c, roots, points, a, b) -> tuple[sympy.Expr, ...]:
    """Return the ``points`` of [a, b] near which ``difference`` = 0 has infinitely many roots.

    Such a point has at least MIN_ROOTS_NEAR_ACCUMULATION of the numeric
    ``roots`` on one side, and there ``difference`` oscillates without a
    one-sided limit.
    """
    low, high = numeric_value(a), numeric_value(b)
    root_values = [value for value in map(numeric_value, roots) if value is not None]
    found: list[sympy.Expr] = []
    for point in points:
        value = numeric_value(point)
        if value is None or low is None or high is None or not low <= value <= high:
            continue
        for direction, count in (("-", sum(root < value for root in root_values)),
                                 ("+", sum(root > value for root in root_values))):
            if count >= MIN_ROOTS_NEAR_ACCUMULATION and oscillates(difference, c, point, direction):
                found.append(point)
                break
    return tuple(found)


def _decimals(values: tuple[sympy.Expr, ...]) -> list[sympy.Expr | None]:
    """Return each c as a decimal; an interval (every c works) has none."""
    return [decimal(value) if isinstance(value, sympy.Expr) else None for value in values]


def _candidate_step(df, var, root, a, b, target) -> tuple[Step, bool]:
    value, low, high = numeric_value(root), numeric_value(a), numeric_value(b)
    params = {"c": root, "decimal": decimal(root) if not root.is_Integer else root, "a": a, "b": b,
              "target": target}
    if value is not None and (abs(value - low) < 1e-12 or abs(value - high) < 1e-12):
        return Step(rule="candidate_c", before=None, after=None, params=params,
                    text_key="calculus.theorem.c_endpoint"), False
    if value is None or not low < value < high:
        return Step(rule="candidate_c", before=None, after=None, params=params,
                    text_key="calculus.theorem.c_outside"), False
    return Step(rule="candidate_c", before=sympy.Subs(df, var, root), after=target, params=params,
                text_key="calculus.theorem.c_inside"), True


# ---------------------------------------------------------------- conclusions without the theorem


def _conclusions_without_theorem(theorem, failures, f, var, df, a, b, fa, fb, slope, result) -> list[Step]:
    """Return the steps that state what can be concluded although the theorem does not apply."""
    only_endpoints = all(name == "equal_endpoints" for name, _ in failures)
    if theorem == "rolle" and only_endpoints:
        steps, accepted, _ = _solve_for_c(df, var, a, b, slope, "mvt")
        intro = Step(rule="mvt_instead", before=None, after=None,
                     params={"slope": slope, "fa": fa, "fb": fb, "a": a, "b": b,
                             "fa_paren": parenthesize(fa), "a_paren": parenthesize(a)},
                     text_key="calculus.rolle.mvt_instead")
        result["mvt"] = {"applies": True, "slope": slope, "c": list(accepted),
                         "c_decimal": _decimals(accepted)}
        return [intro, *steps]

    target = sympy.Integer(0) if theorem == "rolle" else slope
    if target is None:
        return [Step(rule="conclusion_unknown", before=None, after=None, params={},
                     text_key="calculus.theorem.nothing_to_check")]

    skip = tuple(failure.point for _, failure in failures if failure is not None)
    steps, accepted, accumulation = _solve_for_c(df, var, a, b, target, theorem, skip)
    result["c_found"] = list(accepted)
    result["slope"] = target
    key = "calculus.theorem.c_found_anyway" if accepted else "calculus.theorem.conclusion_fails"
    if accepted and accumulation:
        # c_found lists only the roots the numeric search met.
        result["c_accumulate_at"] = list(accumulation)
        key = "calculus.theorem.c_found_anyway_accumulate"
    closing = Step(rule="conclusion_check", before=None, after=None,
                   params={"target": target, "c": list(accepted), "count": len(accepted),
                           "points": list(accumulation)}, text_key=key)
    return [*steps, closing]


def _summary(theorem: str, result: dict[str, object], var: sympy.Symbol) -> tuple[str, dict[str, object]]:
    if result["applies"]:
        c_values = result["c"]
        key = f"calculus.{theorem}.summary" if c_values else f"calculus.{theorem}.summary_none"
        return key, {"c": c_values or "—"}
    if "mvt" in result:
        return "calculus.rolle.summary_mvt_instead", {"c": result["mvt"]["c"] or "—"}
    key = f"calculus.{theorem}.summary_fails_{result['hypothesis']}"
    found = result.get("c_found")
    if not found:
        return f"{key}_none", {}
    if result.get("c_accumulate_at"):
        return f"{key}_accumulate", {"points": result["c_accumulate_at"], "count": len(found)}
    return key, {"c": found}
