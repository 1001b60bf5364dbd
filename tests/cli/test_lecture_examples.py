"""Every worked example of the lecture, answered by the real ``difftutor explain --json``.

All inputs go through one ``difftutor explain - --json`` process (JSON
Lines), so the whole file costs one interpreter start per language.
Results are compared by SymPy equality of the parsed strings, and every
step whose ``before`` and ``after`` are both given is checked to be an
identity after parsing the strings back.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import sympy

from tests.conftest import load_cases
from tests.engine.stepcheck import equal_as_functions

CASES = load_cases("lecture-examples.json")

#: The same questions typed with Korean keywords, several in Korean word
#: order (the keyword after its argument), with the lecture's answers.
KOREAN_CASES = [
    ("2t^3 - 6t 운동 at t = 3", "motion",
     {"velocity": "6*t**2 - 6", "acceleration": "12*t", "velocity_at": "48", "acceleration_at": "36",
      "direction_changes": ["1"]}),
    ("운동 x = 2t^3 - 6t on [0, 3]", "motion", {"displacement": "36", "distance": "44"}),
    ("편미분 3x^2 + 2y^2 + xy x at (2, 3)", "partial", {"derivative": "6*x + y", "value": "15"}),
    ("3x^2 + 2y^2 + xy y에 대해 편미분", "partial", {"derivative": "x + 4*y"}),
    ("평균값 x^2 [0, 5]", "mvt", {"applies": True, "c": ["5/2"]}),
    ("x^2 [0, 5] 평균값", "mvt", {"applies": True, "c": ["5/2"]}),
    ("롤 2x^3 - 6x^2 [0, 3]", "rolle", {"applies": True, "c": ["2"]}),
    ("2x^3 - 6x^2 롤 [0, 5]", "rolle", {"applies": False, "reason": "f(a) != f(b)", "f(a)": "0", "f(b)": "100"}),
    ("분류 x^3 dy/dx + 2y = 0", "classify", {"order": 1, "degree": 1, "linear": True, "type": "ODE"}),
    ("y dy/dx = 0 분류", "classify", {"order": 1, "degree": 1, "linear": False, "type": "ODE"}),
    ("연쇄 z = x^2 y; x = cos t; y = sin t", "chain", {"derivative": "cos(t)**3 - 2*sin(t)**2*cos(t)"}),
    ("구간 (0, 5]", "interval", {"type": "half_open"}),
]


def _run(inputs: list[str], lang: str) -> dict[str, dict]:
    completed = subprocess.run(
        [sys.executable, "-m", "tutor", "explain", "-", "--json", "--lang", lang],
        input="\n".join(inputs) + "\n", capture_output=True, text=True, timeout=300,
    )
    lines = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    assert len(lines) == len(inputs), completed.stderr
    return {answer["input"]: answer for answer in lines}


@pytest.fixture(scope="module")
def english_answers() -> dict[str, dict]:
    return _run([case["input"] for case in CASES], "en")


@pytest.fixture(scope="module")
def korean_answers() -> dict[str, dict]:
    return _run([text for text, _, _ in KOREAN_CASES], "ko")


def _parse(text: str) -> sympy.Expr:
    return sympy.parse_expr(text)


def _same(expected, actual) -> bool:
    """Compare a contract value: numbers and booleans exactly, strings by SymPy equality."""
    if isinstance(expected, bool) or expected is None:
        return actual is expected
    if isinstance(expected, int):
        return actual == expected
    if isinstance(expected, str):
        if not isinstance(actual, str):
            return False
        if expected == actual:
            return True
        try:
            return sympy.simplify(_parse(expected) - _parse(actual)) == 0
        except (SyntaxError, TypeError, sympy.SympifyError):
            return False
    if isinstance(expected, list):
        return isinstance(actual, list) and len(actual) == len(expected) and all(
            any(_same(item, other) for other in actual) for item in expected
        )
    if isinstance(expected, dict):
        return isinstance(actual, dict) and set(expected) <= set(actual) and all(
            _same(value, actual[key]) for key, value in expected.items()
        )
    return expected == actual


def _rules(steps: list[dict]) -> list[str]:
    found = []
    for step in steps:
        found.append(step["rule"])
        found.extend(_rules(step["substeps"]))
    return found


def _invalid_json_steps(steps: list[dict]) -> list[tuple[str, str, str]]:
    invalid = []
    for step in steps:
        if step["before"] is not None and step["after"] is not None:
            if not equal_as_functions(_parse(step["before"]), _parse(step["after"])):
                invalid.append((step["rule"], step["before"], step["after"]))
        invalid.extend(_invalid_json_steps(step["substeps"]))
    return invalid


def _check_answer(answer: dict, kind: str, expect: dict) -> None:
    assert answer["error"] is None, answer["error"]
    assert answer["kind"] == kind
    for key, value in expect.items():
        if key == "rules":
            for rule in value:
                assert rule in _rules(answer["steps"])
            continue
        assert key in answer["result"], key
        assert _same(value, answer["result"][key]), (key, value, answer["result"][key])
    assert answer["steps"], "a traced answer has steps"
    assert _invalid_json_steps(answer["steps"]) == []


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=lambda case: case["id"])
def test_lecture_example(case, english_answers):
    _check_answer(english_answers[case["input"]], case["topic"], case["expect"])


@pytest.mark.slow
@pytest.mark.parametrize(("text", "kind", "expect"), KOREAN_CASES, ids=[text for text, _, _ in KOREAN_CASES])
def test_korean_keywords(text, kind, expect, korean_answers):
    answer = korean_answers[text]

    _check_answer(answer, kind, expect)
    assert any("\uac00" <= char <= "\ud7a3" for char in answer["steps"][0]["text"])
