"""Faults of form in a publication's lines (rules.toml ``no_doubled_word``,
``percent_two_decimals``, ``scope_worded_as_stated``): on the sample, on copies of it with
one fault planted, on the genuine corpus, and on lines that look doubled but are not."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines.core import read_document
from pipelines.documents.form import find_form_faults, scope_named
from tests.conftest import SAMPLE, altered_sample

RULES = ("no_doubled_word", "percent_two_decimals", "scope_worded_as_stated")


def _failed(checks: pl.DataFrame, rule: str) -> list[tuple[str, int | None, str]]:
    rows = checks.filter((pl.col("rule") == rule) & ~pl.col("passed"))
    return [(r["row"], r["page"], r["message"]) for r in rows.iter_rows(named=True)]


def _faults(*lines: str, page: int | None = 1) -> list[tuple[str, str]]:
    return [(f.kind, f.found) for f in find_form_faults([(page, list(lines))])]


# -- the sample --------------------------------------------------------------------------


def test_the_sample_doubles_only_its_template_filled_project_names() -> None:
    """The sample's eight 项目支出绩效自评 conclusions print the template's “[项目名称]项目绩效
    自我评价结果” after names ending in 项目 (电子政务外网服务项目项目绩效…): a real slip,
    and its only doubled word. It doubles no 专业业务 (two words meeting), prints no
    percentage finer than 0.01 and calls itself a 部门决算 as its cover does."""
    checks = read_document(SAMPLE).checks
    doubled = _failed(checks, "no_doubled_word")
    assert [row for row, _, _ in doubled] == [
        "用费项目项目绩效", "服务项目项目绩效", "系统项目项目绩效", "服务项目项目绩效",
        "服务项目项目绩效", "邮寄项目项目绩效", "设备项目项目绩效", "建设项目项目绩效",
    ]  # fmt: skip
    assert all("项目项目绩效自" in message for _, _, message in doubled)
    assert doubled[4][2] == (
        "the text prints “…因素，指标完成情况得分90分，最终评分结果：电子政务外网服务项目项目"
        '绩效自我评价结果为：总得分100分，属于"优"。”: 项目 printed twice (项目项目)'
    )
    assert _failed(checks, "percent_two_decimals") == []
    assert _failed(checks, "scope_worded_as_stated") == []
    scope = checks.filter(pl.col("rule") == "scope_worded_as_stated")
    assert scope["message"].to_list() == [
        "3 phrase(s) naming the publication say 部门, as its scope (department) does"
    ]


def _planted(tmp_path: Path, line: int, old: str, new: str, rule: str) -> list:
    """The findings of ``rule`` on the altered sample that the genuine sample has not."""
    genuine = set(_failed(read_document(SAMPLE).checks, rule))
    altered = _failed(read_document(altered_sample(tmp_path, line, old, new)).checks, rule)
    return [finding for finding in altered if finding not in genuine]


def test_a_word_doubled_in_the_narrative(tmp_path: Path) -> None:
    """Line 406 states 财政拨款收入1,649.56万元; printed 财政拨款拨款收入 it doubles 拨款."""
    assert _planted(tmp_path, 406, "财政拨款收入", "财政拨款拨款收入", "no_doubled_word") == [
        (
            "财政拨款拨款收入",
            None,
            "the text prints “财政拨款拨款收入1,649.56万元，占比100.00%。”: 拨款 printed "
            "twice (拨款拨款)",
        )
    ]


def test_a_particle_doubled(tmp_path: Path) -> None:
    """Line 45: 隶属于市政府系统的职能部门 with 的 printed twice."""
    found = _planted(tmp_path, 45, "系统的职能", "系统的的职能", "no_doubled_word")
    assert [(row, message.split("”: ")[1]) for row, _, message in found] == [
        ("系统的的职能", "的 printed twice (的的)")
    ]


def test_a_character_doubled_where_the_document_prints_it_once(tmp_path: Path) -> None:
    """Line 531's 项目支出 printed 项目支支出: the sample prints 项目支出 (its table rows) with
    the 支 once, so the doubled 支 is one too many."""
    found = _planted(tmp_path, 531, "十、项目支出：", "十、项目支支出：", "no_doubled_word")
    assert [row for row, _, _ in found] == ["项目支支出："]
    assert found[0][2].startswith("the text prints “-十、项目支支出：指在基本支出之外")


def test_a_punctuation_mark_doubled(tmp_path: Path) -> None:
    found = _planted(tmp_path, 406, "万元，占比", "万元，，占比", "no_doubled_word")
    assert found == [
        (
            "万元，，占比",
            None,
            "the text prints “财政拨款收入1,649.56万元，，占比100.00%。”: the mark ， printed "
            "twice",
        )
    ]


def test_a_percentage_printed_to_three_decimals(tmp_path: Path) -> None:
    """Line 400 states 增长28.59%; printed 增长28.593% it is a rate not rounded."""
    found = _planted(tmp_path, 400, "增长28.59%，支出", "增长28.593%，支出", "percent_two_decimals")
    assert len(found) == 1
    row, page, message = found[0]
    assert (row, page) == ("28.593%", None)
    assert message.startswith("the text prints “…")
    assert "增加366.75万元，增长28.593%，支出总计" in message
    assert message.endswith(
        "the percentage 28.593% is printed to 3 decimals, not 2 (a rate computed and not rounded)"
    )


def test_a_heading_naming_the_publication_a_units(tmp_path: Path) -> None:
    """Line 362's heading 部门决算公开相关信息统计表 printed 单位决算公开…: the sample is a
    department's (部门决算, its cover says)."""
    found = _planted(tmp_path, 362, "## 部门决算公开", "## 单位决算公开", "scope_worded_as_stated")
    assert found == [
        (
            "单位决算公开",
            None,
            "the text prints “##单位决算公开相关信息统计表”: 单位决算公开 calls the publication "
            "单位决算, but it is a 部门决算 (its scope, department, read from cover+contents)",
        )
    ]


