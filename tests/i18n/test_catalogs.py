"""The Korean and English catalogs define the same keys and placeholders."""

from __future__ import annotations

import re
import string

import pytest

from tutor.i18n import catalog, detect_language, translate


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


def test_catalogs_have_same_keys():
    english, korean = catalog("en"), catalog("ko")
    assert sorted(set(english) - set(korean)) == []
    assert sorted(set(korean) - set(english)) == []


def test_catalogs_have_same_placeholders():
    english, korean = catalog("en"), catalog("ko")
    mismatched = [
        key for key in english
        if key in korean and _placeholders(english[key]) != _placeholders(korean[key])
    ]
    assert mismatched == []


def _has_english_word(template: str) -> bool:
    # The product name is the same in both languages.
    without_placeholders = re.sub(r"\{[^}]*\}", "", template).replace("difftutor", "")
    return re.search(r"[A-Za-z]{3,}", without_placeholders) is not None


def test_korean_catalog_is_korean():
    # Identical text is fine for pure formats such as "{rule}: {text}".
    english, korean = catalog("en"), catalog("ko")
    not_translated = [
        key for key, text in korean.items() if text == english[key] and _has_english_word(text)
    ]
    assert not_translated == []


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "ko_KR.UTF-8", "LANG": "en_US.UTF-8"}, "ko"),
        ({"LC_ALL": "", "LANG": "ko_KR"}, "ko"),
        ({}, "en"),
    ],
)
def test_detect_language(environ, expected):
    assert detect_language(environ) == expected


def test_translate_missing_key_shows_key():
    assert translate("no.such.key", "en") == "no.such.key"
