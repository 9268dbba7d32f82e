"""Materiality (issue 9, item 4): a finding's severity is kept apart from the document's
status. A genuine document whose one 款 differs from the sum of its 项 by a few hundred
yuan fails parent_equals_sum_of_children, stays `verified_with_warnings` and in the
views; the same slip of a material size makes it `unverified`.

Both documents are the bundled sample with one figure changed: 公开03表's 2080502
事业单位离退休 (printed 1.43 | 1.43, 万元) under 20805 行政事业单位养老支出 113.19 =
1.43 + 98.48 + 13.28. At 1.48 the 款 is off by 0.05万元 = 500 yuan: beyond the rounding
tolerance (3 summands x 100 yuan) but under 1,000 yuan. At 2.43 it is off by 10,000 yuan,
above 1,000 yuan and above 0.1% of 1,131,900 yuan.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.ingest import ingest
from tests.conftest import SAMPLE

ROW = "2080502\t事业单位离退休\t1.43\t1.43\t\t\t\t"
DEPARTMENT = "孝义市行政审批服务管理局"


def copy_with(raw: Path, name: str, figure: str, department: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    # printed in 公开02表 (收入决算表) too: only 公开03表 (支出决算表)'s row changes
    start, end = text.index("\n公开03表\n"), text.index("\n公开04表\n")
    assert text[start:end].count(ROW) == 1, "公开03表's row 2080502 is not what the test says"
    changed = text[start:end].replace(ROW, ROW.replace("1.43", figure))
    text = (text[:start] + changed + text[end:]).replace(DEPARTMENT, department)
    (raw / name).write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    copy_with(raw, "slip.txt", "1.48", DEPARTMENT)
    copy_with(raw, "material.txt", "2.43", "孝义市某某服务管理局")
    path = tmp_path_factory.mktemp("warehouse") / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, path, instance=instance)
    assert report.ok, [(o.ref.source_file, o.status, o.reason) for o in report.outcomes]
    return path


def query(warehouse: Path, sql: str, *args: object) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, list(args)).fetchall()


def failures(warehouse: Path, source_file: str) -> list[tuple]:
    """The failed 20805 rows of the expenditure table (its total and basic columns)."""
    return query(
        warehouse,
        "SELECT c.severity, c.material, c.difference FROM check_results c "
        "JOIN documents d USING (document_id) WHERE d.source_file = ? AND NOT c.passed "
        "AND c.rule = 'parent_equals_sum_of_children' AND c.table_key = 'expenditure' "
        "AND c.row = '20805' ORDER BY c.message",
        source_file,
    )


def test_a_small_slip_is_an_immaterial_error(warehouse: Path) -> None:
    assert failures(warehouse, "slip.txt") == [("error", False, Decimal("-500.00"))] * 2
    assert query(
        warehouse, "SELECT verification FROM v_documents WHERE source_file = 'slip.txt'"
    ) == [("verified_with_warnings",)]


def test_a_material_difference_makes_the_document_unverified(warehouse: Path) -> None:
    assert failures(warehouse, "material.txt") == [("error", True, Decimal("-10000.00"))] * 2
    assert query(
        warehouse, "SELECT verification FROM v_documents WHERE source_file = 'material.txt'"
    ) == [("unverified",)]


def test_the_views_keep_the_slip_and_leave_the_material_one_out(warehouse: Path) -> None:
    rows = query(
        warehouse,
        "SELECT department, total_yuan FROM v_expenditure_by_function "
        "WHERE subject_code = '2080502' ORDER BY department",
    )
    assert rows == [(DEPARTMENT, Decimal("14800.00"))]
