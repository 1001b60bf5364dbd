"""Partial derivatives and the multivariable chain rule dz/dt, traced step by step.

A partial derivative is the ordinary derivative with the other variables
held constant, so each one is a ``partial`` Step that names the constants
and carries the derivative engine's steps (where those variables are
simply constants) as substeps.  Higher orders differentiate the previous
result again, in the order the command lists (``f_xy`` is x first, then
y).  The value at a point is an ``evaluate`` Step of its own, from
``Subs(derivative, variables, point)`` to the number.

The chain rule dz/dt = Σ ∂z/∂xᵢ · dxᵢ/dt derives every factor, adds the
products, then substitutes the intermediate variables back in terms of t
and tidies.

``Trace.extra`` keys of a partial trace: ``function`` (f) and ``point``
(a dict from variable to value, or None).  Keys of a chain trace:
``partials`` and ``rates`` map each
intermediate variable to ∂z/∂xᵢ and dxᵢ/dt, ``mixed`` is the sum before
substitution, ``param`` the final variable t.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from tutor.engine.budget import within_budget
from tutor.engine.derivative import derivative_steps
from tutor.engine.realnum import evaluate_real, with_real_roots
from tutor.engine.steps import Note, RuleId, Step, Trace
from tutor.engine.tidy import tidy_steps
from tutor.errors import MathDomainError, UnsupportedError
from tutor.parsing.commands import Chain, NamedPartial, Partial, Point

#: Largest order of one mixed or repeated partial derivative (f_xxy is 3).
MAX_PARTIAL_ORDER = 4


@dataclass(frozen=True)
class _Derived:
    """One requested derivative: its variables, steps, final form and value at the point."""

    variables: tuple[sympy.Symbol, ...]
    steps: tuple[Step, ...]
    final: sympy.Expr
    value: sympy.Expr | None

    @property
    def key(self) -> str:
        return "".join(var.name for var in self.variables)


def trace_partial(command: Partial, workspace: object) -> Trace:
    """Trace ``partial EXPR wrt x [at ...]``, ``∂/∂x EXPR`` and the second-order forms."""
    symbols = command.expr.free_symbols.union(*(set(variables) for variables in command.derivatives))
    order = sorted(symbols, key=lambda symbol: symbol.name)
    return _partial_trace(command.expr, command.derivatives, command.point, tuple(order), command.notes)


def trace_named_partial(command: NamedPartial, workspace) -> Trace:
    """Trace ``f_x``, ``f_xy(2, 3)`` for ``f(x, y) = ...`` defined earlier."""
    definition = workspace.lookup(command.name)
    params = definition.params or tuple(sorted(definition.expr.free_symbols, key=lambda s: s.name))
    for var in command.variables:
        if var not in params:
            raise UnsupportedError(
                "calculus.partial.not_a_parameter", name=command.name, var=var,
                params=", ".join(p.name for p in params),
            )
    head = sympy.Function(command.name)(*params)
    note = Note("calculus.partial.note_definition", {"definition": sympy.Eq(head, definition.expr, evaluate=False)})
    return _partial_trace(definition.expr, (command.variables,), command.point, params, (note, *command.notes))


def _partial_trace(
    expr: sympy.Expr,
    derivatives: tuple[tuple[sympy.Symbol, ...], ...],
    point: Point | None,
    order: tuple[sympy.Symbol, ...],
    notes: tuple[Note, ...],
) -> Trace:
    if not derivatives or any(not variables for variables in derivatives):
        raise UnsupportedError("calculus.partial.no_variable")
    for variables in derivatives:
        if len(variables) > MAX_PARTIAL_ORDER:
            raise UnsupportedError("calculus.partial.order_too_high", order=len(variables), limit=MAX_PARTIAL_ORDER)

    every_symbol = set(expr.free_symbols).union(*(set(v) for v in derivatives))
    values = _point_values(point, order, every_symbol) if point is not None else None

    results: list[_Derived] = []
    steps: list[Step] = []
    for variables in derivatives:
        derived = _derive_partial(expr, variables, every_symbol, values)
        results.append(derived)
        steps.extend(derived.steps)

    notes = tuple(notes)
    if any(len(set(item.variables)) > 1 for item in results):
        notes += (Note("calculus.partial.note_mixed", {}),)

    readings = [sympy.Derivative(expr, *item.variables) for item in results]
    if len(results) == 1:
        only = results[0]
        result: dict[str, object] = {"derivative": only.final}
        if values is not None:
            result["value"] = only.value
        summary_params = {"derivative": readings[0], "result": only.final}
        summary_key = "calculus.partial.summary"
        if values is not None:
            summary_key = "calculus.partial.summary_at"
            summary_params.update(point=_point_text(values), value=only.value)
        reading: sympy.Basic = readings[0]
    else:
        result = {"derivatives": {item.key: item.final for item in results}}
        if values is not None:
            result["values"] = {item.key: item.value for item in results}
        equations = [sympy.Eq(r, item.final, evaluate=False) for r, item in zip(readings, results)]
        summary_key, summary_params = "calculus.partial.summary_many", {"results": equations}
        reading = sympy.Tuple(*readings)

    if values is not None:
        reading = sympy.Subs(reading, tuple(values), tuple(values.values()))
    return Trace(
        kind="partial",
        reading=reading,
        steps=tuple(steps),
        result=result,
        notes=notes,
        extra={"summary_key": summary_key, "summary_params": summary_params,
               "function": expr, "point": values},
    )


def _point_values(point: Point, order: tuple[sympy.Symbol, ...], symbols: set[sympy.Symbol]) -> dict[sympy.Symbol, sympy.Expr]:
    """Pair the point's coordinates with variables: by name, or positionally in ``order``."""
    if point.names is not None:
        return dict(zip(point.names, point.values))
    variables = list(order) or sorted(symbols, key=lambda symbol: symbol.name)
    if len(point.values) != len(variables):
        raise UnsupportedError(
            "calculus.partial.point_size", count=len(point.values),
            variables=", ".join(v.name for v in variables) or "—", size=len(variables),
        )
    return dict(zip(variables, point.values))


