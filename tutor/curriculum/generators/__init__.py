"""Seeded quiz item generators, one per skill id (see tutor.curriculum.quiz)."""

from __future__ import annotations

from tutor.curriculum.generators import (  # noqa: F401 - importing registers the generators
    backprop,
    classify,
    derivatives,
    intervals,
    motion,
    multivariable,
    theorems,
)
from tutor.curriculum.generators.base import DIFFICULTIES, REGISTRY, Generator, Redraw

__all__ = ["DIFFICULTIES", "REGISTRY", "Generator", "Redraw"]
