"""One reader per table layout: a printed grid -> fact records.

A layout knows the shape of a grid (coded rows, two sides, side-by-side groups, a
matrix, sections); which labels mean which column comes from the catalog. Each reader
yields ``Fact`` records with the printed number still in the table's unit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from pipelines import catalog
from pipelines.catalog import TableSpec
from pipelines.extract.model import RawTable
from pipelines.text.amounts import AmountError, looks_like_number, parse_number
from pipelines.text.grid import (
    DERIVED_KEY_PREFIX,
    PARENT_AMOUNT,
    Column,
    GridRow,
    header_columns,
    split_header,
)
from pipelines.text.labels import (
    canonical_label,
    clean_label,
    is_classification_code,
    is_code,
    strip_ordinal,
)


@dataclass(frozen=True)
class Fact:
    """One printed number of a standard table, before conversion to yuan."""

    row_code: str | None
    row_label: str
    column_key: str
    value: Decimal
    row_no: int
    page: int | None
    line: int | None
    row_group: str | None = None
    count_unit: str | None = None  # set for counts (vehicles…): not money


class LayoutError(ValueError):
    """The grid does not have the shape its layout expects."""


@dataclass
class Problem:
    """Something a reader could not place: reported, never silently dropped."""

    table_key: str
    row_no: int | None
    message: str


Reader = Callable[[RawTable, TableSpec, list[Problem]], Iterator[Fact]]


def _number(cell: str, table: RawTable, row_no: int, problems: list[Problem]) -> Decimal | None:
    try:
        return parse_number(cell)
    except AmountError as exc:
        problems.append(Problem(table.table_key, row_no, str(exc)))
        return None


def _roles_of(columns: list[Column]) -> dict[int, str]:
    roles = catalog.roles()
    return {col.index: key for col in columns if (key := col.resolve(roles))}


def _body_with_numbers(table: RawTable) -> tuple[list[Column], list[tuple[int, GridRow]]]:
    header, body = split_header(table.rows)
    columns = header_columns(header, table.width)
    first = len(header) + 1
    return columns, [(first + i, row) for i, row in enumerate(body)]


def _amount_columns(
    table: RawTable,
    columns: list[Column],
    rows: list[tuple[int, GridRow]],
    roles: dict[int, str],
    vocabulary: dict[str, tuple[str, ...]],
    problems: list[Problem],
    label_limit: int | None = None,
) -> dict[int, str]:
    """column index -> column_key of every amount column of a table of coded or named rows.

    Known headers get their catalog key (a ``其中：…`` sub-column ``<parent>_<meaning>``).
    A column printing numbers whose header the catalog does not know, or whose key an
    earlier column already took, is loaded all the same under its derived key
    (``col:<header>``) and reported with its header, so no printed figure is lost.
    Columns left of ``label_limit`` that resolve to nothing are label columns.
    """
    sub_columns = catalog.sub_columns()
    found: dict[int, str] = {}
    previous: Column | None = None
    for col in columns:
        if col.index in roles:
            continue
        key = col.resolve(vocabulary, sub_columns)
        if col.sub_column_depth == 0 and previous is not None and previous.index in found:
            # 其中：教育收费 printed beside its parent (…|事业收入|其中：教育收费|…)
            key = col.sub_column_key(found[previous.index], sub_columns)
        elif col.parts and col.parts[-1] == PARENT_AMOUNT and _beside_sub_column(col, columns):
            key = Column(col.index, col.parts[:-1]).resolve(vocabulary) or key
        previous = col
        if key is not None and key in found.values():
            key = col.derived_key
            problems.append(
                Problem(
                    table.table_key,
                    None,
                    f"column {col.index + 1} ({col.header}) means the same as an earlier "
                    f"column; its figures were loaded under {key}",
                )
            )
        elif key is None:
            if (
                label_limit is not None
                and col.index < label_limit
                and not _mostly_numbers(col.index, rows)
            ):
                continue
            if not _prints_numbers(col.index, rows):
                continue
            key = col.derived_key
            problems.append(
                Problem(
                    table.table_key,
                    None,
                    f"column {col.index + 1} ({col.header or 'no header'}) is not a column "
                    f"the catalog knows; its figures were loaded under {key}",
                )
            )
        elif key.startswith(DERIVED_KEY_PREFIX):
            problems.append(
                Problem(
                    table.table_key,
                    None,
                    f"column {col.index + 1} ({col.header}) is a sub-column the catalog does "
                    f"not know; its figures were loaded under {key}",
                )
            )
        found[col.index] = key
    return found


def _beside_sub_column(col: Column, columns: list[Column]) -> bool:
    """Whether a 金额 column's parent also heads a 其中 sub-column (事业收入 / 金额 |
    其中：教育收费): then 金额 is the parent's own figure."""
    parent = col.parts[:-1]
    return bool(parent) and any(
        other.parts[: len(parent)] == parent and other.sub_column_depth is not None
        for other in columns
        if other is not col
    )