def _point_text(values: dict[sympy.Symbol, sympy.Expr]) -> list[sympy.Eq]:
    """Return the point as equations, which the renderer prints as ``x = 2, y = 3``."""
    return [sympy.Eq(var, value, evaluate=False) for var, value in values.items()]


def _derive_partial(
    expr: sympy.Expr,
    variables: tuple[sympy.Symbol, ...],
    every_symbol: set[sympy.Symbol],
    values: dict[sympy.Symbol, sympy.Expr] | None,
) -> _Derived:
    """Differentiate ``expr`` by each of ``variables`` in turn, then evaluate at the point."""
    steps: list[Step] = []
    current = expr
    for index, var in enumerate(variables):
        steps.append(partial_step(current, var, every_symbol, order=index + 1, original=expr))
        current = steps[-1].after

    value = None
    if values is not None:
        value = _value_at(current, values)
        steps.append(Step(
            rule=str(RuleId.EVALUATE),
            before=sympy.Subs(current, tuple(values), tuple(values.values())),
            after=value,
            params={"expr": current, "point": _point_text(values),
                    "derivative": sympy.Derivative(expr, *variables)},
            text_key="calculus.partial.value",
        ))
    return _Derived(tuple(variables), tuple(steps), current, value)


def partial_step(
    expr: sympy.Expr,
    var: sympy.Symbol,
    every_symbol: set[sympy.Symbol],
    order: int = 1,
    original: sympy.Expr | None = None,
) -> Step:
    """Return the ``partial`` Step ∂/∂var expr, naming the variables held constant.

    Its substeps are the derivative engine's steps for ``expr`` with
    respect to ``var``; the other symbols are constants to the engine.
    """
    held = sorted((every_symbol | expr.free_symbols) - {var}, key=lambda symbol: symbol.name)
    derivation, final = derivative_steps(expr, var)
    if held:
        key = "calculus.partial.held_constant" if order == 1 else "calculus.partial.again"
    else:
        key = "calculus.partial.no_constants"
    return Step(
        rule=str(RuleId.PARTIAL),
        before=sympy.Derivative(expr, var),
        after=final,
        params={"var": var, "constants": held or "—", "expr": expr, "order": order,
                "original": original if original is not None else expr},
        substeps=derivation,
        text_key=key,
    )


def _value_at(expr: sympy.Expr, values: dict[sympy.Symbol, sympy.Expr]) -> sympy.Expr:
    """Substitute the point exactly; raise MathDomainError where the derivative is undefined."""
    if not (expr.free_symbols - set(values)) and evaluate_real(expr, values) is None:
        raise MathDomainError("calculus.partial.undefined_at", expr=expr, point=_point_text(values))
    substituted = with_real_roots(expr).xreplace(values)
    return within_budget(lambda v: sympy.radsimp(sympy.expand(v)), substituted, fallback=lambda v: v,
                         what="expand")


# ---------------------------------------------------------------- chain rule dz/dt


