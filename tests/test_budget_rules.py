"""The accounting identities on budgets (预算): every identity of the rulebook that a budget
prints the figures for (pipelines/catalog/rules.toml ``[[rule]]``), on the corpus's genuine
budgets, and on copies of their figures with one altered.

Each budget is read by the pure core (``read_document``). Every expected figure below was
typed from the PDF's text layer (pypdfium2, pages 1-based);
``test_the_pinned_figures_are_printed_where_the_tests_say`` reads the pages again, so a
figure that is not where this file says fails on its own, whatever the pipeline does. An
altered copy changes one figure of the line items, as a misprint would.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache

import polars as pl
import pypdfium2 as pdfium
import pytest

from pipelines.core import CheckedDocument, read_document
from pipelines.paths import default_corpus_dir
from pipelines.validate.rules import check_tables, rulebook

PUTUO = "putuo-finance-bureau-2025-budget.pdf"  # printed in 元
WANLI = "putuo-wanli-subdistrict-2024-budget.pdf"  # 元; its 三公 table in 万元
NPC = "jiangsu-npc-office-2017-budget.pdf"  # 万元
CPPCC = "jiangsu-cppcc-office-2018-budget-tables.pdf"  # 万元, the tables half
SWU = "central/chongqing-swu-2021-budget.pdf"  # 万元, the central units' template
WAN = Decimal(10000)  # yuan per 万元

# the corpus's budgets that print tables (the narrative halves print none)
BUDGETS = [
    "jiangsu-npc-office-2017-budget.pdf",
    "jiangsu-npc-office-2018-budget.pdf",
    "jiangsu-npc-office-2019-budget-tables.pdf",
    "jiangsu-cppcc-office-2017-budget-tables.pdf",
    "jiangsu-cppcc-office-2018-budget-tables.pdf",
    "jiangsu-cppcc-office-2019-budget-tables.pdf",
    "putuo-finance-bureau-2025-budget.pdf",
    "putuo-wanli-subdistrict-2023-budget.pdf",
    "putuo-wanli-subdistrict-2024-budget.pdf",
    "central/chongqing-swu-2021-budget.pdf",
]
IDENTITIES = {rule.name for rule in rulebook()}

# -- where each pinned figure is printed (the PDFs' text, whitespace removed) ----------------
PRINTED = [
    # 部门财务收支预算总表: 财政拨款收入 (一般公共预算资金 under it) = 收入总计 = 支出总计, the
    # four 类 lines summing to it
    (PUTUO, 9, "一、财政拨款收入31,214,205.80一、一般公共服务支出22,186,440.80"),
    (PUTUO, 9, "1.一般公共预算资金31,214,205.80二、社会保障和就业支出3,508,644.00"),
    (PUTUO, 9, "三、卫生健康支出782,164.00"),
    (PUTUO, 9, "四、住房保障支出4,736,957.00"),
    (PUTUO, 9, "收入总计31,214,205.80支出总计31,214,205.80"),
    # 部门支出总表's 合计
    (PUTUO, 13, "合计31,214,205.8025,121,091.006,093,114.80"),
    # 部门财政拨款收支预算总表: 支出总计 in 合计 and 一般公共预算
    (PUTUO, 14, "一、一般公共预算资金31,214,205.80"),
    (PUTUO, 14, "收入总计31,214,205.80支出总计31,214,205.8031,214,205.80"),
    # 一般公共预算支出功能分类预算表's 合计: 基本支出 25,121,091.00
    (PUTUO, 16, "合计31,214,205.8025,121,091.006,093,114.80"),
    # 一般公共预算基本支出部门预算经济分类预算表's 合计 = 人员经费 + 公用经费
    (PUTUO, 20, "合计25,121,091.0022,826,756.002,294,335.00"),
    # 收支预算总表: 支出用途 and 当年收入小计, 收入合计 = 支出合计 (2017: 当年收入小计 cut by
    # the page's end; 收入合计 on the next page)
    (NPC, 7, "一、基本支出7,666.68"),
    (NPC, 7, "二、项目支出5,853.96"),
    (NPC, 7, "动经费128.43"),
    (NPC, 8, "当年收入13,649.07当年支出小计13,649.07"),
    (NPC, 9, "收入合计13,649.07支出合计13,649.07"),
    # 支出预算总表: 合计 | 基本支出 | 项目支出 | 单位预留机动经费
    (NPC, 10, "13,649.077,666.685,853.96128.43"),
    # 财政拨款收支预算总表's 基本支出; 财政拨款基本支出预算表's 合计
    (NPC, 12, "一、基本支出7,666.68"),
    (NPC, 13, "合计7,666.68"),
    # “三公”经费、会议费、培训费支出预算表: 合计 2,542.60 = 三公 833.60 (222.50 + 183.60 +
    # 427.50; 购置 0 + 运行 183.60) + 会议费 1,305.25 + 培训费 403.75
    (NPC, 20, "2,542.60833.60222.50183.600183.60427.501,305.25403.75"),
    # 公开01表 and 公开02表: 当年收入小计 = 财政拨款 + 其他资金; 收入总计 = 一般公共预算资金 小计 +
    # 其他资金 小计
    (CPPCC, 1, "一、财政拨款10,070.48"),
    (CPPCC, 1, "三、其他资金80.00"),
    (CPPCC, 1, "当年收入小计10,150.4810,150.48"),
    (CPPCC, 2, "10,150.48小计10,070.48公共财政拨款(补助)资金10,070.48"),
    (CPPCC, 2, "小计80.00事业收入经营收入其他收入80.00"),
    # 西南大学收支预算总表: 本年收入合计, 使用非财政拨款结余, 上年结转 / 本年支出合计, 结转下年
    (SWU, 6, "本年收入合计390,140.45本年支出合计415,808.40"),
    (SWU, 6, "使用非财政拨款结余18,953.78结转下年75,000.00"),
    (SWU, 6, "上年结转81,714.17"),
    (SWU, 7, "收入总计490,808.40支出总计490,808.40"),
    # ... and its narrative, which states the 结余 as 18,953.73 (a slip of the narrative)
    (SWU, 9, "使用非财政拨款结余18,953.73万元"),
    # 部门“三公”经费和机关运行经费预算表 (万元): 合计 47.91 = 出国 0 + 接待 1.35 + 车 46.56;
    # 车 = 购置 25 + 运行 21.56
    (WANLI, 31, "47.9101.3546.562521.56443.18"),
]


@cache
def page_text(name: str, page: int) -> str:
    """The text layer of one page (1-based), without whitespace."""
    document = pdfium.PdfDocument(str(default_corpus_dir() / name))
    try:
        text = document[page - 1].get_textpage().get_text_range()
    finally:
        document.close()
    return re.sub(r"\s", "", text)


@cache
def checked(name: str) -> CheckedDocument:
    return read_document(default_corpus_dir() / name)


def identities(results: pl.DataFrame) -> pl.DataFrame:
    """The rows of the accounting identities (``[[rule]]``) among a document's checks."""
    return results.filter(pl.col("rule").is_in(list(IDENTITIES)))


