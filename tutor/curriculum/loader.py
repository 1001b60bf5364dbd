"""Read lesson files (lessons/*.toml) into Lesson objects.

A lesson file is TOML, read by the standard library's ``tomllib``.  A
teacher can write it in any editor without Python, and comments are
allowed.  Multi-line strings keep Korean and English paragraphs readable,
and dotted keys (``prompt.en`` / ``prompt.ko``) put the two languages on
adjacent lines.  The format is described in docs/writing-lessons.md.

This module checks the structure of a file (syntax, known keys, value
types, both languages present) and reports every problem it finds as a
LessonError with the file, line and column.  Checks that need the engine
(answers that parse, expected answers the engine agrees with, known
misconception ids) are in tutor.curriculum.validate.
"""

from __future__ import annotations

import difflib
import logging
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path as FilePath
from typing import Any

from tutor.curriculum.model import ANSWER_TYPES, Block, Item, Lesson, ShowSteps, TextBlock, WrongAnswer
from tutor.curriculum.sourcemap import Path, SourceMap, scan
from tutor.dialogue.replies import Localized
from tutor.errors import LessonError, TutorError
from tutor.i18n import translate
from tutor.resources import data_dir

logger = logging.getLogger(__name__)

#: Topics a lesson may belong to; quizzes and the lesson list group by them.
TOPICS = ("classify", "partial", "interval", "mvt", "rolle", "motion", "derivative", "chain", "backprop")

#: Forms a question may require (tutor.checking.forms checks them).
FORMS = ("expanded", "factored", "simplified", "exact", "decimal")

LANGUAGE_KEYS = ("en", "ko")

TOP_KEYS = {"id": "str", "topic": "str", "title": "localized", "summary": "localized", "block": "blocks"}
TEXT_KEYS = {"type": "str", "title": "localized", "text": "localized"}
STEPS_KEYS = {"type": "str", "task": "str", "text": "localized"}
QUESTION_KEYS = {
    "type": "str", "id": "str", "prompt": "localized", "answer_type": "str", "task": "str",
    "expected": "str", "result_key": "str", "form": "str", "skill": "str", "difficulty": "int",
    "tolerance": "number", "choices": "localized_list", "hints": "localized_list", "feedback": "feedback",
    "wrong_answers": "wrong_answers",
}
BLOCK_KEYS = {"text": TEXT_KEYS, "steps": STEPS_KEYS, "question": QUESTION_KEYS}
REQUIRED = {
    "top": ("id", "topic", "title", "block"),
    "text": ("text",),
    "steps": ("task",),
    "question": ("id", "prompt", "answer_type"),
}

#: Lesson and question ids: lower-case words joined by hyphens.
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Text that contains an English word of three letters or more.
_ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class LessonFileError(LessonError):
    """A LessonError whose ``context``, ``suggestion`` and ``detail`` render in the reader's language.

    ``detail`` may be a TutorError (a task that does not parse), rendered
    in the same language as the rest of the message.
    """

    def message(self, lang: str) -> str:
        """Render the error in ``lang``, translating the block kind and the did-you-mean part."""
        params = dict(self.params)
        if isinstance(params.get("detail"), TutorError):
            params["detail"] = params["detail"].message(lang)
        if params.get("context"):
            params["context"] = translate(f"lesson_errors.contexts.{params['context']}", lang)
        suggestion = params.pop("suggestion", "")
        params["suggestion_text"] = (
            translate("lesson_errors.suggestion", lang, suggestion=suggestion) if suggestion else ""
        )
        return translate(self.key, lang, **params)


class _Collector:
    """Gathers the errors of one file, each located through the source map."""

    def __init__(self, path: str, source_map: SourceMap) -> None:
        self.path = path
        self.source_map = source_map
        self.errors: list[LessonError] = []

    def add(self, location: Path, message: str, value: bool = False, **params: Any) -> None:
        line, col = self.source_map.locate(location, value=value)
        self.errors.append(LessonFileError(f"lesson_errors.{message}", path=self.path, line=line, col=col, **params))


