"""The state one derivation shares across its rule applications.

A strategy is a function ``strategy(expr, context) -> Step | None``:
``expr`` is the SymPy expression to differentiate with respect to
``context.var``; it returns the Step whose ``before`` is
``Derivative(expr, context.var)`` and whose ``after`` is the derivative,
or None when the rule does not fit ``expr`` (the dispatcher then tries
the next candidate rule).  A strategy derives the parts of ``expr`` with
``context.derive(part)`` (or ``context.derive(part, var=u)`` for the outer
function of a chain), never by calling another strategy directly, so
overrides and the "already derived" references apply everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from tutor.engine.budget import check_deadline
from tutor.engine.steps import RuleId, Step

#: The signature of every rule strategy; see the module docstring.
Strategy = Callable[[sympy.Expr, "DeriveContext"], "Step | None"]

#: Letters for the inner functions of chain rules, in order of use.
CHAIN_LETTERS = ("u", "v", "w", "s", "p", "q", "r", "z")

#: Catalog key of a step that refers to a derivative shown earlier.
ALREADY_DERIVED_KEY = "rules.already_derived"


def derivative_step(
    rule: str,
    expr: sympy.Expr,
    var: sympy.Symbol,
    after: sympy.Expr,
    substeps: tuple[Step, ...] = (),
    focus: sympy.Basic | None = None,
    text_key: str | None = None,
    **params: Any,
) -> Step:
    """Build the Step ``d/dvar expr = after`` with the usual ``expr`` and ``var`` params."""
    return Step(
        rule=str(rule),
        before=sympy.Derivative(expr, var),
        after=after,
        focus=focus,
        params={"expr": expr, "var": var, **params},
        substeps=tuple(substeps),
        text_key=text_key,
    )


@dataclass
class DeriveContext:
    """Variable, overrides, used chain letters and derivatives already shown.

    ``dispatch`` picks and runs a rule for an expression.
    ``tutor.engine.rules.derive`` sets it, so this module does not import
    the rule table.
    """

    var: sympy.Symbol
    overrides: Mapping[str, Strategy] = field(default_factory=dict)
    taken_names: set[str] = field(default_factory=set)
    shown: dict[tuple[sympy.Expr, sympy.Symbol], Step] = field(default_factory=dict)
    dispatch: Callable[[sympy.Expr, DeriveContext, str | None], Step] | None = None
    _letters_used: int = 0

    def derive(self, expr: sympy.Expr, var: sympy.Symbol | None = None) -> Step:
        """Derive ``expr`` with respect to ``var`` (default: this context's variable).

        A derivative with substeps that this context has already shown is
        not derived again: the returned Step refers to it with the text key
        ``rules.already_derived`` and has no substeps.
        """
        return self.apply(None, expr, var)

    def apply(self, rule: str | None, expr: sympy.Expr, var: sympy.Symbol | None = None) -> Step:
        """Derive ``expr`` with the strategy of ``rule`` (None: pick by expression type)."""
        check_deadline()
        var = self.var if var is None else var
        key = (expr, var)
        earlier = self.shown.get(key)
        if earlier is not None:
            return derivative_step(
                earlier.rule, expr, var, earlier.after,
                text_key=ALREADY_DERIVED_KEY, result=earlier.after, step="",
            )

        assert self.dispatch is not None, "DeriveContext.dispatch is set by rules.derive"
        inner = self if var == self.var else self.with_var(var)
        step = self.dispatch(expr, inner, rule)
        if step.substeps and step.text_key != ALREADY_DERIVED_KEY:
            self.shown[key] = step
        return step

    def with_var(self, var: sympy.Symbol) -> DeriveContext:
        """Return a context for another variable that shares letters and shown derivatives."""
        child = DeriveContext(
            var=var, overrides=self.overrides, taken_names=self.taken_names,
            shown=self.shown, dispatch=self.dispatch,
        )
        child._parent = self  # type: ignore[attr-defined]
        return child

    def fresh_letter(self) -> sympy.Symbol:
        """Return a letter for a chain rule's inner function, never used before in this derivation."""
        root = self
        while getattr(root, "_parent", None) is not None:
            root = root._parent  # type: ignore[attr-defined]
        while True:
            index = root._letters_used
            root._letters_used += 1
            if index < len(CHAIN_LETTERS):
                name = CHAIN_LETTERS[index]
            else:
                name = f"u{index - len(CHAIN_LETTERS) + 1}"
            if name not in self.taken_names:
                self.taken_names.add(name)
                return sympy.Symbol(name)

    def strategy(self, rule: str) -> Strategy:
        """Return the strategy for ``rule``, the override if one was given."""
        from tutor.engine.rules.table import RULES

        override = self.overrides.get(str(rule))
        return override if override is not None else RULES[str(rule)]


__all__ = ["ALREADY_DERIVED_KEY", "CHAIN_LETTERS", "DeriveContext", "RuleId", "Strategy", "derivative_step"]