def row(results: pl.DataFrame, rule: str, table: str, where: str) -> dict:
    """The one result of ``rule`` at row ``where`` of ``table``."""
    found = results.filter(
        (pl.col("rule") == rule) & (pl.col("table_key") == table) & (pl.col("row") == where)
    )
    assert found.height == 1, found.select("rule", "table_key", "row", "message").rows()
    return found.row(0, named=True)


def altered(
    name: str, table: str, label: str, column: str, amount: Decimal, code: str | None = None
) -> pl.DataFrame:
    """The document's line items with one printed figure changed (the row by its printed
    label, or by its code)."""
    items = checked(name).document.line_items
    where = (pl.col("table_key") == table) & (pl.col("column_key") == column)
    where &= (
        pl.col("row_code").is_null() & (pl.col("row_label") == label)
        if code is None
        else (pl.col("row_code") == code)
    )
    assert items.filter(where).height == 1, items.filter(where)
    return items.with_columns(
        pl.when(where)
        .then(pl.lit(amount).cast(pl.Decimal(18, 2)))
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )


def check(line_items: pl.DataFrame) -> pl.DataFrame:
    return check_tables("altered", line_items, "budget")


@pytest.mark.parametrize(("name", "page", "printed"), PRINTED)
def test_the_pinned_figures_are_printed_where_the_tests_say(
    name: str, page: int, printed: str
) -> None:
    assert printed in page_text(name, page)


