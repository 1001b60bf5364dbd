"""Turn the parse tree of one chat line into a Command dataclass.

:class:`CommandBuilder` extends the math transformer with one method per
command rule of grammar/commands.lark.  Keyword tokens (``wrt``, ``at``,
``미분``) arrive as children and are skipped by :func:`_values`.
"""

from __future__ import annotations

import sympy
from lark import Token, v_args
from sympy.core.function import AppliedUndef

from tutor import limits
from tutor.errors import ParseError, TooComplexError
from tutor.parsing import commands
from tutor.parsing.tokens import APPLIED_FUNCTION_NAMES, english_keyword
from tutor.parsing.transformer import (
    DerivativeReference,
    MathBuilder,
    decimal_to_rational,
    read_derivative_operator,
    read_partial,
)

#: Model and gate names of ``train``; Korean model names map to English.
_MODELS = {"perceptron": "perceptron", "sigmoid": "sigmoid", "퍼셉트론": "perceptron",
           "시그모이드": "sigmoid"}
_GATES = ("and", "or", "nand", "nor", "xor")


def _values(children: tuple) -> list:
    """Drop keyword tokens; keep SymPy values, tuples, Points and name tokens."""
    return [c for c in children if not (isinstance(c, Token) and c.type not in ("LETTER", "FNAME"))]


def _symbol(token: Token) -> sympy.Symbol:
    return sympy.Symbol(token.value)


def _column(token: Token) -> int:
    return (token.start_pos or 0) + 1


def _check_order(order: int, token: Token) -> None:
    if order > limits.MAX_DERIVATIVE_ORDER:
        raise TooComplexError(
            "limits.order_too_high", _column(token), order=order, limit=limits.MAX_DERIVATIVE_ORDER
        )


