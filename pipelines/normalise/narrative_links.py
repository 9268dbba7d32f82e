"""Link each narrative figure to the table figure it restates, and compare the two.

Normalisation, not validation: each row of ``narrative_figures`` carries the table figure
it restates, which the narrative rules (validate/narrative_rules.py) then judge.
The links are the catalog's (pipelines/catalog/narrative.toml). A disagreement is recorded
beside the figure (``agrees = false``), never resolved: the source disagrees with itself.
The narrative prints 万元 to at most two decimals where a budget's tables print yuan: a
figure agrees with a table figure that rounds to it (half up) at the precision printed.

A document that prints no tables (the narrative half of a publication split in two) has
no table figure of its own: each figure records the table figure to look for (the first
link whose metric matches), and ``sql/views/007_v_narrative_reconciliation.sql`` finds it
in the publication's other files.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.catalog.narrative import Link, links
from pipelines.columns import NARRATIVE_LINKS
from pipelines.extract.narrative import CHANGE_SUFFIX
from pipelines.text.labels import canonical_label, strip_ordinal

# the precisions (yuan) a narrative's 万元 may be rounded to: 0.01, 0.1 and 1 万元
PRINTED_PRECISIONS = (Decimal(100), Decimal(1000), Decimal(10000))

Key = tuple[str, str | None, str, str]  # table_key, row_group (None: any), row, column_key


def _index(line_items: pl.DataFrame) -> dict[Key, Decimal]:
    found: dict[Key, Decimal] = {}
    for r in line_items.iter_rows(named=True):
        for row in (r["row_code"], strip_ordinal(canonical_label(r["row_label"]))):
            if row:
                for group in (None, r["row_group"]):
                    key = (r["table_key"], group, row, r["column_key"])
                    found.setdefault(key, r["amount_yuan"])
    return found


def agrees(narrative_yuan: Decimal, table_yuan: Decimal) -> bool:
    """Whether a narrative amount restates a table amount: equal, or the table amount
    rounded (half up) to the precision the narrative printed (0.01, 0.1 or 1 万元).

    A narrative's zero agrees only with a table amount that rounds to 0.00 万元.
    """
    if narrative_yuan == table_yuan:
        return True
    precisions = PRINTED_PRECISIONS if narrative_yuan else PRINTED_PRECISIONS[:1]
    return any(
        narrative_yuan % step == 0
        and (table_yuan / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
        == narrative_yuan
        for step in precisions
    )


def reconcile(narrative: pl.DataFrame, line_items: pl.DataFrame) -> pl.DataFrame:
    """``narrative`` with, per figure, the table figure it restates and whether they agree.

    With no line items at all (a narrative half), each figure names the table figure to
    look for (table_key, table_row, table_column) and leaves the amount and ``agrees``
    empty: the publication's other files print it. Changes on the prior year and derived
    figures restate no table figure.
    """
    index = _index(line_items)
    records = []
    for figure in narrative.iter_rows(named=True):
        link = None
        if (
            not figure["derived"]
            and figure["amount_yuan"] is not None
            and not figure["metric"].endswith(CHANGE_SUFFIX)
        ):
            link = _link(figure, index) if index else _target(figure)
        records.append(link or dict.fromkeys(NARRATIVE_LINKS))
    return pl.concat([narrative, pl.DataFrame(records, schema=NARRATIVE_LINKS)], how="horizontal")


def _candidates(figure: dict) -> Iterator[tuple[Link, str]]:
    """The links whose metric (and section) match the figure, in order, with their row."""
    metric = canonical_label(figure["metric"])
    for link in links():
        match = link.metric.fullmatch(metric)
        if not match or (link.needs_code and not figure["row_code"]):
            continue
        section = figure["section"] or ""
        if link.section is not None and not link.section.search(section):
            continue
        if link.not_section is not None and link.not_section.search(section):
            continue
        row = link.row.format(
            row_code=figure["row_code"] or "",
            metric=metric,
            item=match.group(1) if match.groups() else metric,
        )
        yield link, row


def _link(figure: dict, index: dict[Key, Decimal]) -> dict | None:
    for link, row in _candidates(figure):
        amount = index.get((link.table, link.group, row, link.column))
        if amount is None:
            continue
        return {
            "table_key": link.table,
            "table_row": _row_name(link, row),
            "table_column": link.column,
            "table_amount_yuan": amount,
            "agrees": agrees(figure["amount_yuan"], amount),
        }
    return None


def _row_name(link: Link, row: str) -> str:
    """The row as recorded: ``group/row`` in a table of sections (政府采购/合计)."""
    return f"{link.group}/{row}" if link.group else row


def _target(figure: dict) -> dict | None:
    """The table figure a narrative half's figure is to be found as, in the publication's
    other files: the first link that applies (not the catch-all naming any metric)."""
    for link, row in _candidates(figure):
        if link.names_metric:
            return None
        return {
            "table_key": link.table,
            "table_row": _row_name(link, row),
            "table_column": link.column,
            "table_amount_yuan": None,
            "agrees": None,
        }
    return None
