"""``difftutor explain`` through the real command line, as a learner or a script runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
import sympy

from tests.conftest import load_cases

x = sympy.Symbol("x")


def _run(*args: str, stdin: str | None = None, module: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "tutor"] if module else ["difftutor"]
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}
    env.pop("LC_ALL", None)
    return subprocess.run(
        [*command, *args], input=stdin, capture_output=True, text=True, timeout=120, env=env,
    )


def _derivative_cases() -> list[dict]:
    return [case for case in load_cases("lecture-examples.json") if case["topic"] == "derivative"]


def _rules(steps: list[dict]) -> list[str]:
    found: list[str] = []
    for step in steps:
        found.append(step["rule"])
        found.extend(_rules(step["substeps"]))
    return found


def _parse(text: str) -> sympy.Expr:
    # The contract's own output strings, not learner text.
    return sympy.parse_expr(text, local_dict={"x": x})


def _numerically_equal(left: sympy.Expr, right: sympy.Expr) -> bool:
    for point in (0.37, -1.21, 2.53):
        a = complex(left.doit().evalf(subs={s: point for s in left.free_symbols}))
        b = complex(right.doit().evalf(subs={s: point for s in right.free_symbols}))
        if abs(a - b) > 1e-9 * max(1, abs(a)):
            return False
    return True


@pytest.fixture(scope="module")
def lecture_answers() -> list[dict]:
    """Answer every lecture derivative case in one ``explain - --json`` run (JSON Lines)."""
    cases = _derivative_cases()
    result = _run("explain", "-", "--json", stdin="".join(case["input"] + "\n" for case in cases))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == len(cases)
    return [json.loads(line) for line in lines]


@pytest.mark.parametrize("index", range(len(_derivative_cases())), ids=[c["id"] for c in _derivative_cases()])
def test_lecture_derivative_case(lecture_answers, index):
    case = _derivative_cases()[index]
    answer = lecture_answers[index]
    expected = case["expect"]

    assert answer["input"] == case["input"]
    assert answer["error"] is None
    assert answer["kind"] == "derivative"
    assert answer["result"]["derivative"] == expected["derivative"]
    for rule in expected["rules"]:
        assert rule in _rules(answer["steps"])
    assert answer["steps"][-1]["after"] == expected["derivative"]


@pytest.mark.parametrize("index", range(len(_derivative_cases())), ids=[c["id"] for c in _derivative_cases()])
def test_lecture_steps_valid_through_json(lecture_answers, index):
    def check(steps: list[dict]) -> None:
        for step in steps:
            assert _numerically_equal(_parse(step["before"]), _parse(step["after"])), step["rule"]
            check(step["substeps"])

    check(lecture_answers[index]["steps"])


def test_text_output_starts_with_reading():
    result = _run("explain", "d/dx (3x^2 + 2)^2", "--lang", "en")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "I read this as: d/dx [(3x² + 2)²]"
    assert any("Chain rule" in line for line in lines)
    assert lines[-1] == "So d/dx [(3x² + 2)²] = 36x³ + 24x."


def test_korean_output():
    result = _run("explain", "d/dx (2x^2 + 3x)/(x^2 + 1)", "--lang", "ko", module=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("이렇게 읽었습니다:")
    assert "몫의 미분법" in result.stdout
    assert result.stdout.rstrip().endswith("입니다.")


def test_bare_expression_says_derivative_assumed():
    result = _run("explain", "sin(x^2)", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["kind"] == "derivative"
    assert answer["result"]["derivative"] == "2*x*cos(x**2)"
    assert any("differentiate" in note for note in answer["notes"])


def test_explain_path_does_not_import_textual():
    code = (
        "import sys; from tutor.cli import main; status = main(['explain', 'd/dx x^2']); "
        "print('TEXTUAL', 'textual' in sys.modules, status)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "TEXTUAL False 0" in result.stdout


def test_bad_input_exits_2():
    result = _run("explain", "d/dx (x^2 +")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() != ""
    assert "Traceback" not in result.stderr
