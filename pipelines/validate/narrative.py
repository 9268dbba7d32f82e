"""Link each narrative figure to the table figure it restates, and compare the two.

The links are the catalog's (pipelines/catalog/narrative.toml). A disagreement is recorded
beside the figure (``agrees = false``), never resolved: the source disagrees with itself.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.normalise.labels import canonical_label, strip_ordinal

LINKS_FILE = Path(__file__).resolve().parents[1] / "catalog" / "narrative.toml"
LINK_COLUMNS = {
    "table_key": pl.Utf8,
    "table_row": pl.Utf8,
    "table_column": pl.Utf8,
    "table_amount_yuan": pl.Decimal(18, 2),
    "agrees": pl.Boolean,
}


@dataclass(frozen=True)
class Link:
    """Which table figure a narrative metric restates."""

    metric: re.Pattern
    table: str
    row: str
    column: str
    needs_code: bool


@cache
def links() -> tuple[Link, ...]:
    """The catalog's links, in order."""
    with LINKS_FILE.open("rb") as handle:
        raw = tomllib.load(handle)["link"]
    return tuple(
        Link(re.compile(r["metric"]), r["table"], r["row"], r["column"], r.get("needs_code", False))
        for r in raw
    )


def _index(line_items: pl.DataFrame) -> dict[tuple[str, str, str], Decimal]:
    found: dict[tuple[str, str, str], Decimal] = {}
    for r in line_items.iter_rows(named=True):
        for row in (r["row_code"], strip_ordinal(canonical_label(r["row_label"]))):
            if row:
                found.setdefault((r["table_key"], row, r["column_key"]), r["amount_yuan"])
    return found


def reconcile(narrative: pl.DataFrame, line_items: pl.DataFrame) -> pl.DataFrame:
    """``narrative`` with, per figure, the table figure it restates and whether they agree."""
    index = _index(line_items)
    records = []
    for figure in narrative.iter_rows(named=True):
        link = None
        if not figure["derived"] and figure["amount_yuan"] is not None:
            link = _link(figure, index)
        records.append(link or dict.fromkeys(LINK_COLUMNS))
    return pl.concat([narrative, pl.DataFrame(records, schema=LINK_COLUMNS)], how="horizontal")


def _link(figure: dict, index: dict[tuple[str, str, str], Decimal]) -> dict | None:
    metric = canonical_label(figure["metric"])
    for link in links():
        match = link.metric.fullmatch(metric)
        if not match or (link.needs_code and not figure["row_code"]):
            continue
        row = link.row.format(
            row_code=figure["row_code"] or "",
            metric=metric,
            item=match.group(1) if match.groups() else metric,
        )
        amount = index.get((link.table, row, link.column))
        if amount is None:
            continue
        return {
            "table_key": link.table,
            "table_row": row,
            "table_column": link.column,
            "table_amount_yuan": amount,
            "agrees": amount == figure["amount_yuan"],
        }
    return None