# -- the genuine budgets -----------------------------------------------------------------


@pytest.mark.parametrize("name", BUDGETS)
def test_no_identity_fails_on_a_genuine_budget(name: str) -> None:
    """Every identity a genuine budget prints the figures for holds (within rounding), and
    no check of any kind makes it unverified."""
    document = checked(name)
    assert document.document.status == "loaded"
    failed = identities(document.checks).filter(~pl.col("passed"))
    assert failed.is_empty(), failed["message"].to_list()
    assert document.checks.filter(pl.col("material")).is_empty()


# the identities each budget is checked against (the rules whose figures it prints)
SHANGHAI = {
    "total_equals_basic_plus_project", "income_total_equals_sum_of_sources",
    "appropriation_total_equals_sum_of_budgets", "parent_equals_sum_of_children",
    "total_row_equals_sum_of_classes", "summary_totals_balance", "three_public_total",
    "income_table_equals_summary", "expenditure_table_equals_summary",
    "summary_classes_equal_expenditure_table", "gpb_table_equals_appropriation_summary",
    "appropriation_summary_classes_equal_gpb_table", "summary_income_equals_sum_of_sources",
    "appropriation_income_equals_sum_of_budgets", "summary_budgets_equal_appropriation_summary",
    "gpb_basic_equals_personnel_plus_public",
}  # fmt: skip
JIANGSU = {
    "total_equals_basic_plus_project", "income_total_equals_sum_of_sources",
    "parent_equals_sum_of_children", "total_row_equals_sum_of_classes",
    "summary_totals_balance", "three_public_total", "three_public_vehicles",
    "income_table_equals_summary", "expenditure_table_equals_summary",
    "summary_income_equals_sum_of_sources", "appropriation_income_equals_sum_of_budgets",
    "summary_budgets_equal_appropriation_summary", "summary_income_side_balances",
    "summary_expenditure_side_balances",
}  # fmt: skip
CENTRAL = {
    "total_equals_basic_plus_project", "income_total_equals_sum_of_sources",
    "parent_equals_sum_of_children", "total_row_equals_sum_of_classes",
    "summary_totals_balance", "income_table_equals_summary",
    "expenditure_table_equals_summary", "summary_classes_equal_expenditure_table",
    "summary_income_equals_sum_of_sources", "summary_income_side_balances",
    "summary_expenditure_side_balances",
}  # fmt: skip
EVALUATED = {
    PUTUO: SHANGHAI,
    "putuo-wanli-subdistrict-2023-budget.pdf": SHANGHAI | {"three_public_vehicles"},
    WANLI: SHANGHAI | {"three_public_vehicles"},
    **{name: JIANGSU for name in BUDGETS if name.startswith("jiangsu")},
    SWU: CENTRAL,
}


@pytest.mark.parametrize("name", BUDGETS)
def test_each_budget_is_checked_against_the_identities_it_prints(name: str) -> None:
    """Shanghai budgets print no line for the year's totals (收入总计 only) and no balances;
    Jiangsu budgets print 当年收入小计, 收入合计 and expenditure by use (基本支出, 项目支出,
    单位预留机动经费), no 财政拨款 column by fund; the central template prints four tables."""
    assert set(identities(checked(name).checks)["rule"]) == EVALUATED[name]


