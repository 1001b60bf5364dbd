"""Korean particles (조사) that agree with the value before them.

A Korean particle changes with the sound that ends the word before it:
``x을`` is wrong and ``x를`` (엑스를) is right, ``40를`` is wrong and
``40을`` (사십을) is right.  Catalog templates write a placeholder followed
by a particle, in either form (``{value}을`` or ``{value}을(를)``), and
:func:`attach_particles` picks the form that fits the value put in.

The sound of a value is read the way a Korean teacher reads math aloud.
Digits are Sino-Korean numbers (2 이, 10 십, 100 백), Latin letters have
their English names (x 엑스, l 엘) and superscripts read as 제곱. Closing
brackets are skipped, so the symbol inside them decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

#: Particle pairs: (form after a final consonant, form after a vowel).
_PAIRS = {
    "을": ("을", "를"), "를": ("을", "를"),
    "이": ("이", "가"), "가": ("이", "가"),
    "은": ("은", "는"), "는": ("은", "는"),
    "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
}

_PARTICLE = (
    r"(?P<particle>을\(를\)|를\(을\)|이\(가\)|가\(이\)|은\(는\)|는\(은\)|과\(와\)|와\(과\)|\(으\)로"
    r"|으로|로|을|를|이|가|은|는|과|와)"
)
# A closing quote or bracket may stand between the value and its particle:
# '{word}'은(는), ({base})^({n})(으)로.
_PLACEHOLDER = re.compile(
    r"\{(?P<name>[A-Za-z_]\w*)(?P<spec>[:!][^{}]*)?\}(?P<close>['\")\]]*)" + _PARTICLE
    + r"(?=[\s.,:;!?)\]'\"]|$)"
)

# Final consonant of each digit read as a Sino-Korean number: 0 영, 1 일,
# 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구.  "" means no final consonant.
_DIGIT_FINAL = {"0": "ㅇ", "1": "ㄹ", "2": "", "3": "ㅁ", "4": "", "5": "", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ", "9": ""}
# 10 십, 100 백, 1000 천, 10000 만.
_POWER_OF_TEN_FINAL = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 4: "ㄴ"}
# English letter names: l 엘, m 엠, n 엔, r 알 end in a consonant; the rest in a vowel.
_LETTER_FINAL = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
_SKIPPED = set(")]}|\"' ")
_SUPERSCRIPTS = set("⁰¹²³⁴⁵⁶⁷⁸⁹ⁿˣʸᵗᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐᵒᵖʳˢᵘᵛʷᶻ")  # read as ...제곱
_FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"


def final_consonant(text: str) -> str | None:
    """Return the final consonant heard at the end of ``text``, "" for a vowel, None if unknown."""
    stripped = text.rstrip()
    while stripped and stripped[-1] in _SKIPPED:
        stripped = stripped[:-1]
    if not stripped:
        return None

    last = stripped[-1]
    if "가" <= last <= "힣":
        index = (ord(last) - ord("가")) % 28
        return "" if index == 0 else _FINALS[index - 1]
    if last in _SUPERSCRIPTS:
        return "ㅂ"
    if last in "0123456789":
        digits = re.search(r"[0-9]+$", stripped).group()
        zeros = len(digits) - len(digits.rstrip("0"))
        if zeros and digits.strip("0"):
            return _POWER_OF_TEN_FINAL.get(min(zeros, 4), "ㄴ")
        return _DIGIT_FINAL[last]
    if last == "′":
        return "ㅁ"  # 프라임
    if last.isascii() and last.isalpha():
        return _LETTER_FINAL.get(last.lower(), "")
    if last in "πθαβγ":
        return ""  # 파이, 세타, 알파, 베타, 감마
    if last in "+-−∞":
        return ""  # 플러스, 마이너스, 무한대
    return None


def choose_particle(particle: str, value: str) -> str:
    """Return the form of ``particle`` (either form or a pair such as 을(를)) that fits ``value``."""
    base = particle.replace("(", "").replace(")", "")
    for key in ("으로", "을", "를", "이", "가", "은", "는", "과", "와", "로"):
        if base.startswith(key):
            after_consonant, after_vowel = _PAIRS[key]
            break
    else:
        return particle

    final = final_consonant(value)
    if final is None:
        return f"{after_consonant}({after_vowel})" if after_consonant != "으로" else "(으)로"
    if after_consonant == "으로":
        return "로" if final in ("", "ㄹ") else "으로"
    return after_consonant if final else after_vowel


def attach_particles(template: str, params: Mapping[str, Any]) -> str:
    """Resolve the particle after each placeholder of ``template`` for the value in ``params``.

    Returns a template in which those placeholders are already filled (with
    braces in the values escaped), ready for ``str.format``.
    """
    def resolve(match: re.Match[str]) -> str:
        name = match.group("name")
        if name not in params:
            return match.group(0)
        spec = match.group("spec") or ""
        value = ("{" + "0" + spec + "}").format(params[name])
        escaped = value.replace("{", "{{").replace("}", "}}")
        close = match.group("close")
        return escaped + close + choose_particle(match.group("particle"), value + close)

    return _PLACEHOLDER.sub(resolve, template)