def _suggest(name: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
    return close[0] if close else ""


def _check_keys(table: Mapping[str, Any], allowed: Mapping[str, str], where: Path, what: str,
                errors: _Collector) -> None:
    for name in table:
        if name not in allowed:
            errors.add((*where, name), "unknown_key", name=name, context=what,
                       suggestion=_suggest(name, list(allowed)), allowed=", ".join(allowed))


def _localized(value: Any, where: Path, errors: _Collector, extra: tuple[str, ...] = ()) -> Localized | None:
    """Read a table with ``en`` and ``ko`` text; report missing or untranslated text."""
    if not isinstance(value, Mapping):
        errors.add(where, "not_localized", value=True, name=where[-1])
        return None
    _check_keys(value, {name: "str" for name in (*LANGUAGE_KEYS, *extra)}, where, "text_table", errors)

    texts = {}
    for lang in LANGUAGE_KEYS:
        text = value.get(lang)
        if text is None or (isinstance(text, str) and not text.strip()):
            errors.add((*where, lang), "missing_translation", name=where[-1], language=lang)
        elif not isinstance(text, str):
            errors.add((*where, lang), "wrong_type", value=True, name=lang, expected="string")
        else:
            texts[lang] = text.strip("\n")
    if len(texts) < 2:
        return None

    if texts["en"] == texts["ko"] and _ENGLISH_WORD.search(texts["ko"]):
        errors.add((*where, "ko"), "untranslated", value=True, name=where[-1])
    return Localized(en=texts["en"], ko=texts["ko"])


def _typed(table: Mapping[str, Any], name: str, kind: str, where: Path, errors: _Collector) -> Any:
    """Return ``table[name]`` if it has the right type, else report it and return None."""
    value = table.get(name)
    if value is None:
        return None
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "number": isinstance(value, (int, float)) and not isinstance(value, bool),
    }[kind]
    if not ok:
        expected = {"str": "string", "int": "whole number", "number": "number"}[kind]
        errors.add((*where, name), "wrong_type", value=True, name=name, expected=expected)
        return None
    if kind == "str" and not value.strip():
        errors.add((*where, name), "empty_value", value=True, name=name)
        return None
    return value


def _localized_list(value: Any, where: Path, errors: _Collector) -> tuple[Localized, ...]:
    if not isinstance(value, list):
        errors.add(where, "wrong_type", value=True, name=where[-1], expected="list of tables with en and ko")
        return ()
    entries = []
    for index, entry in enumerate(value):
        text = _localized(entry, (*where, index), errors)
        if text is not None:
            entries.append(text)
    return tuple(entries)


def _feedback(value: Any, where: Path, errors: _Collector) -> tuple[dict[str, Localized], dict[str, str]]:
    if not isinstance(value, Mapping):
        errors.add(where, "wrong_type", value=True, name="feedback", expected="table of misconception ids")
        return {}, {}
    messages: dict[str, Localized] = {}
    examples: dict[str, str] = {}
    for misconception, entry in value.items():
        entry_where = (*where, misconception)
        text = _localized(entry, entry_where, errors, extra=("example",))
        if text is not None:
            messages[misconception] = text
        if isinstance(entry, Mapping) and "example" in entry:
            example = _typed(entry, "example", "str", entry_where, errors)
            if example is not None:
                examples[misconception] = example
    return messages, examples


def _wrong_answers(value: Any, where: Path, errors: _Collector) -> tuple[WrongAnswer, ...]:
    """Read ``[[block.wrong_answers]]`` tables, each with an ``answer`` and its ``en`` and ``ko`` feedback."""
    if not isinstance(value, list):
        errors.add(where, "wrong_type", value=True, name="wrong_answers",
                   expected="list of tables with answer, en and ko, written [[block.wrong_answers]]")
        return ()
    entries = []
    for index, entry in enumerate(value):
        entry_where = (*where, index)
        text = _localized(entry, entry_where, errors, extra=("answer",))
        if not isinstance(entry, Mapping):
            continue
        if "answer" not in entry:
            errors.add(entry_where, "missing_key", name="answer", context="wrong_answer")
            continue
        answer = _typed(entry, "answer", "str", entry_where, errors)
        if answer is not None and text is not None:
            entries.append(WrongAnswer(answer=answer, text=text))
    return tuple(entries)


