"""Project performance self-evaluations (项目支出绩效自评) in a disclosure's text.

Each report names its project (项目名称：), its unit (项目单位：), prints a 预算执行情况 table
whose 合计 row gives the year's budget and spending in 元, a 绩效指标 table (一级 / 二级指标,
指标名称, 年度指标值, 实际完成值, 权重, 得分) and ends with the self-assessed score and grade
(总得分100分，属于“优”).

The indicator tables of text sources are tab-separated but do not keep their columns: past
a page break a row starts with more empty cells, a label the PDF centres in a merged cell
lands on a line of its own (before, between or after the rows it spans), split in pieces
(效益指 / 标), and in places a run of rows prints its labels one line late. The reader
therefore reads a row from its right end, where the figures are (权重 and 得分, before them
实际完成值 and 年度指标值), and tells the labels before them apart by the catalog's
vocabulary of 一级 and 二级指标 (pipelines/catalog/performance.toml), not by their column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from pipelines import catalog
from pipelines.extract.model import PerformanceIndicator, PerformanceReport
from pipelines.text.amounts import AmountError, looks_like_number, parse_number
from pipelines.text.grid import GridRow, header_columns
from pipelines.text.labels import canonical_label, clean_label

_PROJECT = re.compile(r"^项目名称[：:](?P<name>.+)$")
_UNIT = re.compile(r"^项目单位[：:](?P<unit>.+)$")
_SCORE = re.compile(r"总得分(?P<score>\d+(?:\.\d+)?)分[，,]?属于[“\"]?(?P<grade>[优良中差])")
BUDGET_TABLE_START = "资金来源"
HUNDRED = Decimal(100)


def _budget_row(lines: list[str], start: int, end: int) -> tuple[dict[str, Decimal], list[str]]:
    """The 合计 row of the first 资金来源 table between ``start`` and ``end``."""
    problems: list[str] = []
    for index in range(start, end):
        if not clean_label(lines[index]).startswith(BUDGET_TABLE_START) or "\t" not in lines[index]:
            continue
        header = []
        for row_index in range(index, end):
            cells = tuple(c.strip() for c in lines[row_index].split("\t"))
            if clean_label(cells[0]) == "合计":
                width = max(len(r.cells) for r in [*header, GridRow(cells)])
                columns = header_columns(header, width)
                vocabulary = catalog.vocabulary("performance_budget")
                amounts: dict[str, Decimal] = {}
                for column in columns:
                    key = column.resolve(vocabulary)
                    if key is None or column.index >= len(cells):
                        continue
                    try:
                        value = parse_number(cells[column.index])
                    except AmountError as exc:
                        problems.append(f"{key}: {exc}")
                        continue
                    if value is not None:
                        amounts[key] = value
                return amounts, problems
            if "\t" in lines[row_index]:
                header.append(GridRow(cells))
        break
    problems.append("no 合计 row in the report's 预算执行情况 table")
    return {}, problems


def read_performance_reports(text: str) -> list[PerformanceReport]:
    """Every 项目支出绩效自评 report of a text document, in order."""
    lines = text.splitlines()
    starts = [i for i, line in enumerate(lines) if _PROJECT.match(clean_label(line))]
    reports = []
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(lines)
        name = _PROJECT.match(clean_label(lines[start])).group("name")
        unit = next(
            (m.group("unit") for line in lines[start:end] if (m := _UNIT.match(clean_label(line)))),
            None,
        )
        amounts, problems = _budget_row(lines, start, end)
        indicators, indicator_problems = read_indicators(lines, start, end)
        body = canonical_label("".join(lines[start:end])).replace("＂", '"')
        score = _SCORE.search(body)
        reports.append(
            PerformanceReport(
                project_name=name,
                project_unit=unit,
                amounts=amounts,
                total_score=Decimal(score.group("score")) if score else None,
                grade=score.group("grade") if score else None,
                line=start + 1,
                problems=(*problems, *indicator_problems),
                indicators=tuple(indicators),
            )
        )
    return reports


# -- the 绩效指标 table --

LEVEL1, LEVEL2, PIECE, NAME = "level1", "level2", "piece", "name"
_TARGET = re.compile(r"(?P<value>\d[\d,]*(?:\.\d+)?)(?P<unit>%|‰|[^\d%‰.,]{0,8})")
VALUE_DECIMALS = 4  # target_value / actual_value are DECIMAL(18, 4)


@dataclass
class _Label:
    """A label cell: 一级 / 二级指标 (as named by the catalog), a piece of a split 一级指标,
    or (anything else) the indicator's name."""

    column: int
    text: str
    kind: str
    names: str | None = None  # PIECE: the one 一级指标 it is part of (None: several)
    printed: str | None = None  # a repaired 二级指标: the piece printed