def _mostly_numbers(index: int, rows: list[tuple[int, GridRow]]) -> bool:
    """Whether most of the body's filled cells in a column are numbers (an amount column
    printed left of the known ones: 上年执行数 before 合计), not labels."""
    filled = [
        clean_label(row.cells[index])
        for _, row in rows
        if index < len(row.cells) and clean_label(row.cells[index])
    ]
    # an amount prints its decimals or thousands (2,940.05; 0.00): a code (205), a 序号 (1,
    # 2, 3) or a year (2024) is a label
    numbers = sum(1 for c in filled if looks_like_number(c) and ("." in c or "," in c))
    return bool(filled) and 2 * numbers > len(filled)


def _prints_numbers(index: int, rows: list[tuple[int, GridRow]]) -> bool:
    """Whether a column prints a number in any body row."""
    for _, row in rows:
        if index < len(row.cells) and clean_label(row.cells[index]):
            try:
                if parse_number(row.cells[index]) is not None:
                    return True
            except AmountError:
                continue
    return False


def _report_unmapped(
    table: RawTable,
    rows: list[tuple[int, GridRow]],
    mapped: set[int],
    problems: list[Problem],
    columns: list[Column],
) -> None:
    """A number in a column the catalog does not name is a problem, not a silent loss."""
    for row_no, row in rows:
        for index, cell in enumerate(row.cells):
            if index in mapped or not clean_label(cell):
                continue
            try:
                value = parse_number(cell)
            except AmountError:
                continue
            if value is not None:
                header = "/".join(columns[index].parts) if index < len(columns) else "?"
                problems.append(
                    Problem(
                        table.table_key,
                        row_no,
                        f"number {cell} in column {index + 1} ({header or 'no header'}) "
                        "is under no known column label",
                    )
                )


def read_coded_columns(table: RawTable, spec: TableSpec, problems: list[Problem]) -> Iterator[Fact]:
    """Rows keyed by a functional code (one column, or 类 | 款 | 项), amounts by column."""
    columns, rows = _body_with_numbers(table)
    roles = _roles_of(columns)
    vocabulary = catalog.vocabulary(spec.vocabulary)
    code_col = next((i for i, r in roles.items() if r == "code"), None)
    split_cols = [
        next((i for i, r in roles.items() if r == part), None)
        for part in ("class_code", "section_code", "item_code")
    ]
    name_col = next((i for i, r in roles.items() if r == "name"), None)
    if code_col is None and split_cols[0] is None:
        amounts = _amount_columns(
            table, columns, rows, {}, vocabulary, problems, _first_known(columns, vocabulary)
        )
        yield from _labelled_rows(table, columns, rows, amounts, problems)
        return
    if name_col is None:
        name_col = (code_col or 0) + 1
    amounts = _amount_columns(
        table,
        columns,
        rows,
        {**roles, name_col: "name"},
        vocabulary,
        problems,
        max(name_col + 1, _first_known(columns, vocabulary)),
    )
    _report_unmapped(table, rows, set(amounts) | set(roles), problems, columns)
    parents = ["", ""]
    for row_no, row in rows:
        cells = [clean_label(c) for c in row.cells]
        if split_cols[0] is not None:
            parts = [cells[i] if i is not None else "" for i in split_cols]
            code_text = _join_split_code(parts, parents)
        else:
            code_text = cells[code_col]
        name = cells[name_col] if name_col < len(cells) else ""
        joined = _CODE_AND_NAME.match(code_text)
        if joined and not name:  # 2010301行政运行 printed in one cell
            code_text, name = joined.group(1), joined.group(2)
        code = code_text if is_code(code_text) else None
        if code and not is_classification_code(code):
            # not a classification code (a 6-digit unit code: 105236 西南大学): the unit's
            # line, labelled as printed
            code, name = None, code + name
        label = name or ("" if code else code_text)
        for index, key in amounts.items():
            value = _number(row.cells[index], table, row_no, problems)
            if value is None:
                continue
            if not label and not code:
                problems.append(Problem(table.table_key, row_no, "a number on a row with no label"))
                continue
            yield Fact(code, label, key, value, row_no, row.page, row.line)


