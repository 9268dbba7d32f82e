"""Check the performance reports (项目支出绩效自评) against themselves and the narrative.

Two kinds of rules, declared in pipelines/catalog/rules.toml:

- ``report_total``: a report's 绩效指标 add up to its result (权重 + the 预算执行 score =
  100; 得分 + the 预算执行 score = 总得分).
- ``narrative_coverage``: the narrative's statement of the evaluations run (绩效自评 of 31
  projects, 651.05万元, 28 优 …) against the reports the document attaches.

Each gives check_results rows like the accounting identities (pipelines/validate/rules.py):
``expected`` is what the text states, ``actual`` what the figures add up to. A difference
is the source disagreeing with itself: recorded with the rule's severity, never resolved.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import polars as pl

from pipelines.catalog.rulebook import entries
from pipelines.columns import CHECK_RESULTS
from pipelines.validate.results import result

REPORTS_TABLE = "project_performance"
INDICATORS_TABLE = "performance_indicators"


@dataclass(frozen=True)
class ReportTotal:
    """Per report: sum of an indicator column + a report figure = a number or a figure."""

    rule: str
    severity: str
    indicators: str
    plus: str
    equals: Decimal | str
    what: str


@dataclass(frozen=True)
class NarrativeCoverage:
    """A figure of the narrative against the count (or a sum) of the attached reports."""

    rule: str
    severity: str
    row: str
    metric: str
    stated: str
    reports: str  # count | sum
    column: str | None
    grade: str | None
    tolerance: Decimal
    what: str


@cache
def report_totals() -> tuple[ReportTotal, ...]:
    """The rulebook's ``report_total`` rules."""
    return tuple(
        ReportTotal(
            r["rule"],
            r["severity"],
            r["indicators"],
            r["plus"],
            r["equals"] if isinstance(r["equals"], str) else Decimal(str(r["equals"])),
            r["what"],
        )
        for r in entries("report_total")
    )


@cache
def narrative_coverage() -> tuple[NarrativeCoverage, ...]:
    """The rulebook's ``narrative_coverage`` rules."""
    return tuple(
        NarrativeCoverage(
            r["rule"],
            r["severity"],
            r["row"],
            r["metric"],
            r["stated"],
            r["reports"],
            r.get("column"),
            r.get("grade"),
            Decimal(str(r.get("tolerance", 0))),
            r["what"],
        )
        for r in entries("narrative_coverage")
    )


def _show(value: Decimal) -> str:
    """A figure for a message: 31 rather than 31.00, 6,510,500 yuan with separators."""
    return f"{int(value):,}" if value == value.to_integral_value() else f"{value:,}"


def _record(
    document_id: str,
    rule: str,
    severity: str,
    expected: Decimal,
    actual: Decimal,
    tolerance: Decimal,
    table_key: str,
    row: str,
    message: str,
) -> dict:
    difference = actual - expected
    return result(
        document_id,
        rule,
        severity,
        passed=abs(difference) <= tolerance,
        within_rounding=bool(difference),
        expected=expected,
        actual=actual,
        table_key=table_key,
        row=row,
        message=message,
    )


def _report_totals(
    document_id: str, performance: pl.DataFrame, indicators: pl.DataFrame
) -> list[dict]:
    records = []
    for report in performance.iter_rows(named=True):
        rows = indicators.filter(pl.col("project_name") == report["project_name"])
        if rows.is_empty():
            continue
        for rule in report_totals():
            values = rows[rule.indicators].to_list()
            printed = [v for v in values if v is not None]
            plus = report[rule.plus]
            equals = report[rule.equals] if isinstance(rule.equals, str) else rule.equals
            if plus is None or equals is None:
                continue
            actual = sum(printed, Decimal(0)) + plus
            missing = len(values) - len(printed)
            verdict = "holds" if actual == equals else "fails"
            note = f" ({missing} of {len(values)} print no {rule.indicators})" if missing else ""
            records.append(
                _record(
                    document_id,
                    rule.rule,
                    rule.severity,
                    equals,
                    actual,
                    Decimal(0),
                    INDICATORS_TABLE,
                    report["project_name"],
                    f"{report['project_name']}: {rule.what} {verdict}: {len(values)} indicators "
                    f"give {_show(sum(printed, Decimal(0)))}{note} + {_show(plus)} = "
                    f"{_show(actual)}, the report needs {_show(equals)}",
                )
            )
    return records


def _stated(narrative: pl.DataFrame, rule: NarrativeCoverage) -> dict | None:
    rows = narrative.filter(
        (pl.col("metric") == rule.metric) & ~pl.col("derived") & pl.col(rule.stated).is_not_null()
    )
    return rows.row(0, named=True) if rows.height else None


def _narrative_coverage(
    document_id: str, performance: pl.DataFrame, narrative: pl.DataFrame
) -> list[dict]:
    records = []
    for rule in narrative_coverage():
        stated = _stated(narrative, rule)
        if stated is None:
            continue
        reports = performance
        if rule.grade is not None:
            reports = reports.filter(pl.col("grade") == rule.grade)
        if rule.reports == "count":
            actual = Decimal(reports.height)
        else:
            actual = sum((v for v in reports[rule.column] if v is not None), Decimal(0))
        expected = stated[rule.stated]
        where = next(
            (f", {key} {stated[key]}" for key in ("source_line", "page") if stated[key]), ""
        ).replace("source_line", "line")
        records.append(
            _record(
                document_id,
                rule.rule,
                rule.severity,
                expected,
                actual,
                rule.tolerance,
                REPORTS_TABLE,
                rule.row,
                f"{rule.what}: the narrative states {_show(expected)} ({rule.metric}{where}); "
                f"the {performance.height} 项目支出绩效自评 reports attached give "
                f"{_show(actual)} (difference {_show(actual - expected)})",
            )
        )
    return records


def check_performance(
    document_id: str,
    performance: pl.DataFrame,
    indicators: pl.DataFrame,
    narrative: pl.DataFrame,
) -> pl.DataFrame:
    """The performance rules on one document: one check_results row per comparison.

    A document none of whose reports were read gets none (the reports are read from text
    sources only so far, and a publication split in two may attach them to its other
    file), nor does a rule whose narrative figure the document does not state.
    """
    if performance.is_empty():
        return pl.DataFrame(schema=CHECK_RESULTS)
    records = [
        *_report_totals(document_id, performance, indicators),
        *_narrative_coverage(document_id, performance, narrative),
    ]
    return pl.DataFrame(records, schema=CHECK_RESULTS)
