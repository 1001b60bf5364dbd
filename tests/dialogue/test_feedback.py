"""Feedback on wrong answers: no correct value while the question is open, and authored wrong answers."""

from __future__ import annotations

import tutor
from tutor.curriculum.model import Item, Lesson, WrongAnswer
from tutor.dialogue.replies import Feedback, Localized
from tutor.dialogue.session import Session
from tutor.dialogue.transcript import render_reply

#: Parameters of the checker's sentences that carry the correct value.
ANSWER_PARAMS = {"right", "expected", "value", "values"}


def feedback_of(replies) -> Feedback:
    found = [reply for reply in replies if isinstance(reply, Feedback)]
    assert len(found) == 1, replies
    return found[0]


def lesson_of(*items: Item) -> Lesson:
    return Lesson(id="test", title=Localized("Test", "시험"), topic="derivative", blocks=items)


def chain_item() -> Item:
    return Item(id="square", prompt=Localized("Differentiate (3x² + 2)².", "(3x² + 2)²를 미분하세요."),
                task="d/dx (3x^2 + 2)^2", skill="chain")


def test_where_message_withholds_value_while_open():
    session = Session(lang="en")
    session.run_lesson(lesson_of(chain_item()))
    feedback = feedback_of(session.feed("12x(3x^2+2)^2"))
    keys = [message.key for message in feedback.messages]
    assert "dialogue.withheld.where" in keys
    assert "checking.where" not in keys
    for message in feedback.messages:
        assert not ANSWER_PARAMS & set(message.params), message


def test_where_message_full_after_bottom_out_hint():
    session = Session(lang="en")
    session.run_lesson(lesson_of(chain_item()))
    while True:
        hint = [reply for reply in session.feed("hint") if reply.__class__.__name__ == "HintShown"][0]
        if hint.level == hint.levels:
            break
    feedback = feedback_of(session.feed("12x(3x^2+2)^2"))
    assert "checking.where" in [message.key for message in feedback.messages]


def test_check_command_keeps_correct_value():
    result = tutor.check("d/dx (3x^2 + 2)^2", "12x(3x^2+2)^2", lang="en")
    assert "2u" in result["feedback"].replace(" ", "")


def test_witness_withholds_derivative_value():
    session = Session(lang="en")
    session.run_lesson(lesson_of(chain_item()))
    feedback = feedback_of(session.feed("36x^3"))
    text = render_reply(feedback, "en")
    assert "another value" in text
    assert [message.key for message in feedback.messages if message.key == "checking.witness"] == []


def test_missing_value_not_named_while_open():
    item = Item(id="c", prompt=Localized("Find every c.", "c를 모두 구하세요."), answer_type="c_values",
                task="rolle x^3 - 9x on [-3, 3]", expected="-sqrt(3), sqrt(3)", skill="rolle")
    session = Session(lang="en")
    session.run_lesson(lesson_of(item))
    feedback = feedback_of(session.feed("sqrt(3)"))
    assert "dialogue.withheld.list_missing" in [message.key for message in feedback.messages]
    assert "√3" not in render_reply(feedback, "en").replace("sqrt(3)", "")


def test_gradient_value_not_named_while_open():
    item = Item(id="g", prompt=Localized("Gradients?", "기울기?"), answer_type="gradients",
                task="backprop q = x + y; f = q * z at x = -2, y = 5, z = 4", expected="x = 4, y = 4, z = 3",
                skill="backprop")
    session = Session(lang="ko")
    session.run_lesson(lesson_of(item))
    feedback = feedback_of(session.feed("x = 4, y = 4, z = 5"))
    text = render_reply(feedback, "ko")
    assert "5" in text
    assert "3" not in text


def test_wrong_answer_feedback_matches_equal_answer():
    note = Localized("f(5) is not 0: that is the lecture's error.", "f(5)는 0이 아닙니다.")
    item = Item(id="f5", prompt=Localized("f(5)?", "f(5)?"), answer_type="number", expected="100",
                hints=(Localized("2·125 − 6·25", "2·125 − 6·25"),),
                wrong_answers=(WrongAnswer("0", note),))
    for answer in ("0", "0.0", "f(5) = 0"):
        session = Session(lang="en")
        session.run_lesson(lesson_of(item))
        feedback = feedback_of(session.feed(answer))
        assert feedback.verdict == "incorrect"
        assert feedback.text == note, answer


def test_other_wrong_answer_gets_checker_feedback():
    note = Localized("f(5) is not 0.", "f(5)는 0이 아닙니다.")
    item = Item(id="f5", prompt=Localized("f(5)?", "f(5)?"), answer_type="number", expected="100",
                hints=(Localized("2·125 − 6·25", "2·125 − 6·25"),),
                wrong_answers=(WrongAnswer("0", note),))
    session = Session(lang="en")
    session.run_lesson(lesson_of(item))
    feedback = feedback_of(session.feed("50"))
    assert feedback.text is None
    assert feedback.key == "dialogue.feedback.incorrect"


def test_rolle_lesson_names_lecture_error():
    session = Session(lang="ko")
    session.start_lesson("rolle-theorem")
    assert session.current_item.id == "f-at-five"
    feedback = feedback_of(session.feed("0"))
    assert feedback.text is not None
    assert "100" not in feedback.text.ko
    assert "강의" in feedback.text.ko
