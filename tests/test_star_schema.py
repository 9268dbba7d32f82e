"""The star schema on the whole corpus: the fact tables hold every coded figure of every
loaded genuine document, the dimensions place each document, and the analysts' views read
them.

Expected figures are typed from the corpus PDFs (page numbers are the PDF's), the regions
and levels from its MANIFEST.csv.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

ALTERED = "putuo-finance-bureau-2024-final-altered.pdf"  # not genuine: planted errors

# (table_key, column_key or None for every column, fund_scope): the functional tables
FUNCTIONAL = """
    (VALUES ('expenditure', NULL, 'all_funds'), ('summary', 'expenditure', 'all_funds'),
            ('gpb_expenditure', NULL, 'general_public_budget'),
            ('appropriation_summary', 'expenditure_gpb', 'general_public_budget'),
            ('appropriation_expenditure', NULL, 'fiscal_appropriation'),
            ('appropriation_summary', 'expenditure', 'fiscal_appropriation'),
            ('gov_fund', NULL, 'government_fund'),
            ('appropriation_summary', 'expenditure_gov_fund', 'government_fund'),
            ('state_capital', NULL, 'state_capital_fund'),
            ('appropriation_summary', 'expenditure_state_capital', 'state_capital_fund'))
    AS m(table_key, column_key, fund_scope)
