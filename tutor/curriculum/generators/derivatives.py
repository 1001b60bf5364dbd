"""Generators for the single-variable differentiation rules, one per rule id.

Every item asks for d/dx of an expression built so that the rule of its
skill is the one the engine must apply (a product item really has two
non-constant factors, a chain item a non-trivial inner function).
Difficulty 1 is the rule alone, 2 adds a coefficient or a linear inner
function, 3 combines it with another rule.
"""

from __future__ import annotations

from random import Random

import sympy

from tutor.curriculum.generators.base import (
    generator,
    input_text,
    localized,
    make_item,
    nonzero,
    require,
    x,
)
from tutor.curriculum.model import Item

TOPIC_RULES = "rules"
TOPIC_FUNCTIONS = "functions"

#: Most nodes a generated expression or its derivative may have, so items stay readable.
MAX_NODES = 40


def derivative_item(skill: str, difficulty: int, expr: sympy.Expr) -> Item:
    """Build a d/dx item for ``expr``, rejecting degenerate or unwieldy ones.

    ``expr`` may be built unevaluated to keep the learner's form in the
    task; the expected answer is taken from its evaluated copy.
    """
    derivative = _familiar_form(sympy.diff(expr.doit(), x))
    require(x in expr.free_symbols)
    require(derivative != 0)
    require(sympy.count_ops(expr) <= MAX_NODES and sympy.count_ops(derivative) <= MAX_NODES)

    task = f"d/dx {input_text(expr)}"
    return make_item(
        skill,
        difficulty,
        localized("quiz.prompt.derivative", f=expr),
        task,
        input_text(derivative),
        result_key="derivative",
    )


_WILD = sympy.Wild("u")


def _familiar_form(derivative: sympy.Expr) -> sympy.Expr:
    """Write SymPy's tan² u + 1 and cot² u + 1 as the sec² u and csc² u that textbooks use."""
    if not derivative.has(sympy.tan, sympy.cot):
        return derivative
    derivative = sympy.factor_terms(derivative)
    derivative = derivative.replace(sympy.tan(_WILD) ** 2 + 1, sympy.sec(_WILD) ** 2)
    return derivative.replace(sympy.cot(_WILD) ** 2 + 1, sympy.csc(_WILD) ** 2)


def _linear(rng: Random) -> sympy.Expr:
    """Draw a x + b with a not in {0, 1} and b != 0, so it is a real inner function."""
    return rng.choice([-5, -4, -3, -2, -1, 2, 3, 4, 5]) * x + nonzero(rng, -6, 6)


def _polynomial(rng: Random, degree: int) -> sympy.Expr:
    """Draw a polynomial of exactly ``degree`` with a non-zero constant term."""
    terms = [nonzero(rng, -5, 5) * x**degree]
    for power in range(degree - 1, 0, -1):
        terms.append(rng.randint(-5, 5) * x**power)
    terms.append(nonzero(rng, -6, 6))
    return sympy.Add(*terms)


# ---------------------------------------------------------------- algebraic rules


@generator("power", TOPIC_RULES)
def power(rng: Random, difficulty: int) -> Item:
    """d/dx a x^n: integer n, then a negative power written as a quotient, then a fractional power."""
    a = nonzero(rng, -9, 9)
    if difficulty == 1:
        expr = a * x ** rng.randint(2, 9)
    elif difficulty == 2:
        expr = sympy.Mul(a, sympy.Pow(x, -rng.randint(1, 5)))
    else:
        numerator, denominator = rng.choice([(1, 3), (2, 3), (3, 2), (5, 2), (1, 4), (3, 4), (4, 3)])
        expr = a * x ** sympy.Rational(numerator, denominator)
    return derivative_item("power", difficulty, expr)


@generator("constant_multiple", TOPIC_RULES)
def constant_multiple(rng: Random, difficulty: int) -> Item:
    """d/dx c f(x) with c not 1 or -1."""
    c = rng.choice([-7, -5, -4, -3, -2, 2, 3, 4, 5, 6, 7, 8])
    inner = {
        1: lambda: x ** rng.randint(2, 6),
        2: lambda: rng.choice([sympy.sin(x), sympy.cos(x), sympy.exp(x)]),
        3: lambda: rng.choice([sympy.sqrt(x), sympy.log(x), sympy.tan(x)]),
    }[difficulty]()
    if difficulty == 3 and rng.random() < 0.5:
        c = sympy.Rational(rng.choice([1, 2, 3]), rng.choice([2, 4, 5]))
        require(c != 1)
    return derivative_item("constant_multiple", difficulty, sympy.Mul(c, inner))


