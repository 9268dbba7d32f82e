"""The sample's figures, typed from its printed tables (万元 as printed, converted here)."""

from decimal import Decimal

import polars as pl
import pytest

from pipelines.normalise.facts import NormalisedDocument

WAN = Decimal(10000)

# Amounts printed per table (公开01表 … 公开10表), counted by hand in the sample.
PRINTED_PER_TABLE = {
    "summary": 10,
    "income": 44,
    "expenditure": 48,
    "appropriation_summary": 17,
    "gpb_expenditure": 48,
    "gpb_basic_expenditure": 31,
    "gov_fund": 0,
    "state_capital": 0,
    "three_public": 6,
    "statistics": 4,
}

# 公开03表 支出决算表, every printed figure: code -> (本年支出合计, 基本支出, 项目支出) in 万元.
EXPENDITURE_TABLE = {
    None: ("1649.56", "998.51", "651.05"),  # 合计
    "201": ("1132.76", "753.12", "379.63"),
    "20103": ("1132.76", "753.12", "379.63"),
    "2010301": ("228.67", "228.67", None),
    "2010302": ("390.48", "10.85", "379.63"),
    "2010350": ("513.61", "513.61", None),
    "208": ("113.19", "113.19", None),
    "20805": ("113.19", "113.19", None),
    "2080502": ("1.43", "1.43", None),
    "2080505": ("98.48", "98.48", None),
    "2080506": ("13.28", "13.28", None),
    "210": ("45.07", "45.07", None),
    "21011": ("45.07", "45.07", None),
    "2101101": ("10.71", "10.71", None),
    "2101102": ("29.42", "29.42", None),
    "2101103": ("4.94", "4.94", None),
    "212": ("271.41", None, "271.41"),
    "21203": ("271.41", None, "271.41"),
    "2120399": ("271.41", None, "271.41"),
    "221": ("87.12", "87.12", None),
    "22102": ("87.12", "87.12", None),
    "2210201": ("87.12", "87.12", None),
}


def amount(facts: NormalisedDocument, table: str, column: str, *, code=None, label=None) -> Decimal:
    frame = facts.line_items.filter(
        (pl.col("table_key") == table) & (pl.col("column_key") == column)
    )
    if code is not None:
        frame = frame.filter(pl.col("row_code") == code)
    if label is not None:
        frame = frame.filter(pl.col("row_label") == label)
    assert frame.height == 1, f"{table}/{column}/{code}/{label}: {frame.height} rows"
    return frame["amount_yuan"][0]


def test_counts_per_table(sample_facts: NormalisedDocument) -> None:
    counts = dict(sample_facts.line_items.group_by("table_key").len().iter_rows())
    assert {k: counts.get(k, 0) for k in PRINTED_PER_TABLE} == PRINTED_PER_TABLE
    assert sample_facts.line_items.height == 208


def test_the_whole_expenditure_table(sample_facts: NormalisedDocument) -> None:
    rows = sample_facts.line_items.filter(pl.col("table_key") == "expenditure")
    got = {(r["row_code"], r["column_key"]): r["amount_yuan"] for r in rows.iter_rows(named=True)}
    expected = {}
    for code, printed in EXPENDITURE_TABLE.items():
        for column, value in zip(("total", "basic", "project"), printed, strict=True):
            if value is not None:
                expected[(code, column)] = Decimal(value) * WAN
    assert got == expected
    labels = dict(zip(rows["row_code"], rows["row_label"], strict=True))
    assert labels[None] == "合计"
    assert labels["2010302"] == "一般行政管理事务"
    assert labels["2080505"] == "机关事业单位基本养老保险缴费支出"


def test_issue_figures(sample_facts: NormalisedDocument) -> None:
    assert amount(sample_facts, "expenditure", "total", code="2010302") == Decimal("3904800.00")
    assert amount(sample_facts, "expenditure", "basic", code="2010302") == Decimal("108500.00")
    assert amount(sample_facts, "expenditure", "project", code="2010302") == Decimal("3796300.00")
    assert amount(sample_facts, "gpb_basic_expenditure", "amount", code="30101") == Decimal(
        "3583500.00"
    )
    assert amount(sample_facts, "three_public", "budget", label="公务用车运行维护费") == Decimal(
        "4200.00"
    )
    assert amount(sample_facts, "three_public", "actual", label="公务用车运行维护费") == Decimal(
        "4200.00"
    )
    assert amount(sample_facts, "summary", "expenditure", label="本年支出合计") == Decimal(
        "16495600.00"
    )