def test_a_units_cover_against_its_department_headings(tmp_path: Path) -> None:
    """The cover printed 2024年度单位决算公开: a unit's publication, whose part headings (line
    12's contents entry and line 47) still say 2024年部门决算表. The standard table title
    部门决算公开相关信息统计表 (line 22, 362) is its name in any publication."""
    found = _planted(
        tmp_path, 5, "2024年度部门决算公开", "2024年度单位决算公开", "scope_worded_as_stated"
    )
    assert [(row, message.split("”: ")[0]) for row, _, message in found] == [
        ("2024年部门决算表", "the text prints “第二部分2024年部门决算表.....2"),
        ("2024年部门决算表", "the text prints “##第二部分2024年部门决算表"),
    ]
    assert found[0][2].endswith("but it is a 单位决算 (its scope, unit, read from cover)")


# -- the corpus --------------------------------------------------------------------------

# the genuine corpus's own slips of form: (file, rule, row, page)
CORPUS_SLIPS = {
    # 9名在职人员人员经费: 在职人员 and 人员经费 merged without dropping one 人员
    ("jiangsu-cppcc-office-2018-budget-text.pdf", "no_doubled_word", "在职人员人员经费", 4),
}


def test_the_corpus_prints_no_fault_of_form_but_its_own_slips(corpus_dir: Path) -> None:
    """Every corpus PDF read and checked: the form rules find the genuine documents' one real
    slip and the altered copy's doubled 。 (page 25), and nothing else (no 专业业务, 大会会议,
    法院院长, 普陀区区政府, 合计 合计 or 科目编码 科目编码 of a table's cells)."""
    found = set()
    for path in sorted(corpus_dir.rglob("*.pdf")):
        checks = read_document(path, corpus_dir).checks
        for rule in RULES:
            found |= {(path.name, rule, row, page) for row, page, _ in _failed(checks, rule)}
    assert found == CORPUS_SLIPS | {
        ("putuo-finance-bureau-2024-final-altered.pdf", "no_doubled_word", "拨款。。", 25)
    }


# -- the finder on lines -----------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "指事业单位开展专业业务活动及辅助活动取得的收入",  # 专业 + 业务
        "召集本级人民代表大会会议；",  # 大会 + 会议
        "提出运用财政政策实施宏观调控",  # 财政 + 政策
        "在省长和人民法院院长因故不能担任职务的时候",  # 法院 + 院长
        "《普陀区区政府投资建设项目管理办法》",  # 普陀区 + 区政府
        "上海市市级部门预算",
        "2024年年初预算数为100万元，8月月底完成",  # a count's unit meeting a word
        "为了了解情况，以及及时报送，关键是是否落实，现在在职人员",  # particle words
        "的的确确，实实在在，层层落实，一项一项抓，常常如此",  # reduplications
        "合计 合计 基本支出 项目支出",  # a table's cells
        "合计\t合计",
        "基本支出基本支出",  # two cells printed with no gap
        "第一部分 概况。。。。。。。4",  # a leader
        "发行债券票面利率2.875%",  # a quoted rate
        "增长28.59%，下降3.10个百分点",
    ],
)
def test_lines_that_look_doubled_but_are_not(line: str) -> None:
    assert [f for f in _faults(line) if f[0] != "scope_words"] == []


