"""Evaluate the rulebook (pipelines/catalog/rules.toml) on one document's line items."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl

from pipelines.normalise.amounts import YUAN_PER_UNIT

RULES_FILE = Path(__file__).resolve().parents[1] / "catalog" / "rules.toml"
ROUNDING_STEP = Decimal("0.01")  # of the printed unit
MONEY = pl.Decimal(18, 2)

CHECK_SCHEMA = {
    "document_id": pl.Utf8,
    "rule": pl.Utf8,
    "severity": pl.Utf8,
    "passed": pl.Boolean,
    "expected": MONEY,
    "actual": MONEY,
    "difference": MONEY,
    "table_key": pl.Utf8,
    "row": pl.Utf8,
    "page": pl.Int32,
    "message": pl.Utf8,
}


@dataclass(frozen=True)
class Rule:
    """One identity of the rulebook."""

    name: str
    kind: str
    severity: str
    tables: tuple[str, ...]
    params: dict


@cache
def rulebook() -> tuple[Rule, ...]:
    """The rules, in the order of the rulebook file."""
    with RULES_FILE.open("rb") as handle:
        raw = tomllib.load(handle)["rule"]
    return tuple(
        Rule(
            name=r["name"],
            kind=r["kind"],
            severity=r["severity"],
            tables=tuple(r["tables"]),
            params={k: v for k, v in r.items() if k not in ("name", "kind", "severity", "tables")},
        )
        for r in raw
    )


@dataclass(frozen=True)
class _Item:
    code: str | None
    label: str
    column: str
    amount: Decimal
    page: int | None
    unit: str


@dataclass(frozen=True)
class Comparison:
    """A total against the sum of its parts, at one place of one table."""

    table_key: str
    row: str
    column: str
    actual: Decimal
    expected: Decimal
    summands: int
    page: int | None
    step: Decimal
    what: str


def _items(line_items: pl.DataFrame, table_key: str) -> list[_Item]:
    rows = line_items.filter(pl.col("table_key") == table_key).iter_rows(named=True)
    return [
        _Item(
            r["row_code"],
            r["row_label"],
            r["column_key"],
            r["amount_yuan"],
            r["page"],
            r["printed_unit"],
        )
        for r in rows
    ]


def _step(items: list[_Item]) -> Decimal:
    units = {i.unit for i in items}
    return max((ROUNDING_STEP * YUAN_PER_UNIT[u] for u in units), default=ROUNDING_STEP)


def _sum_of_parts(
    table: str,
    row: str,
    column: str,
    total: _Item | None,
    parts: list[_Item],
    step: Decimal,
    what: str,
) -> Comparison | None:
    """A printed total against the sum of the parts printed beside it (a missing one is 0)."""
    if total is None and not parts:
        return None
    return Comparison(
        table,
        row,
        column,
        actual=total.amount if total else Decimal(0),
        expected=sum((p.amount for p in parts), Decimal(0)),
        summands=max(len(parts), 1),
        page=(total or parts[0]).page,
        step=step,
        what=what,
    )


def _columns_sum(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    step = _step(items)
    rows: dict[tuple[str | None, str], dict[str, _Item]] = defaultdict(dict)
    for item in items:
        rows[(item.code, item.label)][item.column] = item
    total_key, parts = rule.params["total"], rule.params["parts"]
    if not {item.column for item in items} & set(parts):
        return  # the table prints the total only (Jiangsu budgets: one 金额 column)
    for (code, label), cells in rows.items():
        present = [p for p in parts if p in cells]
        what = f"{total_key} = {' + '.join(present) or 'parts'}"
        found = _sum_of_parts(
            table,
            code or label,
            total_key,
            cells.get(total_key),
            [cells[p] for p in present],
            step,
            what,
        )
        if found:
            yield found


def _code_hierarchy(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    step = _step(items)
    by_column: dict[str, dict[str, _Item]] = defaultdict(dict)
    for item in items:
        if item.code:
            by_column[item.column][item.code] = item
    for column, codes in by_column.items():
        for code, parent in codes.items():
            children = [
                c for k, c in codes.items() if k.startswith(code) and len(k) == _child_length(code)
            ]
            if not children:
                continue
            yield Comparison(
                table,
                code,
                column,
                actual=parent.amount,
                expected=sum((c.amount for c in children), Decimal(0)),
                summands=len(children),
                page=parent.page,
                step=step,
                what=f"{code} = sum of its {len(children)} sub-codes",
            )


def _child_length(code: str) -> int:
    return len(code) + 2


def _total_row(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    step = _step(items)
    label = rule.params["total_label"]
    columns = {i.column for i in items}
    for column in sorted(columns):
        totals = [i for i in items if i.column == column and i.code is None and i.label == label]
        classes = [i for i in items if i.column == column and i.code and len(i.code) == 3]
        if not classes:
            continue  # no coded rows: the table prints its totals only
        yield Comparison(
            table,
            label,
            column,
            actual=totals[0].amount if totals else Decimal(0),
            expected=sum((c.amount for c in classes), Decimal(0)),
            summands=max(len(classes), 1),
            page=totals[0].page if totals else classes[0].page,
            step=step,
            what=f"{label} = sum of the 类 rows",
        )


def _labels_sum(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    step = _step(items)
    total_label, parts = rule.params["total"], rule.params["parts"]
    what = f"{total_label} = {' + '.join(parts)}"
    for column in rule.params["columns"]:
        cells = {i.label: i for i in items if i.column == column and i.code is None}
        present = [cells[p] for p in parts if p in cells]
        found = _sum_of_parts(
            table, total_label, column, cells.get(total_label), present, step, what
        )
        if found:
            yield found


def _labels_equal(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    step = _step(items)
    label, a, b = rule.params["label"], rule.params["a"], rule.params["b"]
    cells = {i.column: i for i in items if i.label == label and i.code is None}
    if a not in cells and b not in cells:
        return
    left, right = cells.get(a), cells.get(b)
    yield Comparison(
        table,
        label,
        f"{a}/{b}",
        actual=right.amount if right else Decimal(0),
        expected=left.amount if left else Decimal(0),
        summands=1,
        page=(right or left).page,
        step=step,
        what=f"{label}: {b} side = {a} side",
    )


EVALUATORS: dict[str, Callable[[Rule, str, list[_Item]], Iterator[Comparison]]] = {
    "columns_sum": _columns_sum,
    "code_hierarchy": _code_hierarchy,
    "total_row": _total_row,
    "labels_sum": _labels_sum,
    "labels_equal": _labels_equal,
}


def check_document(document_id: str, line_items: pl.DataFrame) -> pl.DataFrame:
    """Every rule on every place it applies to: one row per comparison (passed or not)."""
    records = []
    for rule in rulebook():
        for table in rule.tables:
            items = _items(line_items, table)
            if not items:
                continue
            for c in EVALUATORS[rule.kind](rule, table, items):
                difference = c.actual - c.expected
                tolerance = c.step * c.summands
                passed = abs(difference) <= tolerance
                severity = "info" if passed and difference else rule.severity
                verdict = "holds" if passed else "fails"
                records.append(
                    {
                        "document_id": document_id,
                        "rule": rule.name,
                        "severity": severity,
                        "passed": passed,
                        "expected": c.expected,
                        "actual": c.actual,
                        "difference": difference,
                        "table_key": table,
                        "row": c.row,
                        "page": c.page,
                        "message": (
                            f"{table} {c.row} [{c.column}]: {c.what} {verdict}: printed "
                            f"{c.actual:,} yuan, parts give {c.expected:,} yuan "
                            f"(difference {difference:,}, tolerance {tolerance:,})"
                        ),
                    }
                )
    return pl.DataFrame(records, schema=CHECK_SCHEMA)
