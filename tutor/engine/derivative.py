"""Derivatives traced rule by rule: the public entry points of the engine.

``derive`` (from ``tutor.engine.rules``) builds the Step tree of one
derivative.  This module adds tidying, higher orders, the step numbers of
references to earlier derivations, and the ``trace_*`` functions that the
dispatcher calls.

Strategy signature, for ``overrides`` (public and stable)::

    def strategy(expr: sympy.Expr, context: DeriveContext) -> Step | None

``expr`` is differentiated with respect to ``context.var``; the strategy
returns the Step ``Derivative(expr, var) -> derivative`` or None when it
does not apply, and derives parts with ``context.derive(part)``.  Build
steps with ``derivative_step(rule, expr, var, after, substeps, **params)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import sympy

from tutor import limits
from tutor.engine.rules import ALREADY_DERIVED_KEY, DeriveContext, Strategy, derivative_step, derive
from tutor.engine.steps import Note, RuleId, Step, Trace
from tutor.engine.tidy import tidy_steps
from tutor.errors import MathDomainError, TooComplexError, UnsupportedError

__all__ = [
    "DeriveContext", "Strategy", "choose_variable", "derivative_step", "derivative_steps", "derive",
    "number_references", "trace_bare_expression", "trace_derivative", "trace_named_derivative",
]


def choose_variable(expr: sympy.Expr, var: sympy.Symbol | None = None) -> sympy.Symbol:
    """Return ``var``, else the only free symbol of ``expr``, else x; raise when that is ambiguous."""
    if var is not None:
        return var
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) == 1:
        return symbols[0]
    for symbol in symbols:
        if symbol.name == "x":
            return symbol
    if not symbols:
        return sympy.Symbol("x")
    raise UnsupportedError("derivative.which_variable", symbols=", ".join(s.name for s in symbols))


def number_references(step: Step, number: str, shown: dict[sympy.Basic, str] | None = None) -> Step:
    """Fill in the ``step`` param of "already derived" steps with the number of the first derivation.

    Numbers follow the text renderer: ``number`` for ``step``, then
    ``number.1``, ``number.2`` ... for its substeps.
    """
    shown = {} if shown is None else shown
    if step.text_key == ALREADY_DERIVED_KEY:
        reference = shown.get(step.before)
        if reference is not None:
            return replace(step, params={**step.params, "step": reference})
        return step

    if step.substeps and step.before is not None:
        shown.setdefault(step.before, number)
    substeps = tuple(
        number_references(sub, f"{number}.{index}", shown) for index, sub in enumerate(step.substeps, start=1)
    )
    return replace(step, substeps=substeps) if substeps != step.substeps else step


def _unsupported_functions(steps: tuple[Step, ...]) -> list[str]:
    names: dict[str, None] = {}
    for top in steps:
        for step in top.walk():
            if step.rule == RuleId.UNSUPPORTED:
                names.setdefault(str(step.params.get("function")), None)
    return list(names)


def derivative_steps(
    expr: sympy.Expr,
    var: sympy.Symbol,
    order: int = 1,
    overrides: Mapping[str, Strategy] | None = None,
) -> tuple[tuple[Step, ...], sympy.Expr]:
    """Return every step of ``d^order/dvar^order expr`` (rules, then tidying) and the final answer.

    Each order is derived from the tidied result of the order before; the
    final answer is exactly the ``after`` of the last step.
    """
    if order < 1 or order > limits.MAX_DERIVATIVE_ORDER:
        raise TooComplexError("limits.order_too_high", order=order, limit=limits.MAX_DERIVATIVE_ORDER)

    steps: list[Step] = []
    current = expr
    for _ in range(order):
        step = derive(current, var, overrides=overrides)
        steps.append(number_references(step, str(len(steps) + 1)))
        tidying, current = tidy_steps(step.after, var)
        steps.extend(tidying)
    return tuple(steps), current


def _expand_definitions(
    expr: sympy.Expr, var: sympy.Symbol | None, workspace, notes: tuple[Note, ...]
) -> tuple[sympy.Expr, tuple[Note, ...]]:
    """Replace names defined in ``workspace`` and add a Note for each definition used."""
    keep = frozenset() if var is None else frozenset({var.name})
    expanded, used = workspace.expand(expr, keep)
    for definition in used:
        head = (
            sympy.Function(definition.name)(*definition.params) if definition.params
            else sympy.Symbol(definition.name)
        )
        equation = sympy.Eq(head, definition.expr, evaluate=False)
        notes += (Note("parsing.note_definition_used", {"definition": equation}),)
    return expanded, notes


def _derivative_trace(
    expr: sympy.Expr,
    var: sympy.Symbol | None,
    order: int,
    notes: tuple[Note, ...],
) -> tuple[Trace, sympy.Symbol]:
    var = choose_variable(expr, var)
    steps, final = derivative_steps(expr, var, order)
    reading = sympy.Derivative(expr, (var, order))
    notes = tuple(notes)
    others = sorted((s for s in expr.free_symbols if s != var and not isinstance(s, sympy.Dummy)),
                    key=lambda s: s.name)
    if others:
        names = ", ".join(s.name for s in others)
        notes += (Note("parsing.note_held_constant", {"var": var, "others": names}),)
    unsupported = _unsupported_functions(steps)
    summary_key = "derivative.summary"
    if unsupported:
        notes += (Note("derivative.note_unsupported", {"functions": ", ".join(unsupported)}),)
        summary_key = "derivative.summary_unsupported"
    trace = Trace(
        kind="derivative",
        reading=reading,
        steps=steps,
        result={"derivative": final},
        notes=notes,
        extra={"summary_key": summary_key, "summary_params": {"derivative": reading, "result": final}},
    )
    return trace, var


def trace_derivative(command, workspace) -> Trace:
    """Trace ``d/dx EXPR`` (``commands.Derivative``), any order up to the limit.

    Names defined in ``workspace`` (``y``, ``f(x)``) are replaced by their definitions first.
    """
    expr, notes = _expand_definitions(command.expr, command.var, workspace, command.notes)
    trace, _ = _derivative_trace(expr, command.var, command.order, notes)
    return trace


def trace_bare_expression(command, workspace) -> Trace:
    """Trace the derivative of a chat input that is only an expression, and say so in a note."""
    expr, notes = _expand_definitions(command.expr, None, workspace, command.notes)
    trace, var = _derivative_trace(expr, None, 1, notes)
    note = Note("derivative.note_assumed_derivative", {"expr": expr, "var": var})
    return replace(trace, notes=(note, *trace.notes))


def trace_named_derivative(command, workspace) -> Trace:
    """Trace ``dy/dx``, ``y''`` or ``f'(2)`` for a name defined earlier in ``workspace``.

    A value at a point (``f'(2)``) adds an ``evaluate`` step from
    ``Subs(f'(x), x, 2)`` to the number.
    """
    definition = workspace.lookup(command.name)
    var = command.var
    if var is None and definition.params:
        var = definition.params[0]
    # Other names in the definition ("z = y^2" after "y = x^2") are expanded too.
    expr, notes = _expand_definitions(definition.expr, var, workspace, command.notes)
    trace, var = _derivative_trace(expr, var, command.order, notes)
    if command.at is None:
        return trace

    final = trace.result["derivative"]
    # f'(a) needs f itself defined at a: ln x has the derivative 1/x, but
    # f'(-1) does not exist, although 1/x is -1 there.
    try:
        _value_at(expr, var, command.at)
    except MathDomainError:
        raise MathDomainError("derivative.function_undefined_at", expr=expr, var=var, point=command.at) from None
    value = _value_at(final, var, command.at)
    evaluate = Step(
        rule=str(RuleId.EVALUATE),
        before=sympy.Subs(final, var, command.at),
        after=value,
        params={"var": var, "point": command.at, "expr": final},
    )
    reading = sympy.Subs(trace.reading, var, command.at)
    return replace(
        trace,
        reading=reading,
        steps=(*trace.steps, evaluate),
        result={"derivative": final, "value": value},
        extra={"summary_key": "derivative.summary_at",
               "summary_params": {"derivative": trace.reading, "var": var, "point": command.at, "value": value}},
    )


def _value_at(expr: sympy.Expr, var: sympy.Symbol, point: sympy.Expr) -> sympy.Expr:
    """Substitute ``point``; raise MathDomainError where the derivative is undefined or not real.

    Odd roots of negative numbers are taken as real roots, as a textbook
    does: for f'(x) = x^(-2/3)/3, f'(-8) is 1/12.
    """
    from tutor.engine.realnum import evaluate_real, with_real_roots

    if expr.free_symbols - {var} or point.free_symbols:
        return expr.xreplace({var: point})
    if evaluate_real(expr, {var: point}) is None:
        raise MathDomainError("derivative.undefined_at", expr=expr, var=var, point=point)
    return with_real_roots(expr).xreplace({var: point})
