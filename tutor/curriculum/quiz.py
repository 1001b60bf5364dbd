"""Self-check quizzes: seeded items for every skill.

Skill ids are the derivative rule ids (``power``, ``constant_multiple``,
``sum``, ``product``, ``quotient``, ``chain``, ``sqrt``,
``log_differentiation`` and the elementary functions ``sin`` ... ``tanh``,
``exp``, ``exp_base``, ``log``, ``log_base``, ``arcsin``, ``arccos``,
``arctan``) plus ``partial`` (∂f/∂x as a formula), ``partial_value``
(its value at a point), ``chain_multivariable`` (dz/dt), ``mvt``,
``rolle``, ``motion``, ``interval`` (interval notation), ``classify``
(order, degree and linearity of an ODE) and ``backprop`` (gradients on a
computational graph).  Topics group skills for ``quiz --topic``.

One seed gives one quiz: every random choice comes from a
``random.Random`` seeded with a string built from the seed, which Python
hashes the same way in every process.
"""

from __future__ import annotations

from random import Random

from tutor.curriculum.generators import DIFFICULTIES, REGISTRY
from tutor.curriculum.model import Item
from tutor.errors import UnsupportedError
from tutor.i18n import has_key, translate

#: Every skill id with a generator, in a fixed teaching order.
SKILLS: tuple[str, ...] = tuple(REGISTRY)

#: Topic -> skills, for ``quiz --topic``; ``all`` is every skill.
TOPICS: dict[str, tuple[str, ...]] = {
    "rules": ("power", "constant_multiple", "sum", "product", "quotient", "chain", "sqrt", "log_differentiation"),
    "functions": tuple(skill for skill, entry in REGISTRY.items() if entry.topic == "functions"),
    "partial": ("partial", "partial_value", "chain_multivariable"),
    "theorems": ("mvt", "rolle"),
    "motion": ("motion",),
    "interval": ("interval",),
    "classify": ("classify",),
    "backprop": ("backprop",),
}

# The lesson topics (tutor.curriculum.loader.TOPICS) are quiz topics too, so
# a learner can quiz the topic of the lesson just finished.  ``chain``
# names the lesson on both chain rules, so as a topic it takes precedence
# over the single skill ``chain``.
TOPICS["derivative"] = TOPICS["rules"] + TOPICS["functions"]
TOPICS["mvt"] = ("mvt",)
TOPICS["rolle"] = ("rolle",)
TOPICS["chain"] = ("chain", "chain_multivariable")
TOPICS["all"] = SKILLS

#: Items in a quiz when ``--count`` is not given.
DEFAULT_COUNT = 10

#: Most items one quiz may have.
MAX_COUNT = 100


def skills_for(topic: str | None) -> tuple[str, ...]:
    """Return the skills of ``topic``, which may also be one skill id; None means all."""
    if topic is None:
        return SKILLS
    name = topic.strip().lower().replace("-", "_")
    if name in TOPICS:
        return TOPICS[name]
    if name in REGISTRY:
        return (name,)
    raise UnsupportedError("quiz.unknown_topic", topic=topic, topics=", ".join(TOPICS))


def skill_name(skill: str, lang: str) -> str:
    """Return the display name of a skill id in ``lang``, or the id itself when the catalog has none."""
    key = f"skills.{skill}"
    return translate(key, lang) if has_key(key) else skill


def item_rng(seed: int | str, *parts: object) -> Random:
    """Return a Random seeded from ``seed`` and ``parts``, identical in every process."""
    return Random(":".join(str(part) for part in (seed, *parts)))


def generate(skill: str, seed: int | str, difficulty: int = 1) -> Item:
    """Generate the item of ``skill`` at ``difficulty`` for ``seed``."""
    return REGISTRY[skill](item_rng(seed, skill, difficulty), difficulty)


def difficulty_at(position: int, count: int) -> int:
    """Return the difficulty of the item at ``position`` (0-based): the quiz ramps from 1 to 3."""
    return DIFFICULTIES[min(len(DIFFICULTIES) - 1, position * len(DIFFICULTIES) // max(count, 1))]


def build_quiz(
    topic: str | None = None,
    count: int = DEFAULT_COUNT,
    seed: int | str = 0,
    difficulty: int | None = None,
) -> list[Item]:
    """Return ``count`` items over the skills of ``topic``.

    Skills are dealt in a shuffled round so that no skill repeats before
    every skill of the topic has appeared once; ``difficulty`` None ramps
    from 1 to 3 over the quiz.  No two items of one quiz are the same.
    """
    if not 1 <= count <= MAX_COUNT:
        raise UnsupportedError("quiz.bad_count", count=count, limit=MAX_COUNT)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        raise UnsupportedError("quiz.bad_difficulty", difficulty=difficulty)

    skills = skills_for(topic)
    order = item_rng(seed, "order")
    items: list[Item] = []
    seen: set[str] = set()
    deck: list[str] = []
    attempt = 0
    while len(items) < count:
        if not deck:
            deck = list(skills)
            order.shuffle(deck)
        skill = deck.pop()
        level = difficulty if difficulty is not None else difficulty_at(len(items), count)
        item = REGISTRY[skill](item_rng(seed, len(items), attempt, skill), level)
        attempt += 1
        # A topic with few distinct items may repeat one rather than loop forever.
        if item.id in seen and attempt < count * 20:
            continue
        seen.add(item.id)
        items.append(item)
    return items
