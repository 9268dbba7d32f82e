"""The narrative (情况说明) of real corpus PDFs, read from their pages without tables.

Every expected figure is typed from the PDF as printed (万元 in the sentence, the table's
own unit in the table), with the page it is printed on; the test converts to yuan.
"""

from decimal import Decimal
from functools import cache
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.extract.model import ExtractedDocument
from pipelines.extract.narrative import NarrativeFigure
from pipelines.extract.pdf_source import narrative_paragraphs
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.normalise.narrative_links import agrees
from pipelines.paths import default_corpus_dir
from pipelines.warehouse.load import load_document

WAN = Decimal(10000)
PUTUO_FINAL = "putuo-finance-bureau-2024-final.pdf"
WANLI_2024 = "putuo-wanli-subdistrict-2024-budget.pdf"
PUTUO_BUDGET = "putuo-finance-bureau-2025-budget.pdf"
CPPCC_TEXT = "jiangsu-cppcc-office-2019-budget-text.pdf"
CPPCC_TABLES = "jiangsu-cppcc-office-2019-budget-tables.pdf"


def wan(printed: str) -> Decimal:
    return Decimal(printed.replace(",", "")) * WAN


@cache
def read(name: str) -> tuple[ExtractedDocument, NormalisedDocument]:
    """A corpus PDF read once per test session (about a second each)."""
    path = default_corpus_dir() / name
    assert path.is_file(), f"{path} missing: set FISCAL_CORPUS_DIR"
    extracted = extract_document(document_ref(path, path.parent))
    return extracted, normalise_document(extracted)


def stated(name: str, metric: str, year: int, derived: bool = False) -> list[NarrativeFigure]:
    """The figures of a document's narrative with this metric and year."""
    extracted, _ = read(name)
    return [
        f
        for f in extracted.narrative
        if f.metric == metric and f.fiscal_year == year and f.derived is derived
    ]


def one(name: str, metric: str, year: int, derived: bool = False) -> NarrativeFigure:
    found = stated(name, metric, year, derived)
    assert len(found) == 1, f"{metric} {year}: {found}"
    return found[0]


def linked(name: str, metric: str, year: int) -> dict:
    """The reconciled row of a stated figure (its table figure and ``agrees``)."""
    _, normalised = read(name)
    rows = normalised.narrative.filter(
        (pl.col("metric") == metric) & (pl.col("fiscal_year") == year) & ~pl.col("derived")
    )
    assert rows.height >= 1, f"{metric} {year}"
    return rows.row(0, named=True)


# ---- 上海市普陀区财政局 2024 年度部门决算 (narrative on pages 21-24) ----


def test_putuo_appropriation_total_disagrees_with_its_table() -> None:
    """p21: 财政拨款收入支出总计0.3万元 (…持平); the 财政拨款收入支出决算总表 (p13) prints
    总计 2,961.68 (本年收入合计 2,940.05 plus 年初结转和结余 21.63): the source disagrees with
    itself, and the figure is recorded beside its table figure, not resolved."""
    figure = one(PUTUO_FINAL, "财政拨款收入支出总计", 2024)
    assert (figure.amount_yuan, figure.page) == (wan("0.3"), 21)
    row = linked(PUTUO_FINAL, "财政拨款收入支出总计", 2024)
    assert (row["table_key"], row["table_row"], row["table_column"]) == (
        "appropriation_summary",
        "总计",
        "income",
    )
    assert row["table_amount_yuan"] == wan("2,961.68")
    assert row["agrees"] is False


def test_putuo_has_no_other_disagreement() -> None:
    _, normalised = read(PUTUO_FINAL)
    linked_rows = normalised.narrative.filter(pl.col("agrees").is_not_null())
    assert linked_rows.height >= 15
    assert linked_rows.filter(~pl.col("agrees"))["metric"].to_list() == ["财政拨款收入支出总计"]


