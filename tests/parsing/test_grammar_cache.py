"""The LALR table is cached in the user's own folder, never a shared one."""

from __future__ import annotations

import subprocess
import sys


def test_parse_table_cache_in_difftutor_home(isolated_home):
    code = "from tutor.parsing import parse; parse('d/dx x^2')"
    subprocess.run([sys.executable, "-c", code], check=True)
    cached = list((isolated_home / "cache").glob("grammar-lark-*.cache"))
    assert len(cached) == 1

    # A second process loads the cached table and parses the same way.
    result = subprocess.run(
        [sys.executable, "-c", "from tutor.parsing import parse; print(parse('d/dx x^2').expr)"],
        check=True, capture_output=True, text=True,
    )
    assert result.stdout.strip() == "x**2"
