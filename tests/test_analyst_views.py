"""The analysts' views over every department: a province whose expenditure table prints
totals only (Jiangsu's budgets) is answered from its other tables, each figure with its
source table and fund scope.

Expected figures, typed from the Jiangsu CPPCC office's budget tables (2017, 2018, 2019):
the summary's 类 line 一般公共服务支出 (all funds) 6543.55 / 7827.46 / 10271.56 万元, and
the 一般公共预算支出表's 20102 政协事务 6463.55 / 7747.46 / 10191.56 万元.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb

from pipelines.paths import SQL_DIR


def _yoy(warehouse: Path, code: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "SELECT fiscal_year, total_yuan, prior_total_yuan, change_yuan, change_pct, "
            "source_table, fund_scope FROM v_expenditure_yoy WHERE subject_code = ? "
            "ORDER BY fiscal_year",
            [code],
        ).fetchall()


def test_the_class_series_comes_from_the_summary_all_funds(jiangsu_cppcc_warehouse: Path) -> None:
    assert _yoy(jiangsu_cppcc_warehouse, "201") == [
        (2017, Decimal("65435500.00"), None, None, None, "summary", "all_funds"),
        (2018, Decimal("78274600.00"), Decimal("65435500.00"), Decimal("12839100.00"),
         Decimal("19.62"), "summary", "all_funds"),
        (2019, Decimal("102715600.00"), Decimal("78274600.00"), Decimal("24441000.00"),
         Decimal("31.22"), "summary", "all_funds"),
    ]  # fmt: skip


def test_the_subclass_series_comes_from_the_general_public_budget_table(
    jiangsu_cppcc_warehouse: Path,
) -> None:
    scope = ("gpb_expenditure", "general_public_budget")
    assert _yoy(jiangsu_cppcc_warehouse, "20102") == [
        (2017, Decimal("64635500.00"), None, None, None, *scope),
        (2018, Decimal("77474600.00"), Decimal("64635500.00"), Decimal("12839100.00"),
         Decimal("19.86"), *scope),
        (2019, Decimal("101915600.00"), Decimal("77474600.00"), Decimal("24441000.00"),
         Decimal("31.55"), *scope),
    ]  # fmt: skip


def test_every_loaded_document_with_coded_figures_is_in_the_view(
    jiangsu_cppcc_warehouse: Path,
) -> None:
    with duckdb.connect(str(jiangsu_cppcc_warehouse), read_only=True) as conn:
        missing = conn.execute(
            "SELECT DISTINCT d.source_file FROM line_items AS li JOIN v_documents AS d "
            "USING (document_id) WHERE d.status = 'loaded' AND li.row_code IS NOT NULL "
            "AND li.table_key IN ('expenditure', 'gpb_expenditure', "
            "'appropriation_expenditure') AND d.publication_id NOT IN "
            "(SELECT d2.publication_id FROM v_expenditure_by_function AS v "
            "JOIN documents AS d2 USING (document_id))"
        ).fetchall()
    assert missing == []


def test_the_three_public_trend(jiangsu_cppcc_warehouse: Path) -> None:
    """三公 budgets (表十一 / 公开09表, 万元): 合计 676.10 / 675.10 / 660.10, 因公出国（境）费
    76.00 / 106.00 / 106.00, 公务接待费 443.50 / 412.50 / 397.50."""
    with duckdb.connect(str(jiangsu_cppcc_warehouse), read_only=True) as conn:
        trend = conn.execute(
            "SELECT item, fiscal_year, basis, amount_yuan, change_yuan FROM "
            "v_three_public_trend WHERE item IN ('合计', '因公出国（境）费', '公务接待费') "
            "ORDER BY item, fiscal_year"
        ).fetchall()
        rose = conn.execute(
            (SQL_DIR / "examples" / "08_three_public_rose.sql").read_text(encoding="utf-8")
        ).fetchall()
    d = Decimal
    assert trend == [
        ("公务接待费", 2017, "budget", d("4435000.00"), None),
        ("公务接待费", 2018, "budget", d("4125000.00"), d("-310000.00")),
        ("公务接待费", 2019, "budget", d("3975000.00"), d("-150000.00")),
        ("合计", 2017, "budget", d("6761000.00"), None),
        ("合计", 2018, "budget", d("6751000.00"), d("-10000.00")),
        ("合计", 2019, "budget", d("6601000.00"), d("-150000.00")),
        ("因公出国（境）费", 2017, "budget", d("760000.00"), None),
        ("因公出国（境）费", 2018, "budget", d("1060000.00"), d("300000.00")),
        ("因公出国（境）费", 2019, "budget", d("1060000.00"), d("0.00")),
    ]
    assert rose == []  # the CPPCC office's 三公 total fell both years