def test_putuo_summaries_balance_at_their_grand_totals() -> None:
    """部门财务收支预算总表 (p9) and 部门财政拨款收支预算总表 (p14): 收入总计
    31,214,205.80 = 支出总计; the summary prints no 本年收入合计, so its 收入总计 is checked
    against its income lines (一、财政拨款收入 31,214,205.80), against the income table, and
    its 支出总计 against the four 类 lines and the expenditure table's 合计 (p13)."""
    results = checked(PUTUO).checks
    total = Decimal("31214205.80")
    for table in ("summary", "appropriation_summary"):
        found = row(results, "summary_totals_balance", table, "总计")
        assert (found["passed"], found["actual"], found["expected"]) == (True, total, total)
    for rule, where in [
        ("summary_income_equals_sum_of_sources", "收入总计"),
        ("income_table_equals_summary", "收入总计"),
        ("expenditure_table_equals_summary", "支出总计"),
        ("total_row_equals_sum_of_classes", "支出总计"),
    ]:
        found = row(results, rule, "summary", where)
        assert (found["passed"], found["actual"], found["expected"]) == (True, total, total)
    # each once: the year's-total variants are not evaluated where no such line is printed
    assert results.filter(pl.col("rule") == "summary_income_equals_sum_of_sources").height == 1


def test_putuo_basic_is_personnel_plus_public() -> None:
    """一般公共预算支出功能分类预算表 (p16): 基本支出 25,121,091.00 = the basic-expenditure table's
    (p20) 人员经费 22,826,756.00 + 公用经费 2,294,335.00, whose 合计 says the same."""
    results = checked(PUTUO).checks
    rule = "gpb_basic_equals_personnel_plus_public"
    basic = row(results, rule, "gpb_expenditure", "合计")
    assert (basic["passed"], basic["actual"], basic["expected"]) == (
        True,
        Decimal("25121091.00"),
        Decimal("22826756.00") + Decimal("2294335.00"),
    )
    assert row(results, rule, "gpb_basic_expenditure", "合计")["passed"]
    total = row(
        results, "gpb_table_equals_appropriation_summary", "appropriation_summary", "支出总计"
    )
    assert (total["passed"], total["actual"]) == (True, Decimal("31214205.80"))


def test_putuo_personnel_misprinted_fails_basic_is_personnel_plus_public() -> None:
    """人员经费 合计 printed 22,926,756.00 for 22,826,756.00: it no longer adds up with 公用经费
    to 合计, nor to the 一般公共预算 table's 基本支出, nor is it the sum of its 类 rows."""
    personnel = Decimal("22926756.00")
    results = check(altered(PUTUO, "gpb_basic_expenditure", "合计", "personnel", personnel))
    failed = identities(results).filter(~pl.col("passed"))
    assert sorted(failed.select("rule", "table_key", "row", "actual", "expected").rows()) == [
        ("gpb_basic_equals_personnel_plus_public", "gpb_basic_expenditure", "合计",
         Decimal("25121091.00"), Decimal("25221091.00")),
        ("gpb_basic_equals_personnel_plus_public", "gpb_expenditure", "合计",
         Decimal("25121091.00"), Decimal("25221091.00")),
        ("total_row_equals_sum_of_classes", "gpb_basic_expenditure", "合计",
         Decimal("22926756.00"), Decimal("22826756.00")),
    ]  # fmt: skip
    assert failed["material"].all()  # 100,000 yuan: 0.4% of the figures


def test_putuo_summary_total_misprinted_fails_the_summary_identities() -> None:
    """支出总计 printed 31,215,205.80: the summary no longer balances, nor is it its 类 lines,
    nor the expenditure table's 合计 (1,000 yuan: a failure, immaterial)."""
    results = check(altered(PUTUO, "summary", "支出总计", "expenditure", Decimal("31215205.80")))
    failed = identities(results).filter(~pl.col("passed"))
    assert sorted(set(failed["rule"])) == [
        "expenditure_table_equals_summary",
        "summary_totals_balance",
        "total_row_equals_sum_of_classes",
    ]
    assert set(failed["table_key"]) == {"summary"}
    assert not failed["material"].any()


