"""Every example question of ``sql/examples/`` runs on the bundled sample, and answers on
the corpus what its documents print.

Expected figures are typed from the documents: the sample (data/raw, line numbers of the
text) and the corpus PDFs (page numbers of the PDF).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import SQL_DIR

EXAMPLES = sorted((SQL_DIR / "examples").glob("*.sql"))
# on one document of one year nothing can rise or change on a prior year, nor be quarantined
NEEDS_YEARS = {"07_quarantined_documents", "08_three_public_rose", "10_largest_changes_by_class"}
d = Decimal


def _answer(warehouse: Path, stem: str) -> list[tuple]:
    (example,) = [e for e in EXAMPLES if e.stem == stem]
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(example.read_text(encoding="utf-8")).fetchall()


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_the_example_runs_on_the_sample(example: Path, loaded_warehouse: Path) -> None:
    rows = _answer(loaded_warehouse, example.stem)
    if example.stem not in NEEDS_YEARS:
        assert rows, f"{example.name} answered nothing on the sample"


def test_there_are_ten_questions_or_more() -> None:
    assert len(EXAMPLES) >= 10


def test_examples_of_figures_read_the_views() -> None:
    """A publication in two forms, a superseded edition: line_items counts them; the views
    and the fact tables do not. Only the provenance example reads the printed record."""
    readers = [
        e.name
        for e in EXAMPLES
        if "line_items" in e.read_text(encoding="utf-8")
        and e.stem != "05_where_did_a_figure_come_from"
    ]
    assert readers == []


def test_01_expenditure_by_class(corpus_warehouse: Path) -> None:
    """Jiangsu NPC office 2017 budget (p. 9): 201 10,528.33 of 13,649.07万元 = 0.7714, the
    larger of the two Jiangsu offices."""
    assert (
        "江苏省人大常委会办公厅", 2017, "budget", "201", "一般公共服务支出",
        d("105283300.00"), d("0.7714"), 1,
    ) in _answer(corpus_warehouse, "01_expenditure_by_class")  # fmt: skip


def test_02_basic_vs_project(corpus_warehouse: Path) -> None:
    """Putuo finance bureau 2024 final (p. 10): 2010601 行政运行 1,511.89 = 1,503.52 + 8.37."""
    assert (
        "上海市普陀区财政局", 2024, "2010601", "行政运行",
        d("15118900.00"), d("15035200.00"), d("83700.00"),
    ) in _answer(corpus_warehouse, "02_basic_vs_project")  # fmt: skip


def test_03_personnel_share(corpus_warehouse: Path) -> None:
    """The sample's basic-expenditure table (lines 273-292, 万元): 301 926.10 + 303 12.28 =
    人员经费 938.38; 302 59.42 + 310 0.72 = 公用经费 60.14 (the table's own 公用经费合计 line
    prints 60.13: the sample's slip); 0.9398, the largest share of the corpus. Putuo 2024
    final (p. 16): 301 2,082.85 + 303 69.41 = 2,152.26万元."""
    rows = _answer(corpus_warehouse, "03_personnel_and_public_costs")
    assert rows[0][:9] == (
        "孝义市行政审批服务管理局", 2024, "final_accounts", "general_public_budget",
        d("9985200.00"), d("9383800.00"), d("601400.00"), d("0.9398"), d("0.0602"),
    )  # fmt: skip
    putuo = [r for r in rows if r[0] == "上海市普陀区财政局" and r[1] == 2024]
    assert [r[5] for r in putuo] == [d("21522600.00")]


def test_04_three_public_budget_against_actual(corpus_warehouse: Path) -> None:
    """The sample (line 474): 三公 全年预算 0.42万元, 决算 0.42万元."""
    assert ("孝义市行政审批服务管理局", 2024, "合计", d("4200.00"), d("4200.00"), d("0.00")) in (
        _answer(corpus_warehouse, "04_three_public_costs")
    )


def test_05_where_a_figure_came_from(loaded_warehouse: Path) -> None:
    rows = _answer(loaded_warehouse, "05_where_did_a_figure_come_from")
    assert {(r[0], r[6], r[8], r[9]) for r in rows} >= {
        ("xiaoyi-admin-approval-bureau-2024-final-accounts.txt", "2010302", "total",
         d("3904800.00")),
    }  # fmt: skip


def test_06_failed_checks(corpus_warehouse: Path) -> None:
    """Putuo 2024 final: the narrative's 财政拨款收入支出总计 0.3万元 (p. 7) against 2,961.68."""
    rows = _answer(corpus_warehouse, "06_failed_checks")
    assert ("putuo-finance-bureau-2024-final.pdf", "narrative_agrees_with_tables", "warning") in {
        r[:3] for r in rows
    }


def test_07_quarantined(corpus_warehouse: Path) -> None:
    assert [r[0] for r in _answer(corpus_warehouse, "07_quarantined_documents")] == [
        "MANIFEST.csv", "README.md", "shanghai-final-accounts-template-2024.pdf",
    ]  # fmt: skip


def test_08_whose_three_public_rose(corpus_warehouse: Path) -> None:
    """Wanli subdistrict budgets: 三公 合计 22.91万元 in 2023 (p. 28), 47.91万元 in 2024 (p. 31)."""
    assert _answer(corpus_warehouse, "08_three_public_rose") == [
        ("上海市普陀区人民政府万里街道办事处", "budget", 2024, d("229100.00"), d("479100.00"),
         d("250000.00"), d("109.12")),
    ]  # fmt: skip


def test_09_three_public_items_by_year(corpus_warehouse: Path) -> None:
    """Wanli 2024 (p. 31): 公务用车购置费 25万元, against 0 in 2023 (p. 28)."""
    rows = _answer(corpus_warehouse, "09_three_public_items_by_year")
    assert ("上海市普陀区人民政府万里街道办事处", "公务用车购置费", 2024, d("250000.00"),
            d("250000.00"), None) in rows  # fmt: skip


def test_10_largest_changes_by_class(corpus_warehouse: Path) -> None:
    """Jiangsu CPPCC office budgets, summary 一般公共服务支出: 7,827.46 (2018) -> 10,271.56万元
    (2019), the largest change of the corpus."""
    assert _answer(corpus_warehouse, "10_largest_changes_by_class")[0] == (
        "江苏省政协办公厅", "budget", 2019, "201", "一般公共服务支出", "all_funds",
        d("78274600.00"), d("102715600.00"), d("24441000.00"), d("31.22"),
    )  # fmt: skip


def test_11_project_share(corpus_warehouse: Path) -> None:
    """Putuo 2024 final, expenditure table (pp. 10-11): 项目支出 603.14 of the 类 2,106.66 +
    326.72 + 60.99 + 445.69 = 2,940.06万元: 0.2051."""
    assert (
        "上海市普陀区财政局", 2024, "final_accounts", "all_funds",
        d("29400600.00"), d("6031400.00"), d("0.2051"),
    ) in _answer(corpus_warehouse, "11_project_share_by_department")  # fmt: skip


def test_12_execution_below_90_percent(corpus_warehouse: Path) -> None:
    """The sample's narrative: 一般公共服务支出 决算 1,132.76 against 年初预算 1,563.75万元."""
    assert _answer(corpus_warehouse, "12_execution_below_90_percent") == [
        ("孝义市行政审批服务管理局", 2024, "201", "一般公共服务支出", "类", "年初预算",
         d("15637500.00"), d("11327600.00"), d("0.7244")),
    ]  # fmt: skip
