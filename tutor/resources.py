"""Locate the data folders ``grammar/`` and ``lessons/``.

They sit beside the ``tutor`` package in the source tree so teachers can
edit them without touching Python.  A built wheel carries them as
``tutor/_data/grammar`` and ``tutor/_data/lessons`` (the force-include
table in pyproject.toml), and both cases are reached through
importlib.resources, so zipped or unusual installs work too.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def data_dir(name: str) -> Traversable:
    """Return the ``grammar`` or ``lessons`` folder as a Traversable.

    The installed copy inside the package wins; a source checkout (an
    editable install or running from the repository) falls back to the
    folder beside the package.
    """
    if name not in ("grammar", "lessons"):
        raise ValueError(f"unknown data folder {name!r}: expected 'grammar' or 'lessons'")

    package_root = files("tutor")
    installed = package_root.joinpath("_data", name)
    if installed.is_dir():
        return installed

    # NOTE: in a source checkout files("tutor") is a plain directory, so its
    # parent is the repository root.
    checkout = package_root.joinpath("..", name)
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(
        f"data folder {name!r} not found in {installed} or {checkout}; reinstall difftutor"
    )


def read_grammar(filename: str) -> str:
    """Return the text of one ``.lark`` file from the grammar folder."""
    return data_dir("grammar").joinpath(filename).read_text(encoding="utf-8")
