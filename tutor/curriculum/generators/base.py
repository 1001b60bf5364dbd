"""Shared machinery of the quiz item generators.

A generator is a function ``(rng, difficulty) -> Item`` registered under
a skill id with :func:`generator`.  It draws random parameters from
``rng`` only (never the global ``random`` module, never set or dict
iteration over unordered data), so one seed always gives the same item
in every process.  A draw that would make an unclean or degenerate item
raises :class:`Redraw`, and the wrapper draws again from the same
``rng``, which keeps the retries deterministic too.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from random import Random

import sympy
from sympy.printing.str import StrPrinter

from tutor.curriculum.model import Item
from tutor.dialogue.replies import Localized
from tutor.i18n import translate
from tutor.render.mathtext import to_unicode

logger = logging.getLogger(__name__)

#: Draws one generator may make before it gives up on a seed.
MAX_DRAWS = 200

#: Difficulty levels every generator accepts.
DIFFICULTIES = (1, 2, 3)

x, y, z, t = sympy.symbols("x y z t")


class Redraw(Exception):
    """The drawn parameters make an unclean or degenerate item; draw again."""


@dataclass(frozen=True)
class Generator:
    """A registered generator: its skill id, topic and drawing function."""

    skill: str
    topic: str
    draw: Callable[[Random, int], Item]

    def __call__(self, rng: Random, difficulty: int = 1) -> Item:
        """Draw one item, redrawing unclean parameters up to MAX_DRAWS times."""
        if difficulty not in DIFFICULTIES:
            raise ValueError(f"difficulty must be one of {DIFFICULTIES}, got {difficulty}")
        for _ in range(MAX_DRAWS):
            try:
                return self.draw(rng, difficulty)
            except Redraw:
                continue
        raise RuntimeError(f"generator {self.skill!r} found no clean item in {MAX_DRAWS} draws")


#: Skill id -> generator, filled by the @generator decorator in each module.
REGISTRY: dict[str, Generator] = {}


def generator(skill: str, topic: str) -> Callable[[Callable[[Random, int], Item]], Callable[[Random, int], Item]]:
    """Register the decorated function as the generator of ``skill`` within ``topic``."""

    def register(draw: Callable[[Random, int], Item]) -> Callable[[Random, int], Item]:
        if skill in REGISTRY:
            raise ValueError(f"two generators for skill {skill!r}")
        REGISTRY[skill] = Generator(skill, topic, draw)
        return draw

    return register


# ---------------------------------------------------------------- drawing helpers


def nonzero(rng: Random, low: int, high: int) -> int:
    """Draw an integer in [low, high] other than 0."""
    choices = [value for value in range(low, high + 1) if value != 0]
    return rng.choice(choices)


def require(condition: bool) -> None:
    """Raise Redraw unless ``condition`` holds."""
    if not condition:
        raise Redraw


def is_clean_number(value: sympy.Expr, max_denominator: int = 12, max_size: int = 1000) -> bool:
    """Return whether ``value`` is a rational with a small denominator and magnitude."""
    value = sympy.nsimplify(value) if isinstance(value, sympy.Float) else value
    return bool(value.is_Rational and value.q <= max_denominator and abs(value) <= max_size)


# ---------------------------------------------------------------- text


class _InputPrinter(StrPrinter):
    """The tutor's own input syntax: ``^`` for powers, ``ln``, ``|u|``, ``arcsin``."""

    def _print_Pow(self, expr: sympy.Pow, rational: bool = False) -> str:
        return super()._print_Pow(expr, rational).replace("**", "^")

    def _print_Abs(self, expr: sympy.Abs) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Function(self, expr: sympy.Function) -> str:
        names = {"log": "ln", "asin": "arcsin", "acos": "arccos", "atan": "arctan"}
        name = names.get(expr.func.__name__, expr.func.__name__)
        return f"{name}({', '.join(self._print(arg) for arg in expr.args)})"


def input_text(expr: sympy.Basic) -> str:
    """Write ``expr`` in the syntax learners type and the chat parser reads (``3*x^2 + 2*x``)."""
    return _InputPrinter().doprint(expr).replace("**", "^")


def math(expr: sympy.Basic) -> str:
    """Write ``expr`` for people (``3x² + 2x``)."""
    return to_unicode(expr)


def localized(key: str, **params: object) -> Localized:
    """Render catalog ``key`` in both languages; SymPy parameters become Unicode math."""
    shown = {name: math(value) if isinstance(value, sympy.Basic) else value for name, value in params.items()}
    return Localized(en=translate(key, "en", **shown), ko=translate(key, "ko", **shown))


def item_id(skill: str, difficulty: int, task: str, result_key: str | None) -> str:
    """Return a stable id for a generated item: the same task and key give the same id."""
    digest = hashlib.sha1(f"{task}|{result_key}".encode()).hexdigest()[:10]
    return f"quiz.{skill}.{difficulty}.{digest}"


def make_item(
    skill: str,
    difficulty: int,
    prompt: Localized,
    task: str,
    expected: str,
    answer_type: str = "expression",
    result_key: str | None = None,
    choices: tuple[Localized, ...] = (),
) -> Item:
    """Build the Item with its stable id."""
    return Item(
        id=item_id(skill, difficulty, task, result_key),
        prompt=prompt,
        answer_type=answer_type,
        task=task,
        expected=expected,
        result_key=result_key,
        choices=choices,
        skill=skill,
        difficulty=difficulty,
    )
