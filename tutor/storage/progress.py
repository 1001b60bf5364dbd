"""The progress store: every answer, lesson result and per-skill mastery in SQLite.

Durability and sharing:

- Each answer is one ``BEGIN IMMEDIATE`` transaction that inserts the
  answer and updates its skill's mastery, so a process killed between
  answers loses nothing and two processes never update a skill from a
  stale read.
- The database runs in WAL mode with ``synchronous=FULL``, so a commit
  survives a power cut as well as a killed process; a second writer waits
  up to ``BUSY_TIMEOUT_SECONDS`` for the lock instead of failing.
- The schema version is ``PRAGMA user_version``; ``MIGRATIONS`` upgrades
  an older file in place inside one transaction.  A file that is not a
  SQLite database, fails ``PRAGMA quick_check``, belongs to another
  program, or was written by a newer difftutor is never changed: it is
  renamed aside (with its ``-wal``/``-shm`` files) and a fresh store is
  created, and ``ProgressStore.recovered`` holds the StorageError that
  the front end shows once.
"""

from __future__ import annotations

import csv
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tutor.curriculum import mastery as bkt
from tutor.dialogue.replies import SkillMastery
from tutor.errors import StorageError
from tutor.storage.paths import progress_path

logger = logging.getLogger(__name__)

#: ``PRAGMA application_id`` of a difftutor database ("DTUT" in ASCII).
APPLICATION_ID = 0x44545554

#: Seconds a writer waits for another process's lock before giving up.
BUSY_TIMEOUT_SECONDS = 15.0

#: Files SQLite keeps next to the database; they move aside together with it.
_SIDECAR_SUFFIXES = ("-wal", "-shm", "-journal")

#: Column order of ``export_csv``.
CSV_COLUMNS = (
    "id", "answered_at", "skill", "item_id", "verdict", "correct",
    "source", "lesson_id", "misconception", "mastery_after",
)


# ---------------------------------------------------------------- records


@dataclass(frozen=True)
class AnswerRecord:
    """One stored answer; ``answered_at`` is Unix seconds, ``mastery_after`` None when unchanged."""

    id: int
    answered_at: float
    skill: str | None
    item_id: str
    verdict: str
    correct: bool
    source: str
    lesson_id: str | None
    misconception: str | None
    mastery_after: float | None


@dataclass(frozen=True)
class SkillState:
    """Everything stored about one skill, including its spaced-review schedule.

    ``review_level`` is None when no review is pending; ``review_due_at``
    and the other times are Unix seconds.
    """

    skill: str
    p_known: float
    attempts: int
    correct: int
    last_answered_at: float | None
    last_missed_at: float | None
    review_level: int | None
    review_due_at: float | None

    def as_mastery(self) -> SkillMastery:
        """Return the reply-layer summary of this skill."""
        return SkillMastery(self.skill, self.p_known, self.attempts, self.correct)


@dataclass(frozen=True)
class LessonProgress:
    """A lesson's progress: whether any run finished, best score, answered questions."""

    lesson_id: str
    completed: bool
    best_score: int
    total: int
    answered: int
    last_finished_at: float | None


# ---------------------------------------------------------------- schema


def _migrate_to_1(connection: sqlite3.Connection) -> None:
    connection.execute(
        """CREATE TABLE answers (
               id INTEGER PRIMARY KEY,
               answered_at REAL NOT NULL,
               skill TEXT,
               item_id TEXT NOT NULL,
               verdict TEXT NOT NULL,
               correct INTEGER NOT NULL,
               source TEXT NOT NULL,
               lesson_id TEXT,
               misconception TEXT
           )"""
    )
    connection.execute(
        """CREATE TABLE lessons (
               id INTEGER PRIMARY KEY,
               lesson_id TEXT NOT NULL,
               finished_at REAL NOT NULL,
               completed INTEGER NOT NULL,
               score INTEGER NOT NULL,
               total INTEGER NOT NULL
           )"""
    )


