"""One publication in two forms: counted once, disagreements reported."""

from decimal import Decimal
from pathlib import Path

import duckdb

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import normalise_document
from pipelines.warehouse.load import load_document
from tests.conftest import SAMPLE, SAMPLE_NAME
from tests.test_pdf_sample import RENDERED


def load(warehouse: Path, *paths: Path) -> None:
    with duckdb.connect(str(warehouse)) as conn:
        for path in paths:
            load_document(
                conn, normalise_document(extract_document(document_ref(path, path.parent)))
            )


def test_text_and_pdf_forms_count_once(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    load(warehouse, SAMPLE, RENDERED)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        (publications,) = conn.execute(
            "SELECT count(DISTINCT publication_id) FROM documents"
        ).fetchone()
        assert publications == 1
        assert conn.execute("SELECT files, parts FROM v_publications").fetchall() == [
            (2, ["tables", "complete"])  # the rendering prints the tables only
        ]
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 416
        assert conn.execute("SELECT count(*) FROM v_line_items").fetchone()[0] == 208
        assert conn.execute("SELECT count(*) FROM v_expenditure_by_function").fetchone()[0] == 21
        assert conn.execute(
            "SELECT departments FROM v_department_comparison WHERE subject_code = '201'"
        ).fetchall() == [(1,)]
        assert conn.execute("SELECT count(*) FROM v_publication_disagreements").fetchone()[0] == 0


def test_a_disagreement_between_the_forms_is_reported(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    printed = "2010302\t一般行政管理事务\t390.48\t10.85\t379.63"
    assert text.count(printed) == 2  # 公开03表 and 公开05表
    altered = tmp_path / "raw" / SAMPLE_NAME
    altered.parent.mkdir()
    altered.write_text(
        text.replace(printed, "2010302\t一般行政管理事务\t390.58\t10.85\t379.63", 1),
        encoding="utf-8",
    )
    warehouse = tmp_path / "w.duckdb"
    load(warehouse, altered, RENDERED)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT table_key, row_key, column_key, amount_a_yuan, amount_b_yuan "
            "FROM v_publication_disagreements"
        ).fetchall()
    amounts = {Decimal("3904800.00"), Decimal("3905800.00")}
    assert len(rows) == 1
    table_key, row_key, column_key, a, b = rows[0]
    assert (table_key, row_key, column_key) == ("expenditure", "2010302", "total")
    assert {a, b} == amounts
