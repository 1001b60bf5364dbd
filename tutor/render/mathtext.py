"""Math as a learner reads it: one-line Unicode (``3x² + 2``, ``eˣ``, ``√x``).

SymPy's own ``str`` is kept for machine-readable output (the JSON
contract requires text that ``sympy.parse_expr`` reads back); this printer
is only for people.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import AppliedUndef
from sympy.printing.precedence import PRECEDENCE, precedence
from sympy.printing.str import StrPrinter

_SUPERSCRIPT = str.maketrans("0123456789-+()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺⁽⁾ⁿ")
_SUPERSCRIPTABLE = set("0123456789-")

_FUNCTION_NAMES = {
    "asin": "arcsin",
    "acos": "arccos",
    "atan": "arctan",
    "log": "ln",
}


def superscript(text: str) -> str | None:
    """Return ``text`` in superscript digits, or None if it has other characters."""
    if text and set(text) <= _SUPERSCRIPTABLE:
        return text.translate(_SUPERSCRIPT)
    return None


class UnicodePrinter(StrPrinter):
    """One-line Unicode math: implicit products, superscript powers, ln, √."""

    def _print_Symbol(self, expr: sympy.Symbol) -> str:
        return expr.name

    def _print_Exp1(self, expr: Any) -> str:
        return "e"

    def _print_Pi(self, expr: Any) -> str:
        return "π"

    def _print_ImaginaryUnit(self, expr: Any) -> str:
        return "i"

    def _print_Infinity(self, expr: Any) -> str:
        return "∞"

    def _print_NegativeInfinity(self, expr: Any) -> str:
        return "-∞"

    def _print_Rational(self, expr: sympy.Rational) -> str:
        if expr.q == 1:
            return str(expr.p)
        return f"{expr.p}/{expr.q}"

    def _print_Float(self, expr: sympy.Float) -> str:
        value = float(expr)
        if value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return f"{value:.6g}"

    def _print_Function(self, expr: Any) -> str:
        name = expr.func.__name__
        name = _FUNCTION_NAMES.get(name, name)
        args = ", ".join(self._print(arg) for arg in expr.args)
        return f"{name}({args})"

    def _print_Abs(self, expr: Any) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_exp(self, expr: Any) -> str:
        exponent = expr.args[0]
        exponent_text = self._print(exponent)
        sup = superscript(exponent_text)
        if sup is not None or exponent.is_Symbol and len(exponent.name) == 1:
            return "e" + (sup if sup is not None else exponent.name.translate(_SUPERSCRIPT_LETTERS))
        return f"e^({exponent_text})"

    def _print_Derivative(self, expr: sympy.Derivative) -> str:
        if isinstance(expr.expr, AppliedUndef):
            return self._leibniz(expr)
        inner = self._print(expr.expr)
        if not (expr.expr.is_Atom or isinstance(expr.expr, sympy.Function)):
            inner = f"[{inner}]"
        parts = []
        for var, count in expr.variable_count:
            top = superscript(str(count)) if count != 1 else ""
            parts.append((var, count, top))
        partial = len(expr.expr.free_symbols) > 1
        d = "∂" if partial else "d"
        if len(parts) == 1:
            var, count, top = parts[0]
            return f"{d}{top}/{d}{self._print(var)}{top} {inner}"
        total = sum(count for _, count, _ in parts)
        below = "".join(f"{d}{self._print(v)}{top}" for v, _, top in reversed(parts))
        return f"{d}{superscript(str(total))}/{below} {inner}"

    def _leibniz(self, expr: sympy.Derivative) -> str:
        # An unknown function in a differential equation: dy/dx, d²y/dx², and
        # ∂²z/∂y∂x for Derivative(z, x, y), the last variable written first.
        function = expr.expr
        d = "∂" if len(function.args) > 1 else "d"
        total = sum(count for _, count in expr.variable_count)
        top = superscript(str(total)) if total != 1 else ""
        below = "".join(
            f"{d}{self._print(var)}{superscript(str(count)) if count != 1 else ''}"
            for var, count in reversed(expr.variable_count)
        )
        return f"{d}{top}{function.func.__name__}/{below}"

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        base, exponent = expr.as_base_exp()

        if exponent == sympy.Rational(1, 2):
            return f"√{self._wrap_root(base)}"
        if exponent == -sympy.Rational(1, 2):
            return f"1/√{self._wrap_root(base)}"
        if exponent.is_Rational and exponent.is_negative and exponent != -1 and not rational:
            return f"1/{self._print(sympy.Pow(base, -exponent, evaluate=False))}"
        if exponent == -1 and not rational:
            return f"1/{self.parenthesize(base, PRECEDENCE['Mul'] + 1)}"

        wrapped = isinstance(base, sympy.Derivative) or (
            isinstance(base, sympy.Function) and not isinstance(base, sympy.Abs) and not _is_simple_function(base)
        )
        if wrapped:
            base_text = f"({self._print(base)})"
        else:
            base_text = self.parenthesize(base, PRECEDENCE["Pow"], strict=True)
        sup = superscript(self._print(exponent)) if exponent.is_Integer else None
        if sup is not None:
            return f"{base_text}{sup}"
        exponent_text = self._print(exponent)
        if not (exponent.is_Atom and (exponent.is_Symbol or exponent.is_Integer)):
            exponent_text = f"({exponent_text})"
        return f"{base_text}^{exponent_text}"

    def _wrap_root(self, base: sympy.Expr) -> str:
        text = self._print(base)
        if base.is_Atom:
            return text
        return f"({text})"

    def _print_Mul(self, expr: sympy.Mul) -> str:
        coefficient, factors = _flat_coeff_mul(expr)
        sign = ""
        if coefficient.is_negative:
            sign = "-"
            coefficient = -coefficient
        numerator: list[sympy.Expr] = []
        denominator: list[sympy.Expr] = []
        for factor in factors:
            base, exponent = factor.as_base_exp()
            if exponent.is_Rational and exponent.is_negative and not isinstance(factor, sympy.exp):
                denominator.append(sympy.Pow(base, -exponent, evaluate=False) if exponent != -1 else base)
            else:
                numerator.append(factor)
        if coefficient.is_Rational and coefficient.q != 1:
            denominator.insert(0, sympy.Integer(coefficient.q))
            coefficient = sympy.Integer(coefficient.p)

        top = self._join_product(coefficient, numerator)
        if not denominator:
            return sign + top
        bottom_expr_text = self._join_product(sympy.Integer(1), denominator)
        # _join_product already brackets a lone sum, so (2 - 4x) is not bracketed twice.
        if len(denominator) > 1 or (
            not denominator[0].is_Atom and not isinstance(denominator[0], (sympy.Function, sympy.Pow, sympy.Add))
        ):
            bottom_expr_text = f"({bottom_expr_text})"
        if _has_top_level_sum(top):
            top = f"({top})"
        return f"{sign}{top}/{bottom_expr_text}"

    def _join_product(self, coefficient: sympy.Expr, factors: list[sympy.Expr]) -> str:
        pieces: list[str] = []
        if coefficient != 1 or not factors:
            pieces.append(self._print(coefficient))
        for factor in factors:
            # Each factor is printed once: printing it again for the bracket
            # test doubles the work at every level of a nested product.
            if isinstance(factor, sympy.Add):
                text = f"({self._print(factor)})"
            else:
                text = self.parenthesize(factor, PRECEDENCE["Mul"], strict=False)
            pieces.append(text)
        out = pieces[0]
        for previous, text in zip(pieces, pieces[1:]):
            # Juxtapose where it reads unambiguously (3x, x sin(x), (x+1)(x-1)),
            # and use a middle dot between two numbers or after a letter run.
            if previous[-1].isdigit() and text[0].isdigit():
                out += "·" + text
            elif text.startswith("(") or previous.endswith(")") or previous.endswith("|"):
                out += text
            elif previous[-1].isdigit() or previous in ("-",):
                out += text
            else:
                out += "·" + text
        return out

    def _print_Add(self, expr: sympy.Add, order: str | None = None) -> str:
        terms = self._as_ordered_terms(expr, order=order)
        out = ""
        for index, term in enumerate(terms):
            text = self._print(term)
            negative = text.startswith("-")
            if index == 0:
                out = text
            elif negative:
                out += " - " + text[1:]
            else:
                out += " + " + text
        return out

    def _print_Equality(self, expr: sympy.Eq) -> str:
        return f"{self._print(expr.lhs)} = {self._print(expr.rhs)}"

    def _print_Interval(self, expr: sympy.Interval) -> str:
        left = "(" if expr.left_open else "["
        right = ")" if expr.right_open else "]"
        return f"{left}{self._print(expr.start)}, {self._print(expr.end)}{right}"

    def _print_Union(self, expr: sympy.Union) -> str:
        return " ∪ ".join(self._print(part) for part in expr.args)

    def _print_FiniteSet(self, expr: sympy.FiniteSet) -> str:
        return "{" + ", ".join(self._print(item) for item in expr.args) + "}"

    def _print_EmptySet(self, expr: Any) -> str:
        return "∅"

    def _print_Subs(self, expr: sympy.Subs) -> str:
        # The evaluation bar: [f]|_(x = 2, y = 3).
        inner = self._print(expr.expr)
        if not (expr.expr.is_Atom or isinstance(expr.expr, sympy.Derivative)):
            inner = f"[{inner}]"
        point = ", ".join(f"{self._print(var)} = {self._print(value)}"
                          for var, value in zip(expr.variables, expr.point))
        return f"{inner}|_({point})"

    def _print_Piecewise(self, expr: sympy.Piecewise) -> str:
        parts = [f"{self._print(e)} if {self._print(c)}" for e, c in expr.args]
        return "{" + "; ".join(parts) + "}"


def _has_top_level_sum(text: str) -> bool:
    """Return whether ``text`` has a `` + `` or `` - `` outside all brackets."""
    depth = 0
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in "+-" and text[index - 1:index] == " ":
            return True
    return False


def _flat_coeff_mul(expr: sympy.Mul) -> tuple[sympy.Expr, list[sympy.Expr]]:
    """Split a product into its number and its other factors, through nested products.

    The parser keeps ``-3(4x + 3)`` unevaluated as a product inside a
    product; printing it level by level would show ``-(3(4x + 3))``.
    """
    coefficient: sympy.Expr = sympy.Integer(1)
    factors: list[sympy.Expr] = []
    pending = list(expr.args)
    while pending:
        factor = pending.pop(0)
        if isinstance(factor, sympy.Mul):
            pending[:0] = list(factor.args)
        elif factor.is_Number:
            coefficient = coefficient * factor
        else:
            factors.append(factor)
    return coefficient, factors


_SUPERSCRIPT_LETTERS = str.maketrans(
    "abcdefghijklmnoprstuvwxyz", "ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ"
)


def _is_simple_function(expr: Any) -> bool:
    return len(expr.args) == 1 and expr.args[0].is_Atom


_PRINTER = UnicodePrinter()


def to_unicode(expr: Any) -> str:
    """Format a SymPy object (or a plain value) as one-line Unicode math."""
    if isinstance(expr, str):
        return expr
    if isinstance(expr, bool) or expr is None:
        return str(expr)
    if isinstance(expr, int):
        return str(expr)
    if isinstance(expr, float):
        return _PRINTER.doprint(sympy.Float(expr))
    if isinstance(expr, (list, tuple)):
        return ", ".join(to_unicode(item) for item in expr)
    return _PRINTER.doprint(expr)


def to_sympy_syntax(expr: Any) -> str:
    """Format a SymPy object in SymPy's own syntax, readable by parse_expr."""
    if isinstance(expr, str):
        return expr
    return sympy.sstr(expr)


def to_pretty(expr: Any) -> str:
    """Format a SymPy object as SymPy's two-dimensional Unicode picture."""
    return sympy.pretty(expr, use_unicode=True, wrap_line=False)
