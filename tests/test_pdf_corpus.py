"""Real publications of ../shared/corpus read through the PDF path.

Every expected figure below is typed from the PDF as printed (its text layer, page by
page), in the table's own unit; the test converts to yuan.
"""

from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl
import pytest

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.paths import default_corpus_dir
from pipelines.validate.rules import check_tables

WAN = Decimal(10000)
YUAN = Decimal(1)


@cache
def read(name: str) -> NormalisedDocument:
    path = default_corpus_dir() / name
    assert path.is_file(), f"{path} missing: set FISCAL_CORPUS_DIR"
    return normalise_document(extract_document(document_ref(path, path.parent)))


def table(document: NormalisedDocument, key: str) -> dict:
    rows = document.line_items.filter(pl.col("table_key") == key)
    found: dict = {}
    for r in rows.iter_rows(named=True):
        place = (r["row_code"] or r["row_label"], r["column_key"])
        assert place not in found, f"{key}: {place} twice"
        found[place] = r["amount_yuan"]
    return found


def expected(unit: Decimal, rows: dict[str, tuple[str | None, ...]], columns: tuple[str, ...]):
    result = {}
    for row, printed in rows.items():
        for column, value in zip(columns, printed, strict=True):
            if value is not None:
                result[(row, column)] = Decimal(value.replace(",", "")) * unit
    return result


# ---- 上海市普陀区财政局 2024 年度部门决算 (25 pages, codes in 类 | 款 | 项 columns) ----

PUTUO_FINAL = "putuo-finance-bureau-2024-final.pdf"

# 支出决算表, pages 10-11: (本年支出合计, 基本支出, 项目支出) in 万元
PUTUO_EXPENDITURE = {
    "合计": ("2,940.05", "2,336.91", "603.14"),
    "201": ("2,106.66", "1,503.52", "603.14"),
    "20106": ("2,106.66", "1,503.52", "603.14"),
    "2010601": ("1,511.89", "1,503.52", "8.37"),
    "2010602": ("10.00", None, "10.00"),
    "2010607": ("135.25", None, "135.25"),
    "2010608": ("449.52", None, "449.52"),
    "208": ("326.72", "326.72", None),
    "20805": ("326.72", "326.72", None),
    "2080501": ("84.65", "84.65", None),
    "2080505": ("160.75", "160.75", None),
    "2080506": ("80.38", "80.38", None),
    "2080599": ("0.94", "0.94", None),
    "210": ("60.99", "60.99", None),
    "21011": ("60.99", "60.99", None),
    "2101101": ("60.99", "60.99", None),
    "221": ("445.69", "445.69", None),
    "22102": ("445.69", "445.69", None),
    "2210201": ("187.19", "187.19", None),
    "2210203": ("258.50", "258.50", None),
}


def test_putuo_final_identity() -> None:
    document = read(PUTUO_FINAL).document.row(0, named=True)
    assert document["department"] == "上海市普陀区财政局"
    assert document["region"] == "上海市普陀区"
    assert (document["fiscal_year"], document["doc_kind"], document["scope"]) == (
        2024,
        "final_accounts",
        "department",
    )
    assert document["page_count"] == 25
    assert document["status"] == "loaded"


def test_putuo_final_expenditure_table_in_full() -> None:
    document = read(PUTUO_FINAL)
    assert table(document, "expenditure") == expected(
        WAN, PUTUO_EXPENDITURE, ("total", "basic", "project")
    )
    pages = dict(
        document.line_items.filter(pl.col("table_key") == "expenditure")
        .select("row_code", "page")
        .unique()
        .iter_rows()
    )
    assert pages["2010601"] == 10 and pages["2080599"] == 11  # the table spans two pages


def test_putuo_final_summary() -> None:
    summary = table(read(PUTUO_FINAL), "summary")
    assert summary[("一、一般公共预算财政拨款收入", "income")] == Decimal("2940.05") * WAN
    assert summary[("八、其他收入", "income")] == Decimal("6.20") * WAN
    # the summary prints 326.71 for 208 where the expenditure table prints 326.72
    assert summary[("208", "expenditure")] == Decimal("326.71") * WAN
    assert summary[("本年收入合计", "income")] == Decimal("2946.25") * WAN
    assert summary[("年初结转和结余", "income")] == Decimal("49.14") * WAN  # page 7
    assert summary[("年末结转和结余", "expenditure")] == Decimal("55.34") * WAN
    assert (
        summary[("总计", "income")] == summary[("总计", "expenditure")] == Decimal("2995.39") * WAN
    )


