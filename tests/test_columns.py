"""Every printed column is kept (issue 9): `其中：…` sub-columns under a parent get
`<parent>_<meaning>`, income carry-over columns their keys, a total headed 财政拨款支出 is
`total`, an unknown header is loaded under a derived key and reported, and a 6-digit unit
code is not a classification code. Synthetic grids shaped as the central template prints
them (西南大学 2024 final accounts, 表2 and 表4)."""

from __future__ import annotations

from decimal import Decimal

from pipelines import catalog
from pipelines.extract.model import RawTable
from pipelines.normalise.layouts import LAYOUTS, Fact, Problem
from pipelines.text.grid import GridRow


def read(key: str, rows: list[list[str]]) -> tuple[list[Fact], list[Problem]]:
    table = RawTable(key, "表", None, "万元", tuple(GridRow(tuple(r)) for r in rows))
    spec = catalog.table(key)
    problems: list[Problem] = []
    return list(LAYOUTS[spec.layout](table, spec, problems)), problems


def keyed(facts: list[Fact]) -> dict:
    found: dict = {}
    for f in facts:
        place = (f.row_code or f.row_label, f.column_key)
        assert place not in found, f"{place} twice"
        found[place] = f.value
    return found


def test_income_sub_column_under_business_income() -> None:
    facts, problems = read(
        "income",
        [
            ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "事业收入", "", "其他收入"],
            ["", "", "", "", "金额", "其中：教育收费", ""],
            ["2050204", "高中教育", "27,772.48", "17,710.54", "1,044.55", "960.55", "9,017.39"],
        ],
    )
    assert problems == []
    assert keyed(facts) == {
        ("2050204", "total"): Decimal("27772.48"),
        ("2050204", "fiscal_appropriation"): Decimal("17710.54"),
        ("2050204", "business"): Decimal("1044.55"),
        ("2050204", "business_tuition"): Decimal("960.55"),
        ("2050204", "other"): Decimal("9017.39"),
    }


def test_project_sub_column_and_a_total_headed_as_appropriation_expenditure() -> None:
    facts, problems = read(
        "appropriation_expenditure",
        [
            ["科目编码", "科目名称", "财政拨款支出", "基本支出", "项目支出", ""],
            ["", "", "", "", "小计", "其中：基本建设资金支出"],
            ["2050205", "高等教育", "206,360.32", "160,466.74", "45,893.58", "13,896.38"],
        ],
    )
    assert problems == []
    assert keyed(facts) == {
        ("2050205", "total"): Decimal("206360.32"),
        ("2050205", "basic"): Decimal("160466.74"),
        ("2050205", "project"): Decimal("45893.58"),
        ("2050205", "project_capital_construction"): Decimal("13896.38"),
    }


def test_income_carryover_and_nonfiscal_balance_columns() -> None:
    facts, problems = read(
        "income",
        [
            ["科目编码", "科目名称", "合计", "上年结转", "财政拨款收入", "使用非财政拨款结余"],
            ["205", "教育支出", "100.00", "20.00", "70.00", "10.00"],
        ],
    )
    assert problems == []
    assert keyed(facts) == {
        ("205", "total"): Decimal("100.00"),
        ("205", "carryover_begin"): Decimal("20.00"),
        ("205", "fiscal_appropriation"): Decimal("70.00"),
        ("205", "nonfiscal_balance_used"): Decimal("10.00"),
    }


def test_an_unknown_header_is_loaded_under_a_derived_key_and_reported() -> None:
    facts, problems = read(
        "expenditure",
        [
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "", "对口支援支出"],
            ["", "", "", "", "小计", "其中：某某专项", ""],
            ["2010301", "行政运行", "10.00", "6.00", "4.00", "1.00", "2.50"],
        ],
    )
    assert keyed(facts) == {
        ("2010301", "total"): Decimal("10.00"),
        ("2010301", "basic"): Decimal("6.00"),
        ("2010301", "project"): Decimal("4.00"),
        ("2010301", "col:项目支出/其中：某某专项"): Decimal("1.00"),
        ("2010301", "col:对口支援支出"): Decimal("2.50"),
    }
    messages = [p.message for p in problems]
    assert any("其中：某某专项" in m and "col:项目支出/其中：某某专项" in m for m in messages)
    assert any("对口支援支出" in m and "col:对口支援支出" in m for m in messages)


