"""Figures of the sample's narrative (情况说明), typed from its sentences (万元 as printed)."""

from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.normalise.facts import NormalisedDocument

WAN = Decimal(10000)


def figure(facts: NormalisedDocument, metric: str, year: int = 2024) -> dict:
    rows = facts.narrative.filter((pl.col("metric") == metric) & (pl.col("fiscal_year") == year))
    assert rows.height >= 1, f"{metric} {year}"
    return rows.row(0, named=True)


@pytest.mark.parametrize(
    ("metric", "year", "printed", "ratio", "derived"),
    [
        # 2024年度收入总计1,649.56万元 … 收入总计增加366.75万元，增长28.59%
        ("收入总计", 2024, "1649.56", None, False),
        ("收入总计较上年增减", 2024, "366.75", "0.2859", False),
        ("收入总计", 2023, "1282.81", None, True),  # 1,649.56 - 366.75
        ("基本支出", 2024, "998.51", "0.6053", False),  # 占比60.53%
        ("一般公共服务支出年初预算", 2024, "1563.75", None, False),
        ("一般公共服务支出决算", 2024, "1132.76", None, False),
        # 社会保障和就业支出 … 支出决算113.19万元 … 较上年决算增加3.38万元，增长3.08%
        ("社会保障和就业支出决算", 2023, "109.81", None, True),
        ("卫生健康支出决算较上年增减", 2024, "-1.07", "-0.0232", False),  # 减少1.07万元，下降2.32%
        ("商品和服务支出", 2024, "59.41", None, False),  # the table prints 59.42
        ("机关运行经费支出", 2023, "51.06", None, True),  # 60.13 - 9.07
    ],
)
def test_narrative_figures(sample_facts, metric, year, printed, ratio, derived) -> None:
    row = figure(sample_facts, metric, year)
    assert row["amount_yuan"] == Decimal(printed) * WAN
    assert row["ratio"] == (Decimal(ratio) if ratio else None)
    assert row["derived"] is derived


def test_execution_rates(sample_facts: NormalisedDocument) -> None:
    # 一般公共服务支出 … 完成年初预算的72.44%
    assert figure(sample_facts, "一般公共服务支出完成率")["ratio"] == Decimal("0.7244")
    assert figure(sample_facts, "一般公共服务支出完成率")["amount_yuan"] is None


def test_thresholds_are_not_figures(sample_facts: NormalisedDocument) -> None:
    # 单价100万元（含）以上设备 names a threshold, not an amount
    assert sample_facts.narrative.filter(pl.col("amount_yuan") == Decimal("1000000")).is_empty()


def test_the_narrative_reaches_the_warehouse(loaded_warehouse: Path) -> None:
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT amount_yuan FROM narrative_figures WHERE metric = '收入总计' AND derived"
        ).fetchall() == [(Decimal("12828100.00"),)]


def test_budget_execution_from_the_narrative(loaded_warehouse: Path) -> None:
    """一般公共服务支出 1,132.76 / 1,563.75 = 72.44%, with no budget document loaded."""
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT budget_total_yuan, final_total_yuan, execution_rate, budget_source, "
            "budget_base FROM v_budget_execution WHERE subject_code = '201'"
        ).fetchall()
    assert rows == [
        (Decimal("15637500.00"), Decimal("11327600.00"), Decimal("0.7244"), "narrative", "年初预算")
    ]


def test_narrative_figures_are_reconciled_with_the_tables(sample_facts: NormalisedDocument) -> None:
    linked = sample_facts.narrative.filter(pl.col("table_key").is_not_null())
    total = linked.filter(pl.col("metric") == "收入总计").row(0, named=True)
    assert (total["table_key"], total["table_row"], total["table_column"], total["agrees"]) == (
        "summary",
        "总计",
        "income",
        True,
    )
    # the narrative says 商品和服务支出59.41万元 where 公开06表 prints 59.42: recorded, not resolved
    disagreements = linked.filter(~pl.col("agrees"))
    assert disagreements.select("metric", "amount_yuan", "table_amount_yuan").rows() == [
        ("商品和服务支出", Decimal("594100.00"), Decimal("594200.00"))
    ]
    rate = linked.filter(pl.col("metric") == "一般公共服务支出(类)").row(0, named=True)
    assert (rate["table_key"], rate["table_row"], rate["agrees"]) == (
        "gpb_expenditure",
        "201",
        True,
    )