@pytest.mark.parametrize(
    ("line", "fault"),
    [
        ("一般公共预算支出支出功能分类", ("doubled_word", "支出支出")),
        ("主要用于的的日常运转", ("doubled_word", "的的")),
        ("收入增加。。主要原因", ("doubled_punctuation", "。。")),
        ("收入增加，。主要原因", ("doubled_punctuation", "，。")),
        ("比上年下降1.234个百分点", ("percent_decimals", "1.234个百分点")),
        ("占比 12.3456 %", ("percent_decimals", "12.3456%")),
        ("增长２８．５９３％", ("percent_decimals", "28.593%")),
    ],
)
def test_lines_printing_a_fault(line: str, fault: tuple[str, str]) -> None:
    assert _faults(line) == [fault]


def test_a_character_doubled_is_judged_by_the_document() -> None:
    """支支出 is a slip where the document prints 的支出 elsewhere with the same letters
    around it, or where the segmenter leaves one 支 a word of no one (的/支/支出, and 的支 is
    no word); two words meeting (专业业务, 党委委托) are two words."""
    assert _faults("机关运行经费的支支出情况", "其他经费的支出情况") == [("doubled_word", "支支")]
    assert _faults("机关运行经费的支支出情况") == [("doubled_word", "支支")]
    assert _faults("开展专业业务培训") == []
    assert _faults("受党委委托召开座谈会") == []
    # the other side of the copy left alone is not printed in the run: not judged
    assert _faults("委委托召开座谈会") == []


@pytest.mark.parametrize(
    ("line", "phrases"),
    [
        ("上海市普陀区财政局2024年度部门决算", ["2024年度部门决算"]),
        ("第二部分 2024 年度单位预算表", ["2024年度单位预算表"]),
        ("上海市普陀区2025年区级部门预算", ["2025年区级部门预算"]),
        ("（按“部门预算公开08表", ["部门预算公开"]),
        ("三、单位决算情况说明", ["单位决算情况说明"]),
        ("局本级决算、下属行政事业单位决算。", []),  # the units' own accounts
        ("所属单位预算表", []),
        ("二、2024 年度部门决算报表", []),  # the national reporting system
        ("关于2019年省级部门预算的批复", []),  # the finance department's approval
        ("十、部门决算公开相关信息统计表", []),  # a standard table's title
    ],
)
def test_phrases_naming_the_publication(line: str, phrases: list[str]) -> None:
    found = [f for kind, f in _faults(line) if kind == "scope_words"]
    assert found == phrases
    assert [scope_named(p) for p in found] == [
        "unit" if "单位" in p else "department" for p in found
    ]


def test_a_copy_the_segmenter_leaves_alone() -> None:
    """The generator's 学校概况 with one character doubled (benchmark seeds 5020, 5040):
    江苏省/省/南京市 leaves the second 省 a word of no one, 重点/大/大学 the first 大; the
    same characters doubled as words do it (江苏省省级, 大大提高) are no slip."""
    assert _faults("学校主体位于江苏省省南京市，校区") == [("doubled_word", "省省")]
    assert _faults("是教育部直属的全国重点大大学。") == [("doubled_word", "大大")]
    assert _faults("江苏省省级部门预算") == []
    assert _faults("使工作效率大大提高") == []
    assert _faults("上海市普陀区区政府") == []


def test_a_word_doubled_over_a_line_wrap() -> None:
    """A PDF's lines wrap prose: 学校设有教学 / 设有教学单位 doubles 设有教学 over the wrap
    (benchmark seed 5038). A text document's lines are its own, and a table's row or a
    title that ends a line is not prose running on."""
    wrapped = ["学校主体位于江苏省南京市，校区占地面积很大，学校设有教学", "设有教学单位30个。"]
    found = find_form_faults([(3, wrapped)], wrapped=True)
    assert [(f.kind, f.page, f.found) for f in found] == [("doubled_word", 3, "设有教学设有教学")]
    assert find_form_faults([(None, wrapped)]) == []
    cover = ["上海市普陀区2024年区级部门预算", "预算主管部门：上海市普陀区人民政府万里街道办事处"]
    rows = ["居民依法、理性参与公众事务的能力增强 提升", "提升住宅小区业委会规范化 加强引导"]
    for lines in (cover, rows):
        found = find_form_faults([(1, lines)], wrapped=True)
        assert [f for f in found if f.kind == "doubled_word"] == []