def trace_chain(command: Chain, workspace: object) -> Trace:
    """Trace dz/dt = Σ ∂z/∂xᵢ · dxᵢ/dt for ``chain z = ...; x = ...; y = ...``."""
    definitions = dict(command.definitions)
    if command.target not in definitions:
        raise UnsupportedError("calculus.chain.no_target", target=command.target)
    outer = definitions[command.target]
    inner = {name: expr for name, expr in command.definitions if name != command.target}

    intermediates = [name for name in inner if name in outer.free_symbols]
    if not intermediates:
        raise UnsupportedError("calculus.chain.no_intermediates", target=command.target)
    for name in intermediates:
        if inner[name].free_symbols & set(inner) or command.target in inner[name].free_symbols:
            raise UnsupportedError("calculus.chain.nested", name=name)
    param = _chain_parameter(command, outer, inner, intermediates)

    terms: list[Step] = []
    partials: dict[sympy.Symbol, sympy.Expr] = {}
    rates: dict[sympy.Symbol, sympy.Expr] = {}
    every_symbol = set(outer.free_symbols)
    for name in intermediates:
        outer_step = partial_step(outer, name, every_symbol)
        inner_steps, rate = derivative_steps(inner[name], param)
        inner_step = Step(
            rule="inner_derivative",
            before=sympy.Derivative(inner[name], param),
            after=rate,
            params={"name": name, "param": param, "expr": inner[name]},
            substeps=inner_steps,
            text_key="calculus.chain.inner_derivative",
        )
        partials[name], rates[name] = outer_step.after, rate
        terms.append(Step(
            rule="chain_term", before=None, after=None,
            params={"target": command.target, "name": name, "param": param,
                    "partial": outer_step.after, "rate": rate, "product": outer_step.after * rate},
            substeps=(outer_step, inner_step),
            text_key="calculus.chain.term",
        ))
    if param in outer.free_symbols:
        direct = partial_step(outer, param, every_symbol)
        partials[param], rates[param] = direct.after, sympy.Integer(1)
        terms.append(Step(
            rule="chain_term", before=None, after=None,
            params={"target": command.target, "name": param, "partial": direct.after},
            substeps=(direct,), text_key="calculus.chain.direct_term",
        ))

    mixed = sympy.Add(*(partials[name] * rates[name] for name in partials))
    names = tuple(intermediates)
    replacements = tuple(inner[name] for name in intermediates)
    substitution = sympy.Subs(mixed, names, replacements)
    composite = outer.xreplace(dict(zip(names, replacements)))
    substituted = mixed.xreplace(dict(zip(names, replacements)))
    tidying, final = tidy_steps(substituted, param)

    formula = _formula_text(command.target, [*intermediates, *([param] if param in outer.free_symbols else [])], param)
    steps = [
        Step(rule=str(RuleId.CHAIN_MULTIVARIABLE), before=None, after=None,
             params={"target": command.target, "param": param, "formula": formula,
                     "names": list(intermediates)},
             text_key="calculus.chain.formula"),
        *terms,
        Step(rule=str(RuleId.CHAIN_MULTIVARIABLE), before=sympy.Derivative(composite, param),
             after=substitution, params={"formula": formula, "mixed": mixed},
             text_key="calculus.chain.add_terms"),
        Step(rule=str(RuleId.EVALUATE), before=substitution, after=substituted,
             params={"substitutions": [sympy.Eq(n, r, evaluate=False) for n, r in zip(names, replacements)],
                     "param": param},
             text_key="calculus.chain.substitute"),
        *tidying,
    ]

    head = sympy.Derivative(sympy.Function(command.target.name)(param), param)
    reading = sympy.Tuple(head, *(sympy.Eq(name, expr, evaluate=False) for name, expr in command.definitions))
    unused = [name for name in inner if name not in intermediates]
    notes = tuple(command.notes)
    if unused:
        notes += (Note("calculus.chain.note_unused", {"names": unused, "target": command.target}),)
    return Trace(
        kind="chain",
        reading=reading,
        steps=tuple(steps),
        result={"derivative": final},
        notes=notes,
        extra={"summary_key": "calculus.chain.summary",
               "summary_params": {"target": command.target, "param": param, "result": final},
               "partials": partials, "rates": rates, "mixed": mixed, "param": param},
    )


def _chain_parameter(command: Chain, outer: sympy.Expr, inner: dict, intermediates: list) -> sympy.Symbol:
    """Return the final variable t: the one given, or the one symbol left after the intermediates."""
    if command.param is not None:
        return command.param
    left: set[sympy.Symbol] = set()
    for name in intermediates:
        left |= inner[name].free_symbols
    left |= outer.free_symbols - set(intermediates)
    if len(left) == 1:
        return next(iter(left))
    if not left:
        raise UnsupportedError("calculus.chain.no_parameter", target=command.target)
    raise UnsupportedError(
        "calculus.chain.which_parameter", symbols=", ".join(sorted(s.name for s in left)),
        target=command.target,
    )


def _formula_text(target: sympy.Symbol, names: list[sympy.Symbol], param: sympy.Symbol) -> str:
    """Write dz/dt = ∂z/∂x · dx/dt + ... in math notation (the same in every language)."""
    z, t = target.name, param.name
    terms = [f"∂{z}/∂{t}" if name == param else f"∂{z}/∂{name.name} · d{name.name}/d{t}" for name in names]
    return f"d{z}/d{t} = " + " + ".join(terms)