def _first_known(columns: list[Column], vocabulary: dict[str, tuple[str, ...]]) -> int:
    """The index of the first column whose header the catalog knows as an amount."""
    sub_columns = catalog.sub_columns()
    return min(
        (c.index for c in columns if c.resolve(vocabulary, sub_columns) is not None),
        default=0,
    )


_SUBTOTAL_WORDS = frozenset({"小计", "合计"})
_CODE_AND_NAME = re.compile(r"^(\d{3}|\d{5}|\d{7})(\D.*)$")


def _labelled_rows(
    table: RawTable,
    columns: list[Column],
    rows: list[tuple[int, GridRow]],
    amounts: dict[int, str],
    problems: list[Problem],
) -> Iterator[Fact]:
    """Rows named by text only (no code): funding sources, procurement items, a totals row.

    The row's label is its last non-empty label cell (a 小计 takes the name beside it);
    the first label column, carried down, is the row_group of the rows under it.
    """
    label_cols = [
        c.index for c in columns if c.index not in amounts and c.index < max(amounts, default=0)
    ]
    _report_unmapped(table, rows, set(amounts) | set(label_cols), problems, columns)
    group: str | None = None
    for row_no, row in rows:
        cells = [clean_label(row.cells[i]) for i in label_cols]
        if cells and cells[0]:
            group = cells[0]
        texts = [c for c in cells if c]
        if texts and texts[-1] in _SUBTOTAL_WORDS and len(texts) > 1:
            texts = texts[:-1]
        label = texts[-1] if texts else "合计"
        row_group = group if len(label_cols) > 1 and group and group != label else None
        for index, key in amounts.items():
            value = _number(row.cells[index], table, row_no, problems)
            if value is not None:
                yield Fact(None, label, key, value, row_no, row.page, row.line, row_group)


def read_labelled_rows(table: RawTable, spec: TableSpec, problems: list[Problem]) -> Iterator[Fact]:
    """Tables of named rows and amount columns (政府采购预算表, income by funding source)."""
    columns, rows = _body_with_numbers(table)
    vocabulary = catalog.vocabulary(spec.vocabulary)
    known = {c.index: k for c in columns if (k := c.resolve(vocabulary, catalog.sub_columns()))}
    amounts = _amount_columns(
        table, columns, rows, {}, vocabulary, problems, label_limit=min(known, default=0)
    )
    yield from _labelled_rows(table, columns, rows, amounts, problems)


def _join_split_code(parts: list[str], parents: list[str]) -> str:
    """类 | 款 | 项 cells -> one code; a missing parent is taken from the rows above."""
    klass, section, item = parts
    if not (klass or section or item):
        return ""
    text = next((part for part in parts if part and not part.isdigit()), None)
    if text is not None:
        return text  # a label such as 合计 printed across the code columns
    if klass:
        parents[0], parents[1] = klass, ""
    if section:
        parents[1] = section.zfill(2)
    if item:
        return parents[0] + parents[1] + item.zfill(2)
    if section:
        return parents[0] + section.zfill(2)
    return klass


def _side(col: Column) -> str | None:
    top = col.top
    if "支出" in top:
        return "expenditure"
    if "收入" in top:
        return "income"
    return None


