"""Which template a document follows, from how its tables are titled and numbered."""

from __future__ import annotations

from collections import Counter

from pipelines import catalog
from pipelines.catalog import Template
from pipelines.extract.model import RawTable
from pipelines.text.labels import canonical_label


def title_prefix(table: RawTable) -> str:
    """What a table prints before the catalog's title: its numbering (公开01表, 表1：) and
    the words in front (高等学校, 西南大学, 2024年部门)."""
    title = canonical_label(table.title)
    # 部门 opening a catalog title (部门收支总表) is the scope's word, not the table's name
    catalog_title = (table.variant or "").removeprefix("部门")
    position = title.rfind(catalog_title) if catalog_title else -1
    prefix = title[:position] if position >= 0 else title
    number = canonical_label(table.number) if table.number else ""
    return prefix if not number or prefix.startswith(number) else number + prefix


def match_template(tables: list[RawTable], department: str | None) -> Template:
    """The template whose signals the most tables show (catalog/templates.toml), if more
    than show the default's and at least half of them; else the default. The set of tables
    found plays no part."""
    votes: Counter[str] = Counter()
    for table in tables:
        prefix = title_prefix(table)
        for candidate in catalog.templates():
            if candidate.signals(prefix, department):
                votes[candidate.key] += 1
    default = catalog.default_template()
    best = max(catalog.templates(), key=lambda t: (votes[t.key], t is default))
    if (
        best is default
        or votes[best.key] <= votes[default.key]
        or 2 * votes[best.key] < len(tables)
    ):
        return default
    return best