@generator("sum", TOPIC_RULES)
def sum_rule(rng: Random, difficulty: int) -> Item:
    """d/dx of a sum and difference of terms: polynomials, then mixed functions."""
    if difficulty == 1:
        expr = _polynomial(rng, rng.randint(2, 3))
    elif difficulty == 2:
        expr = _polynomial(rng, rng.randint(3, 5))
    else:
        functions = [sympy.sin(x), sympy.cos(x), sympy.exp(x), sympy.log(x), sympy.sqrt(x)]
        first, second = rng.sample(functions, 2)
        expr = nonzero(rng, -5, 5) * first + nonzero(rng, -5, 5) * second + nonzero(rng, -4, 4) * x ** rng.randint(2, 4)
    require(len(sympy.Add.make_args(expr)) >= 2)
    return derivative_item("sum", difficulty, expr)


@generator("product", TOPIC_RULES)
def product(rng: Random, difficulty: int) -> Item:
    """d/dx f g with two non-constant factors."""
    if difficulty == 1:
        first, second = _linear(rng), _linear(rng)
        require(first != second)
    elif difficulty == 2:
        first = _polynomial(rng, 2)
        second = _polynomial(rng, rng.randint(1, 2))
    else:
        first = x ** rng.randint(1, 4) if rng.random() < 0.5 else _linear(rng)
        second = rng.choice([sympy.sin(x), sympy.cos(x), sympy.exp(x), sympy.log(x), sympy.exp(-x)])
    expr = sympy.Mul(first, second, evaluate=False)
    require(expr.is_Mul and len(expr.args) == 2)
    return derivative_item("product", difficulty, expr)


@generator("quotient", TOPIC_RULES)
def quotient(rng: Random, difficulty: int) -> Item:
    """d/dx f/g where f/g does not cancel to a polynomial or constant."""
    if difficulty == 1:
        top, bottom = _linear(rng), _linear(rng)
    elif difficulty == 2:
        top = _linear(rng) if rng.random() < 0.5 else _polynomial(rng, 2)
        bottom = x**2 + rng.randint(1, 6)
    else:
        top = rng.choice([sympy.sin(x), sympy.exp(x), sympy.log(x), sympy.cos(x)])
        bottom = x ** rng.randint(1, 3) if rng.random() < 0.5 else _linear(rng)

    ratio = sympy.cancel(top / bottom)
    _, remaining_bottom = sympy.fraction(ratio)
    require(x in remaining_bottom.free_symbols)
    expr = sympy.Mul(top, sympy.Pow(bottom, -1, evaluate=False), evaluate=False)
    return derivative_item("quotient", difficulty, expr)


@generator("chain", TOPIC_RULES)
def chain(rng: Random, difficulty: int) -> Item:
    """d/dx f(g(x)) with a non-linear or scaled inner function."""
    if difficulty == 1:
        expr = _linear(rng) ** rng.randint(2, 6)
    elif difficulty == 2:
        inner = _polynomial(rng, 2)
        expr = inner ** rng.choice([2, 3, 4, -1, -2, -3])
    else:
        inner = _polynomial(rng, 2)
        outer = rng.choice(["sin", "exp", "sqrt", "power"])
        if outer == "sin":
            expr = sympy.sin(inner)
        elif outer == "exp":
            expr = sympy.exp(inner)
        elif outer == "sqrt":
            expr = sympy.sqrt(x**2 + rng.randint(1, 9))
        else:
            expr = sympy.Pow(inner, -rng.randint(2, 3))
    return derivative_item("chain", difficulty, expr)