def _column_sides(columns: list[Column], roles: dict[int, str]) -> list[str | None]:
    """Each column's side: from a 收入 / 支出 group label over it, carried right; where the
    header prints none (项目 | 决算数 | 项目 | 决算数), the first label column and the
    columns after it are income, the second label column and after it expenditure."""
    sides: list[str | None] = []
    side = None
    for col in columns:
        side = _side(col) or side
        sides.append(side)
    if any(sides):
        return sides
    label_cols = [c.index for c in columns if roles.get(c.index) in ("item", "name")]
    if len(label_cols) < 2:
        return sides
    return [
        None if i < label_cols[0] else "income" if i < label_cols[1] else "expenditure"
        for i in range(len(columns))
    ]


def _stacked_as_two_sides(table: RawTable) -> tuple[RawTable, list[str | None]] | None:
    """A summary printed as one list (收入 rows, then 支出 rows, under one 项目 | 金额 header)
    redrawn side by side, income left and expenditure right, so it reads like the others:
    every row keeps its place (its row_no), its cells moved to its side's half, the header
    printed over both halves; returned with each column's side.

    A row naming a side alone (收入, 支出项目) switches to it; rows before any such row are
    income. Without such rows, the expenditure side begins with the first label holding one
    of ``summary_sides.expenditure_words`` (支出, 结转下年…), and every row after it is on
    that side (二、预备费, the second 总计). None unless the table has one label column and no
    side in its header.
    """
    header, body = split_header(table.rows)
    columns = header_columns(header, table.width)
    roles = _roles_of(columns)
    if not header or any(_side(col) for col in columns):
        return None
    label_cols = [c.index for c in columns if roles.get(c.index) in ("item", "name")]
    if len(label_cols) != 1:
        return None
    label_col = label_cols[0]
    sides = catalog.summary_sides()

    def label(row: GridRow) -> str:
        cells = row.cells
        return strip_ordinal(canonical_label(cells[label_col])) if label_col < len(cells) else ""

    has_sections = any(label(row) in sides.rows for row in body)
    width = table.width
    blank = ("",) * width

    def padded(row: GridRow) -> tuple[str, ...]:
        return tuple(row.cells) + ("",) * (width - len(row.cells))

    rows = [GridRow(padded(r) + padded(r), r.page, r.line) for r in header]
    side = "income"
    for row in body:
        cells = padded(row)
        name = label(row)
        if name in sides.rows and not any(looks_like_number(c) for c in cells):
            side = sides.rows[name]
            rows.append(GridRow(blank + blank, row.page, row.line))
            continue
        if not has_sections and side == "income":
            side = sides.side_of(name)  # the income side comes first: once left, left for good
        joined = cells + blank if side == "income" else blank + cells
        rows.append(GridRow(joined, row.page, row.line))
    redrawn = RawTable(
        table.table_key,
        table.title,
        table.number,
        table.unit,
        tuple(rows),
        table.no_data_note,
        table.variant,
    )
    return redrawn, ["income"] * width + ["expenditure"] * width


def read_two_sided(table: RawTable, spec: TableSpec, problems: list[Problem]) -> Iterator[Fact]:
    """Summary tables: income items on the left, expenditure items on the right.

    A row is read left to right: a label starts an item, and the amounts after it, up to
    the next label, are that item's (a total such as 当年支出小计 may span the expenditure
    side's groups, its amount printed under the last group). A side may have several
    groups of label and amount columns (Jiangsu: by function, by purpose). A summary
    printed as one list is read as if side by side (``_stacked_as_two_sides``).
    """
    stacked = _stacked_as_two_sides(table)
    if stacked is not None:
        table = stacked[0]
    columns, rows = _body_with_numbers(table)
    roles = _roles_of(columns)
    vocabulary = catalog.vocabulary(spec.vocabulary)
    labels: dict[int, str] = {}
    amounts: dict[int, tuple[str, str]] = {}
    sides = stacked[1] if stacked is not None else _column_sides(columns, roles)
    for col, side in zip(columns, sides, strict=True):
        if side is None:
            continue
        role = roles.get(col.index)
        if role in ("item", "name"):
            labels[col.index] = side
        elif role is None:
            keys = {k: v for k, v in vocabulary.items() if k == side or k.startswith(side + "_")}
            key = col.resolve(keys)
            if key is None and side in keys and not any(s == side for s, _ in amounts.values()):
                key = side
            if key is None and col.resolve({side: keys.get(side, ())}):
                key = side
            if key:
                amounts[col.index] = (side, key)
    _report_unmapped(table, rows, set(labels) | set(amounts) | set(roles), problems, columns)
    classes = catalog.functional_class_by_name()
    for row_no, row in rows:
        label: str | None = None
        label_side: str | None = None
        for index, cell in enumerate(row.cells):
            if index in labels:
                text = clean_label(cell)
                if text:
                    label, label_side = text, labels[index]
                elif labels[index] != label_side:
                    label, label_side = None, labels[index]
                continue
            if index not in amounts:
                continue
            side_of_amount, key = amounts[index]
            value = _number(cell, table, row_no, problems)
            if value is None:
                continue
            if not label or label_side != side_of_amount:
                problems.append(Problem(table.table_key, row_no, f"number {cell} with no item"))
                continue
            code = None
            if side_of_amount == "expenditure":
                code = classes.get(canonical_label(strip_ordinal(label)))
            yield Fact(code, label, key, value, row_no, row.page, row.line)


