"""No learner text can reach eval, exec, sympify or parse_expr.

The Lark transformer builds SymPy objects directly; this scan keeps it
that way for the whole package, not only the parser.  ``sympify(value,
strict=True)`` is allowed because strict mode raises on strings and only
converts numbers and SymPy objects.
"""

from __future__ import annotations

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "tutor"

FORBIDDEN = re.compile(r"\b(eval|exec|sympify|parse_expr|S)\s*\(\s*[^)\d-]")


def test_no_string_evaluation_in_package():
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0]
            if FORBIDDEN.search(code) and "strict=True" not in code:
                offenders.append(f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}")
    assert offenders == []


def test_strict_sympify_rejects_text():
    import pytest
    import sympy

    with pytest.raises(sympy.SympifyError):
        sympy.sympify("__import__('os')", strict=True)
