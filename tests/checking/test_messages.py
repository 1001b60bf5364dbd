"""Every checker message renders with all its placeholders filled, in both languages."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pytest

from tutor.checking.api import check, check_answer, parse_task
from tutor.checking.hints import hint_ladder, render_ladder
from tutor.checking.misconceptions import MISCONCEPTION_IDS
from tutor.checking.stepcheck import check_step_text
from tutor.i18n import LANGUAGES

ROWS = json.loads((Path(__file__).parents[1] / "data" / "misconceptions.json").read_text(encoding="utf-8"))

#: (task, wrong answer, misconception id): the data rows plus the ids they leave out.
SAMPLES = [(row["task"], row["answer"], row["misconception"]) for row in ROWS] + [
    ("d/dx x^3", "x^2", "power_coefficient_missing"),
    ("partial 3x^2 + 2y^2 + xy wrt x", "4y + x", "partial_wrong_variable"),
    ("backprop x*y + x at x = 2, y = 3", "x = 3, y = 2", "backprop_fanout_overwritten"),
    ("backprop x + y at x = 2, y = 6 upstream 1.5", "x = 9, y = 3", "backprop_add_as_mul"),
    ("backprop x * y at x = 2, y = 6 upstream 1.5", "x = 1.5, y = 1.5", "backprop_mul_as_add"),
    ("backprop x * y at x = 2, y = 6 upstream 1.5", "x = 3, y = 9", "backprop_mul_not_switched"),
]

#: A placeholder left in a rendered sentence, such as "{wrong}".
UNFILLED = re.compile(r"\{\w*\}")


def _assert_filled(text: str, caplog: pytest.LogCaptureFixture) -> None:
    assert not UNFILLED.search(text), text
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert errors == []


def test_samples_cover_every_id():
    assert {sample[2] for sample in SAMPLES} == set(MISCONCEPTION_IDS)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("task", "answer", "misconception"), SAMPLES, ids=[sample[2] for sample in SAMPLES])
def test_misconception_report_is_filled(task, answer, misconception, lang, caplog):
    verdict = check(task, answer) if not task.startswith("backprop") else check_answer(task, answer)
    assert verdict.misconception == misconception

    report = verdict.report(lang)
    _assert_filled(report, caplog)
    assert verdict.misconception_message().render(lang) in report
    _assert_filled(json.dumps(verdict.to_json(lang), ensure_ascii=False), caplog)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(("task", "answer"), [
    ("d/dx (3x^2+2)^2", "12x(3x^2+2)"),
    ("d/dx x^3", "3x^2"),
    ("d/dx x^3", "3.0x^2"),
    ("d/dx x^3", "x^5"),
    ("d/dx ln x", "1/x + 1/(x - 5) - 1/(x - 5)"),
    ("d/dx x^3", "d/dx x^3"),
    ("d/dx x^3", "x^3"),
])
def test_other_verdicts_are_filled(task, answer, lang, caplog):
    _assert_filled(check(task, answer).report(lang), caplog)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("task", ["d/dx x sin x", "d/dx sin x / x", "d/dx (3x+1)^5", "d/dx 2^x", "d/dx x^x",
                                  "d/dx 1/x^3", "partial x^2 y wrt x", "d/dx 7"])
def test_hint_ladder_is_filled(task, lang, caplog):
    for text in render_ladder(hint_ladder(parse_task(task).steps), lang):
        _assert_filled(text, caplog)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_step_feedback_is_filled(lang, caplog):
    for before, after in [("d/dx x sin x", "cos x"), ("d/dx x sin x", "sin x + x cos x"),
                          ("d/dx x^2", "3x")]:
        verdict = check_step_text(before, after)
        for message in verdict.messages:
            _assert_filled(message.render(lang), caplog)