@v_args(inline=True)
class CommandBuilder(MathBuilder):
    """Build one Command; see grammar/commands.lark for the rules."""

    def start(self, command):
        return command

    # ------------------------------------------------------------ derivatives

    def derivative_op(self, token, expr):
        variable, order = read_derivative_operator(token)
        return commands.Derivative(self.plain(expr, applied=True), variable, order)

    def derivative_word(self, *children):
        values = _values(children)
        expr = values[0]
        variable = values[1] if len(values) > 1 else None
        return commands.Derivative(self.plain(expr, applied=True), variable)

    def derivative_equation(self, *children):
        values = _values(children)
        (head, expr, parameters) = values[0]
        variable = values[1] if len(values) > 1 else None
        if variable is None and parameters:
            variable = parameters[0]
        self._note("parsing.note_equation_derivative", equation=sympy.Eq(head, expr, evaluate=False))
        return commands.Derivative(expr, variable)

    def equation_to_differentiate(self, name, *rest):
        *parameters, expr = rest
        symbols = tuple(_symbol(p) for p in parameters)
        head = sympy.Function(name.value)(*symbols) if symbols else _symbol(name)
        return (head, self.plain(expr, applied=True), symbols)

    def wrt(self, *children):
        return _symbol(children[-1])

    def define_name(self, name, expr):
        return commands.Define(name.value, (), self.plain(expr, applied=True))

    def define_function(self, name, *rest):
        *parameters, expr = rest
        symbols = tuple(_symbol(p) for p in parameters)
        if len(set(symbols)) != len(symbols):
            raise ParseError("parsing.parameter_twice", _column(name), name=name.value)
        return commands.Define(name.value, symbols, self.plain(expr, applied=True))

    def named_derivative(self, token, argument):
        order = token.value.count("'")
        _check_order(order, token)
        name = token.value.rstrip("'")
        argument = self.plain(argument)
        if isinstance(argument, sympy.Symbol):
            return commands.NamedDerivative(name, argument, order)
        return commands.NamedDerivative(name, None, order, at=argument)

    # ------------------------------------------------------------ partials

    def partial_word(self, keyword, expr, *rest):
        variables = [_symbol(t) for t in rest if isinstance(t, Token) and t.type == "LETTER"]
        points = [r for r in rest if isinstance(r, commands.Point)]
        if not variables:
            raise ParseError("parsing.partial_needs_variable", _column(keyword))
        return commands.Partial(
            self.plain(expr), tuple((v,) for v in variables), points[0] if points else None
        )

    def partial_op(self, token, expr, point=None):
        _, variables = read_partial(token)
        # Leibniz notation applies the rightmost ∂ first: ∂²/∂x∂y f = ∂/∂x (∂f/∂y).
        return commands.Partial(self.plain(expr), (tuple(reversed(variables)),), point)

    def named_partial(self, token, point=None):
        name, letters = token.value.split("_", 1)
        variables = tuple(sympy.Symbol(letter) for letter in letters)
        _check_order(len(variables), token)
        return commands.NamedPartial(name, variables, point)

    def at_point(self, _at, point):
        return point

    def paren_point(self, *values):
        return commands.Point(tuple(self.coordinate(v) for v in values))

    def named_values(self, *pairs):
        names = tuple(name for name, _ in pairs)
        if len(set(names)) != len(names):
            raise ParseError("parsing.point_name_twice", None)
        return commands.Point(tuple(value for _, value in pairs), names)

    def named_value(self, name, value):
        return (_symbol(name), self.coordinate(value))

    # ------------------------------------------------------------ chain rule

    def chain(self, _keyword, assignments):
        return commands.Chain(assignments[0][0], assignments)

    def chain_named(self, token, assignments):
        match = token.value.replace(" ", "")
        target, parameter = sympy.Symbol(match[1]), sympy.Symbol(match[-1])
        return commands.Chain(target, assignments, parameter)

    def assignments(self, *pairs):
        return tuple(pairs)

    def assignment(self, name, expr):
        return (_symbol(name), self.plain(expr))

    # ------------------------------------------------------------ theorems

    def theorem(self, keyword, expr, *rest):
        a, b = _values(rest)[-1]
        theorem = english_keyword(keyword.value)
        return commands.Theorem(theorem, self.plain(expr), None, a, b)

    def closed_interval(self, a, b):
        return (self.plain(a), self.plain(b))

    # ------------------------------------------------------------ motion

    def motion(self, _keyword, position, *rest):
        name, expr, variable = position
        times: tuple[sympy.Expr, ...] = ()
        span = None
        for part in rest:
            if isinstance(part, tuple) and part and part[0] == "times":
                _, time_variable, times = part
                if variable is not None and time_variable != variable:
                    raise ParseError("parsing.motion_time_variable", None, expected=str(variable), given=str(time_variable))
                variable = time_variable
            elif part is not None:
                span = part
        if variable is None:
            free = sorted(expr.free_symbols, key=str)
            variable = free[0] if len(free) == 1 else sympy.Symbol("t")
        if name is None:
            name = "s" if str(variable) == "x" else "x"
        return commands.Motion(name, expr, variable, times, span)

    def position_named(self, name, expr):
        return (name.value, self.plain(expr), None)

    def position_function(self, name, variable, expr):
        return (name.value, self.plain(expr), _symbol(variable))

    def position_bare(self, expr):
        return (None, self.plain(expr), None)

    def motion_times(self, _at, variable, *times):
        return ("times", _symbol(variable), tuple(self.plain(t) for t in times))

    def motion_span(self, _on, interval):
        return interval

    # ------------------------------------------------------------ classify

    def classify(self, _keyword, left, right):
        return commands.Classify(self.equation(left, right))

    def classify_zero(self, _keyword, left):
        return commands.Classify(self.equation(left, sympy.Integer(0)))

    # ------------------------------------------------------------ backprop

    def backprop(self, _keyword, graph, _at, point, upstream=None):
        assignments, output = graph
        return commands.Backprop(
            assignments, output, point, upstream if upstream is not None else sympy.Integer(1)
        )

    def graph_expression(self, expr):
        return ((), self.plain(expr))

    def graph_assignments(self, assignments):
        return (assignments, assignments[-1][0])

    def upstream(self, _keyword, value):
        return self.coordinate(value)

    # ------------------------------------------------------------ training

    def train(self, _keyword, model, gate, *options):
        model_name = _MODELS.get(model.value)
        if model_name is None:
            raise ParseError(
                "parsing.unknown_model", _column(model), word=model.value,
                choices=", ".join(sorted(set(_MODELS.values()))),
            )
        if gate.value not in _GATES:
            raise ParseError("parsing.unknown_gate", _column(gate), word=gate.value, choices=", ".join(_GATES))
        settings = dict(options)
        return commands.Train(model_name, gate.value, settings.get("rate"), settings.get("epochs"))

    def option_rate(self, _keyword, value):
        return ("rate", self.plain(value))

    def option_epochs(self, _keyword, number):
        value = decimal_to_rational(number.value)
        if not value.is_Integer:
            raise ParseError("parsing.epochs_integer", _column(number), value=number.value)
        return ("epochs", int(value))

    # ------------------------------------------------------------ intervals

    def interval(self, _keyword, literal, *rest):
        values = _values(rest)
        query = self.plain(values[0]) if values else None
        a, b, left_closed, right_closed = literal
        return commands.Interval(a, b, left_closed, right_closed, query)

    def membership(self, value, _keyword, literal):
        a, b, left_closed, right_closed = literal
        return commands.Interval(a, b, left_closed, right_closed, self.plain(value))

    def interval_literal(self, left, a, b, right):
        # An infinite end is never a member, so it takes a round bracket.
        if a == -sympy.oo and left == "[":
            raise ParseError(
                "parsing.closed_infinity", _column(left), bracket="[", replacement="(", end="-∞"
            )
        if b == sympy.oo and right == "]":
            raise ParseError(
                "parsing.closed_infinity", _column(right), bracket="]", replacement=")", end="∞"
            )
        return (self.plain(a), self.plain(b), left == "[", right == "]")

    def left_end(self, token):
        return token

    def right_end(self, token):
        return token

    def infinity(self, _token):
        return sympy.oo

    def negative_infinity(self, _token):
        return -sympy.oo

    # ------------------------------------------------------------ expressions

    def expression(self, expr):
        if expr in self.references:
            reference = self.references[expr]
            if reference.partial:
                # ∂²z/∂x∂y differentiates by y first, like ∂/∂x (∂z/∂y).
                return commands.NamedPartial(reference.name, tuple(reversed(reference.variables)))
            variable = reference.variables[0] if reference.variables else None
            return commands.NamedDerivative(reference.name, variable, reference.order)
        return commands.Expression(self.plain(expr, applied=True))

    # ------------------------------------------------------------ placeholders

    def plain(self, expr: sympy.Expr, applied: bool = False) -> sympy.Expr:
        """Return ``expr`` after checking that it contains no derivative notation.

        Applied functions such as ``f(x)`` are allowed only with ``applied``:
        the derivative engine replaces them by their definitions, and the
        other engines do not.
        """
        for dummy in expr.atoms(sympy.Dummy):
            reference = self.references.get(dummy)
            if reference is not None:
                raise ParseError("parsing.derivative_notation_here", reference.column)
        if not applied:
            for call in expr.atoms(AppliedUndef):
                if call.func.__name__ in APPLIED_FUNCTION_NAMES:
                    raise ParseError("parsing.applied_function_here", None, name=call.func.__name__)
        return expr

    def coordinate(self, value: sympy.Expr) -> sympy.Expr:
        """Return a point coordinate, evaluated even in a backprop graph (1/2, not 1*2**-1)."""
        value = self.plain(value)
        if not self.evaluate and not value.free_symbols:
            return value.doit()
        return value

    def equation(self, left: sympy.Expr, right: sympy.Expr) -> sympy.Eq:
        """Build the equation to classify, with y' as Derivative(y(x), x) and y as y(x)."""
        # In the order written, so z(x, y) follows the first ∂-variable typed.
        found = sorted(
            (self.references[d] for d in (left - right).atoms(sympy.Dummy) if d in self.references),
            key=lambda reference: reference.column,
        )
        if not found:
            raise ParseError("parsing.no_derivative", None)

        independents = _independent_variables(found, left, right)
        replacements: dict[sympy.Basic, sympy.Basic] = {}
        for dummy, reference in self.references.items():
            function = sympy.Function(reference.name)(*independents)
            variables = reference.variables or (independents[0],) * reference.order
            replacements[dummy] = sympy.Derivative(function, *variables)
            replacements[sympy.Symbol(reference.name)] = function
        return sympy.Eq(left.xreplace(replacements), right.xreplace(replacements), evaluate=False)


def _independent_variables(
    found: list[DerivativeReference], left: sympy.Expr, right: sympy.Expr
) -> tuple[sympy.Symbol, ...]:
    """Return the independent variables: every ∂-variable, or the one of dy/dx, or x."""
    ordered: list[sympy.Symbol] = []
    for reference in found:
        for variable in reference.variables or ():
            if variable not in ordered:
                ordered.append(variable)
    if ordered:
        if any(r.partial for r in found):
            return tuple(ordered)
        return (ordered[0],)

    dependents = {sympy.Symbol(r.name) for r in found}
    free = (left.free_symbols | right.free_symbols) - dependents
    free = {s for s in free if not isinstance(s, sympy.Dummy)}
    for candidate in ("x", "t"):
        if sympy.Symbol(candidate) in free:
            return (sympy.Symbol(candidate),)
    if len(free) == 1:
        return (free.pop(),)
    return (sympy.Symbol("x"),)
