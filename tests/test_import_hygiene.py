"""Nothing below the UI imports Textual (the dialogue must run headless)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEADLESS_MODULES = [
    "tutor",
    "tutor.chat",
    "tutor.parsing",
    "tutor.engine.dispatch",
    "tutor.engine.derivative",
    "tutor.checking",
    "tutor.dialogue.session",
    "tutor.curriculum.loader",
    "tutor.storage.progress",
    "tutor.cli.explain",
]


@pytest.mark.parametrize("module", HEADLESS_MODULES)
def test_module_does_not_import_textual(module):
    code = f"import sys, {module}; print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