def test_two_columns_of_one_meaning_do_not_share_a_key() -> None:
    facts, problems = read(
        "expenditure",
        [
            ["科目编码", "科目名称", "合计", "基本支出", "基本支出"],
            ["201", "一般公共服务支出", "3.00", "1.00", "2.00"],
        ],
    )
    assert keyed(facts) == {
        ("201", "total"): Decimal("3.00"),
        ("201", "basic"): Decimal("1.00"),
        ("201", "col:基本支出"): Decimal("2.00"),
    }
    assert len(problems) == 1 and "means the same as an earlier column" in problems[0].message


def test_a_unit_code_row_is_the_units_line_not_a_functional_code() -> None:
    facts, problems = read(
        "expenditure",
        [
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["105236", "西南大学", "30.00", "20.00", "10.00"],
            ["205", "教育支出", "30.00", "20.00", "10.00"],
        ],
    )
    assert problems == []
    unit_line = [f for f in facts if f.row_no == 2]
    assert {(f.row_code, f.row_label) for f in unit_line} == {(None, "105236西南大学")}
    assert {f.row_code for f in facts if f.row_no == 3} == {"205"}


def test_basic_expenditure_unit_line_and_unknown_column() -> None:
    facts, problems = read(
        "gpb_basic_expenditure",
        [
            ["科目编码", "科目名称", "决算数", "备用金"],
            ["105236", "西南大学", "9.00", ""],
            ["301", "工资福利支出", "9.00", "1.00"],
        ],
    )
    assert {(f.row_code, f.row_label, f.column_key, f.value) for f in facts} == {
        (None, "105236西南大学", "amount", Decimal("9.00")),
        ("301", "工资福利支出", "amount", Decimal("9.00")),
        ("301", "工资福利支出", "col:备用金", Decimal("1.00")),
    }
    assert len(problems) == 1 and "备用金" in problems[0].message


def test_grouped_basic_table_with_amount_columns_keeps_amount() -> None:
    # 人员经费 / 公用经费 are groups of rows (row_group), their 金额 the amount
    facts, problems = read(
        "gpb_basic_expenditure",
        [
            ["人员经费", "", "", "公用经费", "", ""],
            ["科目编码", "科目名称", "金额", "科目编码", "科目名称", "金额"],
            ["301", "工资福利支出", "9.00", "302", "商品和服务支出", "2.00"],
        ],
    )
    assert problems == []
    assert {(f.row_code, f.column_key, f.row_group) for f in facts} == {
        ("301", "amount", "人员经费"),
        ("302", "amount", "公用经费"),
    }


def test_a_sub_column_printed_beside_its_parent() -> None:
    facts, problems = read(
        "income",
        [
            ["科目编码", "科目名称", "合计", "事业收入", "其中：教育收费", "其他收入"],
            ["205", "教育支出", "10.00", "6.00", "4.00", "4.00"],
        ],
    )
    assert problems == []
    assert keyed(facts)[("205", "business_tuition")] == Decimal("4.00")


def test_a_bare_sub_column_heading_over_its_labels() -> None:
    facts, problems = read(
        "expenditure",
        [
            ["科目编码", "科目名称", "合计", "基本支出", "项目支出", ""],
            ["", "", "", "", "小计", "其中："],
            ["", "", "", "", "", "基本建设资金支出"],
            ["205", "教育支出", "10.00", "6.00", "4.00", "1.00"],
        ],
    )
    assert problems == []
    assert keyed(facts)[("205", "project_capital_construction")] == Decimal("1.00")


def test_an_amount_column_left_of_the_known_ones_is_kept() -> None:
    facts, problems = read(
        "income",
        [
            ["项目", "上年执行数", "金额"],
            ["财政拨款", "90.00", "100.00"],
            ["其他资金", "9.00", "10.00"],
        ],
    )
    assert keyed(facts) == {
        ("财政拨款", "amount"): Decimal("100.00"),
        ("财政拨款", "col:上年执行数"): Decimal("90.00"),
        ("其他资金", "amount"): Decimal("10.00"),
        ("其他资金", "col:上年执行数"): Decimal("9.00"),
    }
    assert any("上年执行数" in p.message for p in problems)


def test_a_row_number_or_year_column_stays_a_label() -> None:
    # 政府采购 by items: 序号 and 年度 print integers, not amounts
    facts, _ = read(
        "income",
        [
            ["序号", "年度", "项目", "金额"],
            ["1", "2024", "财政拨款", "12.50"],
            ["2", "2024", "其他资金", "1.50"],
        ],
    )
    assert {(f.row_label, f.column_key, f.value) for f in facts} == {
        ("财政拨款", "amount", Decimal("12.50")),
        ("其他资金", "amount", Decimal("1.50")),
    }
