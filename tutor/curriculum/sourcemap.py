"""Find the line and column of a key in a TOML lesson file.

``tomllib`` returns plain dicts without positions, so error messages
would have nothing to point at.  This scanner reads the source text line
by line, follows table headers (``[title]``, ``[[block]]``,
``[[block.hints]]``, ``[block.feedback.sign_error]``) and records where
every ``key = value`` line starts, keyed by the same path that indexes
the parsed data: ``("block", 2, "prompt", "en")``.

NOTE: keys inside inline tables (``{ en = "...", ko = "..." }``) are not
recorded separately, so an error in one points at the key whose value is
the inline table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

#: One key segment: a bare key or a quoted key.
_SEGMENT = r'(?:[A-Za-z0-9_-]+|"[^"\n]*"|\'[^\'\n]*\')'
_DOTTED = rf"{_SEGMENT}(?:\s*\.\s*{_SEGMENT})*"
_KEY_LINE = re.compile(rf"^(\s*)({_DOTTED})\s*=\s*")
_ARRAY_HEADER = re.compile(rf"^\s*\[\[\s*({_DOTTED})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\s*\[\s*({_DOTTED})\s*\]")
_SEGMENT_RE = re.compile(_SEGMENT)

Path = tuple[str | int, ...]


def _split_key(dotted: str) -> list[str]:
    """Split ``a."b.c".d`` into ``["a", "b.c", "d"]``."""
    return [segment.strip("\"'") for segment in _SEGMENT_RE.findall(dotted)]


@dataclass(frozen=True)
class Position:
    """A 1-based line, the column of the key, and the column where its value starts."""

    line: int
    col: int
    value_col: int


@dataclass
class SourceMap:
    """Positions of keys and table headers in one lesson file."""

    positions: dict[Path, Position] = field(default_factory=dict)

    def locate(self, path: Path, value: bool = False) -> tuple[int, int]:
        """Return (line, col) of ``path``; with ``value``, the column of its value.

        A path that is not written in the file (a missing key) falls back
        to its first written child. Failing that, it tries its parent and
        the parent's first written child, and so on up to the top. The
        result is (1, 1) only when the file has no keys at all.
        """
        position = None
        for length in range(len(path), 0, -1):
            prefix = path[:length]
            position = self.positions.get(prefix)
            if position is None:
                children = [pos for key, pos in self.positions.items() if key[:length] == prefix]
                position = min(children, key=lambda pos: (pos.line, pos.col)) if children else None
            if position is not None:
                break
        if position is None:
            return (1, 1)
        return (position.line, position.value_col if value else position.col)


def _resolve(names: list[str], arrays: dict[Path, int]) -> Path:
    """Turn header names into a data path, indexing arrays of tables at their latest entry."""
    path: Path = ()
    for name in names:
        path = (*path, name)
        if path in arrays:
            path = (*path, arrays[path] - 1)
    return path


def _opens_multiline(value: str) -> str | None:
    """Return the delimiter of a multi-line string that starts in ``value`` and stays open."""
    for delimiter in ('"""', "'''"):
        if value.startswith(delimiter):
            rest = value[len(delimiter):]
            return None if delimiter in rest else delimiter
    return None


def scan(source: str) -> SourceMap:
    """Record the position of every key and table header in ``source``."""
    source_map = SourceMap()
    arrays: dict[Path, int] = {}
    prefix: Path = ()
    open_string: str | None = None

    for number, line in enumerate(source.splitlines(), start=1):
        if open_string is not None:
            if open_string in line:
                open_string = None
            continue

        stripped = line.lstrip()
        indent = len(line) - len(stripped) + 1
        if not stripped or stripped.startswith("#"):
            continue

        array_match = _ARRAY_HEADER.match(line)
        if array_match:
            names = _split_key(array_match.group(1))
            parent = _resolve(names[:-1], arrays)
            array_path = (*parent, names[-1])
            arrays[array_path] = arrays.get(array_path, 0) + 1
            prefix = (*array_path, arrays[array_path] - 1)
            source_map.positions.setdefault(prefix, Position(number, indent, indent))
            continue

        table_match = _TABLE_HEADER.match(line)
        if table_match:
            prefix = _resolve(_split_key(table_match.group(1)), arrays)
            source_map.positions.setdefault(prefix, Position(number, indent, indent))
            continue

        key_match = _KEY_LINE.match(line)
        if key_match:
            path = (*prefix, *_split_key(key_match.group(2)))
            value_col = key_match.end() + 1
            source_map.positions.setdefault(path, Position(number, indent, value_col))
            open_string = _opens_multiline(line[key_match.end():])
    return source_map