def test_jiangsu_expenditure_by_use() -> None:
    """收支预算总表 (pp7-9): 当年支出小计 13,649.07 = 基本支出 7,666.68 + 项目支出
    5,853.96 + 单位预留机动经费 128.43万元, each = the 支出预算总表's 合计 of its column
    (p10); 收入合计 = 支出合计; the 财政拨款收支预算总表's 基本支出 (p12) = the
    财政拨款基本支出预算表's 合计 (p13)."""
    results = checked(NPC).checks
    found = row(results, "total_equals_basic_plus_project", "summary", "当年支出小计")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True,
        Decimal("13649.07") * WAN,
        (Decimal("7666.68") + Decimal("5853.96") + Decimal("128.43")) * WAN,
    )
    for where, amount in [("一、基本支出", "7666.68"), ("二、项目支出", "5853.96")]:
        found = row(results, "expenditure_table_equals_summary", "summary", where)
        assert (found["passed"], found["actual"]) == (True, Decimal(amount) * WAN)
    found = row(results, "summary_totals_balance", "summary", "支出合计")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True, Decimal("13649.07") * WAN, Decimal("13649.07") * WAN,
    )  # fmt: skip
    found = row(
        results, "expenditure_table_equals_summary", "appropriation_summary", "一、基本支出"
    )
    assert (found["passed"], found["expected"]) == (True, Decimal("7666.68") * WAN)


def test_jiangsu_basic_and_project_swapped_fail_against_the_expenditure_table() -> None:
    """The summary's 基本支出 printed 7,766.68 and 项目支出 5,753.96 (100万元 moved between
    them): their sum still makes 当年支出小计, but neither is the expenditure table's."""
    items = altered(NPC, "summary", "一、基本支出", "expenditure", Decimal("7766.68") * WAN)
    items = items.with_columns(
        pl.when(
            (pl.col("table_key") == "summary")
            & (pl.col("row_label") == "二、项目支出")
            & (pl.col("column_key") == "expenditure")
        )
        .then(pl.lit(Decimal("5753.96") * WAN).cast(pl.Decimal(18, 2)))
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )
    results = check(items)
    assert row(results, "total_equals_basic_plus_project", "summary", "当年支出小计")["passed"]
    failed = identities(results).filter(~pl.col("passed"))
    assert sorted(failed.select("rule", "row", "actual", "expected").rows()) == [
        ("expenditure_table_equals_summary", "一、基本支出",
         Decimal("7766.68") * WAN, Decimal("7666.68") * WAN),
        ("expenditure_table_equals_summary", "二、项目支出",
         Decimal("5753.96") * WAN, Decimal("5853.96") * WAN),
    ]  # fmt: skip


def test_jiangsu_three_public_with_meetings_and_training() -> None:
    """“三公”经费、会议费、培训费支出预算表 (p20): 合计 2,542.60 = 三公 833.60 + 会议费 1,305.25 +
    培训费 403.75万元; 会议费 printed 1,315.25 breaks it (and nothing else)."""
    grand = "“三公”经费、会议费、培训费合计"
    found = row(checked(NPC).checks, "three_public_total", "three_public", grand)
    assert (found["passed"], found["actual"], found["expected"]) == (
        True,
        Decimal("2542.60") * WAN,
        (Decimal("833.60") + Decimal("1305.25") + Decimal("403.75")) * WAN,
    )
    results = check(altered(NPC, "three_public", "会议费", "budget", Decimal("1315.25") * WAN))
    failed = identities(results).filter(~pl.col("passed"))
    assert failed.select("rule", "row", "actual", "expected").rows() == [
        ("three_public_total", grand, Decimal("2542.60") * WAN, Decimal("2552.60") * WAN)
    ]


