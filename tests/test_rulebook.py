"""The whole rulebook on the real Putuo final accounts: the genuine publication and the
altered copy (pipelines/catalog/rules.toml; /work/shared/corpus/MANIFEST.csv: "a copy of the
one above with deliberately injected errors; validation must flag them").

Both PDFs are ingested in ONE ``fiscal ingest`` run into a temporary warehouse. Every
expected value below was typed from the PDFs' text layer (pypdfium2, page numbers 1-based);
``test_the_pinned_values_are_printed_where_the_tests_say`` reads the pages again, so a
pinned page or figure that is not where this file says fails on its own, whatever the
pipeline does.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import duckdb
import pypdfium2 as pdfium
import pytest

from pipelines.paths import default_corpus_dir
from tests.conftest import fiscal, fiscal_env

GENUINE = "putuo-finance-bureau-2024-final.pdf"
ALTERED = "putuo-finance-bureau-2024-final-altered.pdf"
WAN = Decimal(10000)  # yuan per 万元, the unit every Putuo table prints

# -- where each pinned value is printed (the PDFs' text, whitespace removed) -----------------
# (file, page, text the page prints)
PRINTED = [
    # the cover: department, year and kind every restatement must agree with
    (ALTERED, 1, "上海市普陀区财政局2024年度部门决算"),
    # identity: the department replaced by XX in the heading of the tables part
    (ALTERED, 7, "第二部分上海市普陀区XX局2024年度部门决算表"),
    # identity: the narrative part's heading names 2023
    (ALTERED, 18, "第三部分上海市普陀区财政局2023年度部门决算情况说明"),
    # identity: the asset count is dated at the end of 2023, not of the fiscal year 2024
    (ALTERED, 24, "截至2023年12月31日，上海市普陀区财政局共有车辆0"),
    # the summary's title broken in the text layer: 收入支出决算总 / heading / 表
    (ALTERED, 7, "收入支出决算总第二部分上海市普陀区XX局2024年度部门决算表表单位：万元"),
    # the 三公 table: its header, and no figure after the 预算数/决算数 row
    (ALTERED, 15, "预算数决算数" * 6),
    # narrative_change: 收入支出总计 stated 0万元, with 减少56.95万元 and 下降1.87%
    (
        ALTERED,
        18,
        "上海市普陀区财政局2024年度收入支出总计0万元。"
        "与2023年度相比，收入支出总计减少56.95万元，下降1.87%",
    ),
    # narrative_comparison: 行政运行 1511.89 against 年初预算 1560.05, said 大于
    (ALTERED, 19, "年初预算为1560.05万元，支出决算为1511.89万元。决算数大于预算数"),
    # narrative_comparison: 职业年金 80.38 against 80.81, said 大于
    (ALTERED, 20, "年初预算为80.81万元，支出决算为80.38万元。决算数大于预算数"),
    # narrative_comparison: 行政单位医疗 60.99 against 62.29, said 等于
    (ALTERED, 21, "年初预算为62.29万元，支出决算为60.99万元。决算数等于预算数"),
    # the genuine summary (its title intact, on page 6)
    (GENUINE, 6, "第二部分上海市普陀区财政局2024年度部门决算表收入支出决算总表单位：万元"),
    (GENUINE, 10, "支出决算表单位：万元"),
    # the genuine 财政拨款收入支出决算总表: 总计 2,961.68 on both sides
    (GENUINE, 13, "总计2,961.68总计2,961.682,961.68"),
    # the genuine narrative's misprint: 财政拨款收入支出总计 0.3万元
    (GENUINE, 21, "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。"),
    # the genuine 三公 table: 0.95 under 合计/预算数 and under 公务接待费/预算数 (by the
    # characters' x positions: 54 and 712 pt, the 预算数 headers at 32 and 690 pt)
    (GENUINE, 18, "预算数决算数" * 6 + "0.950.95"),
]


@cache
def page_lines(name: str, page: int) -> tuple[str, ...]:
    """The text layer of one page (1-based), line by line."""
    document = pdfium.PdfDocument(str(default_corpus_dir() / name))
    try:
        text = document[page - 1].get_textpage().get_text_range()
    finally:
        document.close()
    return tuple(line.strip() for line in text.splitlines())


def page_text(name: str, page: int) -> str:
    """The text layer of one page (1-based), without whitespace."""
    return re.sub(r"\s", "", "".join(page_lines(name, page)))


def page_count(name: str) -> int:
    document = pdfium.PdfDocument(str(default_corpus_dir() / name))
    try:
        return len(document)
    finally:
        document.close()


@pytest.mark.parametrize(("name", "page", "printed"), PRINTED)
def test_the_pinned_values_are_printed_where_the_tests_say(
    name: str, page: int, printed: str
) -> None:
    assert printed in page_text(name, page)


@pytest.mark.parametrize(("name", "pages"), [(GENUINE, [2, 10]), (ALTERED, [2])])
def test_where_the_expenditure_table_is_titled(name: str, pages: list[int]) -> None:
    """支出决算表 was removed from the altered copy: only its table of contents (page 2,
    三、支出决算表) still names it; the genuine file prints it on page 10."""
    titled = [
        page
        for page in range(1, page_count(name) + 1)
        if any(
            re.sub(r"^[一二三四五六七八九十]+、|\s", "", line) == "支出决算表"
            for line in page_lines(name, page)
        )
    ]
    assert titled == pages


def test_the_altered_three_public_table_prints_no_figure() -> None:
    text = page_text(ALTERED, 15)
    assert text.startswith("财政拨款“三公”经费支出决算表单位：万元")
    assert text.endswith("预算数决算数" * 6)
    assert not re.search(r"\d", text)
    assert not re.search(r"本表无数据|没有", text)  # and no reason given


# -- the warehouse both were ingested into --------------------------------------------------


@dataclass(frozen=True)
class Ingested:
    warehouse: Path
    env: dict[str, str]
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    base = tmp_path_factory.mktemp("rulebook")
    raw = base / "raw"
    raw.mkdir()
    for name in (GENUINE, ALTERED):
        shutil.copy(default_corpus_dir() / name, raw / name)
    env = fiscal_env(base / "dagster")
    warehouse = base / "fiscal.duckdb"
    result = fiscal("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=env)
    return Ingested(warehouse, env, result)


@pytest.fixture(scope="module")
def warehouse(ingested: Ingested) -> Path:
    assert ingested.result.returncode == 0, ingested.result.stderr
    return ingested.warehouse


@dataclass(frozen=True)
class Row:
    rule: str
    severity: str
    passed: bool
    expected: Decimal | None
    actual: Decimal | None
    table_key: str | None
    row: str | None
    page: int | None
    message: str


def check_rows(warehouse: Path, source_file: str, failed_only: bool = True) -> list[Row]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            'SELECT rule, severity, passed, expected, actual, table_key, "row", page, message '
            "FROM check_results JOIN documents USING (document_id) "
            "WHERE source_file = ? AND (NOT passed OR NOT ?) "
            'ORDER BY page NULLS LAST, rule, table_key, "row"',
            [source_file, failed_only],
        ).fetchall()
    return [Row(*row) for row in rows]


def document_id(warehouse: Path, source_file: str) -> str:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "SELECT document_id FROM documents WHERE source_file = ?", [source_file]
        ).fetchone()[0]


def verification(warehouse: Path, source_file: str) -> tuple[str, int, int]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "SELECT verification, failed_errors, failed_warnings FROM v_documents "
            "WHERE source_file = ?",
            [source_file],
        ).fetchone()


def test_both_files_load(ingested: Ingested) -> None:
    result = ingested.result
    assert result.returncode == 0, result.stderr
    assert "2 found, 2 loaded, 0 quarantined, 0 failed" in result.stdout
    # the altered copy: 3 identity + 2 missing tables (errors); 三公 blank, one change,
    # three comparisons, the placeholder XX局 of page 7, the doubled 。。 of page 25, and
    # the original's share 71.73% (p19); the genuine one: its 0.3万元 and 71.73% (warnings)
    assert "Failed checks: 5 errors, 10 warnings" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    with duckdb.connect(str(ingested.warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT source_file, status, department, fiscal_year, doc_kind FROM documents "
            "ORDER BY source_file"
        ).fetchall() == [
            (ALTERED, "loaded", "上海市普陀区财政局", 2024, "final_accounts"),
            (GENUINE, "loaded", "上海市普陀区财政局", 2024, "final_accounts"),
        ]


# -- the altered copy: every kind of injected error is flagged ------------------------------


def test_altered_every_failure_is_an_injected_error(warehouse: Path) -> None:
    """The altered copy fails exactly where errors were injected, nowhere else."""
    failed = [
        (row.rule, row.severity, row.table_key, row.page) for row in check_rows(warehouse, ALTERED)
    ]
    assert sorted(failed, key=repr) == sorted(
        [
            ("identity_restated_consistently", "error", None, 7),
            ("identity_restated_consistently", "error", None, 18),
            ("identity_restated_consistently", "error", None, 24),
            ("mandatory_table_present", "error", "summary", None),
            ("mandatory_table_present", "error", "expenditure", None),
            ("empty_table_explained", "warning", "three_public", 15),
            ("narrative_change_consistent", "warning", None, 18),
            ("narrative_comparison_consistent", "warning", None, 19),
            ("narrative_comparison_consistent", "warning", None, 20),
            ("narrative_comparison_consistent", "warning", None, 21),
            ("no_placeholder_left", "warning", None, 7),
            ("no_doubled_word", "warning", None, 25),  # 。。 where the genuine file prints 。
            # the genuine publication's own slip, on the copy's page 19 (the genuine's 21)
            ("narrative_shares_of_one_whole", "warning", None, 19),
        ],
        key=repr,
    )


def test_altered_identity_restated_inconsistently(warehouse: Path) -> None:
    failed = {
        row.page: row
        for row in check_rows(warehouse, ALTERED)
        if row.rule == "identity_restated_consistently"
    }
    assert sorted(failed) == [7, 18, 24]
    assert all(row.severity == "error" for row in failed.values())
    # page 7: the heading names the department 上海市普陀区XX局
    assert failed[7].row == "heading"
    assert "上海市普陀区XX局" in failed[7].message
    assert "第二部分上海市普陀区XX局2024年度部门决算表" in failed[7].message
    # page 18: the heading names the year 2023
    assert failed[18].row == "heading"
    assert "2023年度部门决算情况说明" in failed[18].message
    assert "2023, not 2024" in failed[18].message
    # page 24: 截至2023年12月31日 in final accounts of 2024
    assert failed[24].row == "as_of"
    assert "截至2023年12月31日" in failed[24].message


def test_altered_mandatory_tables_missing(warehouse: Path) -> None:
    rows = [row for row in check_rows(warehouse, ALTERED, False) if row.rule.startswith("mand")]
    failed = {row.table_key: row for row in rows if not row.passed}
    assert sorted(failed) == ["expenditure", "summary"]
    assert all(row.severity == "error" for row in failed.values())
    assert "收入支出决算总表" in failed["summary"].message
    assert "支出决算表" in failed["expenditure"].message
    # the other seven mandatory tables are printed and found (the fund tables empty)
    assert sorted(row.table_key for row in rows if row.passed) == [
        "appropriation_summary",
        "gov_fund",
        "gpb_basic_expenditure",
        "gpb_expenditure",
        "income",
        "state_capital",
        "three_public",
    ]


def test_altered_blank_three_public_table(warehouse: Path) -> None:
    rows = [row for row in check_rows(warehouse, ALTERED, False) if row.rule.startswith("empty")]
    failed = [row for row in rows if not row.passed]
    assert [(row.table_key, row.page, row.severity) for row in failed] == [
        ("three_public", 15, "warning")
    ]
    assert "财政拨款“三公”经费支出决算表" in failed[0].message
    # gov_fund (page 16) and state_capital (page 17) say why they are empty: 故本表无数据
    assert sorted((row.table_key, row.page) for row in rows if row.passed) == [
        ("gov_fund", 16),
        ("state_capital", 17),
    ]


def test_altered_narrative_change(warehouse: Path) -> None:
    failed = [
        row for row in check_rows(warehouse, ALTERED) if row.rule == "narrative_change_consistent"
    ]
    assert [(row.row, row.page, row.severity) for row in failed] == [
        ("收入支出总计", 18, "warning")
    ]
    # stated 0万元 with a change of 减少56.95万元 and a rate of 下降1.87% (page 18)
    for stated in ("0.00万元", "-56.95万元", "-1.87%"):
        assert stated in failed[0].message


def test_altered_narrative_comparisons(warehouse: Path) -> None:
    failed = [
        (row.page, row.severity, row.expected, row.actual, row.message)
        for row in check_rows(warehouse, ALTERED)
        if row.rule == "narrative_comparison_consistent"
    ]
    # expected: the 年初预算, actual: the 决算, both in yuan
    assert [item[:4] for item in failed] == [
        (19, "warning", Decimal("1560.05") * WAN, Decimal("1511.89") * WAN),  # 行政运行
        (20, "warning", Decimal("80.81") * WAN, Decimal("80.38") * WAN),  # 职业年金
        (21, "warning", Decimal("62.29") * WAN, Decimal("60.99") * WAN),  # 行政单位医疗
    ]
    messages = [item[4] for item in failed]
    assert "行政运行" in messages[0] and "决算数大于预算数" in messages[0]
    assert "职业年金" in messages[1] and "决算数大于预算数" in messages[1]
    assert "行政单位医疗" in messages[2] and "决算数等于预算数" in messages[2]


def test_altered_is_unverified(warehouse: Path) -> None:
    assert verification(warehouse, ALTERED) == ("unverified", 5, 8)


# -- the genuine publication ----------------------------------------------------------------


def test_genuine_fails_only_its_own_narrative_slips(warehouse: Path) -> None:
    """The genuine publication's two slips: 0.3万元 for its 总计 (p21), and 一般公共服务支出
    （类）2106.66万元 printed as 71.73% of 2940.05万元, which is 71.65% (p21)."""
    failed = check_rows(warehouse, GENUINE)
    assert not [row for row in failed if row.severity == "error"]
    assert sorted((row.rule, row.page) for row in failed) == [
        ("narrative_agrees_with_tables", 21),
        ("narrative_shares_of_one_whole", 21),
    ]
    (row,) = [row for row in failed if row.rule == "narrative_agrees_with_tables"]
    assert (row.rule, row.severity, row.page) == ("narrative_agrees_with_tables", "warning", 21)
    assert (row.table_key, row.row) == ("appropriation_summary", "财政拨款收入支出总计")
    # page 21 states 0.3万元; the 财政拨款收入支出决算总表's 总计 (page 13) prints 2,961.68
    assert row.actual == Decimal("0.3") * WAN == Decimal("3000.00")
    assert row.expected == Decimal("2961.68") * WAN == Decimal("29616800.00")


def test_genuine_passes_the_rules_the_copy_fails(warehouse: Path) -> None:
    rows = check_rows(warehouse, GENUINE, failed_only=False)
    passed = {row.rule for row in rows if row.passed}
    assert {
        "identity_restated_consistently",
        "mandatory_table_present",
        "empty_table_explained",
        "narrative_change_consistent",
        "narrative_comparison_consistent",
    } <= passed
    present = sorted(row.table_key for row in rows if row.rule == "mandatory_table_present")
    assert present == [
        "appropriation_summary",
        "expenditure",
        "gov_fund",
        "gpb_basic_expenditure",
        "gpb_expenditure",
        "income",
        "state_capital",
        "summary",
        "three_public",
    ]


def test_genuine_is_verified_with_warnings(warehouse: Path) -> None:
    assert verification(warehouse, GENUINE) == ("verified_with_warnings", 0, 2)


# -- one publication, counted once, from the verified file ----------------------------------


def test_v_line_items_takes_the_genuine_tables(warehouse: Path) -> None:
    genuine, altered = document_id(warehouse, GENUINE), document_id(warehouse, ALTERED)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        (publications,) = conn.execute(
            "SELECT count(DISTINCT publication_id) FROM documents"
        ).fetchone()
        assert publications == 1  # both are the same publication
        sources = dict(
            conn.execute(
                "SELECT table_key, list(DISTINCT document_id) FROM v_line_items GROUP BY table_key"
            ).fetchall()
        )
        genuine_figures = conn.execute(
            "SELECT count(*) FROM line_items WHERE document_id = ?", [genuine]
        ).fetchone()[0]
        total = conn.execute("SELECT count(*) FROM v_line_items").fetchone()[0]
        per_file = conn.execute(
            "SELECT table_key, count(*) FILTER (WHERE document_id = ?), "
            "count(*) FILTER (WHERE document_id = ?) FROM line_items GROUP BY table_key "
            "ORDER BY table_key",
            [genuine, altered],
        ).fetchall()
        three_public = conn.execute(
            "SELECT document_id, row_label, column_key, amount_yuan FROM v_line_items "
            "WHERE table_key = 'three_public' ORDER BY row_label"
        ).fetchall()
    # the altered copy prints four tables with as many figures as the genuine one, and its
    # name sorts first ('-altered' < '.pdf'): only "a verified file first" picks the genuine
    assert ALTERED < GENUINE
    assert per_file == [
        ("appropriation_summary", 19, 19),
        ("expenditure", 44, 0),
        ("gpb_basic_expenditure", 29, 29),
        ("gpb_expenditure", 44, 44),
        ("income", 45, 45),
        ("summary", 12, 0),
        ("three_public", 2, 0),
    ]
    # every table of the publication comes from the verified file
    assert sources and all(ids == [genuine] for ids in sources.values()), sources
    assert altered not in {i for ids in sources.values() for i in ids}
    assert total == genuine_figures
    # page 18 of the genuine file: 0.95 under 合计 预算数 and 公务接待费 预算数
    assert three_public == [
        (genuine, "公务接待费", "budget", Decimal("0.95") * WAN),
        (genuine, "合计", "budget", Decimal("0.95") * WAN),
    ]


# -- fiscal check ---------------------------------------------------------------------------


def test_fiscal_check_the_altered_copy_fails(ingested: Ingested, warehouse: Path) -> None:
    result = fiscal("check", ALTERED, "--warehouse", str(warehouse), env=ingested.env)
    assert result.returncode == 1, result.stdout + result.stderr
    out = result.stdout
    assert "Traceback" not in out + result.stderr
    assert ALTERED in out and GENUINE not in out
    assert "UNVERIFIED" in out
    for rule, page in [
        ("identity_restated_consistently", 7),
        ("identity_restated_consistently", 18),
        ("identity_restated_consistently", 24),
        ("empty_table_explained", 15),
        ("narrative_change_consistent", 18),
        ("narrative_comparison_consistent", 19),
        ("narrative_comparison_consistent", 20),
        ("narrative_comparison_consistent", 21),
    ]:
        assert re.search(rf"^\s+\w+\s+{rule}: .*page {page}:", out, re.M), (rule, page)
    assert re.search(r"^\s+ERROR\s+mandatory_table_present: summary\b", out, re.M)
    assert re.search(r"^\s+ERROR\s+mandatory_table_present: expenditure\b", out, re.M)
    # the figures of a comparison, in yuan
    assert "[expected 15,600,500.00, printed 15,118,900.00, difference -481,600.00]" in out
    assert f"unverified (a material failure of an error-level rule): {ALTERED}" in out


def test_fiscal_check_the_genuine_one_passes_with_its_warning(
    ingested: Ingested, warehouse: Path
) -> None:
    result = fiscal("check", GENUINE, "--warehouse", str(warehouse), env=ingested.env)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert GENUINE in out and ALTERED not in out
    assert "0 errors, 2 warnings" in out
    assert re.search(
        r"^\s+WARNING\s+narrative_agrees_with_tables: appropriation_summary, "
        r"row 财政拨款收入支出总计, page 21: .*"
        r"\[expected 29,616,800.00, printed 3,000.00, difference -29,613,800.00\]$",
        out,
        re.M,
    )
    assert "ERROR" not in out


def test_fiscal_check_an_unknown_document(ingested: Ingested, warehouse: Path) -> None:
    result = fiscal("check", "nope.pdf", "--warehouse", str(warehouse), env=ingested.env)
    assert result.returncode == 2
    assert result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("fiscal: no document in the warehouse is 'nope.pdf'")
    assert len(message.splitlines()) == 1 and "Traceback" not in message


def test_fiscal_check_lists_every_document(ingested: Ingested, warehouse: Path) -> None:
    result = fiscal("check", "--warehouse", str(warehouse), env=ingested.env)
    # one of the two fails an error-level rule
    assert result.returncode == 1, result.stderr
    out = result.stdout
    for name, verdict in ((ALTERED, "UNVERIFIED"), (GENUINE, "verified with warnings")):
        header = re.search(
            rf"^{re.escape(name)} \((\w+); 上海市普陀区财政局 2024 final_accounts\)$", out, re.M
        )
        assert header, name
        assert out[header.end() :].lstrip("\n").startswith(f"  {verdict}: "), name
    assert (
        f"1 of 2 documents are unverified (a material failure of an error-level rule): {ALTERED}"
        in out
    )
