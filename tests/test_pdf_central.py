"""The central-department (中央部门) template PDFs of ../shared/corpus/central/.

西南大学 publishes on the 教育部 template for universities: four tables (收支总表, 收入表,
支出表, 财政拨款支出表), 其中 sub-columns under 事业收入 and 项目支出, 单位名称： lines.
Every expected figure below is typed from the PDF's text layer as printed, in 万元; the
test converts to yuan. Where the text layer drops empty cells, the column of each figure
was worked out from the row sums and the page's character boxes.
"""

import re
import shutil
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl
import pytest

from pipelines.ingest import ingest
from pipelines.normalise.facts import NormalisedDocument
from pipelines.paths import default_corpus_dir
from pipelines.validate.rules import check_tables
from tests.test_pdf_corpus import WAN, expected, read, table

SWU_FINAL = "central/chongqing-swu-2024-final.pdf"
SWU_BUDGET = "central/chongqing-swu-2021-budget.pdf"

Rows = dict[str, tuple[str | None, ...]]


def wan(printed: str) -> Decimal:
    """A figure printed in 万元, in yuan."""
    return Decimal(printed.replace(",", "")) * WAN


def summary_expected(income: dict[str, str], expenditure: dict[str, str]) -> dict:
    """The summary's facts: each side's printed items under ``income`` / ``expenditure``."""
    want = {(row, "income"): wan(v) for row, v in income.items()}
    want |= {(row, "expenditure"): wan(v) for row, v in expenditure.items()}
    return want


def labels_by_code(document: NormalisedDocument, key: str) -> dict[str, str]:
    """The printed label of each coded row of a table."""
    rows = document.line_items.filter(
        (pl.col("table_key") == key) & pl.col("row_code").is_not_null()
    )
    return dict(rows.select("row_code", "row_label").unique().iter_rows())


def pages_of(document: NormalisedDocument, key: str) -> set[int]:
    """The pages a table's facts come from."""
    return set(document.line_items.filter(pl.col("table_key") == key)["page"])


# ---- 西南大学 2024 年度部门决算 (22 pages) ----

# 表1：高等学校收支决算总表, pages 8-9, 万元
SWU_FINAL_SUMMARY_INCOME = {
    "一、财政拨款收入": "279,818.00",
    "其中：政府性基金预算财政拨款": "21,887.50",
    "三、事业收入": "144,017.87",
    "六、其他收入": "53,611.86",
    "其中：捐赠收入": "1,001.99",
    "本年收入合计": "477,447.73",
    "使用非财政拨款结余（含专用结余）": "24,990.38",
    "年初结转和结余": "106,700.90",
    "合计": "609,139.01",
}
SWU_FINAL_SUMMARY_EXPENDITURE = {
    "205": "448,061.80",
    "206": "1,989.00",
    "208": "15,171.49",
    "221": "16,151.67",  # page 9
    "229": "109.50",
    "本年支出合计": "481,483.46",
    "结余分配": "4,335.69",
    "年末结转和结余": "123,319.86",
    "合计": "609,139.01",
}
SWU_FINAL_SUMMARY_LABELS = {
    "205": "五、教育支出",
    "206": "六、科学技术支出",
    "208": "八、社会保障和就业支出",
    "221": "十九、住房保障支出",
    "229": "二十三、其他支出",
}

