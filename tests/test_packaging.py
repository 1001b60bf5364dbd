"""A built wheel carries grammar/ and lessons/ and works outside the checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the wheel once with the installed hatchling (no network needed)."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    (built,) = out.glob("difftutor-*.whl")
    return built


def test_wheel_contains_grammar_and_lessons(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    assert any(name.startswith("tutor/_data/grammar/") and name.endswith(".lark") for name in names)
    assert any(name.startswith("tutor/_data/lessons/") and name.endswith(".toml") for name in names)
    assert any(name.endswith("i18n/catalogs/ko/core.toml") for name in names)


def test_installed_wheel_runs_explain(wheel: Path, tmp_path: Path):
    # The venv sees this interpreter's packages (sympy, lark, textual) so the
    # test needs no network; the wheel itself goes into the venv and wins
    # over the editable checkout because the venv's site-packages come first.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        check=True, capture_output=True, text=True,
    )

    outside = tmp_path / "elsewhere"
    outside.mkdir()
    env = {**os.environ, "PYTHONPATH": ""}
    where = subprocess.run(
        [str(python), "-c", "import tutor, tutor.resources as r; print(tutor.__file__); print(r.data_dir('grammar'))"],
        cwd=outside, capture_output=True, text=True, check=True, env=env,
    )
    module_file, grammar_dir = where.stdout.split("\n")[:2]
    assert str(env_dir) in module_file
    assert "_data" in grammar_dir

    result = subprocess.run(
        [str(env_dir / "bin" / "difftutor"), "explain", "d/dx (3x^2+2)^2", "--json"],
        cwd=outside, capture_output=True, text=True, env=env,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["kind"] == "derivative"
    assert answer["error"] is None
