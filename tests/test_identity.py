from pathlib import Path

import polars as pl
import pytest

from pipelines.core import read_document
from pipelines.documents.identity import read_identity
from pipelines.documents.mentions import read_mentions
from pipelines.documents.wording import names_same_department, region_of
from tests.conftest import SAMPLE, altered_sample


def test_sample_identity_is_read_from_its_text() -> None:
    identity = read_identity(SAMPLE.read_text(encoding="utf-8").splitlines())
    assert identity.department == "孝义市行政审批服务管理局"
    assert identity.region == "孝义市"
    assert identity.fiscal_year == 2024
    assert identity.doc_kind == "final_accounts"
    assert identity.scope == "department"
    assert not identity.is_template


@pytest.mark.parametrize(
    ("department", "region"),
    [
        ("孝义市行政审批服务管理局", "孝义市"),
        ("上海市普陀区财政局", "上海市普陀区"),
        ("上海市普陀区人民政府万里街道办事处", "上海市普陀区"),
        ("江苏省人大常委会办公厅", "江苏省"),
        ("国家统计局", None),
    ],
)
def test_region_is_the_leading_locality(department: str, region: str | None) -> None:
    assert region_of(department) == region


def test_budget_cover_and_unit_scope() -> None:
    lines = ["", "某某县教育局", "", "2025年单位预算", "部门名称：某某县教育局"]
    identity = read_identity(lines)
    assert (identity.fiscal_year, identity.doc_kind, identity.scope) == (2025, "budget", "unit")
    assert identity.department == "某某县教育局"


def test_placeholder_department_is_a_template() -> None:
    identity = read_identity(["上海市XX局2024年度部门决算"])
    assert identity.department == "上海市XX局"
    assert identity.is_template


def test_headings_and_as_of_dates_restate_the_identity() -> None:
    # lines as printed in putuo-finance-bureau-2024-final-altered.pdf (pages 2, 7, 18, 24)
    pages = [
        (2, ["第二部分  上海市普陀区财政局2024年度部门决算表", "目 录……………………3"]),
        (7, ["第二部分 上海市普陀区XX局 2024 年度部门决算表"]),
        (18, ["第三部分 上海市普陀区财政局2023年度部门决算情况说明"]),
        (24, ["截至2023年12月31日，上海市普陀区财政局共有车辆0辆，其中："]),
    ]
    mentions = read_mentions(pages)
    assert [(m.kind, m.page, m.fiscal_year, m.department) for m in mentions] == [
        ("heading", 2, 2024, "上海市普陀区财政局"),
        ("heading", 7, 2024, "上海市普陀区XX局"),
        ("heading", 18, 2023, "上海市普陀区财政局"),
        ("as_of", 24, 2023, None),
    ]
    assert all(m.doc_kind == "final_accounts" for m in mentions if m.kind == "heading")


def test_a_heading_may_shorten_the_department_but_not_replace_it() -> None:
    assert names_same_department("省人大办公厅", "江苏省人大常委会办公厅")
    assert names_same_department("上海市普陀区", "上海市普陀区财政局")
    assert not names_same_department("上海市普陀区XX局", "上海市普陀区财政局")
    assert not names_same_department("上海市普陀区税务局", "上海市普陀区财政局")
    # the locality dropped or replaced by its parent's names the city's (province's) body
    assert names_same_department("普陀区财政局", "上海市普陀区财政局")
    assert not names_same_department("上海市规划和自然资源局", "上海市普陀区规划和自然资源局")
    assert not names_same_department("吕梁市行政审批服务管理局", "孝义市行政审批服务管理局")


def test_a_table_naming_the_parent_localitys_body_is_a_finding(tmp_path: Path) -> None:
    path = altered_sample(tmp_path, 103, "孝义市行政审批", "吕梁市行政审批")
    failed = read_document(path).checks.filter(
        (pl.col("rule") == "identity_restated_consistently") & ~pl.col("passed")
    )
    assert failed["message"].to_list() == [
        "the text prints “部门名称：吕梁市行政审批服务管理局”, which names the department "
        "吕梁市行政审批服务管理局, not 孝义市行政审批服务管理局 (cover: 孝义市行政审批服务管理局, "
        "2024, 决算)"
    ]


def test_tables_restate_the_department_and_year() -> None:
    # lines as printed: jiangsu-cppcc-office-2018-budget-tables.pdf p10 (部门：…) and
    # putuo-finance-bureau-2025-budget.pdf p19 (its dated table title)
    pages = [
        (10, ["部门：江苏省政协办公厅 单位：万元"]),
        (19, ["2025年部门一般公共预算基本支出部门预算经济分类预算表"]),
    ]
    mentions = read_mentions(pages)
    assert [(m.kind, m.page, m.department, m.fiscal_year, m.doc_kind) for m in mentions] == [
        ("table", 10, "江苏省政协办公厅", None, None),
        ("table", 19, None, 2025, "budget"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "一、2024年度部门决算情况说明",  # an ordinal, not a department
        "（一）2024年部门预算编制说明",
        "关于2024年度部门预算",
        "纳入上海市普陀区财政局2024年度部门决算",  # a sentence wrapped at the year
    ],
)
def test_lines_that_name_no_other_department(line: str) -> None:
    (mention,) = read_mentions([(5, [line])])
    assert mention.department is None or names_same_department(
        mention.department, "上海市普陀区财政局"
    )


def test_a_table_of_the_department_with_words_around_its_name() -> None:
    (mention,) = read_mentions([(8, ["编制部门：上海市普陀区财政局（本级） 单位：元"])])
    assert names_same_department(mention.department, "上海市普陀区财政局")


def test_a_units_cover_names_its_parent_department() -> None:
    """A 单位's cover names the unit and its 主管部门; a 部门's own 预算主管部门 line is itself."""
    unit = read_identity(
        ["孝义市政务服务中心", "2024年度单位决算公开", "主管部门：孝义市行政审批服务管理局"]
    )
    assert (unit.department, unit.scope, unit.parent_department) == (
        "孝义市政务服务中心", "unit", "孝义市行政审批服务管理局",
    )  # fmt: skip
    department = read_identity(
        [
            "孝义市行政审批服务管理局",
            "2024年度部门决算公开",
            "预算主管部门：孝义市行政审批服务管理局",
        ]
    )
    assert (department.scope, department.parent_department) == ("department", None)


def test_a_report_header_naming_another_department_is_a_finding(tmp_path) -> None:
    """The sample's attached reports print 主管部门：019-孝义市行政审批服务管理局 (line 546): the
    department itself; one naming 孝义市教育科技局 is reported with its text."""
    from pipelines.core import read_document

    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[545] == "主管部门：019-孝义市行政审批服务管理局"
    genuine = read_document(SAMPLE)
    lines[545] = "主管部门：019-孝义市教育科技局"
    altered_path = tmp_path / SAMPLE.name
    altered_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    altered = read_document(altered_path)

    def failed(checked) -> list[str]:
        rows = checked.checks.filter(
            (checked.checks["rule"] == "identity_restated_consistently") & ~checked.checks["passed"]
        )
        return rows["message"].to_list()

    assert failed(genuine) == []
    assert [m for m in failed(altered) if "主管部门" in m] == [
        "the text prints “主管部门：019-孝义市教育科技局”, which names the department "
        "孝义市教育科技局, not 孝义市行政审批服务管理局 "
        "(cover: 孝义市行政审批服务管理局, 2024, 决算)"
    ]
