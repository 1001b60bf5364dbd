"""The progress store: answers, mastery, lessons, export, migration and damaged files."""

from __future__ import annotations

import csv
import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from tutor.curriculum import mastery as bkt
from tutor.storage import paths
from tutor.storage.progress import APPLICATION_ID, SCHEMA_VERSION, ProgressStore, _migrate_to_1


class Clock:
    """A settable clock, so review times are exact."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> ProgressStore:
    with ProgressStore(tmp_path / "progress.db", clock=Clock()) as opened:
        yield opened


def test_home_override(isolated_home: Path):
    assert paths.data_home() == isolated_home.resolve()
    assert paths.progress_path() == isolated_home.resolve() / "progress.db"


def test_default_home_is_user_data_dir(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DIFFTUTOR_HOME")
    assert paths.data_home().name == "difftutor"


def test_store_opens_in_home(isolated_home: Path):
    with ProgressStore() as opened:
        opened.record_answer("power", "a", "correct", True, "quiz")
    assert (isolated_home / "progress.db").exists()


def test_answer_updates_mastery(store: ProgressStore):
    record = store.record_answer("power", "item-1", "correct", True, "quiz")
    assert record.mastery_after == pytest.approx(bkt.update(0.2, True))

    store.record_answer("power", "item-2", "incorrect", False, "quiz", misconception="power_exponent_up")
    expected = bkt.update(bkt.update(0.2, True), False)
    [skill] = store.mastery()
    assert skill.skill == "power"
    assert skill.mastery == pytest.approx(expected)
    assert (skill.attempts, skill.correct) == (2, 1)


def test_invalid_answer_is_stored_but_not_counted(store: ProgressStore):
    store.record_answer("chain", "item-1", "correct", True, "quiz")
    store.record_answer("chain", "item-2", "invalid", False, "quiz")
    [skill] = store.mastery()
    assert skill.attempts == 1
    assert skill.mastery == pytest.approx(0.6)
    assert [record.verdict for record in store.history()] == ["correct", "invalid"]
    assert store.history()[1].mastery_after is None


def test_miss_schedules_review(store: ProgressStore):
    store.record_answer("rolle", "item-1", "incorrect", False, "quiz")
    [state] = store.skill_states()
    assert state.review_level == 0
    assert state.review_due_at == 1_000_000.0 + bkt.REVIEW_INTERVALS_SECONDS[0]
    assert state.last_missed_at == 1_000_000.0

    store.record_answer("rolle", "item-2", "correct", True, "quiz")
    [state] = store.skill_states()
    assert state.review_level == 1


def test_history_limit_keeps_newest(store: ProgressStore):
    for number in range(5):
        store.record_answer("sum", f"item-{number}", "correct", True, "quiz")
    assert [record.item_id for record in store.history(limit=2)] == ["item-3", "item-4"]
    assert store.answer_count() == 5


def test_lesson_progress(store: ProgressStore):
    store.record_answer(None, "q1", "correct", True, "lesson", lesson_id="intervals")
    store.record_answer("interval", "q2", "incorrect", False, "lesson", lesson_id="intervals")
    store.record_answer("interval", "q2", "correct", True, "lesson", lesson_id="intervals")
    store.record_answer("partial", "q1", "correct", True, "lesson", lesson_id="partials")
    store.record_lesson("intervals", True, 1, 2)
    store.record_lesson("intervals", True, 2, 2)

    progress = store.lesson_progress()
    assert progress["intervals"].completed
    assert progress["intervals"].best_score == 2
    assert progress["intervals"].answered == 2
    assert not progress["partials"].completed
    assert progress["partials"].answered == 1


def test_export_csv(store: ProgressStore, tmp_path: Path):
    store.record_answer("power", "item-1", "correct", True, "quiz")
    store.record_answer("quotient", "item-2", "incorrect", False, "quiz", misconception="quotient_sign")
    target = tmp_path / "out" / "progress.csv"
    target.parent.mkdir()

    assert store.export_csv(target) == 2

    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["skill"] for row in rows] == ["power", "quotient"]
    assert rows[1]["misconception"] == "quotient_sign"
    assert rows[1]["correct"] == "0"
    assert rows[0]["answered_at"].endswith("+00:00")


def test_export_to_missing_folder_is_storage_error(store: ProgressStore, tmp_path: Path):
    from tutor.errors import StorageError

    with pytest.raises(StorageError) as raised:
        store.export_csv(tmp_path / "no" / "such" / "folder.csv")
    assert raised.value.key == "storage.export_failed"


def test_answers_survive_reopen(tmp_path: Path):
    path = tmp_path / "progress.db"
    first = ProgressStore(path)
    first.record_answer("power", "item-1", "correct", True, "quiz")
    # No close(): the next process must see what this one committed.
    second = ProgressStore(path)
    assert second.answer_count() == 1
    assert second.recovered is None


# ---------------------------------------------------------------- damaged files


def _assert_set_aside(path: Path, label: str, store: ProgressStore) -> None:
    assert store.recovered is not None
    assert store.recovered.key == f"storage.{label}"
    aside = [
        entry for entry in path.parent.iterdir()
        if entry.name.startswith(f"progress.db.{label}-") and not entry.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1
    assert str(aside[0]) in store.recovered.message("en")
    assert str(aside[0]) in store.recovered.message("ko")
    store.record_answer("power", "fresh", "correct", True, "quiz")
    assert store.answer_count() == 1


def test_garbage_file_is_set_aside(tmp_path: Path):
    path = tmp_path / "progress.db"
    path.write_bytes(b"this is not a database\n" * 100)

    store = ProgressStore(path)

    _assert_set_aside(path, "corrupt", store)
    aside = next(tmp_path.glob("progress.db.corrupt-*"))
    assert aside.read_bytes() == b"this is not a database\n" * 100


def test_damaged_pages_are_set_aside(tmp_path: Path):
    path = tmp_path / "progress.db"
    with ProgressStore(path) as store:
        for number in range(300):
            store.record_answer("power", f"item-{number}", "correct", True, "quiz", misconception="x" * 50)
    data = bytearray(path.read_bytes())
    assert len(data) > 4 * 4096
    data[2 * 4096 : 3 * 4096] = b"\xff" * 4096
    path.write_bytes(bytes(data))

    _assert_set_aside(path, "corrupt", ProgressStore(path))


def test_newer_schema_is_set_aside(tmp_path: Path):
    path = tmp_path / "progress.db"
    with ProgressStore(path):
        pass
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    connection.close()

    store = ProgressStore(path)

    _assert_set_aside(path, "newer", store)
    assert str(SCHEMA_VERSION + 1) in store.recovered.message("en")


def test_other_programs_database_is_set_aside(tmp_path: Path):
    path = tmp_path / "progress.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (text TEXT)")
    connection.commit()
    connection.close()

    _assert_set_aside(path, "corrupt", ProgressStore(path))


def test_empty_file_is_a_fresh_store(tmp_path: Path):
    path = tmp_path / "progress.db"
    path.write_bytes(b"")
    store = ProgressStore(path)
    assert store.recovered is None
    assert store.answer_count() == 0


def test_unwritable_home_is_storage_error(tmp_path: Path):
    from tutor.errors import StorageError

    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError) as raised:
        ProgressStore(blocker / "progress.db")
    assert raised.value.key == "storage.unwritable"


# ---------------------------------------------------------------- migration


def test_version_one_file_is_migrated(tmp_path: Path):
    path = tmp_path / "progress.db"
    connection = sqlite3.connect(path)
    _migrate_to_1(connection)
    rows = [
        (1.0, "chain", "a", "correct", 1, "quiz"),
        (2.0, "chain", "b", "incorrect", 0, "quiz"),
        (3.0, "chain", "c", "invalid", 0, "quiz"),
        (4.0, None, "d", "correct", 1, "lesson"),
    ]
    connection.executemany(
        "INSERT INTO answers (answered_at, skill, item_id, verdict, correct, source) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.execute("PRAGMA user_version = 1")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.commit()
    connection.close()

    store = ProgressStore(path)

    assert store.recovered is None
    [skill] = store.mastery()
    assert skill.mastery == pytest.approx(bkt.update(bkt.update(0.2, True), False))
    assert skill.attempts == 2
    assert [record.mastery_after is None for record in store.history()] == [False, False, True, True]
    check = sqlite3.connect(path)
    assert check.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    check.close()


# ---------------------------------------------------------------- concurrency


def _write_answers(path: str, worker: int, count: int) -> None:
    store = ProgressStore(path)
    for number in range(count):
        store.record_answer("product", f"w{worker}-{number}", "correct", number % 3 != 0, "quiz")
    store.close()


def test_concurrent_processes_lose_no_answer(tmp_path: Path):
    path = str(tmp_path / "progress.db")
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_answers, args=(path, worker, 40)) for worker in range(3)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0

    store = ProgressStore(path)
    assert store.answer_count() == 120
    [skill] = store.mastery()
    assert skill.attempts == 120
    assert len({record.item_id for record in store.history()}) == 120


def test_lock_held_too_long_is_storage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from tutor.errors import StorageError
    from tutor.storage import progress

    path = tmp_path / "progress.db"
    ProgressStore(path).close()
    monkeypatch.setattr(progress, "BUSY_TIMEOUT_SECONDS", 0.2)
    store = ProgressStore(path)

    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError) as raised:
            store.record_answer("power", "a", "correct", True, "quiz")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert raised.value.key == "storage.busy"
    store.record_answer("power", "a", "correct", True, "quiz")
    assert store.answer_count() == 1