# 表2：高等学校收入决算表, pages 10-11, 万元. Printed positionally over 本年收入合计 |
# 财政拨款收入 | 上级补助收入 | 事业收入 金额 | 其中：教育收费 | 经营收入 | 附属单位上缴收入 |
# 其他收入; the text layer drops the empty cells (2050202's 1.00 sits under 事业收入 金额,
# 208's 93.68 under 其他收入, by their character boxes).
SWU_FINAL_INCOME_COLUMNS = (
    "total",
    "fiscal_appropriation",
    "superior_subsidy",
    "business",
    "business_tuition",
    "operating",
    "affiliated_remittance",
    "other",
)
_ = None
SWU_FINAL_INCOME: Rows = {
    "205": ("444,291.14", "255,282.10", _, "144,017.87", "81,823.76", _, _, "44,991.16"),
    "20502": ("419,522.12", "230,513.08", _, "144,017.87", "81,823.76", _, _, "44,991.16"),
    "2050202": ("9,489.41", "8,505.98", _, "1.00", _, _, _, "982.43"),
    "2050204": ("27,772.48", "17,710.54", _, "1,044.55", "960.55", _, _, "9,017.39"),
    "2050205": ("382,260.23", "204,296.56", _, "142,972.32", "80,863.21", _, _, "34,991.35"),
    "20506": ("1,170.85", "1,170.85", _, _, _, _, _, _),
    "2050602": ("543.99", "543.99", _, _, _, _, _, _),
    "2050699": ("626.86", "626.86", _, _, _, _, _, _),
    "20598": ("21,778.00", "21,778.00", _, _, _, _, _, _),
    "2059802": ("21,778.00", "21,778.00", _, _, _, _, _, _),
    "20599": ("1,820.17", "1,820.17", _, _, _, _, _, _),
    "2059999": ("1,820.17", "1,820.17", _, _, _, _, _, _),
    "206": ("1,723.93", "1,723.93", _, _, _, _, _, _),  # page 11
    "20602": ("1,723.93", "1,723.93", _, _, _, _, _, _),
    "2060201": ("823.93", "823.93", _, _, _, _, _, _),
    "2060204": ("900.00", "900.00", _, _, _, _, _, _),
    "208": ("15,171.49", "15,077.81", _, _, _, _, _, "93.68"),
    "20805": ("15,171.49", "15,077.81", _, _, _, _, _, "93.68"),
    "2080505": ("9,637.93", "9,575.43", _, _, _, _, _, "62.50"),
    "2080506": ("5,533.56", "5,502.38", _, _, _, _, _, "31.18"),
    "221": ("16,151.67", "7,624.66", _, _, _, _, _, "8,527.01"),
    "22102": ("16,151.67", "7,624.66", _, _, _, _, _, "8,527.01"),
    "2210201": ("15,093.08", "7,443.57", _, _, _, _, _, "7,649.51"),
    "2210203": ("1,058.59", "181.09", _, _, _, _, _, "877.50"),
    "229": ("109.50", "109.50", _, _, _, _, _, _),
    "22960": ("109.50", "109.50", _, _, _, _, _, _),
    "2296004": ("109.50", "109.50", _, _, _, _, _, _),
    "合计": ("477,447.73", "279,818.00", _, "144,017.87", "81,823.76", _, _, "53,611.86"),
}

# 表3：高等学校支出决算表, pages 12-13, 万元: 合计 | 基本支出 | 项目支出 (上缴上级支出,
# 经营支出, 对附属单位补助支出 print nothing)
SWU_FINAL_EXPENDITURE: Rows = {
    "205": ("448,061.80", "335,033.47", "113,028.33"),
    "20502": ("438,769.50", "333,862.62", "104,906.88"),
    "2050202": ("9,692.49", "9,020.75", "671.74"),
    "2050204": ("27,358.41", "26,249.68", "1,108.73"),
    "2050205": ("401,718.61", "298,592.19", "103,126.41"),
    "20506": ("1,170.85", "1,170.85", None),
    "2050602": ("543.99", "543.99", None),
    "2050699": ("626.86", "626.86", None),
    "20598": ("6,304.68", None, "6,304.68"),
    "2059802": ("6,304.68", None, "6,304.68"),
    "20599": ("1,816.77", None, "1,816.77"),
    "2059999": ("1,816.77", None, "1,816.77"),
    "206": ("1,989.00", "823.93", "1,165.07"),
    "20602": ("1,989.00", "823.93", "1,165.07"),  # page 13
    "2060201": ("823.93", "823.93", None),
    "2060204": ("1,165.07", None, "1,165.07"),
    "208": ("15,171.49", "15,171.49", None),
    "20805": ("15,171.49", "15,171.49", None),
    "2080505": ("9,637.93", "9,637.93", None),
    "2080506": ("5,533.56", "5,533.56", None),
    "221": ("16,151.67", "16,151.67", None),
    "22102": ("16,151.67", "16,151.67", None),
    "2210201": ("15,093.08", "15,093.08", None),
    "2210203": ("1,058.59", "1,058.59", None),
    "229": ("109.50", None, "109.50"),
    "22960": ("109.50", None, "109.50"),
    "2296004": ("109.50", None, "109.50"),
    "合计": ("481,483.46", "367,180.56", "114,302.90"),
}

