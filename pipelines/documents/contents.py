"""The tables a document's table of contents (目录) lists: the input of the rule that
they are all printed."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.catalog.titles import match_title
from pipelines.text.labels import clean_label

# a contents line: a title, then dots or a leader, then its page (一、收入决算表.....4)
_LEADER = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{4,})\s*\d*\s*$")
_TRAILING_PAGE = re.compile(r"[.…·\-\s]*\d*\s*$")


@dataclass(frozen=True)
class ListedTable:
    """A standard table a contents line lists."""

    table_key: str
    page: int | None  # the page the contents line is printed on
    text: str


def listed_tables(pages: list[tuple[int | None, list[str]]]) -> list[ListedTable]:
    """Every standard table a contents line of the pages lists, once each."""
    found: dict[str, ListedTable] = {}
    for page, lines in pages:
        for line in lines:
            text = clean_label(line)
            if not _LEADER.search(text):
                continue
            title = _TRAILING_PAGE.sub("", _LEADER.sub("", text))
            key = match_title(title) if title else None
            if key and key not in found:
                found[key] = ListedTable(key, page, title)
    return list(found.values())