@pytest.mark.parametrize(
    ("metric", "printed", "page", "table", "table_printed"),
    [
        # p21 上海市普陀区财政局2024年度收入支出总计2995.39万元; 收入支出决算总表 (p7) 总计 2,995.39
        ("收入支出总计", "2995.39", 21, ("summary", "总计", "income"), "2,995.39"),
        # p21 本年收入合计2946.25万元，其中：…其他收入6.2万元，占0.21%
        ("收入合计", "2946.25", 21, ("summary", "本年收入合计", "income"), "2,946.25"),
        ("其他收入", "6.2", 21, ("summary", "其他收入", "income"), "6.20"),
        # p21 基本支出2336.91万元，占79.49%; 支出决算表 (p10) 合计 基本支出 2,336.91
        ("基本支出", "2336.91", 21, ("expenditure", "合计", "basic"), "2,336.91"),
        # p21 一般公共服务支出（类）2106.66万元，占71.73%
        ("一般公共服务支出（类）", "2106.66", 21, ("gpb_expenditure", "201", "total"), "2,106.66"),
        # p23 人员经费2152.26万元; 基本支出决算表 (p17) 人员经费合计 2,152.26
        (
            "人员经费",
            "2152.26",
            23,
            ("gpb_basic_expenditure", "人员经费合计", "amount"),
            "2,152.26",
        ),
        # p24 机关运行经费支出184.65万元 (= 公用经费合计 184.65, p17)
        (
            "机关运行经费支出",
            "184.65",
            24,
            ("gpb_basic_expenditure", "公用经费合计", "amount"),
            "184.65",
        ),
    ],
)
def test_putuo_figures_agree_with_their_tables(metric, printed, page, table, table_printed) -> None:
    figure = stated(PUTUO_FINAL, metric, 2024)[0]
    assert (figure.amount_yuan, figure.page) == (wan(printed), page)
    row = linked(PUTUO_FINAL, metric, 2024)
    assert (row["table_key"], row["table_row"], row["table_column"]) == table
    assert row["table_amount_yuan"] == wan(table_printed)
    assert row["agrees"] is True


def test_putuo_changes_and_prior_year() -> None:
    # p21 与2023年度相比，收入支出总计减少56.95万元，下降1.87%
    change = one(PUTUO_FINAL, "收入支出总计较上年增减", 2024)
    assert (change.amount_yuan, change.ratio, change.page) == (
        -wan("56.95"),
        Decimal("-0.0187"),
        21,
    )
    # 2023: 2995.39 + 56.95
    assert one(PUTUO_FINAL, "收入支出总计", 2023, derived=True).amount_yuan == wan("3052.34")
    # p24 机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%: 2023 = 182.10
    prior = one(PUTUO_FINAL, "机关运行经费支出", 2023, derived=True)
    assert (prior.amount_yuan, prior.page) == (wan("182.10"), 24)
    assert one(PUTUO_FINAL, "机关运行经费支出较上年增减", 2024).ratio == Decimal("0.0140")


def test_putuo_lines_broken_mid_figure_are_joined() -> None:
    # p21: "…住房保障支出（类）445.69万元，占" / "15.16%；" on the next line
    assert one(PUTUO_FINAL, "住房保障支出（类）", 2024).ratio == Decimal("0.1516")
    # p22: "…年初预算为" / "161.62万元，支出决算为160.75万元。", under its item's name
    item = (
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）"
    )
    budget = one(PUTUO_FINAL, item + "年初预算", 2024)
    assert (budget.amount_yuan, budget.page) == (wan("161.62"), 22)
    assert one(PUTUO_FINAL, item + "决算", 2024).amount_yuan == wan("160.75")
    # p21: 完成年初预算的98.20%
    assert one(PUTUO_FINAL, "一般公共预算财政拨款支出完成率", 2024).ratio == Decimal("0.9820")


