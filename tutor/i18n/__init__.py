"""Message catalogs in Korean and English.

Every learner-facing string lives in ``catalogs/<lang>/*.toml``.  Each
area of the program owns one file (``parsing.toml``, ``rules.toml`` ...);
the files of one language are merged into one flat table whose keys are
``<table>.<key>`` paths.  Both languages must define exactly the same keys
(tests/i18n enforces it), and a key defined in two files is an error.

Messages are ``str.format`` templates.  Parameters that are SymPy objects
are formatted as Unicode math by the caller before translation, so the
catalog never sees SymPy.
"""

from __future__ import annotations

import logging
import os
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

from tutor.i18n.korean import attach_particles

logger = logging.getLogger(__name__)

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"


def _flatten(table: Mapping[str, Any], prefix: str, out: dict[str, str], origin: str) -> None:
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, Mapping):
            _flatten(value, key + ".", out, origin)
            continue
        if key in out:
            raise ValueError(f"catalog key {key!r} is defined twice (again in {origin})")
        out[key] = str(value)


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """Return the merged message table of ``lang`` ('en' or 'ko')."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: expected one of {', '.join(LANGUAGES)}")

    messages: dict[str, str] = {}
    folder = files("tutor.i18n").joinpath("catalogs", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        table = tomllib.loads(entry.read_text(encoding="utf-8"))
        _flatten(table, "", messages, entry.name)
    return messages


def has_key(key: str) -> bool:
    """Return whether the English catalog defines ``key``."""
    return key in catalog(DEFAULT_LANGUAGE)


def translate(key: str, lang: str, **params: Any) -> str:
    """Render message ``key`` in ``lang`` with ``params``.

    A missing key or parameter is a bug, but the learner should still see
    something useful, so it is logged and the key itself is shown.
    """
    messages = catalog(lang if lang in LANGUAGES else DEFAULT_LANGUAGE)
    template = messages.get(key)
    if template is None:
        logger.error("message key %r missing from the %s catalog", key, lang)
        return key
    try:
        if lang == "ko":
            template = attach_particles(template, params)
        return template.format(**params)
    except (KeyError, IndexError, ValueError) as error:
        logger.error("message %r in %s failed to format with %r: %s", key, lang, params, error)
        return template


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """Pick 'ko' when LC_ALL, LC_MESSAGES or LANG starts with ``ko``, else 'en'.

    The first of those variables that is set and non-empty decides, as in
    POSIX locale resolution.
    """
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    return DEFAULT_LANGUAGE