def test_putuo_final_tables_and_checks() -> None:
    document = read(PUTUO_FINAL)
    status = dict(document.tables.select("table_key", "status").iter_rows())
    assert status == {
        "summary": "present",
        "income": "present",
        "expenditure": "present",
        "appropriation_summary": "present",
        "gpb_expenditure": "present",
        "gpb_basic_expenditure": "present",
        "three_public": "present",
        "gov_fund": "empty",
        "state_capital": "empty",
        "statistics": "absent",
        "appropriation_expenditure": "absent",
        "appropriation_basic_expenditure": "absent",
    }
    assert document.problems.is_empty()
    checks = check_tables(document.document_id, document.line_items)
    assert checks.filter(~pl.col("passed")).is_empty()
    basic = table(document, "gpb_basic_expenditure")
    assert basic[("30101", "amount")] == Decimal("262.33") * WAN  # 类 301 | 款 01
    assert basic[("30202", "amount")] == Decimal("7.61") * WAN
    three = table(document, "three_public")
    assert three == {
        ("合计", "budget"): Decimal("9500.00"),
        ("公务接待费", "budget"): Decimal("9500.00"),
    }


# ---- 万里街道 2024 年部门预算 (tables in 元, repeated headers, a 合计 row alone on a page) ----

WANLI_2024 = "putuo-wanli-subdistrict-2024-budget.pdf"

# 2024年部门财务收支预算总表, page 10, 元
WANLI_SUMMARY_INCOME = {
    "一、财政拨款收入": "156,211,123",
    "1.一般公共预算资金": "156,211,123",
    "收入总计": "156,211,123",
}
WANLI_SUMMARY_EXPENDITURE = {
    "201": "2,932,700",
    "204": "1,633,000",
    "205": "250,000",
    "206": "100,000",
    "207": "200,000",
    "208": "19,604,064",
    "210": "3,223,657",
    "212": "119,385,303",
    "221": "8,882,399",
    "支出总计": "156,211,123",
}


def test_wanli_2024_summary_in_full() -> None:
    document = read(WANLI_2024)
    want = {(k, "income"): Decimal(v.replace(",", "")) for k, v in WANLI_SUMMARY_INCOME.items()}
    want |= {
        (k, "expenditure"): Decimal(v.replace(",", ""))
        for k, v in WANLI_SUMMARY_EXPENDITURE.items()
    }
    assert table(document, "summary") == want
    row = document.document.row(0, named=True)
    assert (row["department"], row["fiscal_year"], row["doc_kind"]) == (
        "上海市普陀区人民政府万里街道办事处",
        2024,
        "budget",
    )


def test_wanli_2024_three_public_in_wan_yuan() -> None:
    # 部门“三公”经费和机关运行经费预算表, page 31, 单位:万元
    assert table(read(WANLI_2024), "three_public") == {
        ("合计", "budget"): Decimal("47.91") * WAN,
        ("因公出国（境）费", "budget"): Decimal("0") * WAN,
        ("公务接待费", "budget"): Decimal("1.35") * WAN,
        ("公务用车购置及运行维护费", "budget"): Decimal("46.56") * WAN,
        ("公务用车购置费", "budget"): Decimal("25") * WAN,
        ("公务用车运行维护费", "budget"): Decimal("21.56") * WAN,
        ("机关运行经费", "budget"): Decimal("443.18") * WAN,
    }


def test_wanli_2024_closing_row_alone_on_a_page() -> None:
    income = table(read(WANLI_2024), "income")
    # page 15 holds only: 合计 156,211,123 156,211,123 0 0 0
    assert income[("合计", "total")] == Decimal("156211123")
    assert income[("合计", "business")] == Decimal("0")
    assert income[("2120104", "total")] == Decimal("6043390")  # 城管执法, page 14


def test_wanli_2024_every_identity_holds() -> None:
    document = read(WANLI_2024)
    assert document.problems.is_empty()
    checks = check_tables(document.document_id, document.line_items)
    assert checks.height > 500
    assert checks.filter(~pl.col("passed")).is_empty()


# ---- 江苏省人大常委会办公厅 2019 部门预算, tables half (A3 pages with /Rotate 90) ----

JIANGSU_TABLES = "jiangsu-npc-office-2019-budget-tables.pdf"

# 公开表七 一般公共预算支出预算表（功能科目）, page 7, 万元
JIANGSU_GPB = {
    "合计": "18,330.37",
    "201": "13,907.78",
    "20101": "13,907.78",
    "2010101": "7,448.20",
    "2010102": "2,464.02",
    "2010104": "1,469.73",
    "2010105": "729.00",
    "2010106": "376.88",
    "2010107": "363.38",
    "2010108": "385.52",
    "2010109": "42.75",
    "2010199": "628.30",
    "208": "1,121.39",
    "20805": "1,121.39",
    "2080504": "271.45",
    "2080505": "607.10",
    "2080506": "242.84",
    "221": "3,301.20",
    "22102": "3,301.20",
    "2210201": "752.90",
    "2210202": "2,548.30",
}