def test_jiangsu_income_by_funding_source() -> None:
    """公开01表 and 公开02表 of the 2018 CPPCC tables: 当年收入小计 10,150.48 = 一、财政拨款
    10,070.48 + 三、其他资金 80.00万元; the 收入预算总表's 收入总计 = 一般公共预算资金 小计 +
    其他资金 小计, which is its 其他收入 80.00; its 一般公共预算资金 = the summary's
    1.一般公共预算."""
    results = checked(CPPCC).checks
    found = row(results, "summary_income_equals_sum_of_sources", "summary", "当年收入小计")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True, Decimal("10150.48") * WAN, (Decimal("10070.48") + Decimal("80.00")) * WAN,
    )  # fmt: skip
    found = row(results, "income_total_equals_sum_of_sources", "income", "收入总计")
    assert (found["passed"], found["actual"]) == (True, Decimal("10150.48") * WAN)
    found = row(results, "income_total_equals_sum_of_sources", "income", "其他资金")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True, Decimal("80.00") * WAN, Decimal("80.00") * WAN,
    )  # fmt: skip
    found = row(results, "income_table_equals_summary", "summary", "1.一般公共预算")
    assert (found["passed"], found["actual"]) == (True, Decimal("10070.48") * WAN)
    # 其他资金 printed 90.00 in the summary: its income no longer adds up, nor is it the
    # income table's
    failed = identities(
        check(altered(CPPCC, "summary", "三、其他资金", "income", Decimal("90.00") * WAN))
    ).filter(~pl.col("passed"))
    assert sorted(failed.select("rule", "row").rows()) == [
        ("income_table_equals_summary", "三、其他资金"),
        ("summary_income_equals_sum_of_sources", "当年收入小计"),
    ]


def test_central_budget_balances() -> None:
    """西南大学收支预算总表 (pp6-7): 收入总计 490,808.40 = 本年收入合计 390,140.45 + 使用非财政
    拨款结余 18,953.78 + 上年结转 81,714.17; 支出总计 490,808.40 = 本年支出合计 415,808.40 +
    结转下年 75,000.00万元."""
    results = checked(SWU).checks
    found = row(results, "summary_income_side_balances", "summary", "收入总计")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True,
        Decimal("490808.40") * WAN,
        (Decimal("390140.45") + Decimal("18953.78") + Decimal("81714.17")) * WAN,
    )
    found = row(results, "summary_expenditure_side_balances", "summary", "支出总计")
    assert (found["passed"], found["actual"], found["expected"]) == (
        True, Decimal("490808.40") * WAN, (Decimal("415808.40") + Decimal("75000.00")) * WAN,
    )  # fmt: skip
    assert results.filter(pl.col("rule") == "summary_income_equals_sum_of_sources").height == 1


def test_central_budget_with_the_narratives_balance_fails_immaterially() -> None:
    """The narrative (p9) states 使用非财政拨款结余 as 18,953.73万元; printed so in the summary,
    收入总计 misses it by 0.05万元: beyond the rounding of three figures (150 yuan), below the
    materiality bound (1,000 yuan)."""
    items = altered(SWU, "summary", "使用非财政拨款结余", "income", Decimal("18953.73") * WAN)
    failed = identities(check(items)).filter(~pl.col("passed"))
    assert failed.select("rule", "row", "actual", "expected", "material").rows() == [
        ("summary_income_side_balances", "收入总计", Decimal("490808.40") * WAN,
         Decimal("490808.35") * WAN, False),
    ]  # fmt: skip


def test_wanli_three_public_sums() -> None:
    """部门“三公”经费和机关运行经费预算表 (p31, 万元): 合计 47.91 = 0 + 1.35 + 46.56, 公务用车
    46.56 = 购置 25 + 运行 21.56; 购置费 printed 35 breaks the vehicles' line only."""
    results = checked(WANLI).checks
    found = row(results, "three_public_total", "three_public", "合计")
    assert (found["passed"], found["actual"]) == (True, Decimal("47.91") * WAN)
    found = row(results, "three_public_vehicles", "three_public", "公务用车购置及运行维护费")
    assert (found["passed"], found["expected"]) == (True, Decimal("46.56") * WAN)
    items = altered(WANLI, "three_public", "公务用车购置费", "budget", Decimal("35") * WAN)
    failed = identities(check(items)).filter(~pl.col("passed"))
    assert failed.select("rule", "actual", "expected").rows() == [
        ("three_public_vehicles", Decimal("46.56") * WAN, Decimal("56.56") * WAN)
    ]