@dataclass
class _Figures:
    target: str | None
    actual: str | None
    weight: Decimal | None
    score: Decimal | None
    columns: tuple[int | None, int | None, int | None]  # of the target, actual and weight


@dataclass
class _Line:
    """A line of the table: its labels and, for a row, its figures."""

    number: int
    labels: list[_Label]
    adjacent: bool  # the line right above is a line of the table (no blank between)
    figures: _Figures | None = None
    extra_name: list[str] = field(default_factory=list)  # name text continued below


def parse_target(text: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """Comparator, value and unit of a numeric 年度指标值 (≥98% -> ('>=', 98, '%')).

    ``(None, None, None)`` for a target that is not a comparison with one number (及时,
    30余类证照, =100%可持续运行). A bare number's unit is None.
    """
    cell = clean_label(text)
    signs = catalog.comparators()
    sign = next((s for s in sorted(signs, key=len, reverse=True) if cell.startswith(s)), None)
    if sign is None:
        return None, None, None
    match = _TARGET.fullmatch(cell[len(sign) :])
    value = _decimal(match["value"]) if match else None
    if value is None:
        return None, None, None
    return signs[sign], value, match["unit"] or None


def _decimal(text: str) -> Decimal | None:
    try:
        value = parse_number(text)
    except AmountError:
        return None
    if value is None or -value.as_tuple().exponent > VALUE_DECIMALS:
        return None
    return value


def _compares(text: str) -> bool:
    return any(text.startswith(sign) for sign in catalog.comparators())


def _figures(
    cells: list[tuple[int, str]], columns: dict[str, int]
) -> tuple[list[tuple[int, str]], _Figures | None, list[str]]:
    """Split a line into its label cells and its figures, read from the right.

    The trailing numbers are (实际完成值,) 权重, 得分 and sometimes a repeated figure; the
    cell before them is 实际完成值 (text) or, where it begins with a comparison sign, the
    年度指标值 whose 实际完成值 is the first of the numbers.
    """
    run = 0
    while run < len(cells) and looks_like_number(cells[len(cells) - 1 - run][1]):
        run += 1
    if run == 0:
        return cells, None, []
    numbers = list(cells[len(cells) - run :])
    labels = list(cells[: len(cells) - run])
    target = actual = (None, None)
    if labels and _compares(labels[-1][1]):
        target, actual, numbers = labels.pop(), numbers[0], numbers[1:]
    elif labels:
        actual = labels.pop()
        target = labels.pop() if labels else (None, None)
    beside = target[0] is not None and target[0] == columns.get("target_adjusted")
    if labels and (
        _compares(labels[-1][1]) or (beside and labels[-1][0] == columns.get("target_initial"))
    ):
        labels.pop()  # 年初指标 printed beside the 调整后指标 read as the target
    values = [parse_number(n) for _, n in numbers]
    weight = values[0] if values else None
    score = values[1] if len(values) > 1 else None
    problems = [
        f"a figure {v} printed after the row's 权重 {weight} and 得分 {score}"
        for v in values[2:]
        if v not in (weight, score)
    ]
    columns = (target[0], actual[0], numbers[0][0] if numbers else None)
    return labels, _Figures(target[1], actual[1], weight, score, columns), problems


def _classify(cells: list[tuple[int, str]], name_column: int | None) -> list[_Label]:
    """Each label cell's kind, by the catalog's vocabulary (its column only breaks ties)."""
    levels = catalog.indicator_levels()
    found = []
    for position, (column, text) in enumerate(cells):
        word = canonical_label(text)
        later = [canonical_label(t) for _, t in cells[position + 1 :]]
        pieces = levels.level1_pieces(word)
        if word in levels.level1 and (
            word not in levels.level2 or any(w in levels.level2 for w in later)
        ):
            found.append(_Label(column, word, LEVEL1))
        elif word in levels.level2:
            # in a row that keeps its columns, a 二级指标's word under 指标名称 is the name
            found.append(_Label(column, text, NAME if column == name_column else LEVEL2))
        elif repaired := levels.repaired_level2(word):
            found.append(_Label(column, repaired, LEVEL2, printed=text))
        elif pieces:
            found.append(_Label(column, text, PIECE, pieces[0] if len(pieces) == 1 else None))
        else:
            found.append(_Label(column, text, NAME))
    # a piece of a 二级指标 is one only in its place: before the name, where no 二级指标 is
    # printed whole (社会效益 | 社会成本: 社会成本 is the name, not 社会成本指标 cut off)
    whole = any(label.kind == LEVEL2 and label.printed is None for label in found)
    for position, label in enumerate(found):
        named_before = any(other.kind == NAME for other in found[:position])
        if label.printed is not None and (whole or named_before):
            label.kind, label.text, label.printed = NAME, label.printed, None
    return found


def _line(
    number: int, raw: str, columns: dict[str, int], adjacent: bool
) -> tuple[_Line, list[str]]:
    cells = [(c, clean_label(t)) for c, t in enumerate(raw.split("\t")) if clean_label(t)]
    labels, figures, problems = _figures(cells, columns)
    name_column = None
    if figures is not None and columns:
        target, actual, weight = figures.columns
        targets = {columns.get(k) for k in ("target", "target_initial", "target_adjusted")}
        if (
            target in targets - {None}
            and actual == columns.get("actual")
            and weight == columns.get("weight")
        ):
            name_column = columns.get("indicator")  # the row keeps the header's columns
    line = _Line(number, _classify(labels, name_column), adjacent, figures)
    if figures is not None and not any(label.kind == NAME for label in line.labels):
        # a row without a name: a long piece of a 一级指标's words is its name (满意度)
        named = [label for label in line.labels if label.kind == PIECE and len(label.text) > 1]
        if named:
            named[-1].kind = NAME
    return line, problems


def _shift_lagging_labels(lines: list[_Line]) -> None:
    """Move labels printed one line late back to their rows.

    A row printed without 二级指标 or name right under another row, followed (line by
    line) by rows and then a line of labels only, starts a run whose labels are one line
    late: each row of the run takes the labels of the line below it.
    """
    movable = (NAME, LEVEL2)
    i = 1
    while i < len(lines):
        line = lines[i]
        lagging = (
            line.figures is not None
            and line.adjacent
            and lines[i - 1].figures is not None
            and not any(label.kind in movable for label in line.labels)
        )
        if not lagging:
            i += 1
            continue
        j = i
        while j + 1 < len(lines) and lines[j + 1].adjacent and lines[j + 1].figures is not None:
            j += 1
        below = lines[j + 1] if j + 1 < len(lines) else None
        if below is None or not below.adjacent or below.figures is not None:
            i = j + 1
            continue
        if not any(label.kind in movable for label in below.labels):
            i = j + 1
            continue
        for k in range(i, j + 1):
            source = lines[k + 1]
            kept = [label for label in lines[k].labels if label.kind not in movable]
            lines[k].labels = kept + [label for label in source.labels if label.kind in movable]
            source.labels = [label for label in source.labels if label.kind not in movable]
        i = j + 2


def _named_level1(labels: list[_Label]) -> str | None:
    """The one 一级指标 that labels and pieces of labels name, if they name exactly one."""
    named = {label.text for label in labels if label.kind == LEVEL1}
    named |= {label.names for label in labels if label.kind == PIECE and label.names}
    return named.pop() if len(named) == 1 else None


def _indicators(lines: list[_Line]) -> list[PerformanceIndicator]:
    """The rows of the table with their 一级 / 二级指标 resolved and carried down."""
    levels = catalog.indicator_levels()
    rows = [i for i, line in enumerate(lines) if line.figures is not None]
    for position, i in enumerate(rows):
        end = rows[position + 1] if position + 1 < len(rows) else len(lines)
        for below in lines[i + 1 : end]:
            lines[i].extra_name.extend(b.text for b in below.labels if b.kind == NAME)
    found: list[PerformanceIndicator] = []
    level1: str | None = None
    level2: str | None = None
    for position, i in enumerate(rows):
        line = lines[i]
        start = rows[position - 1] + 1 if position else 0
        end = rows[position + 1] if position + 1 < len(rows) else len(lines)
        above = [label for between in lines[start:i] for label in between.labels]
        below = [label for between in lines[i + 1 : end] for label in between.labels]
        own1 = next((label.text for label in line.labels if label.kind == LEVEL1), None)
        own2 = next((label.text for label in line.labels if label.kind == LEVEL2), None)
        here = _named_level1([*above, *(label for label in line.labels if label.kind == PIECE)])
        after = _named_level1(below)
        if own2 is not None:
            new1 = own1 or levels.parent(own2) or here or after or level1
            level2 = own2
        else:
            new1 = own1 or here or after or level1
            level2 = level2 if new1 == level1 else None
        level1 = new1
        names = [label.text for label in line.labels if label.kind == NAME] + line.extra_name
        name = "".join(n for k, n in enumerate(names) if not k or n != names[k - 1]) or None
        figures = line.figures
        comparator, value, unit = parse_target(figures.target)
        found.append(
            PerformanceIndicator(
                level1=level1,
                level2=level2,
                indicator=name,
                target_text=figures.target,
                target_comparator=comparator,
                target_value=value,
                target_unit=unit,
                actual_text=figures.actual,
                actual_value=_decimal(figures.actual)
                if looks_like_number(figures.actual)
                else None,
                weight=figures.weight,
                score=figures.score,
                line=line.number,
            )
        )
    return found


def _header_keys(header: list[GridRow], vocabulary: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Column key (performance_indicators vocabulary) -> its column in the header."""
    keys: dict[str, int] = {}
    if not header:
        return keys
    for column in header_columns(header, max(len(row.cells) for row in header)):
        key = column.resolve(vocabulary)
        if key is not None:
            keys.setdefault(key, column.index)
    return keys


def read_indicators(
    lines: list[str], start: int, end: int
) -> tuple[list[PerformanceIndicator], list[str]]:
    """The 绩效指标 table of the report in ``lines[start:end]``, one indicator per row.

    The table follows the report's (二) 绩效指标完成情况 heading: its header lines (一级指标
    …, 年初指标 / 调整后指标), then its lines up to the first line of text that is not a
    table line. A report without the heading has no indicators.
    """
    section = catalog.indicator_section()
    heading = next(
        (i for i in range(start, end) if "\t" not in lines[i] and section in clean_label(lines[i])),
        None,
    )
    if heading is None:
        return [], []
    vocabulary = catalog.vocabulary("performance_indicators")
    header_labels = {label for labels in vocabulary.values() for label in labels}
    header: list[GridRow] = []
    columns: dict[str, int] | None = None
    table: list[_Line] = []
    problems: list[str] = []
    adjacent = False
    for index in range(heading + 1, end):
        raw = lines[index]
        if "\t" not in raw:
            if clean_label(raw) and (header or table):
                break
            adjacent = False
            continue
        cells = tuple(raw.split("\t"))
        printed = [canonical_label(c) for c in cells if clean_label(c)]
        if not table and any(cell in header_labels for cell in printed):
            header.append(GridRow(cells))
            adjacent = True
            continue
        if not printed:
            adjacent = False
            continue
        if columns is None:
            columns = _header_keys(header, vocabulary)
        line, found = _line(index + 1, raw, columns, adjacent)
        problems.extend(f"绩效指标 line {index + 1}: {p}" for p in found)
        table.append(line)
        adjacent = True
    _shift_lagging_labels(table)
    indicators = _indicators(table)
    if not indicators:
        problems.append("no indicator rows under the report's 绩效指标完成情况")
    return indicators, problems
