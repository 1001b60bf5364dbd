"""The library API mirrors the command line and can be called repeatedly."""

from __future__ import annotations

import subprocess
import sys

import tutor


def test_explain_twice_in_one_process():
    first = tutor.explain("d/dx x^2")
    second = tutor.explain("d/dx x^2", lang="ko")
    assert first["result"] == second["result"] == {"derivative": "2*x"}
    assert callable(tutor.explain)


def test_check_returns_contract_fields():
    verdict = tutor.check("d/dx x sin x", "cos x")
    assert verdict["verdict"] == "incorrect"
    assert verdict["misconception"] == "product_of_derivatives"
    assert callable(tutor.check)


def test_api_in_fresh_interpreter():
    code = "import tutor; tutor.explain('d/dx x'); print(tutor.explain('d/dx x')['result'])"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "'derivative': '1'" in result.stdout


def test_session_is_exported():
    session = tutor.Session(lang="en")
    assert session.mode == "chat"
