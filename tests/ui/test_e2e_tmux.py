"""The real ``difftutor`` in a real terminal: tmux types and reads the screen."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tutor.i18n import translate

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")

#: Seconds to wait for any one thing to appear on screen (a cold start on a busy CI machine is slow).
TIMEOUT = 30.0


class Terminal:
    """An 80×24 tmux pane on a private tmux server."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.socket = f"difftutor-test-{os.getpid()}"
        self.env = env
        self._tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24", *command)

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-u", "-L", self.socket, *args], env=self.env, capture_output=True, text=True, check=True,
        )
        return result.stdout

    def screen(self) -> str:
        """Return the visible text of the pane."""
        return self._tmux("capture-pane", "-p", "-t", "app")

    def send(self, *keys: str) -> None:
        """Type keys, with tmux's key names (Enter, F6, C-q)."""
        self._tmux("send-keys", "-t", "app", *keys)

    def wait_for(self, text: str) -> str:
        """Wait until ``text`` is on screen and return the screen; fail with the screen on timeout."""
        deadline = time.monotonic() + TIMEOUT
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} did not appear within {TIMEOUT} s; the screen was:\n{screen}")

    def is_running(self) -> bool:
        """Return whether the app's pane still exists."""
        result = subprocess.run(
            ["tmux", "-L", self.socket, "has-session", "-t", "app"], env=self.env, capture_output=True,
        )
        return result.returncode == 0

    def close(self) -> None:
        """Stop this test's own tmux server."""
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], env=self.env, capture_output=True)


def test_difftutor_in_tmux_answers_and_switches_language(tmp_path: Path):
    difftutor = shutil.which("difftutor")
    if difftutor is None:
        pytest.skip("the difftutor script is not installed")
    env = {**os.environ, "DIFFTUTOR_HOME": str(tmp_path / "home"), "LANG": "C.UTF-8", "TERM": "xterm-256color"}
    terminal = Terminal([difftutor, "--lang", "ko"], env)
    try:
        # The chat opens in Korean with the input line ready.
        terminal.wait_for(translate("ui.placeholder", "ko")[:12])

        # A free question gets its steps and the answer.
        terminal.send("d/dx (3x^2+2)^2", "Enter")
        screen = terminal.wait_for("36x³ + 24x")
        assert translate("rule_names.chain", "ko") in screen

        # F6 switches the whole screen, the earlier answer included, to English.
        terminal.send("F6")
        screen = terminal.wait_for(translate("ui.placeholder", "en")[:12])
        assert translate("rule_names.chain", "en") in screen
        assert translate("ui.keys.help", "en") in screen

        # Ctrl+Q quits.
        terminal.send("C-q")
        deadline = time.monotonic() + TIMEOUT
        while terminal.is_running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not terminal.is_running()
    finally:
        terminal.close()
