"""Create or update the warehouse's tables and views from the SQL files in ``sql/``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.columns import FRAME_COLUMNS
from pipelines.paths import SQL_DIR
from pipelines.warehouse.lookups import refresh_lookups

META_FILE = "000_warehouse_meta.sql"
# the refresh step deciding which edition of a publication is loaded (sql/refresh/)
EDITIONS_FILE = "000_editions.sql"
# the refresh step building the star schema, after the lookups it reads (lookups.py)
STAR_FILE = "003_star_schema.sql"
# the tables holding a document's rows beside its row of ``documents``
FACT_TABLES = tuple(table for table in FRAME_COLUMNS if table != "documents")


def sql_files(folder: str) -> list[Path]:
    """The SQL files of one folder of ``sql/``, in name order."""
    return sorted((SQL_DIR / folder).glob("*.sql"))


def schema_version() -> str:
    """A hash of the schema and view files: changes whenever any of them does."""
    digest = hashlib.sha256()
    for folder in ("schema", "views"):
        for path in sql_files(folder):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def apply_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views, unless this schema version is in place.

    The version is kept in ``warehouse_meta``; running this on every load costs one query.
    """
    version = schema_version()
    conn.execute((SQL_DIR / "schema" / META_FILE).read_text(encoding="utf-8"))
    found = conn.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_version'").fetchone()
    if found and found[0] == version:
        return
    for folder in ("schema", "views"):
        for path in sql_files(folder):
            conn.execute(path.read_text(encoding="utf-8"))
    conn.execute("INSERT OR REPLACE INTO warehouse_meta VALUES ('schema_version', ?)", [version])


def refresh_dimensions(conn: duckdb.DuckDBPyConnection, *, star: bool = True) -> None:
    """Re-derive, in name order, what sql/refresh/ builds from all documents: which edition
    of each publication is loaded, regions from the same department, the code dimensions,
    the rules across documents, the star schema (with its lookups from the catalog; left
    out when ``star`` is false)."""
    for path in sql_files("refresh"):
        if path.name == STAR_FILE:
            if star:
                refresh_star_schema(conn)
        else:
            conn.execute(path.read_text(encoding="utf-8"))


def refresh_editions(conn: duckdb.DuckDBPyConnection) -> None:
    """Re-derive which edition of each publication is loaded and which are superseded
    (sql/refresh/000_editions.sql), and the star schema the analysts' views read (which
    documents have facts), alone: after a document was retired or the publication dates
    changed, between full refreshes."""
    conn.execute((SQL_DIR / "refresh" / EDITIONS_FILE).read_text(encoding="utf-8"))
    refresh_star_schema(conn)


def refresh_star_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild the facts and dimensions (sql/refresh/003_star_schema.sql) and the lookups
    they read (``refresh_lookups``) from the documents loaded now."""
    refresh_lookups(conn)
    conn.execute((SQL_DIR / "refresh" / STAR_FILE).read_text(encoding="utf-8"))