# 表4：高等学校财政拨款支出决算表, pages 14-15, 万元: 合计 | 基本支出 | 项目支出 小计 |
# 其中：基本建设资金支出; 合计 is printed first, on the 类 款 项 header line
SWU_FINAL_APPROPRIATION: Rows = {
    "合计": ("266,783.56", "209,899.51", "56,884.05", "20,466.13"),
    "205": ("241,982.59", "186,373.11", "55,609.48", "20,201.05"),
    "20502": ("232,690.29", "185,202.26", "47,488.03", "13,896.38"),
    "2050202": ("8,627.17", "7,956.98", "670.19", None),
    "2050204": ("17,702.80", "16,778.54", "924.26", None),
    "2050205": ("206,360.32", "160,466.74", "45,893.58", "13,896.38"),
    "20506": ("1,170.85", "1,170.85", None, None),
    "2050602": ("543.99", "543.99", None, None),
    "2050699": ("626.86", "626.86", None, None),
    "20598": ("6,304.68", None, "6,304.68", "6,304.68"),
    "2059802": ("6,304.68", None, "6,304.68", "6,304.68"),
    "20599": ("1,816.77", None, "1,816.77", None),
    "2059999": ("1,816.77", None, "1,816.77", None),
    "206": ("1,989.00", "823.93", "1,165.07", "265.07"),
    "20602": ("1,989.00", "823.93", "1,165.07", "265.07"),  # page 15
    "2060201": ("823.93", "823.93", None, None),
    "2060204": ("1,165.07", None, "1,165.07", "265.07"),
    "208": ("15,077.81", "15,077.81", None, None),
    "20805": ("15,077.81", "15,077.81", None, None),
    "2080505": ("9,575.43", "9,575.43", None, None),
    "2080506": ("5,502.38", "5,502.38", None, None),
    "221": ("7,624.66", "7,624.66", None, None),
    "22102": ("7,624.66", "7,624.66", None, None),
    "2210201": ("7,443.57", "7,443.57", None, None),
    "2210203": ("181.09", "181.09", None, None),
    "229": ("109.50", None, "109.50", None),
    "22960": ("109.50", None, "109.50", None),
    "2296004": ("109.50", None, "109.50", None),
}


def test_swu_final_identity() -> None:
    row = read(SWU_FINAL).document.row(0, named=True)
    assert row["department"] == "西南大学"
    assert (row["fiscal_year"], row["doc_kind"], row["scope"]) == (
        2024,
        "final_accounts",
        "department",
    )
    assert row["page_count"] == 22
    assert row["status"] == "loaded"


def test_swu_final_region_is_not_stated_in_the_document_itself() -> None:
    # its 学校概况 names only 重庆北碚、重庆荣昌两个办学校区: no locality in full
    row = read(SWU_FINAL).document.row(0, named=True)
    assert (row["region"], row["region_source"]) == (None, None)


def test_swu_final_region_from_its_departments_other_document(tmp_path: Path) -> None:
    # loaded beside the 2021 budget (学校主体位于重庆市北碚区), the warehouse gives the 2024
    # final its department's region and names where it came from
    raw = tmp_path / "raw"
    (raw / "central").mkdir(parents=True)
    for name in (SWU_FINAL, SWU_BUDGET):
        shutil.copy(default_corpus_dir() / name, raw / name)
    warehouse = tmp_path / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, warehouse, instance=instance)
    assert report.ok
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT source_file, region, region_source FROM documents ORDER BY source_file"
        ).fetchall()
    assert rows == [
        (SWU_BUDGET, "重庆市北碚区", "narrative"),
        (SWU_FINAL, "重庆市北碚区", f"same_department({SWU_BUDGET})"),
    ]


def test_swu_final_tables() -> None:
    document = read(SWU_FINAL)
    found = {
        r["table_key"]: (r["title"], r["printed_unit"], r["first_page"])
        for r in document.tables.filter(pl.col("status") == "present").iter_rows(named=True)
    }
    assert found == {
        "summary": ("表1：高等学校收支决算总表", "万元", 8),
        "income": ("表2：高等学校收入决算表", "万元", 10),
        "expenditure": ("表3：高等学校支出决算表", "万元", 12),
        "appropriation_expenditure": ("表4：高等学校财政拨款支出决算表", "万元", 14),
    }


def test_swu_final_summary_in_full() -> None:
    document = read(SWU_FINAL)
    assert table(document, "summary") == summary_expected(
        SWU_FINAL_SUMMARY_INCOME, SWU_FINAL_SUMMARY_EXPENDITURE
    )
    assert labels_by_code(document, "summary") == SWU_FINAL_SUMMARY_LABELS
    assert pages_of(document, "summary") == {8, 9}