"""


@pytest.fixture(scope="module")
def conn(corpus_warehouse: Path):
    with duckdb.connect(str(corpus_warehouse), read_only=True) as connection:
        yield connection


def _genuine(alias: str = "li") -> str:
    return (
        f"{alias}.document_id IN (SELECT document_id FROM dim_document "
        f"WHERE source_file <> '{ALTERED}')"
    )


def test_the_government_level_of_every_document(conn) -> None:
    """MANIFEST.csv: 江苏省 (province), 上海市普陀区 (a district of Shanghai), 山西省吕梁市
    孝义市 (a county-level city), 西南大学 (a university under 教育部: central template)."""
    rows = conn.execute(
        "SELECT DISTINCT department, government_level, province, region_code FROM dim_document "
        "ORDER BY department"
    ).fetchall()
    assert rows == [
        ("上海市普陀区人民政府万里街道办事处", "区县", "上海市", "310107"),
        ("上海市普陀区财政局", "区县", "上海市", "310107"),
        ("孝义市行政审批服务管理局", "区县", "山西省", "141181"),
        ("江苏省人大常委会办公厅", "省", "江苏省", "320000"),
        ("江苏省政协办公厅", "省", "江苏省", "320000"),
        ("西南大学", "中央", "重庆市", "500109"),
    ]


def test_dim_document_holds_the_loaded_documents_only(conn) -> None:
    # 21 files: 18 loaded (the 16 PDFs at the top but the blank template, the 2 central
    # ones and the text sample), MANIFEST.csv, README.md and the template quarantined
    assert conn.execute("SELECT count(*) FROM dim_document").fetchone() == (18,)
    assert conn.execute(
        "SELECT count(*) FROM dim_document WHERE document_id NOT IN "
        "(SELECT document_id FROM documents WHERE status = 'loaded')"
    ).fetchone() == (0,)


def test_every_coded_functional_figure_is_in_the_fact_table(conn) -> None:
    """Each printed figure of a functional table is the fact of its publication, code and
    fund scope, or (a second table printing the same code for the same scope: the summary's
    类 lines beside the expenditure table) agrees with it to the printed rounding."""
    rows = conn.execute(
        f"""
        WITH f AS (
            SELECT f.*, coalesce(d.publication_id, d.document_id) AS publication_key
            FROM fact_expenditure_by_function AS f JOIN dim_document AS d USING (document_id)
        )
        SELECT li.document_id, li.table_key, li.row_code, li.column_key, li.amount_yuan,
               f.source_table,
               CASE WHEN m.column_key IS NOT NULL THEN f.total_yuan
                    WHEN li.column_key = 'total' THEN f.total_yuan
                    WHEN li.column_key = 'basic' THEN f.basic_yuan
                    WHEN li.column_key = 'project' THEN f.project_yuan
                    WHEN li.column_key = 'unit_reserve' THEN f.unit_reserve_yuan
                    WHEN li.column_key = 'carryover_begin' THEN f.carryover_begin_yuan
                    WHEN li.column_key = 'income' THEN f.income_yuan
                    WHEN li.column_key = 'carryover_end' THEN f.carryover_end_yuan
                    ELSE f.other_columns[li.column_key] END AS fact_yuan
        FROM v_line_items AS li
        JOIN {FUNCTIONAL}
            ON m.table_key = li.table_key AND (m.column_key IS NULL OR m.column_key = li.column_key)
        LEFT JOIN f
            ON f.publication_key = coalesce(li.publication_id, li.document_id)
           AND f.subject_code = li.row_code AND f.fund_scope = m.fund_scope
        WHERE li.row_code IS NOT NULL AND (m.column_key IS NULL OR length(li.row_code) = 3)
          AND {_genuine()}
        """
    ).fetchall()
    assert len(rows) > 1500
    missing = [r for r in rows if r[5] is None]
    assert missing == []
    same_table = [r for r in rows if r[5] == r[1]]
    assert [r for r in same_table if r[6] != r[4]] == []
    # a second table: at most 0.01万元 apart (Putuo 2024 final: 208 is 326.72 in the
    # expenditure table, p. 10, and 326.71 in the summary, p. 6)
    apart = [r for r in rows if r[5] != r[1] and r[6] != r[4]]
    assert all(abs(r[6] - r[4]) <= 100 for r in apart), apart
    assert [(r[1], r[2], r[4], r[6]) for r in apart if r[2] == "208"] == [
        ("summary", "208", Decimal("3267100.00"), Decimal("3267200.00")),
        ("appropriation_summary", "208", Decimal("3267100.00"), Decimal("3267200.00")),
    ]


def test_every_coded_economic_and_income_figure_is_in_a_fact_table(conn) -> None:
    economic = conn.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE f.document_id IS NULL)
        FROM v_line_items AS li
        LEFT JOIN fact_basic_expenditure_by_economic AS f
            ON f.document_id = li.document_id AND f.economic_code = li.row_code
           AND f.source_table = li.table_key
           AND coalesce(CASE li.column_key WHEN 'personnel' THEN f.personnel_yuan
                                           WHEN 'public' THEN f.public_yuan
                                           ELSE f.amount_yuan END, -1) = li.amount_yuan
        WHERE li.table_key IN ('gpb_basic_expenditure', 'appropriation_basic_expenditure')
          AND li.row_code IS NOT NULL AND {_genuine()}
        """
    ).fetchone()
    income = conn.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE f.document_id IS NULL)
        FROM v_line_items AS li
        LEFT JOIN fact_income_by_source AS f
            ON f.document_id = li.document_id AND f.subject_code = li.row_code
           AND f.income_source = li.column_key AND f.amount_yuan = li.amount_yuan
        WHERE li.table_key = 'income' AND li.row_code IS NOT NULL AND {_genuine()}
        """
    ).fetchone()
    three_public = conn.execute(
        f"""
        SELECT count(*), count(*) FILTER (WHERE f.document_id IS NULL)
        FROM v_line_items AS li
        LEFT JOIN fact_three_public AS f
            ON f.document_id = li.document_id AND f.item = li.row_label
           AND CASE li.column_key WHEN 'budget' THEN f.budget_yuan ELSE f.actual_yuan END
               = li.amount_yuan
        WHERE li.table_key = 'three_public' AND {_genuine()}
        """
    ).fetchone()
    assert economic[0] > 350 and economic[1] == 0
    assert income[0] > 600 and income[1] == 0
    assert three_public[0] > 60 and three_public[1] == 0


def test_income_by_source_where_the_table_prints_sources_as_rows(conn) -> None:
    """Jiangsu CPPCC 2017, 表二 收入预算总表 (p. 2, 万元): 收入总计 9,146.79, 一般公共预算
    资金 9,066.79 (其中 公共财政拨款(补助)资金 9,066.79, the same item), 其他资金 80.00."""
    rows = conn.execute(
        "SELECT income_source, amount_yuan, printed_label, page FROM fact_income_by_source "
        "JOIN dim_document USING (document_id) WHERE department = '江苏省政协办公厅' "
        "AND fiscal_year = 2017 ORDER BY row_no"
    ).fetchall()
    assert rows == [
        ("grand_total", Decimal("91467900.00"), "收入总计", 2),
        ("fiscal_appropriation_gpb", Decimal("90667900.00"), "一般公共预算资金", 2),
        ("other", Decimal("800000.00"), "其他资金", 2),
    ]


def test_economic_structure(conn) -> None:
    """Putuo finance bureau 2024 final, 一般公共预算财政拨款基本支出决算表 (p. 16, 万元):
    301 工资福利支出 2,082.85 + 303 对个人和家庭的补助 69.41 = 人员经费 2,152.26; 2025 budget
    (p. 19, 元): the table prints 人员经费 and 公用经费 columns, 301 22,109,516.00 in the
    first."""
    rows = dict(
        conn.execute(
            "SELECT fiscal_year, (personnel_yuan, split_from) FROM v_economic_structure "
            "WHERE department = '上海市普陀区财政局'"
        ).fetchall()
    )
    assert rows[2024] == (Decimal("21522600.00"), "economic_classes")
    assert rows[2025][1] == "printed_columns"
    assert rows[2025][0] > Decimal("22109516.00")


def test_department_comparison_ranks_peers_only(conn) -> None:
    """Jiangsu 2017 budgets, 201 一般公共服务支出 (all funds): the NPC office 10,528.33万元
    (p. 9's summary), the CPPCC office 6,543.55万元; two peers. A Putuo budget and a Putuo
    final account are not peers, nor Putuo's districts with Jiangsu's province."""
    rows = conn.execute(
        "SELECT department, total_yuan, rank_among_departments, departments "
        "FROM v_department_comparison WHERE fiscal_year = 2017 AND subject_code = '201' "
        "ORDER BY rank_among_departments"
    ).fetchall()
    assert rows == [
        ("江苏省人大常委会办公厅", Decimal("105283300.00"), 1, 2),
        ("江苏省政协办公厅", Decimal("65435500.00"), 2, 2),
    ]
    mixed = conn.execute(
        "SELECT fiscal_year, doc_kind, region, count(DISTINCT government_level), "
        "count(DISTINCT scope), count(DISTINCT fund_scope) FROM v_department_comparison "
        "GROUP BY ALL HAVING count(DISTINCT government_level) > 1 OR count(DISTINCT scope) > 1"
    ).fetchall()
    assert mixed == []
    putuo_2024 = conn.execute(
        "SELECT DISTINCT doc_kind, departments FROM v_department_comparison "
        "WHERE fiscal_year = 2024 AND region = '上海市普陀区' AND subject_code = '201' ORDER BY 1"
    ).fetchall()
    assert putuo_2024 == [("budget", 1), ("final_accounts", 1)]


def test_unverified_documents_only_when_asked(
    corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The altered Putuo final alone (in the corpus its genuine edition hides it: a
    publication's verified file is taken first)."""
    import shutil

    import dagster as dg

    from pipelines.ingest import ingest

    raw = tmp_path_factory.mktemp("altered") / "raw"
    raw.mkdir()
    shutil.copy(corpus_dir / ALTERED, raw / ALTERED)
    warehouse = raw.parent / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        ingest(raw, warehouse, instance=instance)
    # (its 三公 table was emptied: no v_three_public_trend rows either way)
    views = ("v_expenditure_by_function", "v_economic_structure", "v_department_comparison")
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT verification FROM dim_document").fetchall() == [("unverified",)]
        assert [conn.execute(f"SELECT count(*) FROM {v}").fetchone()[0] for v in views] == [0, 0, 0]
        conn.execute("SET VARIABLE include_unverified = true")
        assert all(conn.execute(f"SELECT count(*) FROM {v}").fetchone()[0] > 0 for v in views)


def test_every_genuine_publication_is_in_the_expenditure_view(conn) -> None:
    missing = conn.execute(
        f"""
        SELECT DISTINCT d.source_file FROM dim_document AS d
        WHERE d.source_file <> '{ALTERED}' AND d.part <> 'narrative'
          AND coalesce(d.publication_id, d.document_id) NOT IN (
              SELECT coalesce(d2.publication_id, d2.document_id)
              FROM v_expenditure_by_function JOIN dim_document AS d2 USING (document_id))
        """
    ).fetchall()
    assert missing == []


def test_canonical_labels_join_what_the_print_splits(conn) -> None:
    """公共财政拨款(补助)资金 (Jiangsu 2017-2019, half-width) and 公共财政拨款（补助）资金
    (the NPC office 2018, full-width); 一、财政拨款 and 一、财政拨款收入 in the summaries."""
    labels = dict(conn.execute("SELECT row_label, row_label_canonical FROM row_labels").fetchall())
    half, full = labels["公共财政拨款(补助)资金"], labels["公共财政拨款（补助）资金"]
    assert half == full == "一般公共预算财政拨款"
    assert labels["一、财政拨款"] == labels["一、财政拨款收入"] == "财政拨款收入"
    assert labels["收入总计"] == labels["总计"] == "总计"
    coded = conn.execute(
        "SELECT DISTINCT row_label, row_label_canonical FROM v_line_items "
        "WHERE table_key = 'summary' AND row_code = '201' ORDER BY 1"
    ).fetchall()
    assert {canonical for _, canonical in coded} == {"一般公共服务支出"}


def test_the_code_dimensions_name_the_path(conn) -> None:
    """Jiangsu NPC 2017 (p. 9): 201 一般公共服务支出 > 20101 人大事务 > 2010101 行政运行."""
    assert conn.execute(
        "SELECT path, class_code, section_code, level FROM dim_functional_code "
        "WHERE fiscal_year = 2017 AND code = '2010101'"
    ).fetchone() == (
        "201 一般公共服务支出 > 20101 人大事务 > 2010101 行政运行", "201", "20101", "项"
    )  # fmt: skip
    assert conn.execute(
        "SELECT path, level FROM dim_economic_code WHERE fiscal_year = 2024 AND code = '30101'"
    ).fetchone() == ("301 工资福利支出 > 30101 基本工资", "款")
