"""Replace one document's rows in the warehouse, all at once or not at all."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from pipelines.normalise.facts import NormalisedDocument
from pipelines.warehouse.schema import FACT_TABLES, apply_schema, refresh_dimensions, set_meta
from pipelines.warehouse.sources import register_sources
from pipelines.warehouse.transaction import retried, transaction

STALE = "derived_stale"  # warehouse_meta key: loads committed, derived tables not refreshed


@dataclass(frozen=True)
class LoadResult:
    """What one load wrote."""

    document_id: str
    status: str
    rows: dict[str, int]


def _insert(conn: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> int:
    if frame.is_empty():
        return 0
    conn.register("incoming", frame)
    try:
        conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
    finally:
        conn.unregister("incoming")
    return frame.height


@retried
def load_document(
    conn: duckdb.DuckDBPyConnection,
    document: NormalisedDocument,
    check_results: pl.DataFrame | None = None,
    *,
    refresh: bool = True,
    pipeline_version: str | None = None,
) -> LoadResult:
    """Replace a document's rows in every table in one transaction.

    Re-loading the same document gives the same rows (idempotent); a failure, or the
    process being killed, before COMMIT leaves the warehouse as it was. ``check_results``
    are the rulebook's results on the document (pipelines/validate/checks.py). What is
    derived from all documents (code dimensions, the rules across documents) is refreshed
    in the same transaction, unless ``refresh`` is false: a batch of loads then calls
    ``refresh_derived`` once at its end.

    The document's source files (``document.ref.source_files``) are registered in the
    same transaction; a document one of them held before and that no file holds any more
    is retired with it (a file replaced by other bytes replaces its document at once).
    """
    apply_schema(conn)
    doc_id = document.document_id
    frames = {
        "line_items": document.line_items,
        "line_item_quantities": document.quantities,
        "document_tables": document.tables,
        "extraction_problems": document.problems,
        "check_results": check_results,
        "project_performance": document.performance,
        "performance_indicators": document.indicators,
        "narrative_figures": document.narrative,
    }
    rows: dict[str, int] = {}
    with transaction(conn):
        # a document has rows beside its row of documents only if it has that row (each
        # load writes both at once): a new one, the most common, scans no fact table
        known = conn.execute("SELECT 1 FROM documents WHERE document_id = ?", [doc_id])
        if known.fetchone():
            for table in FACT_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
            conn.execute("DELETE FROM documents WHERE document_id = ?", [doc_id])
        rows["documents"] = _insert(conn, "documents", document.document)
        for table, frame in frames.items():
            rows[table] = _insert(conn, table, frame) if frame is not None else 0
        conn.execute(
            "UPDATE documents SET pipeline_version = ?, retired_at = NULL WHERE document_id = ?",
            [pipeline_version, doc_id],
        )
        register_sources(conn, document.ref)
        if refresh:
            refresh_dimensions(conn)
        else:  # until refresh_derived runs: a run stopped before it is finished by the next
            set_meta(conn, STALE, "true")
    return LoadResult(document_id=doc_id, status=document.status, rows=rows)


@retried
def refresh_derived(conn: duckdb.DuckDBPyConnection, *, star: bool = True) -> None:
    """Re-derive, in one transaction, what is built from all loaded documents: the code
    dimensions, the rules across documents and the star schema (sql/refresh/). Without
    the ``star`` (the costliest, growing with the warehouse: one of several runs of one
    ingest) the derived tables stay marked stale, for the ingest's end to finish."""
    with transaction(conn):
        refresh_dimensions(conn, star=star)
        if star:
            conn.execute("DELETE FROM warehouse_meta WHERE key = ?", [STALE])
        else:
            set_meta(conn, STALE, "true")


def refresh_if_stale(conn: duckdb.DuckDBPyConnection) -> bool:
    """Finish what a stopped run left: refresh the derived tables if loads were committed
    without their refresh (``warehouse_meta.derived_stale``). Returns whether it did."""
    stale = conn.execute("SELECT 1 FROM warehouse_meta WHERE key = ?", [STALE]).fetchone()
    if stale:
        refresh_derived(conn)
    return bool(stale)
