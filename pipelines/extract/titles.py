"""Recognise a standard table from its printed title (catalog-driven)."""

from __future__ import annotations

import re

from pipelines import catalog
from pipelines.normalise.labels import canonical_label, strip_ordinal

_NUMBERING = re.compile(r"公开\d{1,2}表?|附表\d{1,2}|^表[一二三四五六七八九十]+[：、]?")
_NOT_A_TITLE = ("...", "…", "。", "说明", "情况", "\t")
MAX_TITLE_LENGTH = 70


def match_title(line: str) -> str | None:
    """The table_key whose title this line prints, or None.

    The longest catalog title that the cleaned line ends with wins, after numbering
    (公开01表, 表一) and a leading ordinal (一、) are removed.
    """
    if any(marker in line for marker in _NOT_A_TITLE):
        return None
    text = canonical_label(line).lstrip("#")
    if not text or len(text) > MAX_TITLE_LENGTH:
        return None
    text = strip_ordinal(_NUMBERING.sub("", text))
    best: tuple[int, str] | None = None
    for spec in catalog.tables():
        for title in spec.titles:
            if text.endswith(title) and (best is None or len(title) > best[0]):
                best = (len(title), spec.key)
    return best[1] if best else None


def find_number(text: str) -> str | None:
    """The table's printed numbering (公开01表, 表一), if any, from text around the title."""
    cleaned = canonical_label(text)
    match = re.search(r"公开(\d{1,2})表?", cleaned)
    if match:
        return f"公开{match.group(1)}表"
    match = re.search(r"表([一二三四五六七八九十]+)", cleaned)
    return f"表{match.group(1)}" if match else None
