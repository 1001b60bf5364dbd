"""``difftutor check`` as a learner or script runs it: a subprocess per call."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ROWS = json.loads((ROOT / "tests" / "data" / "misconceptions.json").read_text(encoding="utf-8"))

#: English unless a test passes --lang, whatever the locale of the machine.
ENVIRONMENT = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LC_MESSAGES": ""}


def _check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tutor", "check", *args],
        capture_output=True, text=True, timeout=60, env=ENVIRONMENT, cwd=ROOT,
    )


@pytest.fixture(scope="module")
def row_results() -> dict[str, subprocess.CompletedProcess]:
    """Run every row once, two processes at a time (each call is mostly interpreter start-up)."""
    # --answer=VALUE keeps argparse from reading "-3x^-2" as an option.
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = pool.map(lambda row: _check("--task", row["task"], f"--answer={row['answer']}", "--json"), ROWS)
        return {row["id"]: result for row, result in zip(ROWS, results)}


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_misconception_row_is_diagnosed(row, row_results):
    result = row_results[row["id"]]
    assert result.returncode == 0, result.stderr
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "incorrect"
    assert verdict["misconception"] == row["misconception"]
    assert verdict["feedback"]


def test_correct_answer_json_contract():
    result = _check("--task", "d/dx (3x^2+2)^2", "--answer", "24x + 36x^3", "--json")
    verdict = json.loads(result.stdout)
    assert result.returncode == 0
    assert set(verdict) >= {"verdict", "misconception", "feedback", "expected", "seed"}
    assert verdict["verdict"] == "correct"
    assert verdict["misconception"] is None


def test_factored_answer_is_other_form():
    result = _check("--task", "d/dx (3x^2+2)^2", "--answer", "12x(3x^2+2)", "--json")
    verdict = json.loads(result.stdout)
    assert result.returncode == 0
    assert verdict["verdict"] == "correct_other_form"
    assert verdict["form"] == "other_shape"
    assert "factored" in verdict["feedback"]


def test_text_report_fills_placeholders():
    result = _check("--task", "partial 3x^2 + 2y^2 + xy wrt x", "--answer", "4y + x")
    assert result.returncode == 0
    assert "You differentiated with respect to y" in result.stdout
    assert "{" not in result.stdout
    assert "ERROR" not in result.stderr


def test_text_report_offers_no_hint():
    result = _check("--task", "d/dx x^3", "--answer", "x^5")
    assert result.returncode == 0
    assert "Verdict: incorrect" in result.stdout
    assert "hint" not in result.stdout


def test_same_input_gives_same_json():
    first = _check("--task", "d/dx sin x / x", "--answer", "cos x", "--json")
    second = _check("--task", "d/dx sin x / x", "--answer", "cos x", "--json")
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["seed"] is not None


def test_text_output_in_korean():
    result = _check("--task", "d/dx x sin x", "--answer", "cos x", "--lang", "ko")
    assert result.returncode == 0
    assert "오답" in result.stdout
    assert "곱의 미분법" in result.stdout


def test_derivative_left_in_answer_is_invalid():
    result = _check("--task", "d/dx x^2", "--answer", "d/dx x^2", "--json")
    verdict = json.loads(result.stdout)
    assert verdict["verdict"] == "invalid"


def test_unreadable_answer_exits_2():
    result = _check("--task", "d/dx x^2", "--answer", "2x +* 3")
    assert result.returncode == 2
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_answer_starting_with_minus_is_read():
    result = _check("--task", "d/dx 3x - 2x^2", "--answer", "-4x + 3", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["verdict"] == "correct"