@pytest.mark.parametrize(
    ("metric", "quantity", "printed"),
    [
        # 开展了绩效自评，涉及二级项目31个，资金651.05万元 … 自评结果为：28个项目自评等级为“优”，
        # 0个…“良”，1个…“中”，2个…“差”
        ("绩效自评项目数", 31, None),
        ("绩效自评资金", None, "651.05"),
        ("绩效自评等级优项目数", 28, None),
        ("绩效自评等级良项目数", 0, None),
        ("绩效自评等级中项目数", 1, None),
        ("绩效自评等级差项目数", 2, None),
        # 组织对“新开办企业免费刻制印章”…等“31”个项目开展了部门评价，涉及资金651.05万元
        ("部门评价项目数", 31, None),
        ("部门评价资金", None, "651.05"),
        ("部门评价等级差项目数", 2, None),
    ],
)
def test_the_evaluations_the_department_ran(sample_facts, metric, quantity, printed) -> None:
    row = figure(sample_facts, metric)
    assert row["quantity"] == (Decimal(quantity) if quantity is not None else None)
    assert row["amount_yuan"] == (Decimal(printed) * WAN if printed else None)
    assert (row["section"], row["source_line"]) == ("1、预算绩效管理工作开展情况", 512)


def test_evaluated_money_is_not_read_as_a_generic_figure(sample_facts: NormalisedDocument) -> None:
    # 资金651.05万元，其中一般公共预算项目支出651.05万元: the evaluations' money, not the
    # department's 项目支出
    stated = sample_facts.narrative.filter(pl.col("source_line") == 512)["metric"].to_list()
    assert not {"资金", "涉及资金", "一般公共预算项目支出", "一般公共预算支出"} & set(stated)


@pytest.mark.parametrize(
    ("metric", "count"),
    [
        ("车辆数", 2),  # 截至2024年12月31日，本部门（单位）共有车辆2辆。
        ("其他用车数", 2),  # 其中：其他用车2辆
        ("购置车辆数", 0),  # 使用财政拨款共购置公务用车0辆
        ("公务接待批次", 0),  # 公务接待费支出0万元，共接待0批次，0人次。
        ("公务接待人次", 0),
        ("国内接待批次", 0),  # 国内接待费0万元，共接待0批次，0人次
        ("单价100万元以上设备台套数", 0),  # 单价100万元（含）以上设备（不含车辆）0台（套）
    ],
)
def test_counts_the_narrative_states(sample_facts, metric, count) -> None:
    row = figure(sample_facts, metric)
    assert row["quantity"] == Decimal(count)
    assert row["amount_yuan"] is None


def test_budget_execution_keeps_one_row_per_code(loaded_warehouse: Path, tmp_path: Path) -> None:
    """A code whose narrative states both a 年初预算 and a 全年预算 is one row of the view, the
    first base known (年初预算 before 全年预算): here a 全年预算 of 1,600.00万元 added to the
    sample's 201 (年初预算 1,563.75万元)."""
    import shutil

    copy = tmp_path / "fiscal.duckdb"
    shutil.copy(loaded_warehouse, copy)
    with duckdb.connect(str(copy)) as conn:
        conn.execute(
            "INSERT INTO narrative_figures BY NAME SELECT document_id, '一般公共服务支出全年预算' "
            "AS metric, '201' AS row_code, 2024 AS fiscal_year, 16000000.00 AS amount_yuan, "
            "false AS derived, '一般公共服务支出全年预算1,600.00万元。' AS sentence FROM documents"
        )
        rows = conn.execute(
            "SELECT budget_base, budget_total_yuan, execution_rate FROM v_budget_execution "
            "WHERE subject_code = '201'"
        ).fetchall()
    assert rows == [("年初预算", Decimal("15637500.00"), Decimal("0.7244"))]