def _question(block: Mapping[str, Any], where: Path, errors: _Collector) -> Item | None:
    item_id = _typed(block, "id", "str", where, errors)
    if item_id is not None and not ID_PATTERN.match(item_id):
        errors.add((*where, "id"), "bad_id", value=True, id=item_id)
    prompt = _localized(block["prompt"], (*where, "prompt"), errors) if "prompt" in block else None

    answer_type = _typed(block, "answer_type", "str", where, errors)
    if answer_type is not None and answer_type not in ANSWER_TYPES:
        errors.add((*where, "answer_type"), "unknown_answer_type", value=True, value_text=answer_type,
                   allowed=", ".join(ANSWER_TYPES), suggestion=_suggest(answer_type, list(ANSWER_TYPES)))
        answer_type = None

    task = _typed(block, "task", "str", where, errors)
    expected = _typed(block, "expected", "str", where, errors)
    form = _typed(block, "form", "str", where, errors)
    if form is not None and form not in FORMS:
        errors.add((*where, "form"), "unknown_form", value=True, value_text=form, allowed=", ".join(FORMS))
    difficulty = _typed(block, "difficulty", "int", where, errors)
    if difficulty is not None and not 1 <= difficulty <= 5:
        errors.add((*where, "difficulty"), "bad_difficulty", value=True, value_text=difficulty)
    tolerance = _typed(block, "tolerance", "number", where, errors)
    if tolerance is not None and (tolerance < 0 or answer_type != "number"):
        errors.add((*where, "tolerance"), "bad_tolerance", value=True)

    choices = _localized_list(block["choices"], (*where, "choices"), errors) if "choices" in block else ()
    hints = _localized_list(block["hints"], (*where, "hints"), errors) if "hints" in block else ()
    feedback, examples = (
        _feedback(block["feedback"], (*where, "feedback"), errors) if "feedback" in block else ({}, {})
    )

    wrong_answers = (
        _wrong_answers(block["wrong_answers"], (*where, "wrong_answers"), errors) if "wrong_answers" in block else ()
    )

    if expected is None and task is None and "expected" not in block and "task" not in block:
        errors.add(where, "no_answer")
    if not hints and task is None and "hints" not in block and "task" not in block:
        errors.add(where, "no_hints")
    if answer_type == "choice":
        if len(choices) < 2 and "choices" not in block:
            errors.add(where, "too_few_choices")
        elif len(choices) < 2:
            errors.add((*where, "choices"), "too_few_choices")
    elif "choices" in block and answer_type is not None:
        errors.add((*where, "choices"), "choices_not_choice", answer_type=answer_type)

    if None in (item_id, prompt, answer_type):
        return None
    return Item(
        id=item_id, prompt=prompt, answer_type=answer_type, task=task, expected=expected,
        result_key=_typed(block, "result_key", "str", where, errors), choices=choices, hints=hints,
        feedback=feedback, form=form, skill=_typed(block, "skill", "str", where, errors),
        difficulty=difficulty or 1, tolerance=tolerance, feedback_examples=examples,
        wrong_answers=wrong_answers,
    )


def _block(block: Any, where: Path, errors: _Collector) -> Block | None:
    if not isinstance(block, Mapping):
        errors.add(where, "wrong_type", name="block", expected="table")
        return None
    kind = block.get("type")
    if kind is None:
        errors.add(where, "missing_key", name="type", context="block")
        return None
    if kind not in BLOCK_KEYS:
        errors.add((*where, "type"), "unknown_block_type", value=True, value_text=str(kind),
                   allowed=", ".join(BLOCK_KEYS), suggestion=_suggest(str(kind), list(BLOCK_KEYS)))
        return None

    _check_keys(block, BLOCK_KEYS[kind], where, kind, errors)
    for name in REQUIRED[kind]:
        if name not in block:
            errors.add(where, "missing_key", name=name, context=kind)

    if kind == "question":
        return _question(block, where, errors)
    if kind == "text":
        text = _localized(block["text"], (*where, "text"), errors) if "text" in block else None
        title = _localized(block["title"], (*where, "title"), errors) if "title" in block else None
        return None if text is None else TextBlock(text=text, title=title)

    task = _typed(block, "task", "str", where, errors)
    text = _localized(block["text"], (*where, "text"), errors) if "text" in block else None
    return None if task is None else ShowSteps(task=task, text=text)


def _syntax_error(error: tomllib.TOMLDecodeError, source: str, path: str) -> LessonError:
    message = str(error)
    line = getattr(error, "lineno", None)
    col = getattr(error, "colno", None)
    match = _TOML_POSITION.search(message)
    if match:
        line, col = line or int(match.group(1)), col or int(match.group(2))
        message = message[: match.start()]
    elif message.endswith("(at end of document)"):
        line, col = line or max(source.count("\n"), 1), col or 1
        message = message[: -len("(at end of document)")].rstrip()
    return LessonError("lesson_errors.syntax", path=path, line=line or 1, col=col or 1, detail=message)