def read_economic_groups(
    table: RawTable, spec: TableSpec, problems: list[Problem]
) -> Iterator[Fact]:
    """Basic expenditure: 2-4 side-by-side groups of economic code / name / amount(s)."""
    columns, rows = _body_with_numbers(table)
    roles = _roles_of(columns)
    vocabulary = catalog.vocabulary(spec.vocabulary)
    starts = sorted(i for i, r in roles.items() if r in ("code", "class_code"))
    if not starts:
        raise LayoutError("no 科目代码 column in the basic-expenditure table's header")
    groups = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else table.width
        cols = columns[start:end]
        section = next((c.index for c in cols if roles.get(c.index) == "section_code"), None)
        name_col = next(
            (c.index for c in cols if roles.get(c.index) == "name"), (section or start) + 1
        )
        label_cols = {start, name_col} | ({section} if section is not None else set())
        amount_cols = _amount_columns(
            table,
            [c for c in cols if c.index not in label_cols],
            rows,
            roles,
            vocabulary,
            problems,
        )
        group = columns[start].top if columns[start].top in catalog.basic_groups() else None
        groups.append((start, section, name_col, amount_cols, group))
    _report_unmapped(
        table,
        rows,
        {i for g in groups for i in (g[0], g[1], g[2], *g[3]) if i is not None},
        problems,
        columns,
    )
    for row_no, row in rows:
        cells = [clean_label(c) for c in row.cells]
        n = 0
        while n < len(groups):
            code_col, section_col, name_col, amount_cols, group_label = groups[n]
            code, name = cells[code_col], cells[name_col]
            if section_col is not None and is_code(code) and is_code(cells[section_col]):
                code += cells[section_col].zfill(2)
            n += 1
            if not code and not name:
                continue
            values: dict[str, Decimal] = {}
            for index, key in amount_cols.items():
                value = _number(row.cells[index], table, row_no, problems)
                if value is not None:
                    values[key] = value
            if is_classification_code(code):
                label, row_code = name, code
            elif is_code(code):  # not an economic code (a 6-digit unit code): the unit's line
                label, row_code = code + name, None
            else:
                label, row_code = code or name, None
                # a total such as 公用经费合计 spans the groups to its right
                while n < len(groups) and not (cells[groups[n][0]] or cells[groups[n][2]]):
                    for index, key in groups[n][3].items():
                        value = _number(row.cells[index], table, row_no, problems)
                        if value is not None:
                            values.setdefault(key, value)
                    n += 1
            for key, value in values.items():
                yield Fact(row_code, label, key, value, row_no, row.page, row.line, group_label)


_YEAR_PREFIX = re.compile(r"^20\d\d年度?")


