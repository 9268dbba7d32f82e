"""Recognise a standard table from its printed title (catalog-driven)."""

from __future__ import annotations

import re
from functools import lru_cache

from pipelines import catalog
from pipelines.text.labels import canonical_label, strip_ordinal

_UNIT_NOTE = re.compile(r"[（(]?(?:金额)?单位[：:](?:万元|元)[）)]?")
_NUMBERING = re.compile(r"公开\d{1,2}表?|附表\d{1,2}|^表[一二三四五六七八九十]+[：、]?")
_NOT_A_TITLE = ("...", "…", "。", "说明", "情况", "\t")
MAX_TITLE_LENGTH = 70


_TRAILING_NOTE = re.compile(r"（[^（）]{1,8}）$")


@lru_cache(maxsize=1 << 16)  # pages are asked again for the same lines (bands, contents)
def match_title_variant(line: str) -> tuple[str, str] | None:
    """(table_key, the catalog title matched) for a line printing a standard table's title.

    The longest catalog title that the cleaned line ends with wins, after numbering
    (公开01表, 表一), a leading ordinal (一、) and a trailing note such as （功能科目）
    are removed.
    """
    if any(marker in line for marker in _NOT_A_TITLE):
        return None
    text = canonical_label(line).lstrip("#")
    if not text or len(text) > MAX_TITLE_LENGTH:
        return None
    text = _UNIT_NOTE.sub("", _NUMBERING.sub("", text))
    text = _TRAILING_NOTE.sub("", strip_ordinal(text))
    best: tuple[int, str, str] | None = None
    for spec in catalog.tables():
        for title in spec.titles:
            if text.endswith(title) and (best is None or len(title) > best[0]):
                best = (len(title), spec.key, title)
    return (best[1], best[2]) if best else None


def match_title(line: str) -> str | None:
    """The table_key whose title this line prints, or None."""
    found = match_title_variant(line)
    return found[0] if found else None


def find_number(text: str) -> str | None:
    """The table's printed numbering (公开01表, 表一), if any, from text around the title."""
    cleaned = canonical_label(text)
    match = re.search(r"公开(\d{1,2})表?", cleaned)
    if match:
        return f"公开{match.group(1)}表"
    match = re.search(r"公开表([一二三四五六七八九十]+)", cleaned)
    if match:
        return f"公开表{match.group(1)}"
    match = re.search(r"(?<![\u4e00-\u9fff])表([一二三四五六七八九十]+)", cleaned)
    return f"表{match.group(1)}" if match else None