def test_swu_final_income_table_in_full() -> None:
    document = read(SWU_FINAL)
    assert table(document, "income") == expected(WAN, SWU_FINAL_INCOME, SWU_FINAL_INCOME_COLUMNS)
    assert pages_of(document, "income") == {10, 11}


def test_swu_final_expenditure_table_in_full() -> None:
    document = read(SWU_FINAL)
    assert table(document, "expenditure") == expected(
        WAN, SWU_FINAL_EXPENDITURE, ("total", "basic", "project")
    )
    assert pages_of(document, "expenditure") == {12, 13}


def test_swu_final_appropriation_expenditure_table_in_full() -> None:
    document = read(SWU_FINAL)
    assert table(document, "appropriation_expenditure") == expected(
        WAN,
        SWU_FINAL_APPROPRIATION,
        ("total", "basic", "project", "project_capital_construction"),
    )
    assert pages_of(document, "appropriation_expenditure") == {14, 15}


# ---- 西南大学 2021 年度部门预算 (14 pages) ----

# 西南大学收支预算总表, pages 6-7 (收入总计 / 支出总计 on page 7), 万元;
# 三、事业单位经营收入 prints nothing
SWU_BUDGET_SUMMARY_INCOME = {
    "一、财政拨款": "216,552.53",
    "二、事业收入": "124,020.47",
    "四、其他收入": "49,567.45",
    "其中：捐赠收入": "500.00",
    "本年收入合计": "390,140.45",
    "使用非财政拨款结余": "18,953.78",
    "上年结转": "81,714.17",
    "收入总计": "490,808.40",
}
SWU_BUDGET_SUMMARY_EXPENDITURE = {
    "205": "398,593.09",
    "206": "1,512.90",
    "221": "15,702.41",
    "本年支出合计": "415,808.40",
    "结转下年": "75,000.00",
    "支出总计": "490,808.40",
}
SWU_BUDGET_SUMMARY_LABELS = {
    "205": "一、教育支出",
    "206": "二、科学技术支出",
    "221": "三、住房保障支出",
}

# 西南大学收入预算表, page 7, 万元: 本年收入合计 | 财政拨款收入 | 事业收入 金额 |
# 其中：教育收费 | 其他收入 (2050202's 1,238.25 is 其他收入: 20502's 事业收入 is
# 1,200.00 + 122,820.47 and its 其他收入 1,238.25 + 3,752.45 + 43,550.16)
SWU_BUDGET_INCOME_COLUMNS = (
    "total",
    "fiscal_appropriation",
    "business",
    "business_tuition",
    "other",
)
SWU_BUDGET_INCOME: Rows = {
    "205": ("380,357.51", "207,796.18", "124,020.47", "75,020.47", "48,540.86"),
    "20502": ("377,880.95", "205,319.62", "124,020.47", "75,020.47", "48,540.86"),
    "2050202": ("8,172.97", "6,934.72", None, None, "1,238.25"),
    "2050204": ("17,575.10", "12,622.65", "1,200.00", "1,200.00", "3,752.45"),
    "2050205": ("352,132.88", "185,762.25", "122,820.47", "73,820.47", "43,550.16"),
    "20506": ("1,683.92", "1,683.92", None, None, None),
    "2050602": ("1,683.92", "1,683.92", None, None, None),
    "20599": ("792.64", "792.64", None, None, None),
    "2059999": ("792.64", "792.64", None, None, None),
    "206": ("1,512.90", "1,512.90", None, None, None),
    "20602": ("1,512.90", "1,512.90", None, None, None),
    "2060201": ("812.90", "812.90", None, None, None),
    "2060204": ("700.00", "700.00", None, None, None),
    "221": ("8,270.04", "7,243.45", None, None, "1,026.59"),
    "22102": ("8,270.04", "7,243.45", None, None, "1,026.59"),
    "2210201": ("8,161.12", "7,136.05", None, None, "1,025.07"),
    "2210203": ("108.92", "107.40", None, None, "1.52"),
    "合计": ("390,140.45", "216,552.53", "124,020.47", "75,020.47", "49,567.45"),
}