@generator("sqrt", TOPIC_RULES)
def square_root(rng: Random, difficulty: int) -> Item:
    """d/dx √u: √x, then √(a x + b), then √ of a quadratic."""
    if difficulty == 1:
        expr = nonzero(rng, -6, 6) * sympy.sqrt(x)
    elif difficulty == 2:
        expr = sympy.sqrt(_linear(rng))
    else:
        expr = sympy.sqrt(x**2 + rng.randint(1, 9)) if rng.random() < 0.5 else sympy.sqrt(_polynomial(rng, 2))
    return derivative_item("sqrt", difficulty, expr)


@generator("log_differentiation", TOPIC_RULES)
def log_differentiation(rng: Random, difficulty: int) -> Item:
    """d/dx of a variable base to a variable exponent: x^x, x^(k x), x^(sin x)."""
    if difficulty == 1:
        expr = x ** (rng.choice([1, 2, 3, 4]) * x)
    elif difficulty == 2:
        expr = x ** rng.choice([sympy.sin(x), sympy.cos(x), sympy.sqrt(x), sympy.log(x)])
    else:
        expr = (x + rng.randint(1, 5)) ** (rng.randint(1, 3) * x)
    return derivative_item("log_differentiation", difficulty, expr)


# ---------------------------------------------------------------- elementary functions


def _argument(rng: Random, difficulty: int) -> sympy.Expr:
    """The argument of an elementary function: x, then k x, then a x + b or k x^2."""
    if difficulty == 1:
        return x
    if difficulty == 2:
        return rng.choice([2, 3, 4, 5, -2, -3]) * x
    return _linear(rng) if rng.random() < 0.5 else rng.choice([2, 3, -1]) * x**2


def _function_generator(skill: str, function: sympy.FunctionClass, argument_range: str = "any") -> None:
    """Register the generator of an elementary function's rule.

    ``argument_range`` limits the argument: ``positive`` keeps it positive
    somewhere (log), ``unit`` keeps the inverse sine and cosine arguments
    simple so the derivative's square root stays readable.
    """

    def draw(rng: Random, difficulty: int) -> Item:
        argument = _argument(rng, difficulty)
        if argument_range == "unit" and difficulty == 3:
            argument = rng.choice([2, 3]) * x**2 if rng.random() < 0.5 else x**2
        expr = function(argument)
        if rng.random() < 0.5:
            expr = nonzero(rng, -5, 5) * expr
        require(expr.has(function))
        return derivative_item(skill, difficulty, expr)

    draw.__name__ = f"draw_{skill}"
    draw.__doc__ = f"d/dx of {skill} of x, of k x, then of a linear or quadratic argument."
    generator(skill, TOPIC_FUNCTIONS)(draw)


for _skill, _function in (
    ("sin", sympy.sin), ("cos", sympy.cos), ("tan", sympy.tan),
    ("sec", sympy.sec), ("csc", sympy.csc), ("cot", sympy.cot),
    ("sinh", sympy.sinh), ("cosh", sympy.cosh), ("tanh", sympy.tanh),
    ("exp", sympy.exp), ("log", sympy.log), ("arctan", sympy.atan),
):
    _function_generator(_skill, _function)
_function_generator("arcsin", sympy.asin, "unit")
_function_generator("arccos", sympy.acos, "unit")


@generator("exp_base", TOPIC_FUNCTIONS)
def exp_base(rng: Random, difficulty: int) -> Item:
    """d/dx a^u for a constant base a other than e."""
    base = sympy.Integer(rng.choice([2, 3, 5, 10]))
    exponent = _argument(rng, difficulty)
    expr = sympy.Pow(base, exponent)
    if difficulty >= 2 and rng.random() < 0.5:
        expr = nonzero(rng, -5, 5) * expr
    return derivative_item("exp_base", difficulty, expr)


@generator("log_base", TOPIC_FUNCTIONS)
def log_base(rng: Random, difficulty: int) -> Item:
    """d/dx log_a u for a base a in {2, 3, 10}; the task is written ``log_a(u)``."""
    base = rng.choice([2, 3, 10])
    argument = _argument(rng, difficulty)
    expr = sympy.log(argument, base)
    derivative = sympy.diff(expr, x)
    require(derivative != 0)

    task = f"d/dx log_{base}({input_text(argument)})"
    return make_item(
        "log_base",
        difficulty,
        localized("quiz.prompt.derivative_log_base", base=base, u=argument),
        task,
        input_text(derivative),
        result_key="derivative",
    )