def test_putuo_titles_and_thresholds() -> None:
    path = default_corpus_dir() / PUTUO_FINAL
    paragraphs = narrative_paragraphs(path, [21])
    # the part's title is set over two lines (…部门决算情况 / 说明): one heading
    assert paragraphs[0].text == "第三部分上海市普陀区财政局2024年度部门决算情况说明"
    assert paragraphs[0].heading
    # p24 单价100万元（含）以上设备: a threshold, not a figure
    extracted, _ = read(PUTUO_FINAL)
    assert not [f for f in extracted.narrative if f.amount_yuan == wan("100")]


# ---- 上海市普陀区人民政府万里街道办事处 2024 年部门预算 (tables in 元) ----


def test_wanli_budget_totals_agree_at_the_narratives_precision() -> None:
    # p6 收入预算15621.11万元; 财务收支预算总表 (p10) 收入总计 156,211,123 元
    figure = one(WANLI_2024, "收入预算", 2024)
    assert (figure.amount_yuan, figure.page) == (wan("15621.11"), 6)
    row = linked(WANLI_2024, "收入预算", 2024)
    assert (row["table_key"], row["table_row"], row["table_amount_yuan"], row["agrees"]) == (
        "summary",
        "收入总计",
        Decimal("156211123"),
        True,
    )
    _, normalised = read(WANLI_2024)
    assert normalised.narrative.filter(pl.col("agrees") == False).is_empty()  # noqa: E712


def test_wanli_changes_on_the_prior_years_budget() -> None:
    # p6 财政拨款收入15621.11万元，比2023年预算减少876.75万元
    change = one(WANLI_2024, "财政拨款收入较上年增减", 2024)
    assert (change.amount_yuan, change.page) == (-wan("876.75"), 6)
    # the 2023 budget: 15621.11 + 876.75 (its own narrative prints 财政拨款收入16497.86万元)
    assert one(WANLI_2024, "财政拨款收入", 2023, derived=True).amount_yuan == wan("16497.86")
    # p32 2024年“三公”经费预算数为47.91万元，比2023年预算增加25万元 (2023: 22.91)
    metric = "“三公”经费财政拨款支出全年预算"
    assert one(WANLI_2024, metric, 2024).page == 32
    assert one(WANLI_2024, metric, 2023, derived=True).amount_yuan == wan("22.91")
    row = linked(WANLI_2024, metric, 2024)
    assert (row["table_key"], row["table_amount_yuan"], row["agrees"]) == (
        "three_public",
        wan("47.91"),
        True,
    )


def test_wanli_items_and_stated_prior_year() -> None:
    item = "“一般公共服务支出（类）统计信息事务（款）专项普查活动（项）”"
    # p6 1.“…专项普查活动（项）”25.77万元 … 2023年当年预算执行数为60.13万元
    assert one(WANLI_2024, item, 2024).amount_yuan == wan("25.77")
    executed = one(WANLI_2024, item + "预算执行数", 2023)  # stated, not derived
    assert (executed.amount_yuan, executed.page) == (wan("60.13"), 6)
    # p7 a name longer than 40 characters keeps its start
    long_item = (
        "“社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）”"
    )
    figure = one(WANLI_2024, long_item, 2024)
    assert (figure.amount_yuan, figure.page) == (wan("460.85"), 7)
    # p32 机关运行经费预算为443.18万元; the 三公 table (p31) prints 机关运行经费 443.18
    row = linked(WANLI_2024, "机关运行经费预算", 2024)
    assert (row["table_key"], row["table_row"], row["agrees"]) == (
        "three_public",
        "机关运行经费",
        True,
    )


def test_text_clipped_off_a_page_is_not_read_twice() -> None:
    """普陀区财政局 2025: pages 7 and 8 both hold items 1-11 in their text layers, each
    page clipping away what the other shows; item 11 is printed on page 8 only."""
    item = "“住房保障支出（类）住房改革支出（款）购房补贴（项）”"
    figure = one(PUTUO_BUDGET, item, 2025)
    assert (figure.amount_yuan, figure.page) == (wan("268.77"), 8)
    # p7 收入预算3,121.42万元; 财务收支预算总表 (p9) 收入总计 31,214,205.80 元
    row = linked(PUTUO_BUDGET, "收入预算", 2025)
    assert (row["table_amount_yuan"], row["agrees"]) == (Decimal("31214205.80"), True)


