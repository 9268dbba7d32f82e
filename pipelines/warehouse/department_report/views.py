"""What the page reads of the warehouse: the views and tables and the columns it names,
checked before it reads any (a warehouse older than them is brought up to date by the next
``fiscal ingest``, whose apply_schema re-creates the views), and rows as dicts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

# relation -> the columns the page names (sql/views/, sql/schema/)
REQUIRED: dict[str, tuple[str, ...]] = {
    "v_documents": (
        "document_id", "source_file", "department", "region", "fiscal_year", "doc_kind",
        "scope", "part", "status", "verification", "failed_errors", "failed_warnings",
        "page_count", "source_url", "published_on",
    ),
    "v_line_items": ("document_id", "table_key", "row_code", "row_label", "source_line"),
    "v_expenditure_by_function": (
        "document_id", "department", "fiscal_year", "doc_kind", "subject_code",
        "subject_name", "level", "total_yuan", "basic_yuan", "project_yuan", "source_table",
        "fund_scope", "scope", "government_level", "page",
    ),
    "v_expenditure_yoy": (
        "department", "scope", "doc_kind", "subject_code", "subject_name", "level",
        "fund_scope", "fiscal_year", "total_yuan", "prior_total_yuan", "change_yuan",
        "change_pct",
    ),
    "v_three_public_trend": (
        "department", "doc_kind", "item", "basis", "fiscal_year", "amount_yuan",
        "prior_amount_yuan", "change_yuan", "change_pct", "page", "document_id",
    ),
    "v_economic_structure": (
        "document_id", "department", "fiscal_year", "doc_kind", "basic_total_yuan",
        "personnel_yuan", "public_yuan", "personnel_share", "public_share", "source_table",
        "page",
    ),
    "v_budget_execution": (
        "department", "scope", "fiscal_year", "subject_code", "subject_name", "level",
        "fund_scope", "budget_total_yuan", "final_total_yuan", "execution_rate",
        "budget_source", "budget_base", "document_id",
    ),
    "documents": ("document_id", "department", "ingested_at"),
    "narrative_figures": (
        "document_id", "row_code", "metric", "page", "source_line", "derived",
    ),
    "check_results": (
        "document_id", "rule", "severity", "passed", "expected", "actual", "difference",
        "table_key", "row", "page", "message", "material",
    ),
    "warehouse_meta": ("key", "value"),
}  # fmt: skip


class OutdatedSchema(LookupError):
    """The warehouse lacks a view, a table or a column the page reads."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = list(missing)
        super().__init__(
            f"the warehouse's schema is older than the report (missing: {'; '.join(missing)}): "
            "run `fiscal ingest` to bring the warehouse's schema up to date"
        )


def require_current_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Nothing when the warehouse has every relation and column of :data:`REQUIRED`, else
    :class:`OutdatedSchema` naming what it lacks."""
    found: dict[str, set[str]] = {}
    for table, column in conn.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_name IN (SELECT unnest(?))",
        [list(REQUIRED)],
    ).fetchall():
        found.setdefault(table, set()).add(column)
    missing = []
    for relation, columns in REQUIRED.items():
        if relation not in found:
            missing.append(f"no {relation}")
        elif lacking := [c for c in columns if c not in found[relation]]:
            missing.append(f"{relation} has no {', '.join(lacking)}")
    if missing:
        raise OutdatedSchema(missing)


def records(conn: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    """The rows of a query as dicts by column name."""
    cursor = conn.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
