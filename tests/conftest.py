"""Shared fixtures: an isolated DIFFTUTOR_HOME and the copied case files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the progress store at a fresh folder so no test touches the user's data."""
    home = tmp_path / "difftutor-home"
    monkeypatch.setenv("DIFFTUTOR_HOME", str(home))
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return home


def load_cases(name: str) -> list[dict]:
    """Load one JSON case file from tests/data."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))
