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


def test_a_tables_year_line_restates_the_year() -> None:
    """The sample's tables print the year on a line of its own under the title (lines
    49-57; the 收入决算表's numbering broken as 公开02 / 表, lines 98-106) or after the name
    (line 179); a generated table prints it beside its numbering (seed 5002's 公开05表,
    the year planted as 2021: the benchmark's year_in_heading)."""
    sample = [
        (None, ["## 收入支出决算总表", "", "公开01表", "", "部门名称：孝义市行政审批服务管理局",
                "", "2024年度", "", "金额单位：万元"]),
        (None, ["## 收入决算表", "", "公开02", "", "表", "", "部门名称：孝义市行政审批服务管理局",
                "", "2024年度", "", "金额单位：万元"]),
        (None, ["## 财政拨款收入支出决算总表", "", "公开04表", "",
                "部门名称：孝义市行政审批服务管理局 2024年度", "", "金额单位：万  "]),
        (10, ["云南省财政厅2022年度部门决算", "2022年度云南省财政厅一般公共预算财政拨款支出决算表",
              "2021年度 公开05表", "部门名称：云南省财政厅 金额单位：万元", "项目"]),
    ]  # fmt: skip
    years = [(m.page, m.text, m.fiscal_year) for m in read_mentions(sample) if m.kind == "table"]
    assert years == [
        (None, "部门名称：孝义市行政审批服务管理局", None),
        (None, "2024年度", 2024),
        (None, "部门名称：孝义市行政审批服务管理局", None),
        (None, "2024年度", 2024),
        (None, "部门名称：孝义市行政审批服务管理局2024年度", 2024),
        (10, "2022年度云南省财政厅一般公共预算财政拨款支出决算表", 2022),
        (10, "2021年度公开05表", 2021),
        (10, "部门名称：云南省财政厅金额单位：万元", None),
    ]


@pytest.mark.parametrize(
    "lines",
    [
        ["主管部门：019-孝义市行政审批服务管理局", "2024年12月"],  # the sample's line 546-548
        ["西南大学 2024 年度部门决算", "2025 年 8 月"],  # chongqing-swu-2024-final.pdf p1
        ["2024年度收入合计1,649.56万元，其中："],  # the sample's narrative, line 404
    ],
)
def test_a_year_not_in_a_tables_heading_is_no_table_mention(lines: list[str]) -> None:
    assert [m for m in read_mentions([(1, lines)]) if m.kind == "table"] == []


def test_a_dated_title_names_the_department() -> None:
    """Titles as the generator prints them (seeds 5002, 5023: the year, the department, the
    catalog's title; 45 characters) and chongqing-swu-2021-budget.pdf p7 (the department
    before the title, no year); 表 1：高等学校收支决算总表 (chongqing-swu-2024-final.pdf p8)
    names a kind of institution, not a department."""
    pages = [
        (2, ["2022年度云南省财政厅收入支出决算总表"]),
        (12, ["2021年度浙江省杭州市西湖区人民政府办公室一般公共预算财政拨款基本支出决算明细表"]),
        (7, ["西南大学收入预算表"]),
        (8, ["表 1：高等学校收支决算总表", "单位名称：西南大学 单位：万元"]),
    ]
    assert [(m.page, m.fiscal_year, m.department, m.doc_kind) for m in read_mentions(pages)] == [
        (2, 2022, "云南省财政厅", "final_accounts"),
        (12, 2021, "浙江省杭州市西湖区人民政府办公室", "final_accounts"),
        (7, None, "西南大学", "budget"),
        (8, None, "西南大学", None),
    ]


def test_a_title_naming_another_body_or_a_parent_locality_is_a_finding() -> None:
    """The benchmark's plants into generated titles (department_in_heading seed 5002,
    locality_changed seed 5026)."""
    (other,) = read_mentions([(2, ["2022年度云南省卫生健康委员会收入支出决算总表"])])
    assert not names_same_department(other.department, "云南省财政厅")
    (parent,) = read_mentions([(5, ["2024年度江苏省南京市教育局支出决算表"])])
    assert not names_same_department(parent.department, "江苏省南京市鼓楼区教育局")


def test_a_university_shortened_keeps_its_kind() -> None:
    """南山大学 is another university than 南山农业大学 (the benchmark's plant into seed 5016's
    单位名称 line), 长安大学 than 长安医科大学 (seed 5034's title); other bodies may drop the
    words before their kind."""
    assert not names_same_department("南山大学", "南山农业大学")
    assert not names_same_department("长安大学", "长安医科大学")
    assert names_same_department("西南大学", "西南大学")
    assert names_same_department("省人大办公厅", "江苏省人大常委会办公厅")
    assert names_same_department("普陀区财政局", "上海市普陀区财政局")


def test_a_tables_year_line_changed_is_a_finding(tmp_path: Path) -> None:
    path = altered_sample(tmp_path, 55, "2024年度", "2023年度")
    failed = read_document(path).checks.filter(
        (pl.col("rule") == "identity_restated_consistently") & ~pl.col("passed")
    )
    assert failed["message"].to_list() == [
        "the text prints “2023年度”, which names the year 2023, not 2024 (cover: "
        "孝义市行政审批服务管理局, 2024, 决算)"
    ]
