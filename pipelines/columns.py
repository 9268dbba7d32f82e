"""The columns of the warehouse's tables loaded from polars frames, with their dtypes.

The one list of them: normalisation and validation build their frames with these schemas
and the warehouse inserts the frames by name, so a column is added here and in the table's
DDL (``sql/schema/``), nowhere else (``tests/test_columns_ddl.py`` holds the two
together). Amounts are exact: ``Decimal(18, 2)`` yuan, never float.

``WAREHOUSE_FILLED`` names the columns of these tables that the warehouse layer fills
itself when it loads a document, which no frame carries.
"""

from __future__ import annotations

import polars as pl

Schema = dict[str, pl.DataType]

MONEY = pl.Decimal(18, 2)  # yuan, exact to the cent
RATIO = pl.Decimal(9, 4)  # 0.9512 for 95.12%
SCORE = pl.Decimal(9, 2)  # points and weights of a performance evaluation
MEASURE = pl.Decimal(18, 4)  # an indicator's target or actual value, as printed
QUANTITY = pl.Decimal(18, 2)  # a count (辆, 台（套）, 人次) a table or sentence prints

DOCUMENTS: Schema = {
    "document_id": pl.Utf8,
    "source_file": pl.Utf8,
    "sha256": pl.Utf8,
    "department": pl.Utf8,
    "region": pl.Utf8,
    "fiscal_year": pl.Int32,
    "doc_kind": pl.Utf8,
    "scope": pl.Utf8,
    "page_count": pl.Int32,
    "status": pl.Utf8,
    "status_reason": pl.Utf8,
    "ingested_at": pl.Datetime("us"),
    "publication_id": pl.Utf8,
    "part": pl.Utf8,
    "template": pl.Utf8,
    "department_source": pl.Utf8,
    "region_source": pl.Utf8,
    "fiscal_year_source": pl.Utf8,
    "doc_kind_source": pl.Utf8,
    "scope_source": pl.Utf8,
    "edition_mark": pl.Utf8,  # 更正, 修订…: the word marking a corrected edition, if any
    "parent_department": pl.Utf8,  # a unit's 主管部门
}
LINE_ITEMS: Schema = {
    "document_id": pl.Utf8,
    "table_key": pl.Utf8,
    "row_code": pl.Utf8,
    "row_label": pl.Utf8,
    "column_key": pl.Utf8,
    "amount_yuan": MONEY,
    "page": pl.Int32,
    "row_group": pl.Utf8,
    "row_no": pl.Int32,
    "source_line": pl.Int32,
    "printed_unit": pl.Utf8,
}
LINE_ITEM_QUANTITIES: Schema = {
    "document_id": pl.Utf8,
    "table_key": pl.Utf8,
    "row_code": pl.Utf8,
    "row_label": pl.Utf8,
    "column_key": pl.Utf8,
    "quantity": QUANTITY,
    "unit": pl.Utf8,
    "page": pl.Int32,
    "row_group": pl.Utf8,
    "row_no": pl.Int32,
    "source_line": pl.Int32,
}
DOCUMENT_TABLES: Schema = {
    "document_id": pl.Utf8,
    "table_key": pl.Utf8,
    "status": pl.Utf8,
    "title": pl.Utf8,
    "number": pl.Utf8,
    "printed_unit": pl.Utf8,
    "first_page": pl.Int32,
    "figure_count": pl.Int32,
    "no_data_note": pl.Boolean,
}
EXTRACTION_PROBLEMS: Schema = {
    "document_id": pl.Utf8,
    "table_key": pl.Utf8,
    "row_no": pl.Int32,
    "message": pl.Utf8,
}
CHECK_RESULTS: Schema = {
    "document_id": pl.Utf8,
    "rule": pl.Utf8,
    "severity": pl.Utf8,
    "passed": pl.Boolean,
    "expected": MONEY,
    "actual": MONEY,
    "difference": MONEY,
    "table_key": pl.Utf8,
    "row": pl.Utf8,
    "page": pl.Int32,
    "message": pl.Utf8,
    "material": pl.Boolean,
}
PROJECT_PERFORMANCE: Schema = {
    "document_id": pl.Utf8,
    "project_name": pl.Utf8,
    "project_unit": pl.Utf8,
    "budget_declared_yuan": MONEY,
    "budget_initial_yuan": MONEY,
    "budget_full_year_yuan": MONEY,
    "executed_yuan": MONEY,
    "balance_yuan": MONEY,
    "execution_rate": RATIO,
    "budget_score": SCORE,
    "total_score": SCORE,
    "grade": pl.Utf8,
    "page": pl.Int32,
    "source_line": pl.Int32,
}
PERFORMANCE_INDICATORS: Schema = {
    "document_id": pl.Utf8,
    "project_name": pl.Utf8,
    "indicator_no": pl.Int32,
    "level1": pl.Utf8,
    "level2": pl.Utf8,
    "indicator": pl.Utf8,
    "target_text": pl.Utf8,
    "target_comparator": pl.Utf8,
    "target_value": MEASURE,
    "target_unit": pl.Utf8,
    "actual_text": pl.Utf8,
    "actual_value": MEASURE,
    "weight": SCORE,
    "score": SCORE,
    "page": pl.Int32,
    "source_line": pl.Int32,
}
# a narrative figure as the narrative states it (pipelines/normalise/facts.py) ...
NARRATIVE_STATED: Schema = {
    "document_id": pl.Utf8,
    "section": pl.Utf8,
    "metric": pl.Utf8,
    "row_code": pl.Utf8,
    "fiscal_year": pl.Int32,
    "amount_yuan": MONEY,
    "ratio": RATIO,
    "quantity": QUANTITY,
    "derived": pl.Boolean,
    "sentence": pl.Utf8,
    "page": pl.Int32,
    "source_line": pl.Int32,
}
# ... and the table figure it restates (pipelines/normalise/narrative_links.py)
NARRATIVE_LINKS: Schema = {
    "table_key": pl.Utf8,
    "table_row": pl.Utf8,
    "table_column": pl.Utf8,
    "table_amount_yuan": MONEY,
    "agrees": pl.Boolean,
}
NARRATIVE_FIGURES: Schema = NARRATIVE_STATED | NARRATIVE_LINKS

# table -> the columns its frames carry
FRAME_COLUMNS: dict[str, Schema] = {
    "documents": DOCUMENTS,
    "line_items": LINE_ITEMS,
    "line_item_quantities": LINE_ITEM_QUANTITIES,
    "document_tables": DOCUMENT_TABLES,
    "extraction_problems": EXTRACTION_PROBLEMS,
    "check_results": CHECK_RESULTS,
    "project_performance": PROJECT_PERFORMANCE,
    "performance_indicators": PERFORMANCE_INDICATORS,
    "narrative_figures": NARRATIVE_FIGURES,
}
# table -> the columns the warehouse layer fills at load, which no frame carries
WAREHOUSE_FILLED: dict[str, Schema] = {
    "documents": {
        "pipeline_version": pl.Utf8,  # pipelines/versions.py: what it was read and checked with
        "retired_at": pl.Datetime("us"),  # when it left the raw folder
        "superseded_by": pl.Utf8,  # the newer edition of its publication (refresh)
    },
}


def table_columns(table: str) -> Schema:
    """Every column of one table loaded from frames: the frames' and the warehouse's."""
    return FRAME_COLUMNS[table] | WAREHOUSE_FILLED.get(table, {})