# 西南大学支出预算表, page 8, 万元: 合计 | 基本支出 | 项目支出 (经营支出 and
# 对下级单位补助支出 print nothing)
SWU_BUDGET_EXPENDITURE: Rows = {
    "205": ("398,593.09", "310,067.63", "88,525.46"),
    "20502": ("395,795.86", "308,383.71", "87,412.15"),
    "2050202": ("9,129.71", "8,638.71", "491.00"),
    "2050204": ("18,354.94", "16,825.10", "1,529.84"),
    "2050205": ("368,311.21", "282,919.90", "85,391.31"),
    "20506": ("1,683.92", "1,683.92", None),
    "2050602": ("1,683.92", "1,683.92", None),
    "20508": ("183.17", None, "183.17"),
    "2050801": ("183.17", None, "183.17"),
    "20599": ("930.14", None, "930.14"),
    "2059999": ("930.14", None, "930.14"),
    "206": ("1,512.90", "812.90", "700.00"),
    "20602": ("1,512.90", "812.90", "700.00"),
    "2060201": ("812.90", "812.90", None),
    "2060204": ("700.00", None, "700.00"),
    "221": ("15,702.41", "15,702.41", None),
    "22102": ("15,702.41", "15,702.41", None),
    "2210201": ("15,076.55", "15,076.55", None),
    "2210203": ("625.86", "625.86", None),
    "合计": ("415,808.40", "326,582.94", "89,225.46"),
}

# 西南大学财政拨款支出预算表, page 9, 万元: 合 计 | 基本支出 | 项目支出 (备注 empty)
SWU_BUDGET_APPROPRIATION: Rows = {
    "205": ("207,796.18", "178,467.95", "29,328.23"),
    "20502": ("205,319.62", "176,784.03", "28,535.59"),
    "2050202": ("6,934.72", "6,443.72", "491.00"),
    "2050204": ("12,622.65", "11,872.65", "750.00"),
    "2050205": ("185,762.25", "158,467.66", "27,294.59"),
    "20506": ("1,683.92", "1,683.92", None),
    "2050602": ("1,683.92", "1,683.92", None),
    "20599": ("792.64", None, "792.64"),
    "2059999": ("792.64", None, "792.64"),
    "206": ("1,512.90", "812.90", "700.00"),
    "20602": ("1,512.90", "812.90", "700.00"),
    "2060201": ("812.90", "812.90", None),
    "2060204": ("700.00", None, "700.00"),
    "221": ("7,243.45", "7,243.45", None),
    "22102": ("7,243.45", "7,243.45", None),
    "2210201": ("7,136.05", "7,136.05", None),
    "2210203": ("107.40", "107.40", None),
    "合计": ("216,552.53", "186,524.30", "30,028.23"),
}


def test_swu_budget_identity() -> None:
    row = read(SWU_BUDGET).document.row(0, named=True)
    assert row["department"] == "西南大学"
    assert (row["fiscal_year"], row["doc_kind"], row["scope"]) == (2021, "budget", "department")
    assert row["page_count"] == 14
    assert row["status"] == "loaded"


def test_swu_budget_region() -> None:
    # page 3: 学校主体位于重庆市北碚区
    assert read(SWU_BUDGET).document.row(0, named=True)["region"] == "重庆市北碚区"


def test_swu_budget_tables() -> None:
    document = read(SWU_BUDGET)
    found = {
        r["table_key"]: (r["title"], r["printed_unit"], r["first_page"])
        for r in document.tables.filter(pl.col("status") == "present").iter_rows(named=True)
    }
    assert found == {
        "summary": ("西南大学收支预算总表", "万元", 6),
        "income": ("西南大学收入预算表", None, 7),  # page 7 prints no 单位：万元
        "expenditure": ("西南大学支出预算表", "万元", 8),
        "appropriation_expenditure": ("西南大学财政拨款支出预算表", "万元", 9),
    }
    # the income table is read in the document's own unit, and says so
    assert document.problems.select("table_key", "message").rows() == [
        ("income", "no unit printed with the table; read as 万元")
    ]


def test_swu_budget_summary_in_full() -> None:
    document = read(SWU_BUDGET)
    assert table(document, "summary") == summary_expected(
        SWU_BUDGET_SUMMARY_INCOME, SWU_BUDGET_SUMMARY_EXPENDITURE
    )
    assert labels_by_code(document, "summary") == SWU_BUDGET_SUMMARY_LABELS
    assert pages_of(document, "summary") == {6, 7}


def test_swu_budget_income_table_in_full() -> None:
    document = read(SWU_BUDGET)
    assert table(document, "income") == expected(WAN, SWU_BUDGET_INCOME, SWU_BUDGET_INCOME_COLUMNS)
    assert pages_of(document, "income") == {7}


def test_swu_budget_expenditure_table_in_full() -> None:
    document = read(SWU_BUDGET)
    assert table(document, "expenditure") == expected(
        WAN, SWU_BUDGET_EXPENDITURE, ("total", "basic", "project")
    )
    assert pages_of(document, "expenditure") == {8}


