"""Math on screen: one line of Unicode inside sentences, a 2-D picture where it helps.

SymPy's pretty printer stacks a fraction's numerator over its denominator
and raises exponents that superscript digits cannot show (``e^(x²)``,
``x^(1/3)``).  For a plain ``3x² + 2`` the one-line form is just as clear
and half the height, so only expressions with a fraction or a non-integer
power get the picture.
"""

from __future__ import annotations

from typing import Any

#: Widest picture drawn in 2-D; wider ones fall back to one line so an
#: 80-column terminal never has to wrap a drawing.
MAX_PICTURE_WIDTH = 70


def needs_picture(expr: Any) -> bool:
    """Return whether ``expr`` has a fraction or a power that reads better in 2-D."""
    import sympy

    if not isinstance(expr, sympy.Basic):
        return False
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Rational) and not node.is_Integer:
            return True
        if isinstance(node, sympy.Pow):
            exponent = node.exp
            if exponent in (sympy.Rational(1, 2), -sympy.Rational(1, 2)):
                continue
            if exponent.is_negative or not exponent.is_Integer:
                return True
    return False


#: SymPy function name -> the name the steps use (``to_unicode`` writes ln and arcsin).
DISPLAY_NAMES = {"log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan"}


def with_display_names(expr: Any) -> Any:
    """Return ``expr`` with log, asin, acos and atan renamed for display only (ln, arcsin ...).

    The renamed functions are undefined SymPy functions, so the result is
    for printing and never for computing.
    """
    import sympy

    def renamed(node: Any) -> Any:
        return sympy.Function(DISPLAY_NAMES[node.func.__name__])(*node.args)

    return expr.replace(
        lambda node: isinstance(node, sympy.Function) and node.func.__name__ in DISPLAY_NAMES, renamed
    )


def math_picture(expr: Any) -> str | None:
    """Return SymPy's 2-D drawing of ``expr`` when it helps and fits, else None."""
    if not needs_picture(expr):
        return None

    from tutor.render.mathtext import to_pretty

    picture = to_pretty(with_display_names(expr))
    if max(len(line) for line in picture.splitlines()) > MAX_PICTURE_WIDTH:
        return None
    return picture
