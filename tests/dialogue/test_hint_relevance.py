"""Hints for a question start at the part of the solution that answers it."""

from __future__ import annotations

from tutor.curriculum.model import Item
from tutor.dialogue.replies import Localized
from tutor.dialogue.session import Session


def _first_hint_rule(item: Item) -> str:
    session = Session(lang="en")
    ladder = session._ladder(item)
    return ladder[0].step.rule


def test_gradient_question_hints_start_at_backward_pass():
    item = Item(id="g", prompt=Localized("Gradients?", "기울기는?"), answer_type="gradients",
                task="backprop q = x + y; f = q * z at x = -2, y = 5, z = 4", result_key="gradients",
                expected="x = 4, y = 4, z = 3")
    assert _first_hint_rule(item) == "backward_pass"


def test_c_question_hints_start_at_solving_for_c():
    item = Item(id="c", prompt=Localized("c?", "c는?"), answer_type="c_values",
                task="rolle 2x^3 - 6x^2 on [0, 3]", result_key="c", expected="2")
    assert _first_hint_rule(item) == "solve_for_c"
