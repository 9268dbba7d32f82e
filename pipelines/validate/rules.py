"""The accounting identities of the rulebook (pipelines/catalog/rules.toml ``[[rule]]``):
within each table and across a document's tables, on its line items."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import polars as pl

from pipelines.catalog import canonical_row_label
from pipelines.catalog.rulebook import entries, materiality
from pipelines.columns import CHECK_RESULTS
from pipelines.text.amounts import YUAN_PER_UNIT
from pipelines.text.labels import canonical_label, strip_ordinal
from pipelines.validate.results import result

ROUNDING_STEP = Decimal("0.01")  # of the printed unit


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
    return tuple(
        Rule(
            name=r["name"],
            kind=r["kind"],
            severity=r["severity"],
            tables=tuple(r["tables"]),
            params={k: v for k, v in r.items() if k not in ("name", "kind", "severity", "tables")},
        )
        for r in entries("rule")
    )


@dataclass(frozen=True)
class _Item:
    table: str
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
    page: int | None
    # the rounding the printed figures allow: half a printed step each (XBRL calculation
    # 1.1): a total and n parts printed to 0.01万元 may differ by (n + 1) x 50 yuan
    tolerance: Decimal
    what: str


def _items(line_items: pl.DataFrame, table_key: str | None = None) -> list[_Item]:
    if table_key is not None:
        line_items = line_items.filter(pl.col("table_key") == table_key)
    return [
        _Item(
            r["table_key"],
            r["row_code"],
            r["row_label"],
            r["column_key"],
            r["amount_yuan"],
            r["page"],
            r["printed_unit"],
        )
        for r in line_items.iter_rows(named=True)
    ]


def _rounding(*figures: _Item | None) -> Decimal:
    """How far the printed figures may be from the amounts they round: half a printed step
    (0.01 of its unit) each; a figure not printed is exactly 0."""
    return sum(
        (ROUNDING_STEP * YUAN_PER_UNIT[f.unit] / 2 for f in figures if f is not None),
        Decimal(0),
    )


def _sum_of_parts(
    table: str,
    row: str,
    column: str,
    total: _Item | None,
    parts: list[_Item],
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
        page=(total or parts[0]).page,
        tolerance=_rounding(total, *parts),
        what=what,
    )


def _columns_sum(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
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
            what,
        )
        if found:
            yield found


def _code_hierarchy(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    by_column: dict[str, dict[str, _Item]] = defaultdict(dict)
    for item in items:
        if item.code:
            by_column[item.column][item.code] = item
    printed_lengths = {len(item.code) for item in items if item.code}
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
                page=parent.page,
                tolerance=_rounding(parent, *children),
                what=f"{code} = sum of its {len(children)} sub-codes",
            )
        # a table that prints codes of a level prints the parent of every code below it: a
        # 款 missing above its 项 is a 款 of 0 against the sum of its 项 (a row taken away)
        orphans: dict[str, list[_Item]] = defaultdict(list)
        for code, item in codes.items():
            parent_code = code[: len(code) - 2]
            if len(code) > 3 and len(parent_code) in printed_lengths and parent_code not in codes:
                orphans[parent_code].append(item)
        for parent_code, children in sorted(orphans.items()):
            yield Comparison(
                table,
                parent_code,
                column,
                actual=Decimal(0),
                expected=sum((c.amount for c in children), Decimal(0)),
                page=children[0].page,
                tolerance=_rounding(*children),
                what=f"{parent_code} (not printed) = sum of its {len(children)} sub-codes",
            )


def _child_length(code: str) -> int:
    return len(code) + 2


def _labels(spec: str | list[str]) -> list[str]:
    return [spec] if isinstance(spec, str) else list(spec)


def _first_printed(items: list[_Item], labels: str | list[str]) -> _Item | None:
    """The first of ``labels`` (in their order) an uncoded row of ``items`` prints, compared
    without whitespace and leading ordinal."""
    for label in _labels(labels):
        wanted = _label_key(label)
        found = next((i for i in items if i.code is None and _label_key(i.label) == wanted), None)
        if found is not None:
            return found
    return None


def _total_row(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    labels = _labels(rule.params["total_label"])
    plus = rule.params.get("plus", [])
    unless = rule.params.get("unless", [])
    optional = rule.params.get("optional", False)
    columns = {i.column for i in items}
    for column in sorted(columns):
        cells = [i for i in items if i.column == column]
        classes = [i for i in cells if i.code and len(i.code) == 3]
        if not classes:
            continue  # no coded rows: the table prints its totals only
        if unless and _first_printed(cells, unless) is not None:
            continue  # the column prints the total another entry compares
        total = _first_printed(cells, labels)
        if total is None and optional:
            continue  # the column prints none of the totals this entry compares
        added = [f for f in (_first_printed(cells, p) for p in plus) if f is not None]
        label = total.label if total else labels[0]
        described = " + ".join(["the 类 rows", *(a.label for a in added)])
        yield Comparison(
            table,
            label,
            column,
            actual=total.amount if total else Decimal(0),
            expected=sum((c.amount for c in (*classes, *added)), Decimal(0)),
            page=total.page if total else classes[0].page,
            tolerance=_rounding(total, *classes, *added),
            what=f"{label} = sum of {described}",
        )


def _labels_sum(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    total_label, parts = rule.params["total"], rule.params["parts"]
    optional = rule.params.get("optional", False)
    what = f"{total_label} = {' + '.join(parts)}"
    for column in rule.params["columns"]:
        cells: dict[str, _Item] = {}
        for i in items:
            if i.column == column and i.code is None:
                cells.setdefault(_label_key(i.label), i)
        total = cells.get(_label_key(total_label))
        if total is None and optional:
            continue  # the table prints no such total (a line of some templates only)
        present = [cells[_label_key(p)] for p in parts if _label_key(p) in cells]
        found = _sum_of_parts(table, total_label, column, total, present, what)
        if found:
            yield found


def _labels_equal(rule: Rule, table: str, items: list[_Item]) -> Iterator[Comparison]:
    label, a, b = rule.params["label"], rule.params["a"], rule.params["b"]
    cells = {
        i.column: i
        for i in reversed(items)
        if i.code is None and canonical_row_label(i.label) == canonical_row_label(label)
    }
    if a not in cells and b not in cells:
        return
    left, right = cells.get(a), cells.get(b)
    yield Comparison(
        table,
        label,
        f"{a}/{b}",
        actual=right.amount if right else Decimal(0),
        expected=left.amount if left else Decimal(0),
        page=(right or left).page,
        tolerance=_rounding(left, right),
        what=f"{label}: {b} side = {a} side",
    )


def _label_key(label: str) -> str:
    return strip_ordinal(canonical_label(label))


def _figure(items: list[_Item], spec: dict, code: str | None = None) -> _Item | None:
    """The figure a cross-table reference names: its table's column at the first of its
    ``rows`` the table prints (or at ``code``)."""
    cells = [i for i in items if i.table == spec["table"] and i.column == spec["column"]]
    if code is not None:
        return next((i for i in cells if i.code == code), None)
    return _first_printed(cells, spec["rows"])


def _cross_table(rule: Rule, items: list[_Item]) -> Iterator[Comparison]:
    total_spec, part_specs = rule.params["total"], rule.params["parts"]
    if any(_figure(items, spec) is not None for spec in rule.params.get("unless", [])):
        return  # the document prints a figure another entry of the rule compares instead
    if rule.params.get("codes") == "class":
        places = sorted(
            {
                i.code
                for i in items
                if i.table == total_spec["table"]
                and i.column == total_spec["column"]
                and i.code
                and len(i.code) == 3
            }
        )
    else:
        places = [None]
    for code in places:
        total = _figure(items, total_spec, code)
        parts = [(spec, _figure(items, spec, code)) for spec in part_specs]
        printed = [part for _, part in parts if part is not None]
        if total is None or not printed:
            continue  # the document does not print the figures the rule compares
        if any(part is None for spec, part in parts if spec.get("required")):
            continue  # a part this entry cannot do without is not printed
        if code is None and not all(
            part is not None for spec, part in parts if spec["table"] != total_spec["table"]
        ):
            continue  # another table's figure is missing: nothing to compare with
        described = " + ".join(
            f"{spec['table']} {code or (part.label if part else spec['rows'][0])} "
            f"[{spec['column']}]"
            for spec, part in parts
        )
        yield Comparison(
            total_spec["table"],
            code or total.label,
            total_spec["column"],
            actual=total.amount,
            expected=sum((p.amount for p in printed), Decimal(0)),
            page=total.page,
            tolerance=_rounding(total, *printed),
            what=f"{total_spec['table']} {code or total.label} [{total_spec['column']}] = "
            f"{described}",
        )


EVALUATORS: dict[str, Callable[[Rule, str, list[_Item]], Iterator[Comparison]]] = {
    "columns_sum": _columns_sum,
    "code_hierarchy": _code_hierarchy,
    "total_row": _total_row,
    "labels_sum": _labels_sum,
    "labels_equal": _labels_equal,
}


def _comparisons(
    rule: Rule, line_items: pl.DataFrame, everything: list[_Item]
) -> Iterator[tuple[str, Comparison]]:
    if rule.kind == "cross_table":
        for c in _cross_table(rule, everything):
            yield c.table_key, c
        return
    for table in rule.tables:
        items = _items(line_items, table)
        if items:
            for c in EVALUATORS[rule.kind](rule, table, items):
                yield table, c


def check_tables(
    document_id: str, line_items: pl.DataFrame, doc_kind: str | None = None
) -> pl.DataFrame:
    """Every accounting identity on every place it applies to: one row per comparison
    (passed or not). ``doc_kind`` selects the rules limited to final accounts or budgets."""
    records = []
    everything = _items(line_items)
    for rule in rulebook():
        kinds = rule.params.get("doc_kinds")
        if kinds is not None and doc_kind not in kinds:
            continue
        for table, c in _comparisons(rule, line_items, everything):
            difference = c.actual - c.expected
            tolerance = c.tolerance
            passed = abs(difference) <= tolerance
            beyond = not passed and materiality().material(
                difference, tolerance, c.actual, c.expected
            )
            material = beyond and rule.severity == "error"
            verdict = "holds" if passed else "fails"
            if not passed and not beyond:
                verdict = "fails, by less than the materiality bound"
            records.append(
                result(
                    document_id,
                    rule.name,
                    rule.severity,
                    passed=passed,
                    within_rounding=bool(difference),
                    material=material,
                    expected=c.expected,
                    actual=c.actual,
                    table_key=table,
                    row=c.row,
                    page=c.page,
                    message=(
                        f"{table} {c.row} [{c.column}]: {c.what} {verdict}: printed "
                        f"{c.actual:,} yuan, parts give {c.expected:,} yuan "
                        f"(difference {difference:,}, tolerance {tolerance:,})"
                    ),
                )
            )
    return pl.DataFrame(records, schema=CHECK_RESULTS)
