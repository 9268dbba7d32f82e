"""Reading a printed grid: where the header ends and what each column means."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipelines.text.amounts import looks_like_number
from pipelines.text.labels import canonical_label, is_code

MAX_HEADER_ROWS = 6
COLUMN_NUMBER_LABELS = frozenset({"栏次", "行次"})
SPLIT_CODE_LABELS = frozenset({"类", "款", "项"})
# a label that under a column group means the group itself (基本支出 / 小计 is 基本支出)
GENERIC_LABELS = frozenset({"小计", "合计"})
# beside a 其中 sub-column, the parent's own figure (事业收入 / 金额 | 其中：教育收费)
PARENT_AMOUNT = "金额"
# a sub-column printed under its parent column: 事业收入 / 其中：教育收费
_SUB_COLUMN = re.compile(r"^其中[：:]?")
DERIVED_KEY_PREFIX = "col:"
# a note in brackets closing a header label: 项目（按功能分类）, 金额（元）
_NOTE = re.compile(r"（[^（）]*）$")


@dataclass(frozen=True)
class GridRow:
    """One printed row: its cells' text, the page it is on and (text sources) its line."""

    cells: tuple[str, ...]
    page: int | None = None
    line: int | None = None


def is_column_number_row(cells: Sequence[str]) -> bool:
    """A 栏次 row: labelled 栏次, or just the column numbers 1, 2, 3… in order."""
    values = [canonical_label(c) for c in cells if canonical_label(c)]
    if not values:
        return False
    if values[0] in COLUMN_NUMBER_LABELS:
        return True
    if len(values) < 2 or not all(v.isdigit() for v in values):
        return False
    numbers = [int(v) for v in values]
    return numbers[0] == 1 and all(b > a for a, b in pairwise(numbers))


def _is_data_row(cells: Sequence[str]) -> bool:
    return any(looks_like_number(c) or is_code(canonical_label(c)) for c in cells)


def split_header(rows: Sequence[GridRow]) -> tuple[list[GridRow], list[GridRow]]:
    """Split a table's rows into header rows and body rows.

    The header ends with the last 栏次 (column-number) row among the first rows; without
    one, it is the leading rows that hold no number and no code. Where the 类 | 款 | 项
    labels share a row with the first figures (合计), they are lifted into the header.
    """
    first = list(rows[:MAX_HEADER_ROWS])
    numbered = [i for i, row in enumerate(first) if is_column_number_row(row.cells)]
    if numbered:
        end = numbered[-1] + 1
    else:
        end = 0
        while end < len(first) and not _is_data_row(first[end].cells):
            end += 1
    header, body = list(rows[:end]), list(rows[end:])
    if body and _split_code_cells(body[0].cells):
        row = body[0]
        labels = tuple(c if canonical_label(c) in SPLIT_CODE_LABELS else "" for c in row.cells)
        rest = tuple("" if canonical_label(c) in SPLIT_CODE_LABELS else c for c in row.cells)
        header.append(GridRow(labels, row.page, row.line))
        body[0] = GridRow(rest, row.page, row.line)
    return header, body


def _split_code_cells(cells: Sequence[str]) -> bool:
    labels = [canonical_label(c) for c in cells]
    return "类" in labels and "款" in labels


@dataclass(frozen=True)
class Column:
    """One column: its header parts from top to bottom (spans filled in)."""

    index: int
    parts: tuple[str, ...]

    def resolve(
        self,
        vocabulary: Mapping[str, tuple[str, ...]],
        sub_columns: Mapping[str, tuple[str, ...]] | None = None,
    ) -> str | None:
        """The first key (most specific header part first) whose labels hold a part.

        A generic 小计 / 合计 / 金额 under a label that has a key of its own is that label
        (基本支出 / 小计 is basic, not the table's total; 事业收入 / 金额 is business). With
        ``sub_columns`` (meaning -> labels), a ``其中：…`` part under a keyed parent is that
        parent's sub-column ``<parent>_<meaning>`` (事业收入 / 其中：教育收费 is
        business_tuition), or a derived key (``derived_key``) when its meaning is unknown.
        """
        if sub_columns is not None:
            depth = self.sub_column_depth
            if depth:
                parent = Column(self.index, self.parts[:depth]).resolve(vocabulary)
                return self.sub_column_key(parent, sub_columns) if parent else None
        found: list[str | None] = [
            next(
                (
                    key
                    for key, labels in vocabulary.items()
                    if part in labels or _NOTE.sub("", part) in labels
                ),
                None,
            )
            for part in self.parts
        ]
        for depth in range(len(self.parts) - 1, -1, -1):
            if found[depth] is None:
                continue
            if self.parts[depth] in GENERIC_LABELS:
                parent = next((k for k in reversed(found[:depth]) if k is not None), None)
                return parent or found[depth]
            return found[depth]
        return None

    def sub_column_key(self, parent: str, sub_columns: Mapping[str, tuple[str, ...]]) -> str:
        """``<parent>_<meaning>`` of this ``其中：…`` column, or its derived key when the
        catalog does not know the meaning."""
        depth = self.sub_column_depth or 0
        # 其中：教育收费 in one cell, or a bare 其中： over the labels below it
        label = _SUB_COLUMN.sub("", self.parts[depth]) or "".join(self.parts[depth + 1 :])
        meaning = next((k for k, labels in sub_columns.items() if label in labels), None)
        return f"{parent}_{meaning}" if meaning else self.derived_key

    @property
    def sub_column_depth(self) -> int | None:
        """The depth of the deepest ``其中：…`` header part, if any (0: printed on the
        header's top row, beside its parent rather than under it)."""
        for depth in range(len(self.parts) - 1, -1, -1):
            if _SUB_COLUMN.match(self.parts[depth]):
                return depth
        return None

    @property
    def header(self) -> str:
        """The header as printed, parts from top to bottom joined by ``/``."""
        return "/".join(self.parts)

    @property
    def derived_key(self) -> str:
        """The key of a column the catalog does not know: ``col:`` and its printed header
        (or its position, where it prints none)."""
        return DERIVED_KEY_PREFIX + (self.header or str(self.index + 1))

    @property
    def top(self) -> str:
        """The topmost header label (a column group such as 收入 / 预算数 / 人员经费)."""
        return self.parts[0] if self.parts else ""


def header_columns(header: Sequence[GridRow], width: int) -> list[Column]:
    """Each column's header parts, with horizontally merged cells filled in.

    A merged header cell is printed once, in its leftmost column; it is copied right only
    over columns that have a label below it (a label spanning rows downwards leaves a
    blank that is no span to the right), and never past the end of its parent's span.
    """
    grid = [
        [canonical_label(c) for c in row.cells] + [""] * (width - len(row.cells))
        for row in header
        if not is_column_number_row(row.cells)
    ]
    for r, row in enumerate(grid):
        below = grid[r + 1 :]
        above = grid[r - 1] if r else None
        for c in range(1, width):
            same_parent = above is None or above[c] == above[c - 1]
            if not row[c] and row[c - 1] and same_parent and any(lower[c] for lower in below):
                row[c] = row[c - 1]
    return [Column(index=c, parts=tuple(row[c] for row in grid if row[c])) for c in range(width)]