def _migrate_to_2(connection: sqlite3.Connection) -> None:
    """Add per-skill mastery and review state, rebuilt by replaying the stored answers."""
    connection.execute("ALTER TABLE answers ADD COLUMN mastery_after REAL")
    connection.execute("CREATE INDEX answers_by_skill ON answers (skill, id)")
    connection.execute("CREATE INDEX answers_by_lesson ON answers (lesson_id)")
    connection.execute(
        """CREATE TABLE skills (
               skill TEXT PRIMARY KEY,
               p_known REAL NOT NULL,
               attempts INTEGER NOT NULL,
               correct INTEGER NOT NULL,
               last_answered_at REAL,
               last_missed_at REAL,
               review_level INTEGER,
               review_due_at REAL
           )"""
    )

    rows = connection.execute(
        "SELECT id, answered_at, skill, verdict, correct FROM answers"
        " WHERE skill IS NOT NULL ORDER BY id"
    ).fetchall()
    for answer_id, answered_at, skill, verdict, correct in rows:
        after = _apply_answer(connection, skill, verdict, bool(correct), answered_at)
        connection.execute("UPDATE answers SET mastery_after = ? WHERE id = ?", (after, answer_id))


#: Schema version -> the function that upgrades the previous version to it.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_to_1,
    2: _migrate_to_2,
}

SCHEMA_VERSION = max(MIGRATIONS)


# ---------------------------------------------------------------- mastery rows


def _apply_answer(
    connection: sqlite3.Connection, skill: str, verdict: str, correct: bool, now: float
) -> float | None:
    """Update ``skill``'s row for one answer; return the new mastery or None if unchanged.

    Runs inside the caller's transaction.
    """
    row = connection.execute(
        "SELECT p_known, attempts, correct, last_missed_at, review_level FROM skills WHERE skill = ?",
        (skill,),
    ).fetchone()
    params = bkt.parameters_for(skill)
    if row is None:
        p_known, attempts, right, last_missed, level = params.p_init, 0, 0, None, None
    else:
        p_known, attempts, right, last_missed, level = row

    if not bkt.counts_for_mastery(verdict):
        if row is None:
            return None
        connection.execute("UPDATE skills SET last_answered_at = ? WHERE skill = ?", (now, skill))
        return None

    p_known = bkt.update(p_known, correct, params)
    level, due = bkt.schedule_review(level, correct, now)
    connection.execute(
        """INSERT INTO skills (skill, p_known, attempts, correct, last_answered_at,
                               last_missed_at, review_level, review_due_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (skill) DO UPDATE SET
               p_known = excluded.p_known, attempts = excluded.attempts,
               correct = excluded.correct, last_answered_at = excluded.last_answered_at,
               last_missed_at = excluded.last_missed_at, review_level = excluded.review_level,
               review_due_at = excluded.review_due_at""",
        (
            skill, p_known, attempts + 1, right + (1 if correct else 0), now,
            last_missed if correct else now, level, due,
        ),
    )
    return p_known


# ---------------------------------------------------------------- the store


