"""A table's printed unit against the sizes of its figures: 元 printed where 万元 is meant
(or 万元 where 元 is) moves every figure of the table by 10^4, which no identity sees in a
table that no identity ties to another (the 三公 table, a budget's 政府性基金 table).

Every table of a document is a part of the same money: its largest figure is a share of
the document's scale, the largest figure of its other tables that carry the whole (all
but the parts `least_share_of` lists). The whole tables stay near it (the corpus: 44% to
127%); a part may be small but not without bound (a 三公 total is 0.03% to 5% of a
department's spending in the corpus, 20% with 会议费 and 培训费). A share below the
table's bound, or above ``most_share``, is what only a unit slip explains; the message
names the unit under which the figures would fit. Declared as a ``[[check]]`` of kind
``unit_scale`` in pipelines/catalog/rules.toml; one row per table with a figure other than
0 and another table to compare it with.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import polars as pl

from pipelines.catalog.rulebook import CheckRule
from pipelines.normalise.facts import NormalisedDocument
from pipelines.text.amounts import YUAN_PER_UNIT
from pipelines.validate.results import result


@dataclass(frozen=True)
class Largest:
    """A table's largest figure (yuan, absolute), where it stands and its unit."""

    table: str
    amount: Decimal
    label: str
    page: int | None
    unit: str  # the unit it was read in
    printed: bool  # whether the table prints its unit (else the document's, assumed)

    def shown(self, unit: str | None = None) -> str:
        """The figure as printed in ``unit`` (its own by default): 0.42万元."""
        unit = unit or self.unit
        return f"{self.amount / YUAN_PER_UNIT[unit]:,.2f}{unit}"


def _largest(document: NormalisedDocument) -> dict[str, Largest]:
    """Each table's largest figure other than 0 (a table of zeros is not judged)."""
    printed = {
        t["table_key"]
        for t in document.tables.iter_rows(named=True)
        if t["printed_unit"] is not None
    }
    items = document.line_items.filter(pl.col("amount_yuan") != 0).with_columns(
        size=pl.col("amount_yuan").abs()
    )
    found = {}
    for (table,), rows in items.group_by("table_key", maintain_order=True):
        top = rows.sort("size", descending=True, maintain_order=True).row(0, named=True)
        found[table] = Largest(
            table,
            top["size"],
            top["row_code"] or top["row_label"] or "",
            top["page"],
            top["printed_unit"],
            table in printed,
        )
    return found


def _percent(share: Decimal) -> str:
    """A share as a percentage to two significant digits (0.0000025%, 0.025%, 57%)."""
    value = float(share) * 100
    places = max(0, 1 - Decimal(str(value)).adjusted()) if value else 0
    shown = f"{value:.{places}f}"
    return (shown.rstrip("0").rstrip(".") if "." in shown else shown) + "%"


def _suggested(figure: Largest, share: Decimal, least: Decimal, most: Decimal) -> str:
    """The unit under which the table's printed figures would lie within its bounds."""
    printed = figure.amount / YUAN_PER_UNIT[figure.unit]
    for unit, factor in YUAN_PER_UNIT.items():
        moved = share * factor / YUAN_PER_UNIT[figure.unit]
        if unit != figure.unit and least <= moved <= most:
            return (
                f"they suggest {unit}, not {figure.unit} ({printed:,.2f}{unit}, "
                f"{_percent(moved)} of the scale)"
            )
    return f"no unit ({', '.join(YUAN_PER_UNIT)}) makes them fit"


def unit_scale(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each table's largest figure (yuan) as a share of the document's scale, the largest
    figure of its other tables that carry the whole: at least the table's least share (a
    part's own, `least_share_of`: 三公, 政府性基金…; else `least_share`) and at most
    `most_share`; else its printed unit (元 for 万元) does not fit its figures, and the
    message names the unit that does."""
    least = Decimal(str(rule.params["least_share"]))
    most = Decimal(str(rule.params["most_share"]))
    parts = {key: Decimal(str(v)) for key, v in rule.params["least_share_of"].items()}
    largest = _largest(document)
    whole = {key: f for key, f in largest.items() if key not in parts}
    # a whole table more than `most` times every other one is no scale for the rest
    oversized = set()
    for key, figure in whole.items():
        others = [f.amount for k, f in whole.items() if k != key]
        if others and figure.amount > most * max(others):
            oversized.add(key)
    for key, figure in largest.items():
        scales = [f for k, f in whole.items() if k != key and k not in oversized]
        if not scales:
            continue  # nothing to hold it against
        scale = max(scales, key=lambda f: f.amount)
        share = figure.amount / scale.amount
        bound = parts.get(key, least)
        fits = bound <= share <= most
        read = "printed" if figure.printed else "no unit printed: read as the document's"
        found = (
            f"{key}'s largest figure, {figure.shown()} ({figure.label}"
            + (f", page {figure.page}" if figure.page else "")
            + f"; {read} {figure.unit}), is {_percent(share)} of the document's scale, "
            f"{scale.shown()} ({scale.table}, {scale.label})"
        )
        if fits:
            message = (
                f"{found}: at least the {_percent(bound)} a {key} table is of its document's, "
                f"at most {most:g} times it, as its unit allows"
            )
        else:
            side = (
                f"less than the {_percent(bound)} any {key} table is of its document's"
                if share < bound
                else f"more than {most:g} times it, as no table is"
            )
            message = f"{found}: {side}, which only a unit slip explains: " + _suggested(
                figure, share, bound, most
            )
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=fits,
            expected=scale.amount,
            actual=figure.amount,
            table_key=key,
            row=figure.label,
            page=figure.page,
            message=message,
        )
