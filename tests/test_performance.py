"""The sample's 16 项目支出绩效自评 reports (figures typed from the sample's 合计 rows)."""

from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from pipelines.normalise.facts import NormalisedDocument

# 全年执行数(元) of the 16 reports, in the order printed
EXECUTED = [
    8400,
    8500,
    119936,
    4300,
    60000,
    100000,
    10000,
    1315000,
    3796,
    11800,
    343100,
    171533,
    8274,
    450000,
    38880,
    2000000,
]


def test_sixteen_reports_with_their_budget_execution(sample_facts: NormalisedDocument) -> None:
    performance = sample_facts.performance
    assert performance.height == 16
    assert performance["executed_yuan"].to_list() == [Decimal(v) for v in EXECUTED]
    assert sum(performance["executed_yuan"]) == Decimal("4653519.00")
    assert performance["grade"].value_counts().rows() == [("优", 16)]
    assert set(performance["total_score"]) == {Decimal("100")}


def test_one_report_in_full(sample_facts: NormalisedDocument) -> None:
    row = sample_facts.performance.filter(pl.col("project_name") == "新开办企业免费刻制印章")
    assert row.select(
        "project_unit",
        "budget_declared_yuan",
        "budget_initial_yuan",
        "budget_full_year_yuan",
        "executed_yuan",
        "balance_yuan",
        "execution_rate",
        "budget_score",
        "total_score",
        "grade",
    ).row(0) == (
        "019001-孝义市行政审批服务管理局",
        Decimal("120000"),
        Decimal("120000"),
        Decimal("119936"),
        Decimal("119936"),
        Decimal("0"),
        Decimal("1"),
        Decimal("10"),
        Decimal("100"),
        "优",
    )


def test_the_reports_reach_the_warehouse(loaded_warehouse: Path) -> None:
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT count(*), sum(executed_yuan) FROM project_performance"
        ).fetchone() == (16, Decimal("4653519.00"))