def test_swu_budget_appropriation_expenditure_table_in_full() -> None:
    document = read(SWU_BUDGET)
    assert table(document, "appropriation_expenditure") == expected(
        WAN, SWU_BUDGET_APPROPRIATION, ("total", "basic", "project")
    )
    assert pages_of(document, "appropriation_expenditure") == {9}


# ---- both documents ----

DROPPED = re.compile(
    r"under no known column|not a column the catalog knows|sub-column the catalog does not"
    r"|with no item|with no label|not loaded"
)
CODED_TABLES = ("income", "expenditure", "appropriation_expenditure")


@pytest.mark.parametrize("name", [SWU_FINAL, SWU_BUDGET])
def test_swu_no_figure_dropped(name: str) -> None:
    document = read(name)
    messages = document.problems["message"].to_list()
    assert [m for m in messages if DROPPED.search(m)] == []
    codes = document.line_items.filter(pl.col("row_code").is_not_null())["row_code"]
    assert sorted({c for c in codes if not re.fullmatch(r"\d{3}(\d{2}){0,2}", c)}) == []
    coded = document.line_items.filter(pl.col("table_key").is_in(CODED_TABLES))
    uncoded = set(coded.filter(pl.col("row_code").is_null())["row_label"])
    assert uncoded == {"合计"}


@pytest.mark.parametrize("name", [SWU_FINAL, SWU_BUDGET])
def test_swu_every_accounting_rule_holds(name: str) -> None:
    document = read(name)
    doc_kind = document.document["doc_kind"][0]
    checks = check_tables(document.document_id, document.line_items, doc_kind)
    assert checks.height > 0
    failed = checks.filter(~pl.col("passed") & (pl.col("severity") == "error"))
    assert failed.is_empty(), failed["message"].to_list()


def _narrative(document: NormalisedDocument, page: int) -> dict[str, tuple]:
    rows = document.narrative.filter((pl.col("page") == page) & ~pl.col("derived"))
    return {
        r["metric"]: (r["amount_yuan"], r["table_key"], r["agrees"])
        for r in rows.iter_rows(named=True)
    }


def test_swu_budget_narrative_opens_under_the_last_table() -> None:
    """Page 9 prints the 财政拨款支出预算表 and, under it, 三、部门预算情况说明: 我校2021年收支
    总预算490,808.40万元，其中本年收入预算390,140.45万元，使用非财政拨款结余18,953.73万元 …;
    the 收支预算总表 (p6) prints 使用非财政拨款结余 18,953.78 (its 收入总计 490,808.40 =
    390,140.45 + 18,953.78 + 81,714.17): the narrative's own slip. Pages 10-12 go on with
    the prose (each prints a chart's percentages, not a table)."""
    document = read(SWU_BUDGET)
    page9 = _narrative(document, 9)
    assert page9["收支总预算"] == (wan("490,808.40"), "summary", True)
    assert page9["收入合计"] == (wan("390,140.45"), "summary", True)
    assert page9["使用非财政拨款结余"] == (wan("18,953.73"), "summary", False)
    assert page9["结转下年"] == (wan("75,000.00"), "summary", True)
    assert _narrative(document, 11)["教育支出"] == (wan("398,593.09"), "summary", True)
    assert set(document.narrative["page"].unique()) == {9, 10, 11, 12}


def test_swu_final_narrative_of_its_appropriations() -> None:
    """Page 17, （四）高等学校财政拨款支出决算表说明: 财政拨款支出总计为266,783.56万元，其中：
    基本支出209,899.51万元 … 项目支出56,884.05万元: the 财政拨款支出决算表's (p12), not the
    支出决算表's 367,180.56 and 114,302.90 stated on the same page under （三）."""
    document = read(SWU_FINAL)
    rows = document.narrative.filter(pl.col("page") == 17)
    linked = {
        (r["section"][:3], r["metric"]): (r["amount_yuan"], r["table_key"], r["agrees"])
        for r in rows.iter_rows(named=True)
        if r["metric"] in ("基本支出", "项目支出")
    }
    assert linked == {
        ("（三）", "基本支出"): (wan("367,180.56"), "expenditure", True),
        ("（三）", "项目支出"): (wan("114,302.90"), "expenditure", True),
        ("（四）", "基本支出"): (wan("209,899.51"), "appropriation_expenditure", True),
        ("（四）", "项目支出"): (wan("56,884.05"), "appropriation_expenditure", True),
    }
