"""``difftutor quiz``: script mode, summary, saved answers, a killed process, two writers."""

from __future__ import annotations

import io
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.curriculum.quiz_oracle import answer_text, engine_value
from tutor.cli import main
from tutor.curriculum.quiz import build_quiz
from tutor.chat import answer
from tutor.storage.progress import ProgressStore


def _run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, args: list[str], stdin: str = ""):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _engine_answers(items) -> list[str]:
    return [answer_text(engine_value(item, answer(item.task))) for item in items]


def test_quiz_all_right_scores_full(monkeypatch, capsys, isolated_home):
    items = build_quiz("rules", count=4, seed=21)
    script = "\n".join(_engine_answers(items)) + "\n"

    status, out, err = _run(monkeypatch, capsys, ["quiz", "--topic", "rules", "--count", "4", "--seed", "21",
                                                  "--script", "-", "--lang", "en"], script)

    assert status == 0, err
    assert "Seed 21" in out
    assert out.count("> ") == 4
    assert "Quiz finished: 4 of 4 right" in out
    with ProgressStore() as store:
        assert store.answer_count() == 4
        assert all(record.correct for record in store.history())
        assert {record.item_id for record in store.history()} == {item.id for item in items}


def test_quiz_summary_reviews_missed_item(monkeypatch, capsys, tmp_path):
    items = build_quiz("partial", count=2, seed=4)
    script = tmp_path / "answers.txt"
    script.write_text("0\nskip\n" + _engine_answers(items)[1] + "\n", encoding="utf-8")

    status, out, _ = _run(monkeypatch, capsys, ["quiz", "--topic", "partial", "--count", "2", "--seed", "4",
                                                "--script", str(script), "--lang", "en"])

    assert status == 0
    summary = out[out.index("Quiz finished: 1 of 2 right") :]
    assert items[0].prompt.en in summary
    assert "I read this as" in summary
    assert "The script ended" not in out


def test_quiz_same_seed_same_transcript(monkeypatch, capsys):
    args = ["quiz", "--count", "3", "--seed", "77", "--script", "-", "--lang", "ko"]
    first = _run(monkeypatch, capsys, args, "skip\nskip\nskip\n")[1]
    second = _run(monkeypatch, capsys, args, "skip\nskip\nskip\n")[1]
    assert first == second
    assert "시드 77" in first


def test_quiz_script_ending_early_is_reported(monkeypatch, capsys):
    status, out, _ = _run(monkeypatch, capsys, ["quiz", "--count", "3", "--seed", "1", "--script", "-"], "skip\n")
    assert status == 0
    assert "The script ended before the quiz did" in out


def test_quiz_unknown_topic_exit_two(monkeypatch, capsys):
    status, _, err = _run(monkeypatch, capsys, ["quiz", "--topic", "integrals", "--script", "-"])
    assert status == 2
    assert "integrals" in err


def test_quiz_bad_count_exit_two(monkeypatch, capsys):
    status, _, err = _run(monkeypatch, capsys, ["quiz", "--count", "0", "--script", "-"])
    assert status == 2
    assert "0" in err


def test_practice_starts_with_missed_skill(monkeypatch, capsys, isolated_home):
    with ProgressStore(clock=lambda: 0.0) as store:
        store.record_answer("quotient", "old", "incorrect", False, "quiz")

    status, out, _ = _run(monkeypatch, capsys, ["quiz", "--practice", "--count", "2", "--seed", "3",
                                                "--script", "-", "--lang", "en"], "skip\nskip\n")

    assert status == 0
    assert "Practice" in out
    with ProgressStore() as store:
        history = store.history()
    assert history[1].skill == "quotient"
    assert all(record.source == "quiz" for record in history[1:])


def test_corrupt_store_reported_once_and_quiz_goes_on(monkeypatch, capsys, isolated_home):
    isolated_home.mkdir(parents=True)
    (isolated_home / "progress.db").write_bytes(b"\x00garbage" * 500)

    status, out, err = _run(monkeypatch, capsys, ["quiz", "--count", "1", "--seed", "2", "--script", "-"], "skip\n")

    assert status == 0
    assert err.count("could not be read") == 1
    assert list(isolated_home.glob("progress.db.corrupt-*"))
    with ProgressStore() as store:
        assert store.answer_count() == 1


