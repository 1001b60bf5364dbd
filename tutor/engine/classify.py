"""Classify a differential equation: order, degree, linearity, ODE or PDE.

Definitions, as textbooks state them:
- order (계, 階): the order of the highest derivative in the equation;
- degree (차수): the power of that highest-order derivative once the
  equation is a polynomial in its derivatives, after fractions and
  radicals in the derivatives are cleared.  It is not defined when a
  derivative sits inside a transcendental function such as sin(y′);
- linear: the dependent variable and its derivatives appear only to the
  first power, never multiplied together or inside another function, with
  coefficients that depend on the independent variables alone;
- a PDE contains partial derivatives of a function of two or more
  independent variables; otherwise it is an ODE.

Radicals are cleared by a resultant: with w = ⁿ√B, the equation P(w) = 0
and wⁿ − B = 0 have a common root, so Res_w(P, wⁿ − B) = 0 is the same
equation without the radical.
"""

from __future__ import annotations

import logging
from math import lcm

import sympy
from sympy.core.function import AppliedUndef

from tutor import limits
from tutor.engine.budget import within_budget
from tutor.engine.steps import Step, Trace
from tutor.errors import UnsupportedError
from tutor.parsing.commands import Classify

logger = logging.getLogger(__name__)

#: Radicals cleared one after another before giving up on the degree.
MAX_RADICALS = 4


def trace_classify(command: Classify, workspace: object) -> Trace:
    """Trace ``classify EQUATION``: type, order, degree and linearity, one step each."""
    equation = command.equation
    expr = equation.lhs - equation.rhs
    derivatives = sorted(expr.atoms(sympy.Derivative), key=_order_of)
    if not derivatives:
        raise UnsupportedError("calculus.classify.no_derivative", equation=equation)

    functions = sorted({d.expr for d in derivatives} | set(expr.atoms(AppliedUndef)), key=str)
    independents = sorted(set().union(*(f.free_symbols for f in functions)), key=lambda s: s.name)
    is_pde = any(len(f.args) > 1 for f in functions) or len({v for d in derivatives for v in d.variables}) > 1
    kind = "PDE" if is_pde else "ODE"

    order = max(_order_of(d) for d in derivatives)
    highest = [d for d in derivatives if _order_of(d) == order]

    symbols = {d: sympy.Symbol(f"_D{index}") for index, d in enumerate(derivatives)}
    symbols.update({f: sympy.Symbol(f"_F{index}") for index, f in enumerate(functions)})
    back = {symbol: original for original, symbol in symbols.items()}
    polynomial = expr.xreplace(symbols)
    derivative_symbols = [symbols[d] for d in derivatives]

    degree, clearing, transcendental = _degree(polynomial, derivative_symbols, [symbols[d] for d in highest], back)
    linear, culprit, cause = _linearity(expr, symbols, back)

    steps = [
        Step(rule="classify_type", before=None, after=None,
             params={"functions": functions, "independents": independents, "derivatives": derivatives},
             text_key=f"calculus.classify.type_{kind.lower()}"),
        Step(rule="classify_order", before=None, after=None,
             params={"highest": highest, "order": order},
             text_key="calculus.classify.order"),
        _degree_step(highest, degree, clearing, transcendental),
        Step(rule="classify_linearity", before=None, after=None,
             params={"term": culprit if culprit is not None else "—", "functions": functions},
             text_key="calculus.classify.linear" if linear else f"calculus.classify.nonlinear_{cause}"),
    ]
    result = {"order": order, "degree": degree, "linear": linear, "type": kind,
              "nonlinear_term": culprit, "highest_derivatives": highest}

    summary_key = f"calculus.classify.summary_{'linear' if linear else 'nonlinear'}_{kind.lower()}"
    if degree is None:
        summary_key += "_no_degree"
    return Trace(
        kind="classify",
        reading=equation,
        steps=tuple(steps),
        result=result,
        notes=command.notes,
        extra={"summary_key": summary_key, "summary_params": {"order": order, "degree": degree or "—"}},
    )


def _order_of(derivative: sympy.Derivative) -> int:
    return int(sum(count for _, count in derivative.variable_count))


# ---------------------------------------------------------------- degree


