"""Where difftutor keeps the learner's data.

The folder is the platform's user data directory (``platformdirs``:
``~/.local/share/difftutor`` on Linux, ``~/Library/Application
Support/difftutor`` on macOS, ``%LOCALAPPDATA%\\difftutor`` on Windows),
or the folder named by the ``DIFFTUTOR_HOME`` environment variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

#: Environment variable that overrides the data folder (tests and portable installs use it).
HOME_VARIABLE = "DIFFTUTOR_HOME"

#: File name of the progress database inside the data folder.
PROGRESS_FILE = "progress.db"


def data_home() -> Path:
    """Return the data folder, without creating it.

    An empty ``DIFFTUTOR_HOME`` counts as unset.  A relative value is
    resolved against the current directory once, here, so a later
    ``chdir`` does not move the store.
    """
    override = os.environ.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser().resolve()
    return platformdirs.user_data_path("difftutor", appauthor=False)


def cache_home() -> Path:
    """Return the folder for rebuildable caches, without creating it.

    ``DIFFTUTOR_HOME/cache`` when the override is set, else the user cache
    folder of the operating system.
    """
    override = os.environ.get(HOME_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser().resolve() / "cache"
    return platformdirs.user_cache_path("difftutor", appauthor=False)


def progress_path() -> Path:
    """Return the path of the progress database, without creating anything."""
    return data_home() / PROGRESS_FILE