@pytest.mark.parametrize(
    ("table", "column", "code", "label", "printed"),
    [
        ("summary", "income", None, "一、一般公共预算财政拨款收入", "1649.56"),
        ("summary", "expenditure", "208", "八、社会保障和就业支出", "113.19"),
        ("summary", "expenditure", "221", "十九、住房保障支出", "87.12"),
        ("summary", "income", None, "总计", "1649.56"),
        ("income", "total", None, "合计", "1649.56"),
        ("income", "fiscal_appropriation", "2101102", "事业单位医疗", "29.42"),
        ("income", "total", "2120399", "其他城乡社区公共设施支出", "271.41"),
        ("appropriation_summary", "expenditure_gpb", "212", "十一、城乡社区支出", "271.41"),
        ("appropriation_summary", "expenditure", "210", "九、卫生健康支出", "45.07"),
        ("appropriation_summary", "income", None, "一、一般公共预算财政拨款", "1649.56"),
        ("gpb_expenditure", "project", "212", "城乡社区支出", "271.41"),
        ("gpb_expenditure", "basic", "2080505", "机关事业单位基本养老保险缴费支出", "98.48"),
        ("gpb_basic_expenditure", "amount", "30231", "公务用车运行维护费", "0.42"),
        ("gpb_basic_expenditure", "amount", "31002", "办公设备购置", "0.72"),
        ("gpb_basic_expenditure", "amount", "303", "对个人和家庭的补助", "12.28"),
        ("gpb_basic_expenditure", "amount", None, "人员经费合计", "938.38"),
        ("gpb_basic_expenditure", "amount", None, "公用经费合计", "60.13"),
        ("three_public", "actual", None, "合计", "0.42"),
        ("three_public", "budget", None, "公务用车购置及运行维护费", "0.42"),
        ("statistics", "amount", None, "服务", "206.95"),
        ("statistics", "amount", None, "(一)行政单位", "60.13"),
    ],
)
def test_literal_rows(sample_facts, table, column, code, label, printed) -> None:
    assert amount(sample_facts, table, column, code=code, label=label) == Decimal(printed) * WAN


def test_empty_cells_are_no_rows(sample_facts: NormalisedDocument) -> None:
    items = sample_facts.line_items
    assert items.filter(
        (pl.col("table_key") == "expenditure")
        & (pl.col("row_code") == "2010301")
        & (pl.col("column_key") == "project")
    ).is_empty()
    # 因公出国（境）费 and 公务接待费 are printed empty in both halves of 公开09表
    assert set(items.filter(pl.col("table_key") == "three_public")["row_label"]) == {
        "合计",
        "公务用车购置及运行维护费",
        "公务用车运行维护费",
    }
    # the —— cells of 公开06表 (资本性支出（基本建设）…) are not figures
    assert items.filter(pl.col("row_code") == "309").is_empty()


def test_basic_expenditure_groups(sample_facts: NormalisedDocument) -> None:
    basic = sample_facts.line_items.filter(pl.col("table_key") == "gpb_basic_expenditure")
    groups = dict(zip(basic["row_code"], basic["row_group"], strict=True))
    assert groups["30101"] == "人员经费"
    assert groups["30201"] == "公用经费"
    assert groups["31002"] == "公用经费"


def test_vehicle_counts_are_quantities_not_money(sample_facts: NormalisedDocument) -> None:
    rows = {
        r["row_label"]: (r["quantity"], r["unit"])
        for r in sample_facts.quantities.iter_rows(named=True)
    }
    assert rows == {
        "(一)车辆数合计(辆)": (Decimal("2"), "辆"),
        "8.其他用车": (Decimal("2"), "辆"),
    }
    assert sample_facts.line_items.filter(pl.col("row_label").str.contains("车辆数")).is_empty()


def test_table_inventory(sample_facts: NormalisedDocument) -> None:
    status = dict(zip(sample_facts.tables["table_key"], sample_facts.tables["status"], strict=True))
    assert status["gov_fund"] == "empty"
    assert status["state_capital"] == "empty"
    assert status["expenditure"] == "present"
    assert sample_facts.problems.is_empty()


def test_money_is_decimal_never_float(sample_facts: NormalisedDocument) -> None:
    assert sample_facts.line_items.schema["amount_yuan"] == pl.Decimal(18, 2)
    assert all(isinstance(v, Decimal) for v in sample_facts.line_items["amount_yuan"])