def parse_lesson(source: str, path: str) -> tuple[Lesson | None, list[LessonError]]:
    """Read one lesson file's text; return the Lesson (None if unusable) and every error found."""
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        return None, [_syntax_error(error, source, path)]

    errors = _Collector(path, scan(source))
    _check_keys(data, TOP_KEYS, (), "lesson", errors)
    for name in REQUIRED["top"]:
        if name not in data:
            errors.add((), "missing_key", name=name, context="lesson")

    lesson_id = _typed(data, "id", "str", (), errors)
    if lesson_id is not None and not ID_PATTERN.match(lesson_id):
        errors.add(("id",), "bad_id", value=True, id=lesson_id)
    topic = _typed(data, "topic", "str", (), errors)
    if topic is not None and topic not in TOPICS:
        errors.add(("topic",), "unknown_topic", value=True, value_text=topic, allowed=", ".join(TOPICS),
                   suggestion=_suggest(topic, list(TOPICS)))
    title = _localized(data["title"], ("title",), errors) if "title" in data else None
    summary = _localized(data["summary"], ("summary",), errors) if "summary" in data else None

    blocks: list[Block] = []
    raw_blocks = data.get("block", [])
    if not isinstance(raw_blocks, list):
        errors.add(("block",), "wrong_type", name="block", expected="array of tables, written [[block]]")
        raw_blocks = []
    seen_ids: set[str] = set()
    for index, raw in enumerate(raw_blocks):
        block = _block(raw, ("block", index), errors)
        if isinstance(block, Item):
            if block.id in seen_ids:
                errors.add(("block", index, "id"), "duplicate_id", value=True, id=block.id)
            seen_ids.add(block.id)
        if block is not None:
            blocks.append(block)
    if "block" in data and isinstance(raw_blocks, list) and not any(
        isinstance(raw, Mapping) and raw.get("type") == "question" for raw in raw_blocks
    ):
        errors.add(("block",), "no_questions")

    if errors.errors or None in (lesson_id, topic, title):
        return None, sorted(errors.errors, key=lambda error: (error.line, error.col))
    lesson = Lesson(id=lesson_id, title=title, topic=topic, blocks=tuple(blocks), summary=summary, path=path)
    return lesson, []


def _display_path(entry: Traversable | FilePath | str) -> str:
    return str(entry)


def read_lesson_file(entry: Traversable | FilePath | str) -> tuple[Lesson | None, list[LessonError]]:
    """Read and check the structure of one lesson file from disk or package data."""
    path = _display_path(entry)
    try:
        source = (FilePath(entry) if isinstance(entry, str) else entry).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        return None, [LessonError("lesson_errors.not_utf8", path=path, line=1, col=1, detail=str(error))]
    except OSError as error:
        return None, [LessonError("lesson_errors.unreadable", path=path, line=0, col=0, detail=str(error))]
    return parse_lesson(source, path)


def lesson_files() -> list[Traversable]:
    """Return the installed lesson files in list order (sorted by file name)."""
    folder = data_dir("lessons")
    return sorted((entry for entry in folder.iterdir() if entry.name.endswith(".toml")),
                  key=lambda entry: entry.name)


@cache
def load_lessons() -> tuple[Lesson, ...]:
    """Return every installed lesson in order; raise the first LessonError of a broken file.

    The installed lessons are checked by the test suite, so an error here
    means a damaged install; it is raised rather than hidden.
    """
    lessons = []
    for entry in lesson_files():
        lesson, errors = read_lesson_file(entry)
        if errors:
            raise errors[0]
        lessons.append(lesson)
    return tuple(lessons)


def load_lesson(lesson_id: str) -> Lesson:
    """Return the installed lesson ``lesson_id``; an unknown id names the closest ones."""
    lessons = {lesson.id: lesson for lesson in load_lessons()}
    if lesson_id in lessons:
        return lessons[lesson_id]

    # Learners also type the title they see in the lesson list ("연쇄 법칙",
    # "The chain rule"), in either language, with any spacing or case.
    wanted = _title_key(lesson_id)
    for lesson in lessons.values():
        if wanted in (_title_key(lesson.title.en), _title_key(lesson.title.ko)):
            return lesson
    containing = [
        lesson for lesson in lessons.values()
        if len(wanted) >= 2 and any(wanted in _title_key(title) for title in (lesson.title.en, lesson.title.ko))
    ]
    if len(containing) == 1:
        return containing[0]

    close = difflib.get_close_matches(lesson_id, list(lessons), n=3, cutoff=0.4)
    raise LessonFileError("lesson_errors.unknown_lesson", name=lesson_id,
                      suggestions=", ".join(close or lessons))


def _title_key(text: str) -> str:
    """Return ``text`` lower-cased without spaces, a leading "the" or punctuation, for title matching."""
    key = "".join(ch for ch in text.lower() if ch.isalnum())
    return key[3:] if key.startswith("the") and len(key) > 3 else key


def format_error(error: LessonError, lang: str) -> str:
    """Return ``file:line:col: message`` for one lesson error."""
    return f"{error.path}:{error.line}:{error.col}: {error.message(lang)}"
