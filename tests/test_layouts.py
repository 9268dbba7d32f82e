"""Layouts the corpus does not show but other provinces print: synthetic grids."""

from decimal import Decimal

from pipelines import catalog
from pipelines.extract.model import RawTable
from pipelines.normalise.layouts import LAYOUTS, Problem
from pipelines.text.grid import GridRow


def read(key: str, rows: list[list[str]], title: str = "支出决算表") -> dict:
    table = RawTable(key, title, None, "万元", tuple(GridRow(tuple(r)) for r in rows))
    spec = catalog.table(key)
    problems: list[Problem] = []
    facts = list(LAYOUTS[spec.layout](table, spec, problems))
    assert problems == []
    return {(f.row_code or f.row_label, f.column_key): f.value for f in facts}


def test_basic_expenditure_split_into_personnel_and_public() -> None:
    got = read(
        "gpb_expenditure",
        [
            ["科目编码", "科目名称", "合计", "基本支出", "", "", "项目支出"],
            ["", "", "", "小计", "人员经费", "公用经费", ""],
            ["", "合计", "100.00", "60.00", "50.00", "10.00", "40.00"],
            ["2010301行政运行", "", "100.00", "60.00", "50.00", "10.00", "40.00"],
        ],
    )
    assert got == {
        ("合计", "total"): Decimal("100.00"),
        ("合计", "basic"): Decimal("60.00"),
        ("合计", "personnel"): Decimal("50.00"),
        ("合计", "public"): Decimal("10.00"),
        ("合计", "project"): Decimal("40.00"),
        ("2010301", "total"): Decimal("100.00"),
        ("2010301", "basic"): Decimal("60.00"),
        ("2010301", "personnel"): Decimal("50.00"),
        ("2010301", "public"): Decimal("10.00"),
        ("2010301", "project"): Decimal("40.00"),
    }


def test_codes_printed_as_item_only_take_their_parents_from_the_rows_above() -> None:
    got = read(
        "expenditure",
        [
            ["类", "款", "项", "科目名称", "合计"],
            ["201", "", "", "一般公共服务支出", "9.00"],
            ["", "3", "", "政府办公厅（室）及相关机构事务", "9.00"],
            ["", "", "1", "行政运行", "9.00"],
        ],
    )
    assert set(got) == {("201", "total"), ("20103", "total"), ("2010301", "total")}


def test_summary_with_two_expenditure_groups_and_a_spanning_total() -> None:
    got = read(
        "summary",
        [
            ["收入", "", "支出", "", "", ""],
            ["项目名称", "金额", "功能分类", "", "支出用途", ""],
            ["", "", "功能科目名称", "金额", "项目名称", "金额"],
            ["一、财政拨款", "5.00", "一、一般公共服务支出", "5.00", "一、基本支出", "3.00"],
            ["", "", "", "", "二、项目支出", "2.00"],
            ["收入合计", "5.00", "支出合计", "", "", "5.00"],
        ],
        title="收支预算总表",
    )
    assert got == {
        ("一、财政拨款", "income"): Decimal("5.00"),
        ("201", "expenditure"): Decimal("5.00"),
        ("一、基本支出", "expenditure"): Decimal("3.00"),
        ("二、项目支出", "expenditure"): Decimal("2.00"),
        ("收入合计", "income"): Decimal("5.00"),
        ("支出合计", "expenditure"): Decimal("5.00"),
    }


def test_three_public_with_items_as_rows() -> None:
    got = read(
        "three_public",
        [
            ["项目", "预算数", "决算数"],
            ["合计", "12.00", "10.50"],
            ["1.因公出国(境)费", "", ""],
            ["2.公务用车购置及运行维护费", "8.00", "7.50"],
            ["其中：(1)公务用车购置费", "0", "0"],
            ["(2)公务用车运行维护费", "8.00", "7.50"],
            ["3.公务接待费", "4.00", "3.00"],
        ],
        title="财政拨款“三公”经费支出决算表",
    )
    assert got == {
        ("合计", "budget"): Decimal("12.00"),
        ("合计", "actual"): Decimal("10.50"),
        ("公务用车购置及运行维护费", "budget"): Decimal("8.00"),
        ("公务用车购置及运行维护费", "actual"): Decimal("7.50"),
        ("公务用车购置费", "budget"): Decimal("0"),
        ("公务用车购置费", "actual"): Decimal("0"),
        ("公务用车运行维护费", "budget"): Decimal("8.00"),
        ("公务用车运行维护费", "actual"): Decimal("7.50"),
        ("公务接待费", "budget"): Decimal("4.00"),
        ("公务接待费", "actual"): Decimal("3.00"),
    }


def test_a_title_printed_with_its_unit_and_numbering() -> None:
    from pipelines.catalog.titles import match_title

    assert match_title("收入支出决算总表 公开01表 金额单位：万元") == "summary"
    assert match_title("（单位：元）一般公共预算财政拨款基本支出决算表") == "gpb_basic_expenditure"


def test_a_summary_as_one_list_without_side_rows() -> None:
    # 项目 | 金额, income items, then expenditure from its first 支出 word on
    table = RawTable(
        "summary",
        "收支预算总表",
        None,
        "万元",
        tuple(
            GridRow(tuple(r))
            for r in [
                ["项目", "金额"],
                ["一、财政拨款收入", "10.00"],
                ["本年收入合计", "10.00"],
                ["总计", "10.00"],
                ["一、教育支出", "8.00"],
                ["二、预备费", "2.00"],
                ["本年支出合计", "10.00"],
                ["总计", "10.00"],
            ]
        ),
    )
    spec = catalog.table("summary")
    problems: list[Problem] = []
    facts = list(LAYOUTS[spec.layout](table, spec, problems))
    assert problems == []
    assert [(f.row_label, f.column_key, f.row_code) for f in facts] == [
        ("一、财政拨款收入", "income", None),
        ("本年收入合计", "income", None),
        ("总计", "income", None),
        ("一、教育支出", "expenditure", "205"),
        ("二、预备费", "expenditure", "227"),
        ("本年支出合计", "expenditure", None),
        ("总计", "expenditure", None),
    ]
