"""Create or update the warehouse's tables and views from the SQL files in ``sql/``."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.paths import SQL_DIR

FACT_TABLES = (
    "line_items",
    "line_item_quantities",
    "document_tables",
    "extraction_problems",
    "check_results",
)


def sql_files(folder: str) -> list[Path]:
    """The SQL files of one folder of ``sql/``, in name order."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def apply_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views. Safe to run on every load."""
    for folder in ("schema", "views"):
        for path in sql_files(folder):
            conn.execute(path.read_text(encoding="utf-8"))


def refresh_dimensions(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the tables derived from the loaded documents (code dimensions)."""
    for path in sql_files("refresh"):
        conn.execute(path.read_text(encoding="utf-8"))
