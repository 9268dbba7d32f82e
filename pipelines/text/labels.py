"""Printed labels: cleaning for storage, canonical forms for matching, ordinals, codes."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>|\*\*")
_SPACE = re.compile(r"\s+")
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；"})
_ORDINAL = re.compile(
    r"^(?:[一二三四五六七八九十百零]+[、.．]|[（(](?:[一二三四五六七八九十]+|\d{1,2})[）)]|\d{1,2}[、.．](?!\d))"
)
_DIGITS = re.compile(r"^\d+$")
_DASHES = frozenset({"-", "—", "——", "－", "--", "―", "─"})
# a character of a name printed in a sentence (一般公共服务支出, “三公”经费, 因公出国（境）费)
NAME_CHAR = r"[\u4e00-\u9fff“”（）()]"


def clean_label(text: str | None) -> str:
    """The printed text with whitespace, line breaks and markup removed."""
    if not text:
        return ""
    return _SPACE.sub("", _MARKUP.sub("", text))


def canonical_label(text: str | None) -> str:
    """A form for matching: cleaned, with half-width brackets and colons made full-width."""
    return clean_label(text).translate(_HALF_TO_FULL)


def strip_leading(pattern: re.Pattern, text: str) -> str:
    """Remove what ``pattern`` matches at the start of ``text``, as often as it matches."""
    previous = None
    while previous != text:
        previous = text
        text = pattern.sub("", text, count=1)
    return text


def strip_ordinal(label: str) -> str:
    """Remove a leading ordinal such as ``一、``, ``（二）`` or ``3.`` from a cleaned label."""
    return strip_leading(_ORDINAL, label)


def is_code(text: str) -> bool:
    """Whether a cleaned cell is a classification code (digits only)."""
    return bool(_DIGITS.match(text))


CLASSIFICATION_CODE_LENGTHS = frozenset({3, 5, 7})  # 类 / 款 / 项 (economic: 类 / 款)


def is_classification_code(text: str) -> bool:
    """Whether a cleaned cell is a functional or economic code: 3, 5 or 7 digits (a
    6-digit unit code such as 105236 is not)."""
    return is_code(text) and len(text) in CLASSIFICATION_CODE_LENGTHS


def is_dash(text: str) -> bool:
    """Whether a cleaned cell is a dash printed for 'not applicable'."""
    return text in _DASHES