class ProgressStore:
    """The learner's progress database.

    Open it once per process and share it; methods are safe to call from
    several threads.  ``recovered`` is set when an unusable file was moved
    aside on opening, so the caller can tell the learner once.
    """

    def __init__(self, path: Path | str | None = None, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path) if path is not None else progress_path()
        self.recovered: StorageError | None = None
        self._clock = clock
        self._lock = threading.Lock()

        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StorageError("storage.unwritable", path=str(self.path), reason=error.strerror or str(error)) from error

        self.recovered = self._set_aside_if_unusable()
        self._connection = self._connect()
        self._migrate()

    # -- opening

    def _set_aside_if_unusable(self) -> StorageError | None:
        problem = _inspect(self.path)
        if problem is None:
            return None

        key, params = problem
        moved_to = _move_aside(self.path, "newer" if key == "storage.newer" else "corrupt")
        logger.warning("progress store %s is unusable (%s); moved it to %s", self.path, key, moved_to)
        return StorageError(key, path=str(self.path), moved_to=str(moved_to), **params)

    def _connect(self) -> sqlite3.Connection:
        try:
            connection = sqlite3.connect(
                self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
            )
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.Error as error:
            raise _storage_error(error, self.path) from error
        return connection

    def _migrate(self) -> None:
        with self._transaction() as connection:
            # Read inside the write lock: another process may have migrated meanwhile.
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise StorageError(
                    "storage.newer", path=str(self.path), moved_to="-",
                    version=version, supported=SCHEMA_VERSION,
                )
            for target in range(version + 1, SCHEMA_VERSION + 1):
                logger.info("migrating progress store %s to schema version %d", self.path, target)
                MIGRATIONS[target](connection)
            if version < SCHEMA_VERSION:
                connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """Run the block as one write transaction; errors roll it back and become StorageError."""
        with self._lock:
            connection = self._connection
            try:
                connection.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise _storage_error(error, self.path) from error
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException as error:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise _storage_error(error, self.path) from error
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._connection.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise _storage_error(error, self.path) from error

    def close(self) -> None:
        """Close the connection; the store cannot be used afterwards."""
        with self._lock:
            self._connection.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- writing

    def record_answer(
        self,
        skill: str | None,
        item_id: str,
        verdict: str,
        correct: bool,
        source: str,
        lesson_id: str | None = None,
        misconception: str | None = None,
    ) -> AnswerRecord:
        """Store one answer and update its skill's mastery in one committed transaction.

        ``source`` is where the answer was given: ``quiz``, ``practice`` or
        ``lesson``.  Verdicts ``invalid`` and ``undecided`` are stored but
        leave mastery unchanged (see tutor.curriculum.mastery).
        """
        now = self._clock()
        with self._transaction() as connection:
            mastery_after = None
            if skill:
                mastery_after = _apply_answer(connection, skill, verdict, correct, now)
            cursor = connection.execute(
                """INSERT INTO answers (answered_at, skill, item_id, verdict, correct, source,
                                       lesson_id, misconception, mastery_after)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (now, skill or None, item_id, verdict, int(bool(correct)), source,
                 lesson_id, misconception, mastery_after),
            )
            answer_id = cursor.lastrowid
        return AnswerRecord(
            answer_id, now, skill or None, item_id, verdict, bool(correct), source,
            lesson_id, misconception, mastery_after,
        )

    def record_lesson(self, lesson_id: str, completed: bool, score: int, total: int) -> None:
        """Store the end of one run of a lesson (``score`` of ``total`` right first time)."""
        now = self._clock()
        with self._transaction() as connection:
            connection.execute(
                "INSERT INTO lessons (lesson_id, finished_at, completed, score, total) VALUES (?, ?, ?, ?, ?)",
                (lesson_id, now, int(bool(completed)), score, total),
            )

    # -- reading

    def skill_states(self) -> list[SkillState]:
        """Return the stored state of every skill answered at least once, by skill id."""
        rows = self._read(
            """SELECT skill, p_known, attempts, correct, last_answered_at, last_missed_at,
                      review_level, review_due_at
               FROM skills ORDER BY skill"""
        )
        return [SkillState(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]) for row in rows]

    def mastery(self) -> list[SkillMastery]:
        """Return mastery of every skill answered at least once, by skill id."""
        return [state.as_mastery() for state in self.skill_states()]

    def history(self, limit: int | None = None) -> list[AnswerRecord]:
        """Return stored answers, oldest first; with ``limit``, only the newest ``limit``."""
        sql = """SELECT id, answered_at, skill, item_id, verdict, correct, source, lesson_id,
                        misconception, mastery_after FROM answers"""
        if limit is None:
            rows = self._read(sql + " ORDER BY id")
        else:
            rows = self._read(sql + " ORDER BY id DESC LIMIT ?", (int(limit),))
            rows.reverse()
        return [
            AnswerRecord(row[0], row[1], row[2], row[3], row[4], bool(row[5]), row[6], row[7], row[8], row[9])
            for row in rows
        ]

    def answer_count(self) -> int:
        """Return how many answers are stored."""
        return self._read("SELECT COUNT(*) FROM answers")[0][0]

    def lesson_progress(self) -> dict[str, LessonProgress]:
        """Return the progress of every lesson with a stored answer or run, keyed by lesson id."""
        runs = {
            row[0]: row[1:]
            for row in self._read(
                """SELECT lesson_id, MAX(completed), MAX(score), MAX(total), MAX(finished_at)
                   FROM lessons GROUP BY lesson_id"""
            )
        }
        answered = dict(
            self._read(
                """SELECT lesson_id, COUNT(DISTINCT item_id) FROM answers
                   WHERE lesson_id IS NOT NULL GROUP BY lesson_id"""
            )
        )

        progress = {}
        for lesson_id in sorted(set(runs) | set(answered)):
            completed, best, total, finished = runs.get(lesson_id, (0, 0, 0, None))
            progress[lesson_id] = LessonProgress(
                lesson_id, bool(completed), best, total, answered.get(lesson_id, 0), finished
            )
        return progress

    def export_csv(self, path: Path | str) -> int:
        """Write every answer to ``path`` as CSV (UTF-8, header row); return the row count.

        The file is written next to its destination and renamed into
        place, so an interrupted export never leaves half a file.
        """
        destination = Path(path)
        records = self.history()
        temporary = destination.with_name(destination.name + ".tmp")
        try:
            with temporary.open("w", encoding="utf-8", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(CSV_COLUMNS)
                for record in records:
                    writer.writerow(_csv_row(record))
            os.replace(temporary, destination)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise StorageError(
                "storage.export_failed", path=str(destination), reason=error.strerror or str(error)
            ) from error
        return len(records)


def _csv_row(record: AnswerRecord) -> list[object]:
    answered = datetime.fromtimestamp(record.answered_at, UTC).isoformat(timespec="seconds")
    return [
        record.id, answered, record.skill or "", record.item_id, record.verdict,
        int(record.correct), record.source, record.lesson_id or "", record.misconception or "",
        "" if record.mastery_after is None else f"{record.mastery_after:.4f}",
    ]


# ---------------------------------------------------------------- checks and errors


def _inspect(path: Path) -> tuple[str, dict[str, object]] | None:
    """Return (catalog key, params) if the file at ``path`` must not be used, else None.

    Opens the file read-only so that inspecting it never changes it.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None

    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    except sqlite3.Error as error:
        return "storage.corrupt", {"reason": str(error)}
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            return "storage.corrupt", {"reason": check}
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        tables = connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.OperationalError as error:
        if error.sqlite_errorcode in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            raise StorageError("storage.busy", path=str(path)) from error
        return "storage.corrupt", {"reason": str(error)}
    except sqlite3.DatabaseError as error:
        return "storage.corrupt", {"reason": str(error)}
    finally:
        connection.close()

    if application_id not in (0, APPLICATION_ID) or (application_id == 0 and tables > 0):
        return "storage.corrupt", {"reason": "not a difftutor progress database"}
    if version > SCHEMA_VERSION:
        return "storage.newer", {"version": version, "supported": SCHEMA_VERSION}
    return None


def _move_aside(path: Path, label: str) -> Path:
    """Rename ``path`` and its SQLite side files to ``<name>.<label>-<UTC time>``; return the new path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{label}-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.{label}-{stamp}-{counter}")

    try:
        os.replace(path, target)
    except FileNotFoundError:
        # Another process set the same file aside a moment ago.
        return target
    except OSError as error:
        raise StorageError("storage.unwritable", path=str(path), reason=error.strerror or str(error)) from error

    for suffix in _SIDECAR_SUFFIXES:
        sidecar = path.with_name(path.name + suffix)
        if sidecar.exists():
            os.replace(sidecar, target.with_name(target.name + suffix))
    return target


def _storage_error(error: sqlite3.Error, path: Path) -> StorageError:
    code = getattr(error, "sqlite_errorcode", None)
    if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
        return StorageError("storage.busy", path=str(path))
    return StorageError("storage.write_failed", path=str(path), reason=str(error))
