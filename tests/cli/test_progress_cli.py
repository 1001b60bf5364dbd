"""``difftutor progress``: the mastery report, JSON, CSV export and a damaged store."""

from __future__ import annotations

import csv
import json

import pytest

from tutor.cli import main
from tutor.cli.progress import display_width, mastery_bar
from tutor.curriculum import mastery as bkt
from tutor.storage.progress import ProgressStore


@pytest.fixture
def filled_store(isolated_home):
    with ProgressStore() as store:
        store.record_answer("power", "a", "correct", True, "quiz")
        store.record_answer("power", "b", "correct", True, "quiz")
        store.record_answer("power", "c", "correct", True, "quiz")
        store.record_answer("rolle", "d", "incorrect", False, "quiz", misconception="sign_error")
        store.record_answer("partial_value", "e", "correct", True, "lesson", lesson_id="partial-derivatives")
        store.record_lesson("partial-derivatives", True, 4, 4)
    return isolated_home


def test_progress_text_lists_skills_with_bars(filled_store, capsys):
    assert main(["progress", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Power rule" in out
    assert "(mastered)" in out
    assert "Rolle's theorem" in out
    assert "18%" in out
    assert "partial-derivatives" in out
    assert "(completed)" in out
    assert "█" in out


def test_progress_text_in_korean(filled_store, capsys):
    assert main(["progress", "--lang", "ko"]) == 0
    out = capsys.readouterr().out
    assert "거듭제곱의 미분법" in out
    assert "롤의 정리" in out
    assert "(숙달)" in out
    assert "영역별 숙달도" in out
    assert "기술" not in out


def test_progress_counts_answers_not_questions(isolated_home, capsys):
    with ProgressStore() as store:
        store.record_answer("mvt", "q1", "incorrect", False, "quiz")
        store.record_answer("mvt", "q1", "correct", True, "quiz")
        store.record_answer("mvt", "q2", "correct", True, "quiz")
    assert main(["progress", "--lang", "ko"]) == 0
    assert "3번 답함 중 2번 정답" in capsys.readouterr().out
    assert main(["progress", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "2 right of 3 answers" in out
    assert "Mean value theorem" in out


def test_progress_json(filled_store, capsys):
    assert main(["progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    skills = {entry["skill"]: entry for entry in data["skills"]}
    assert skills["power"]["mastered"] is True
    assert skills["power"]["attempts"] == 3
    assert skills["rolle"]["mastery"] == pytest.approx(bkt.update(0.2, False), abs=1e-4)
    assert data["lessons"] == [
        {"id": "partial-derivatives", "completed": True, "answered": 1, "best_score": 4, "total": 4}
    ]
    assert data["answers"] == 5


def test_progress_export_csv(filled_store, capsys, tmp_path):
    target = tmp_path / "answers.csv"
    assert main(["progress", "--export", str(target), "--lang", "en"]) == 0
    assert "Wrote 5 answers" in capsys.readouterr().out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 5
    assert rows[3]["misconception"] == "sign_error"
    assert rows[4]["lesson_id"] == "partial-derivatives"


def test_progress_export_to_missing_folder_exit_two(filled_store, capsys, tmp_path):
    assert main(["progress", "--export", str(tmp_path / "none" / "a.csv")]) == 2
    assert "Cannot write the CSV file" in capsys.readouterr().err


def test_progress_empty_store(isolated_home, capsys):
    assert main(["progress", "--lang", "en"]) == 0
    assert "No answers are saved yet" in capsys.readouterr().out


def test_progress_newer_store_set_aside(isolated_home, capsys):
    import sqlite3

    isolated_home.mkdir(parents=True)
    connection = sqlite3.connect(isolated_home / "progress.db")
    connection.execute("PRAGMA user_version = 99")
    connection.close()

    assert main(["progress", "--lang", "en"]) == 0
    captured = capsys.readouterr()
    assert "written by a newer difftutor" in captured.err
    assert list(isolated_home.glob("progress.db.newer-*"))


def test_mastery_bar_rounds_to_cells():
    assert mastery_bar(0.0, 10) == "░" * 10
    assert mastery_bar(1.0, 10) == "█" * 10
    assert mastery_bar(0.46, 10) == "█" * 5 + "░" * 5


def test_display_width_counts_hangul_double():
    assert display_width("롤의 정리") == 9
    assert display_width("Rolle") == 5
