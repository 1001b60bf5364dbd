"""Rule-tracing differentiation: one strategy per rule id, dispatched by type.

The architecture follows SymPy's manualintegrate in spirit: finding the
steps is separate from explaining them (the catalog renders each Step),
and failure is data (an ``unsupported`` Step), not an exception.

To add a rule: write ``my_rule(expr, context) -> Step | None`` (see
``tutor.engine.rules.context`` for the contract), add its id to
``RuleId``, its strategy to ``RULES`` in ``table.py``, the shape that
selects it to ``candidate_rules``, and ``rules.<id>`` and
``rule_names.<id>`` to both catalogs.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy

from tutor.engine.rules.context import ALREADY_DERIVED_KEY, DeriveContext, Strategy, derivative_step
from tutor.engine.rules.table import RULES, candidate_rules, dispatch
from tutor.engine.steps import Step


def derive(
    expr: sympy.Expr,
    var: sympy.Symbol,
    *,
    overrides: Mapping[str, Strategy] | None = None,
    context: DeriveContext | None = None,
) -> Step:
    """Return the Step tree of ``d/dvar expr``: ``before`` is ``Derivative(expr, var)``.

    ``after`` is the raw derivative (correct, not tidied).  ``overrides``
    maps rule ids to replacement strategies for this call only, e.g.
    ``{"product": product_of_derivatives}`` to derive a learner's buggy
    answer.  Pass ``context`` to share chain letters and already shown
    derivatives with an earlier call.
    """
    if context is None:
        context = DeriveContext(
            var=var,
            overrides=dict(overrides or {}),
            taken_names={symbol.name for symbol in expr.free_symbols} | {var.name},
            dispatch=dispatch,
        )
    if context.dispatch is None:
        context.dispatch = dispatch
    if overrides:
        context.overrides = {**context.overrides, **overrides}
    context.taken_names.update(symbol.name for symbol in expr.free_symbols)
    return context.apply(None, expr, var)


__all__ = [
    "ALREADY_DERIVED_KEY", "DeriveContext", "RULES", "Strategy",
    "candidate_rules", "derivative_step", "derive",
]