def _degree(polynomial, derivative_symbols, highest_symbols, back):
    """Return (degree or None, clearing steps, the transcendental term or None)."""
    inside = _inside_transcendental(polynomial, derivative_symbols)
    if inside is not None:
        return None, (), inside.xreplace(back)

    clearing: list[Step] = []
    cleared = _clear_fractions(polynomial, derivative_symbols)
    if cleared != polynomial:
        clearing.append(_clearing_step("fractions", polynomial, cleared, back))
        polynomial = cleared

    for _ in range(MAX_RADICALS):
        radical = _find_radical(polynomial, derivative_symbols)
        if radical is None:
            break
        cleared = within_budget(_clear_radical, polynomial, radical, fallback=lambda *_: None,
                                seconds=limits.CAS_TIME_BUDGET, what="resultant")
        if cleared is None:
            return None, tuple(clearing), None
        clearing.append(_clearing_step("radicals", polynomial, cleared, back))
        polynomial = cleared

    try:
        degree = max(sympy.Poly(sympy.expand(polynomial), symbol).degree() for symbol in highest_symbols)
    except sympy.PolynomialError:
        logger.info("degree undefined: %s is not a polynomial in the derivatives", polynomial)
        return None, tuple(clearing), None
    return degree, tuple(clearing), None


def _inside_transcendental(expr, derivative_symbols):
    """Return the first non-algebraic sub-expression that contains a derivative, or None."""
    for node in sympy.preorder_traversal(expr):
        if not isinstance(node, sympy.Basic) or not node.has(*derivative_symbols):
            continue
        if isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol)):
            continue
        if isinstance(node, sympy.Pow):
            if node.exp.has(*derivative_symbols) or not node.exp.is_Rational:
                return node
            continue
        return node
    return None


def _clear_fractions(expr, derivative_symbols):
    together = sympy.together(expr)
    numerator, denominator = sympy.fraction(together)
    if not denominator.has(*derivative_symbols):
        return expr
    return sympy.expand(numerator)


def _find_radical(expr, derivative_symbols):
    for node in sympy.preorder_traversal(expr):
        if (isinstance(node, sympy.Pow) and node.exp.is_Rational and not node.exp.is_Integer
                and node.base.has(*derivative_symbols)):
            return node.base
    return None


def _clear_radical(expr, base):
    """Remove every rational power of ``base`` from ``expr = 0`` with a resultant."""
    exponents = [node.exp for node in sympy.preorder_traversal(expr)
                 if isinstance(node, sympy.Pow) and node.base == base and node.exp.is_Rational]
    q = lcm(*(int(e.q) for e in exponents))
    w = sympy.Dummy("w")
    replaced = expr.replace(
        lambda node: isinstance(node, sympy.Pow) and node.base == base and node.exp.is_Rational,
        lambda node: w ** int(node.exp * q),
    )
    numerator, _ = sympy.fraction(sympy.together(replaced))
    result = sympy.resultant(sympy.expand(numerator), w ** q - base, w)
    return sympy.expand(result)


def _clearing_step(what, before, after, back) -> Step:
    return Step(rule="classify_clear", before=None, after=None,
                params={"before": sympy.Eq(before.xreplace(back), 0, evaluate=False),
                        "after": sympy.Eq(after.xreplace(back), 0, evaluate=False)},
                text_key=f"calculus.classify.clear_{what}")


def _degree_step(highest, degree, clearing, transcendental) -> Step:
    if degree is not None:
        key = "calculus.classify.degree"
    elif transcendental is not None:
        key = "calculus.classify.degree_transcendental"
    else:
        key = "calculus.classify.degree_not_polynomial"
    return Step(rule="classify_degree", before=None, after=None,
                params={"highest": highest, "degree": degree if degree is not None else "—",
                        "term": transcendental if transcendental is not None else "—"},
                substeps=clearing, text_key=key)


# ---------------------------------------------------------------- linearity


def _linearity(expr, symbols, back) -> tuple[bool, sympy.Expr | None, str | None]:
    """Return (linear, the first non-linear term in the learner's notation, its cause)."""
    dependents = tuple(symbols.values())
    substituted = expr.xreplace(symbols)
    for term in sympy.Add.make_args(substituted):
        expanded = sympy.expand(term, deep=False)
        for piece in sympy.Add.make_args(expanded):
            cause = _nonlinear_cause(piece, dependents)
            if cause is not None:
                culprit = -term if term.could_extract_minus_sign() else term
                return False, culprit.xreplace(back), cause
    return True, None, None


def _nonlinear_cause(term, dependents) -> str | None:
    """Return why ``term`` is not of the form c(x)·u with u the function or a derivative, or None."""
    if not term.has(*dependents):
        return None
    _, rest = term.as_independent(*dependents, as_Add=False)
    if rest in dependents:
        return None
    factors = sympy.Mul.make_args(rest)
    for factor in factors:
        if factor in dependents:
            continue
        # A power of the function, of a derivative or of a sum containing them.
        if isinstance(factor, sympy.Pow) and not factor.exp.has(*dependents):
            continue
        return "function"
    if len(factors) > 1:
        return "product"
    return "power"
