"""``difftutor validate``: every problem in lesson files, as file:line:col: message.

The loader checks structure; this module adds the checks that need the
engine and the checker, so the tutor checks its own answer key:

- every task parses as a math command and the engine can trace it;
- every ``expected`` answer parses as an answer of its type;
- where a question has both, the engine's answer agrees with ``expected``;
- every feedback key is a known misconception id, and its ``example``
  wrong answer is diagnosed as that misconception;
- every ``wrong_answers`` entry is an answer of the question's type and
  is judged wrong, so its feedback can be shown;
- lesson ids match their file names and are unique.
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from tutor.checking.misconceptions import MISCONCEPTION_IDS
from tutor.curriculum.quiz import SKILLS
from tutor.curriculum.loader import LessonFileError, lesson_files, parse_lesson
from tutor.curriculum.model import Item, Lesson, ShowSteps
from tutor.curriculum.sourcemap import SourceMap, scan
from tutor.dialogue import answers
from tutor.errors import LessonError, TutorError
from tutor.parsing import commands, parse

logger = logging.getLogger(__name__)

#: Parsed commands that are not something the engine traces.
_NOT_TASKS = (commands.SessionCommand, commands.Expression, commands.Define)


class _Report:
    def __init__(self, path: str, source_map: SourceMap) -> None:
        self.path = path
        self.source_map = source_map
        self.errors: list[LessonError] = []

    def add(self, location: tuple, message: str, **params: object) -> None:
        line, col = self.source_map.locate(location, value=True)
        self.errors.append(LessonFileError(f"lesson_errors.{message}", path=self.path, line=line, col=col, **params))


def _check_task(task: str, location: tuple, report: _Report) -> bool:
    """Report a task that is not a traceable math command; return whether it is usable."""
    try:
        command = parse(task)
    except TutorError as error:
        report.add(location, "task_invalid", task=task, detail=error)
        return False
    if isinstance(command, _NOT_TASKS):
        report.add(location, "task_not_math", task=task)
        return False
    try:
        answers.engine_trace(task)
    except TutorError as error:
        report.add(location, "task_invalid", task=task, detail=error)
        return False
    return True


def _check_expected(item: Item, where: tuple, report: _Report) -> bool:
    """Report an ``expected`` that is not an answer of the item's type; return whether it is one."""
    if item.answer_type == "choice":
        if answers.choice_index(item, item.expected or "") is None:
            report.add((*where, "expected"), "choice_out_of_range", expected=item.expected or "",
                       count=len(item.choices))
            return False
        return True
    try:
        answers.parse_typed(item.answer_type, item.expected)
    except TutorError as error:
        report.add((*where, "expected"), "expected_invalid", expected=item.expected,
                   answer_type=item.answer_type, detail=error)
        return False
    return True


def _engine_text(item: Item) -> str:
    from tutor.render.mathtext import to_unicode

    if answers.derivative_command(item) is not None:
        return to_unicode(answers.engine_trace(item.task).result.get("derivative"))
    return to_unicode(answers.engine_value(item))


def _check_agreement(item: Item, where: tuple, report: _Report) -> None:
    """Report an ``expected`` answer that the engine's own answer contradicts."""
    try:
        verdict = answers.judge(item, item.expected)
    except KeyError:
        available = ", ".join(answers.engine_trace(item.task).result)
        report.add((*where, "result_key"), "no_result_key", task=item.task,
                   result_key=item.result_key or answers.DEFAULT_RESULT_KEYS.get(item.answer_type, ""),
                   available=available)
        return
    except TutorError as error:
        report.add((*where, "expected"), "expected_invalid", expected=item.expected,
                   answer_type=item.answer_type, detail=error)
        return
    if not verdict.is_valid:
        report.add((*where, "expected"), "engine_disagrees", expected=item.expected, engine=_engine_text(item))


def _check_feedback(item: Item, where: tuple, report: _Report, answerable: bool) -> None:
    for misconception in item.feedback:
        if misconception not in MISCONCEPTION_IDS:
            close = difflib.get_close_matches(misconception, MISCONCEPTION_IDS, n=1, cutoff=0.6)
            report.add((*where, "feedback", misconception), "unknown_misconception", id=misconception,
                       suggestion=close[0] if close else "")
            continue
        example = item.feedback_examples.get(misconception)
        if example is None or not answerable:
            continue
        location = (*where, "feedback", misconception, "example")
        try:
            verdict = answers.judge(item, example)
        except TutorError as error:
            report.add(location, "example_invalid", example=example, detail=error)
            continue
        if verdict.is_valid:
            report.add(location, "example_correct", example=example, id=misconception)
        elif verdict.misconception != misconception:
            report.add(location, "example_not_diagnosed", example=example, id=misconception,
                       found=verdict.misconception or verdict.outcome)