# ---------------------------------------------------------------- real processes


def _quiz_process(home: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "DIFFTUTOR_HOME": str(home), "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "tutor", "quiz", "--lang", "en", "--script", "-", *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )


class LineReader:
    """Read a process's stdout on a thread, so a test can wait for a line with a timeout.

    ``select`` on the pipe would miss lines already pulled into the file's
    read buffer, so the lines go through a queue instead.
    """

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        thread = threading.Thread(target=self._pump, args=(process.stdout,), daemon=True)
        thread.start()

    def _pump(self, stream) -> None:
        for line in stream:
            self.lines.put(line)
        self.lines.put(None)

    def read_until(self, marker: str, timeout: float = 120.0) -> None:
        """Consume lines until one starts with ``marker``; fail after ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self.lines.get(timeout=max(remaining, 0.001))
            except queue.Empty:
                line = None
            if line is None:
                output = "".join(self.seen)
                raise AssertionError(f"no line starting with {marker!r} within {timeout} s; output: {output!r}")
            self.seen.append(line)
            if line.startswith(marker):
                return


def test_killed_quiz_keeps_answers_given(isolated_home):
    process = _quiz_process(isolated_home, "--count", "6", "--seed", "13")
    reader = LineReader(process)
    try:
        reader.read_until("Question 1 of 6")
        for _ in range(3):
            process.stdin.write("skip\n")
            process.stdin.flush()
            # The echo is printed after the Session has stored the answer.
            reader.read_until("> skip")
        process.send_signal(signal.SIGKILL)
        process.wait(30)
    finally:
        if process.poll() is None:
            process.kill()

    assert process.returncode == -signal.SIGKILL
    with ProgressStore() as store:
        assert store.recovered is None
        assert store.answer_count() == 3
        assert len(store.mastery()) >= 1


def test_two_quiz_processes_lose_no_answer(isolated_home, tmp_path):
    count = 25
    script = "skip\n" * count
    processes = [_quiz_process(isolated_home, "--count", str(count), "--seed", str(seed)) for seed in (1, 2)]
    outputs = [process.communicate(script, timeout=240) for process in processes]

    for process, (_, err) in zip(processes, outputs):
        assert process.returncode == 0, err
    with ProgressStore() as store:
        history = store.history()
    assert len(history) == 2 * count
    expected_ids = {item.id for seed in (1, 2) for item in build_quiz(None, count, seed)}
    assert {record.item_id for record in history} == expected_ids


def test_quiz_missing_script_file_exit_two(monkeypatch, capsys, tmp_path):
    status, _, err = _run(monkeypatch, capsys, ["quiz", "--script", str(tmp_path / "none.txt"), "--lang", "en"])
    assert status == 2
    assert "Cannot read the script file" in err


def test_quiz_accepts_every_lesson_topic(monkeypatch, capsys):
    from tutor.curriculum.loader import TOPICS as LESSON_TOPICS
    from tutor.curriculum.quiz import skills_for

    for topic in LESSON_TOPICS:
        assert skills_for(topic), topic
    status, out, err = _run(monkeypatch, capsys, ["quiz", "--topic", "derivative", "--count", "5", "--seed", "1",
                                                  "--script", "-", "--lang", "en"], "skip\n" * 5)
    assert status == 0, err
    assert "Quiz finished" in out


def test_quiz_topic_help_lists_lesson_topics(monkeypatch, capsys):
    with pytest.raises(SystemExit):
        main(["quiz", "--help", "--lang", "en"])
    help_text = " ".join(capsys.readouterr().out.split())
    for topic in ("derivative", "partial", "mvt", "rolle", "motion", "interval", "classify", "chain", "backprop"):
        assert topic in help_text


@pytest.mark.parametrize(("lang", "name"), [("en", "Classifying differential equations"), ("ko", "미분방정식의 분류")])
def test_quiz_summary_names_skills(monkeypatch, capsys, lang, name):
    status, out, _ = _run(monkeypatch, capsys, ["quiz", "--topic", "classify", "--count", "1", "--seed", "3",
                                                "--script", "-", "--lang", lang], "skip\n")
    assert status == 0
    summary = out[out.rindex("\n", 0, out.index(name)):]
    assert name in summary
    assert "classify:" not in out
