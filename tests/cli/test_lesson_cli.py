"""``difftutor lesson --script``, ``lessons`` and ``validate`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tutor.cli import main
from tutor.curriculum.loader import load_lesson


def difftutor(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tutor", *args], input=stdin, capture_output=True,
                          text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_lesson_script_stdin_runs_to_end(lang):
    lesson = load_lesson("rolle-theorem")
    lines = []
    for item in lesson.items:
        lines += ["hint", "oops ???", item.expected]
    result = difftutor("lesson", "rolle-theorem", "--script", "-", "--lang", lang, stdin="\n".join(lines) + "\n")

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("> hint") == len(lesson.items)
    finished = {"en": "Lesson finished: 5 of 5 right on the first try.",
                "ko": "수업을 마쳤습니다: 5문제 중 5문제를 첫 시도에 맞혔습니다."}[lang]
    assert finished in out
    assert "Traceback" not in result.stderr


def test_lesson_script_wrong_answer_named(tmp_path):
    script = tmp_path / "answers.txt"
    script.write_text("6x(4x + 4)\n24x^3 + 36x^2 + 8x - 4\nquit\n2x\n", encoding="utf-8")
    result = difftutor("lesson", "product-rule", "--script", str(script), "--lang", "en")

    assert result.returncode == 0, result.stderr
    assert "You multiplied the two derivatives." in result.stdout
    assert "Goodbye!" in result.stdout
    assert "> 2x" not in result.stdout


def test_lesson_unknown_name_exits_2(capsys):
    assert main(["lesson", "no-such-lesson", "--script", "-"]) == 2
    assert "There is no lesson 'no-such-lesson'" in capsys.readouterr().err


def test_lessons_json(capsys):
    assert main(["lessons", "--json", "--lang", "ko"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 9
    assert set(rows[0]) == {"id", "title", "topic"}
    assert {"id": "rolle-theorem", "title": "롤의 정리", "topic": "rolle"} in rows


def test_lessons_plain(capsys):
    assert main(["lessons", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "chain-rule" in out
    assert "The chain rule" in out


def test_validate_installed_lessons_passes(capsys):
    lessons = Path(__file__).resolve().parents[2] / "lessons"
    assert main(["validate", str(lessons)]) == 0
    assert capsys.readouterr().err == ""


def test_validate_broken_file_exits_2(tmp_path, capsys):
    source = (Path(__file__).resolve().parents[2] / "lessons" / "04-mean-value-theorem.toml").read_text(
        encoding="utf-8")
    broken = tmp_path / "04-mean-value-theorem.toml"
    broken.write_text(source.replace('expected = "5/2"', 'expected = "5/3"'), encoding="utf-8")

    assert main(["validate", str(broken), "--lang", "en"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    line = next(number for number, text in enumerate(broken.read_text().splitlines(), 1) if '"5/3"' in text)
    assert err == [f"{broken}:{line}:12: expected answer '5/3' disagrees with the engine, which gives 5/2"]


def test_lesson_by_unquoted_korean_title():
    import os
    import subprocess
    import sys

    environment = {**os.environ, "LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    result = subprocess.run(
        [sys.executable, "-m", "tutor", "lesson", "롤의", "정리", "--script", "-", "--lang", "ko"],
        input="quit\n", capture_output=True, text=True, timeout=60, env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("수업: 롤의 정리")