def _check_wrong_answers(item: Item, where: tuple, report: _Report) -> None:
    """Report a ``wrong_answers`` entry that is not an answer of the item's type, or is a right answer."""
    for index, wrong in enumerate(item.wrong_answers):
        location = (*where, "wrong_answers", index, "answer")
        try:
            verdict = answers.judge(item, wrong.answer)
        except TutorError as error:
            report.add(location, "wrong_answer_invalid", answer=wrong.answer, answer_type=item.answer_type,
                       detail=error)
            continue
        if verdict.is_valid:
            report.add(location, "wrong_answer_correct", answer=wrong.answer)


def check_lesson(lesson: Lesson, source: str) -> list[LessonError]:
    """Return the problems of a structurally valid lesson that need the engine to find."""
    report = _Report(lesson.path, scan(source))
    for index, block in enumerate(lesson.blocks):
        where = ("block", index)
        if isinstance(block, ShowSteps):
            _check_task(block.task, (*where, "task"), report)
            continue
        if not isinstance(block, Item):
            continue

        if block.skill is not None and block.skill not in SKILLS:
            close = difflib.get_close_matches(block.skill, SKILLS, n=1, cutoff=0.6)
            report.add((*where, "skill"), "unknown_skill", id=block.skill,
                       suggestion=close[0] if close else "", allowed=", ".join(sorted(SKILLS)))

        task_ok = block.task is None or _check_task(block.task, (*where, "task"), report)
        expected_ok = block.expected is None or _check_expected(block, where, report)
        if block.task and block.expected and task_ok and expected_ok and block.answer_type != "choice":
            _check_agreement(block, where, report)
        answerable = task_ok and (block.task is not None or expected_ok)
        _check_feedback(block, where, report, answerable)
        if answerable:
            _check_wrong_answers(block, where, report)
    return report.errors


def _file_id_matches(path: str, lesson_id: str) -> bool:
    stem = Path(path).stem
    return stem == lesson_id or re.sub(r"^\d+-", "", stem) == lesson_id


def validate_file(path: Path | object) -> tuple[Lesson | None, list[LessonError]]:
    """Return the lesson in one file and every problem found in it, in line order."""
    display = str(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [LessonFileError("lesson_errors.not_utf8", path=display, line=1, col=1, detail=str(error))]
    except OSError as error:
        return None, [LessonFileError("lesson_errors.unreadable", path=display, line=1, col=1,
                                      detail=error.strerror or str(error))]

    lesson, errors = parse_lesson(source, display)
    if lesson is None:
        return None, errors
    errors = check_lesson(lesson, source)
    if not _file_id_matches(display, lesson.id):
        line, col = scan(source).locate(("id",), value=True)
        errors.append(LessonFileError("lesson_errors.id_mismatch", path=display, line=line, col=col, id=lesson.id))
    return lesson, sorted(errors, key=lambda error: (error.line, error.col))


def expand_paths(paths: Iterable[str]) -> Iterator[Path]:
    """Yield the lesson files named by ``paths``: files as given, folders as their *.toml files."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(path.glob("*.toml"))
        else:
            yield path


def validate(paths: Iterable[str] | None = None) -> list[LessonError]:
    """Return every problem in the given lesson files or folders (the installed lessons if None)."""
    files = list(expand_paths(paths)) if paths else lesson_files()
    errors: list[LessonError] = []
    seen: dict[str, tuple[str, int, int]] = {}
    for path in files:
        lesson, file_errors = validate_file(path)
        errors.extend(file_errors)
        if lesson is None:
            continue
        if lesson.id in seen:
            other = seen[lesson.id][0]
            source = Path(str(path)).read_text(encoding="utf-8") if isinstance(path, Path) else path.read_text()
            line, col = scan(source).locate(("id",), value=True)
            errors.append(LessonFileError("lesson_errors.duplicate_lesson", path=str(path), line=line, col=col,
                                          id=lesson.id, other=other))
        else:
            seen[lesson.id] = (str(path), 0, 0)
    return errors