def test_jiangsu_rotated_gpb_table_in_full() -> None:
    document = read(JIANGSU_TABLES)
    assert table(document, "gpb_expenditure") == expected(
        WAN, {k: (v,) for k, v in JIANGSU_GPB.items()}, ("total",)
    )
    pages = set(document.line_items.filter(pl.col("table_key") == "gpb_expenditure")["page"])
    assert pages == {7}
    numbers = dict(document.tables.select("table_key", "number").iter_rows())
    assert numbers["gpb_expenditure"] == "公开表七"


def test_jiangsu_tables_half_identity_and_part() -> None:
    row = read(JIANGSU_TABLES).document.row(0, named=True)
    assert (row["department"], row["fiscal_year"], row["doc_kind"], row["part"]) == (
        "江苏省人大常委会办公厅",
        2019,
        "budget",
        "tables",
    )
    narrative = read("jiangsu-npc-office-2019-budget-text.pdf").document.row(0, named=True)
    assert narrative["part"] == "narrative" and narrative["status"] == "loaded"
    assert narrative["publication_id"] == row["publication_id"]


def test_jiangsu_three_public_with_meetings_and_training() -> None:
    # 公开表九 “三公”经费、会议费、培训费支出预算表, page 9, 万元:
    # 2,600.71 | 767.60 | 199.25 | 183.60 | (empty) | 183.60 | 384.75 | 1,469.73 | 363.38
    assert table(read(JIANGSU_TABLES), "three_public") == {
        ("“三公”经费、会议费、培训费合计", "budget"): Decimal("2600.71") * WAN,
        ("合计", "budget"): Decimal("767.60") * WAN,
        ("因公出国（境）费", "budget"): Decimal("199.25") * WAN,
        ("公务用车购置及运行维护费", "budget"): Decimal("183.60") * WAN,
        ("公务用车运行维护费", "budget"): Decimal("183.60") * WAN,
        ("公务接待费", "budget"): Decimal("384.75") * WAN,
        ("会议费", "budget"): Decimal("1469.73") * WAN,
        ("培训费", "budget"): Decimal("363.38") * WAN,
    }


def test_blank_template_is_not_loaded() -> None:
    document = read("shanghai-final-accounts-template-2024.pdf")
    assert document.status == "quarantined"
    assert "blank template" in document.document["status_reason"][0]
    assert document.line_items.is_empty()


@pytest.mark.parametrize(
    "name",
    sorted(
        p.relative_to(default_corpus_dir()).as_posix()
        for p in default_corpus_dir().rglob("*.pdf")
        if "altered" not in p.name and "template" not in p.name
    )
    if default_corpus_dir().is_dir()
    else [],
)
def test_genuine_documents_load_without_failed_identities(name: str) -> None:
    document = read(name)
    assert document.status == "loaded", document.document["status_reason"][0]
    checks = check_tables(document.document_id, document.line_items)
    failed = checks.filter(~pl.col("passed"))
    assert failed.is_empty(), failed["message"].to_list()
    assert document.problems["message"].to_list() == GENUINE_NOTES.get(name, [])


# What the reader reports of a genuine document, as its PDF prints it: 西南大学收入预算表
# (2021 budget, p7) prints no unit, where every other table of the file prints 万元.
GENUINE_NOTES = {
    "central/chongqing-swu-2021-budget.pdf": ["no unit printed with the table; read as 万元"],
}


def test_corpus_is_found(corpus_dir: Path) -> None:
    assert len(list(corpus_dir.rglob("*.pdf"))) == 18  # 16 at the top, 2 under central/


def test_putuo_2025_budget_empty_tables_printed_with_a_note() -> None:
    """Pages 17 and 18 print 2025年部门政府性基金预算支出功能分类预算表 and …国有资本经营预算
    支出功能分类预算表 over a header alone, with 注:本部门2025年无…故本表为空表: printed, empty."""
    document = read("putuo-finance-bureau-2025-budget.pdf")
    tables = {
        r["table_key"]: (r["status"], r["first_page"], r["no_data_note"])
        for r in document.tables.iter_rows(named=True)
    }
    assert tables["gov_fund"] == ("empty", 17, True)
    assert tables["state_capital"] == ("empty", 18, True)
    assert [(t.table_key, t.page) for t in document.listed][5:7] == [
        ("gov_fund", 2), ("state_capital", 2),
    ]  # fmt: skip
