"""--help speaks the learner's language, chosen by --lang or the locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def _help(*args: str, lang_env: str = "C.UTF-8") -> str:
    environment = {**os.environ, "LANG": lang_env, "LC_ALL": "", "LC_MESSAGES": ""}
    result = subprocess.run([sys.executable, "-m", "tutor", *args, "--help"],
                            capture_output=True, text=True, timeout=60, env=environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("subcommand", ["explain", "check", "lesson", "lessons", "validate", "quiz", "progress"])
def test_subcommand_help_in_korean(subcommand):
    shown = _help(subcommand, "--lang", "ko")
    assert "이 도움말을 보여 주고 끝냅니다" in shown
    assert "show this help" not in shown


def test_top_level_help_follows_locale():
    assert "단계별 미분 학습 도우미" in _help(lang_env="ko_KR.UTF-8")
    assert "step-by-step differentiation tutor" in _help(lang_env="en_US.UTF-8")