def read_three_public_matrix(
    table: RawTable, spec: TableSpec, problems: list[Problem]
) -> Iterator[Fact]:
    """三公 table printed as one row: (预算数 | 决算数) x items, sub-items under 小计.

    The side may head the columns (预算数 over the items) or close them (under the
    items), and may carry the year (2024年“三公”经费预算数).
    """
    columns, rows = _body_with_numbers(table)
    sides = catalog.vocabulary(spec.vocabulary)
    items = catalog.three_public_items()
    placed: dict[int, tuple[str, str]] = {}
    default_side = "budget" if "预算" in table.title else "actual"
    extras = {"会议费", "培训费"}
    has_extras = any(extras & set(col.parts) for col in columns)
    for col in columns:
        side = item = None
        for part in reversed(col.parts):
            text = _YEAR_PREFIX.sub("", part)
            for key, labels in sides.items():
                for label in labels:
                    if side is None and text.endswith(label):
                        side = key
                        text = text.removesuffix(label)
            if item is None:
                item = next((name for name, variants in items.items() if text in variants), None)
        side = side or default_side
        if item == "合计" and has_extras and col.parts and col.parts[0] == "合计":
            item = catalog.three_public_grand_total()
        if item:
            placed[col.index] = (item, side)
    if not placed:
        yield from _three_public_rows(table, columns, rows, problems)
        return
    _report_unmapped(table, rows, set(placed), problems, columns)
    for row_no, row in rows:
        for index, (item, side) in placed.items():
            value = _number(row.cells[index], table, row_no, problems)
            if value is not None:
                yield Fact(None, item, side, value, row_no, row.page, row.line)


_SUB_ITEM = re.compile(r"^(?:其中[：:])?")


def _three_public_rows(
    table: RawTable,
    columns: list[Column],
    rows: list[tuple[int, GridRow]],
    problems: list[Problem],
) -> Iterator[Fact]:
    """三公 table printed with the items as rows and 预算数 / 决算数 as columns."""
    sides = {
        col.index: key
        for col in columns
        if (key := col.resolve(catalog.vocabulary("three_public")))
    }
    items = catalog.three_public_items()
    label_col = min((c.index for c in columns if c.index not in sides), default=0)
    _report_unmapped(table, rows, set(sides) | {label_col}, problems, columns)
    for row_no, row in rows:
        text = strip_ordinal(
            _SUB_ITEM.sub("", strip_ordinal(canonical_label(row.cells[label_col])))
        )
        item = next((name for name, variants in items.items() if text in variants), None)
        for index, side in sides.items():
            value = _number(row.cells[index], table, row_no, problems)
            if value is None:
                continue
            if item is None:
                problems.append(
                    Problem(
                        table.table_key, row_no, f"number on a row that names no 三公 item: {text}"
                    )
                )
                continue
            yield Fact(None, item, side, value, row_no, row.page, row.line)


def read_statistics_sections(
    table: RawTable, spec: TableSpec, problems: list[Problem]
) -> Iterator[Fact]:
    """Statistics table: sections (政府采购 / 机关运行经费 / 国有资产) of item rows."""
    vocabulary = catalog.vocabulary(spec.vocabulary)
    roles = catalog.roles()
    sections = catalog.statistics_sections()
    section = None
    amount_cols: list[int] = [table.width - 1]
    for row_no, row in enumerate(table.rows, start=1):
        cells = [canonical_label(c) for c in row.cells]
        if any(c in roles["item"] for c in cells):
            amount_cols = [
                i for i, c in enumerate(cells) if c and any(c in v for v in vocabulary.values())
            ]
            continue
        label = clean_label(row.cells[0])
        found = next((s for s in sections if s.match in label), None)
        numbers = [c for i, c in enumerate(row.cells) if i in amount_cols and clean_label(c)]
        if found and not numbers:
            section = found
            continue
        for index in amount_cols:
            value = _number(row.cells[index], table, row_no, problems)
            if value is None:
                continue
            if not label:
                problems.append(Problem(table.table_key, row_no, "a number with no item"))
                continue
            unit = section.unit_for(label) if section else None
            group = section.group if section else None
            key = "count" if unit else "amount"
            yield Fact(None, label, key, value, row_no, row.page, row.line, group, unit)


LAYOUTS: dict[str, Reader] = {
    "coded_columns": read_coded_columns,
    "two_sided": read_two_sided,
    "economic_groups": read_economic_groups,
    "three_public_matrix": read_three_public_matrix,
    "statistics_sections": read_statistics_sections,
    "labelled_rows": read_labelled_rows,
}
