"""Project performance self-evaluations (项目支出绩效自评) in a disclosure's text.

Each report names its project (项目名称：), its unit (项目单位：), prints a 预算执行情况 table
whose 合计 row gives the year's budget and spending in 元, and ends with the self-assessed
score and grade (总得分100分，属于“优”).
"""

from __future__ import annotations

import re
from decimal import Decimal

from pipelines import catalog
from pipelines.extract.model import GridRow, PerformanceReport
from pipelines.normalise.amounts import AmountError, parse_number
from pipelines.normalise.grid import header_columns
from pipelines.normalise.labels import canonical_label, clean_label

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
                problems=tuple(problems),
            )
        )
    return reports
