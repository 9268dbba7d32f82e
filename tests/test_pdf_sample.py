"""The sample through the PDF path: its rendering by scripts/render_sample_pdf.py."""

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.paths import PROJECT_ROOT
from tests.test_sample_figures import PRINTED_PER_TABLE

RENDERED = PROJECT_ROOT / "tests" / "fixtures" / "xiaoyi-2024-final-accounts-rendered.pdf"
COLUMNS = ["table_key", "row_code", "row_label", "column_key", "amount_yuan"]


def read_pdf() -> NormalisedDocument:
    return normalise_document(extract_document(document_ref(RENDERED, RENDERED.parent)))


def test_the_rendered_pdf_gives_the_same_facts_as_the_text(
    sample_facts: NormalisedDocument,
) -> None:
    pdf = read_pdf()
    assert pdf.status == "loaded"
    assert pdf.problems.is_empty()
    counts = dict(pdf.line_items.group_by("table_key").len().iter_rows())
    assert {k: counts.get(k, 0) for k in PRINTED_PER_TABLE} == PRINTED_PER_TABLE
    assert (
        pdf.line_items.select(COLUMNS)
        .sort(COLUMNS)
        .equals(sample_facts.line_items.select(COLUMNS).sort(COLUMNS))
    )
    row = pdf.document.row(0, named=True)
    assert (row["department"], row["fiscal_year"], row["doc_kind"], row["page_count"]) == (
        "孝义市行政审批服务管理局",
        2024,
        "final_accounts",
        13,
    )


def test_pages_of_a_table_continued_without_its_header() -> None:
    items = read_pdf().line_items
    income = items.filter(pl.col("table_key") == "income")
    pages = dict(zip(income["row_code"], income["page"], strict=False))
    assert pages["201"] == 3
    assert pages["2120399"] == 4  # 其他城乡社区公共设施支出: after the page break
    row = income.filter((pl.col("row_code") == "2120399") & (pl.col("column_key") == "total"))
    assert row["amount_yuan"][0] == Decimal("2714100.00")  # 271.41 万元


def test_a_repeated_header_is_not_read_as_rows() -> None:
    expenditure = read_pdf().line_items.filter(pl.col("table_key") == "expenditure")
    assert expenditure.height == 48
    assert set(expenditure["page"]) == {5, 6}


def test_the_committed_rendering_is_what_the_script_draws(tmp_path: Path) -> None:
    output = tmp_path / "rendered.pdf"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT_ROOT / "scripts" / "render_sample_pdf.py"),
            "--output",
            str(output),
        ],
        check=True,
        cwd=tmp_path,
    )
    assert output.read_bytes() == RENDERED.read_bytes()


BAD_METRICS = (
    PROJECT_ROOT / "tests" / "fixtures" / "xiaoyi-2024-final-accounts-bad-font-metrics.pdf"
)


def test_camelot_alone_misplaces_text_in_the_bad_metrics_pdf() -> None:
    """The fixture shows the problem: camelot's own text layer loses 公开06表's last row."""
    import camelot

    (table,) = camelot.read_pdf(
        str(BAD_METRICS), pages="9", flavor="lattice", split_text=True, engine="vector"
    )
    cells = {c for row in table.df.values.tolist() for c in row}
    assert "人员经费合计" not in cells and "938.38" not in cells


def test_cells_filled_from_pdfium_read_the_bad_metrics_pdf_right(
    sample_facts: NormalisedDocument,
) -> None:
    document = normalise_document(extract_document(document_ref(BAD_METRICS, BAD_METRICS.parent)))
    assert document.problems.is_empty()
    assert (
        document.line_items.select(COLUMNS)
        .sort(COLUMNS)
        .equals(sample_facts.line_items.select(COLUMNS).sort(COLUMNS))
    )
    basic = document.line_items.filter(pl.col("table_key") == "gpb_basic_expenditure")
    total = basic.filter(pl.col("row_label") == "人员经费合计")
    assert total["amount_yuan"].to_list() == [Decimal("9383800.00")]  # 938.38 万元