# ---- 江苏省政协办公厅 2019: the narrative and the tables in two files ----


def test_narrative_half_names_the_table_figure_to_look_for() -> None:
    # p11 江苏省政协办公厅本年收入预算合计 13,377.11 万元
    figure = one(CPPCC_TEXT, "收入预算合计", 2019)
    assert (figure.amount_yuan, figure.page) == (wan("13,377.11"), 11)
    row = linked(CPPCC_TEXT, "收入预算合计", 2019)
    assert (row["table_key"], row["table_row"], row["table_column"]) == (
        "summary",
        "收入合计",
        "income",
    )
    assert (row["table_amount_yuan"], row["agrees"]) == (None, None)


@pytest.fixture(scope="module")
def cppcc_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2019 publication's two files loaded into a fresh warehouse."""
    path = tmp_path_factory.mktemp("narrative") / "fiscal.duckdb"
    with duckdb.connect(str(path)) as conn:
        for name in (CPPCC_TEXT, CPPCC_TABLES):
            load_document(conn, read(name)[1])
    return path


def test_narrative_half_is_reconciled_across_the_publication(cppcc_warehouse: Path) -> None:
    with duckdb.connect(str(cppcc_warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT metric, amount_yuan, table_amount_yuan, agrees, found_in "
            "FROM v_narrative_reconciliation WHERE metric IN (?, ?, ?) ORDER BY metric",
            ["收入预算合计", "会议费预算支出", "一般公共服务支出"],
        ).fetchall()
        disagreements = conn.execute(
            "SELECT count(*) FROM v_narrative_reconciliation WHERE NOT agrees"
        ).fetchone()[0]
    assert rows == [
        # p10 1.一般公共服务（类）支出 10,271.56 万元; 收支预算总表 201 一般公共服务支出 10,271.56
        ("一般公共服务支出", wan("10,271.56"), wan("10,271.56"), True, "publication"),
        # p16 会议费预算支出 1,282.56 万元; “三公”经费、会议费、培训费表 会议费 1,282.56
        ("会议费预算支出", wan("1,282.56"), wan("1,282.56"), True, "publication"),
        # p11 本年收入预算合计 13,377.11 万元; 收支预算总表 收入合计 13,377.11
        ("收入预算合计", wan("13,377.11"), wan("13,377.11"), True, "publication"),
    ]
    assert disagreements == 0


def test_rounding_to_the_printed_precision() -> None:
    assert agrees(wan("15621.11"), Decimal("156211123"))  # 15,621.1123 万元
    assert agrees(wan("6.2"), wan("6.20"))
    assert not agrees(wan("0.3"), wan("2961.68"))
    assert not agrees(Decimal(0), wan("0.30"))  # a narrative's 0 is not 0.30
    assert agrees(Decimal(0), Decimal("40"))  # 0.004 万元 prints as 0.00


def test_wanli_vehicles_held_and_to_buy() -> None:
    # p32: 截至2023年8月31日，…共有车辆7辆，其中：…其他用车7辆 … 2024年部门预算安排购置车辆1辆，
    # 其中：…其他用车1辆
    name = "putuo-wanli-subdistrict-2024-budget.pdf"
    counts = {
        f.metric: (f.quantity, f.page)
        for f in read(name)[0].narrative
        if f.quantity is not None and f.metric.endswith(("车辆数", "其他用车数"))
    }
    assert counts == {
        "车辆数": (Decimal(7), 32),
        "其他用车数": (Decimal(7), 32),
        "购置车辆数": (Decimal(1), 32),
        "购置其他用车数": (Decimal(1), 32),
    }
