"""Create or update the warehouse's tables and views from the SQL files in ``sql/``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

from pipelines.columns import FRAME_COLUMNS
from pipelines.paths import SQL_DIR
from pipelines.warehouse.lake import CLAIM_KEY, is_lake, lake_ddl
from pipelines.warehouse.lookups import refresh_lookups
from pipelines.warehouse.transaction import retried, transaction

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


def set_meta(conn: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Set one fact of ``warehouse_meta`` (DuckLake has no keys to replace a row by)."""
    conn.execute("DELETE FROM warehouse_meta WHERE key = ?", [key])
    conn.execute("INSERT INTO warehouse_meta VALUES (?, ?)", [key, value])


@retried
def write_meta(conn: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """``set_meta`` in a transaction of its own."""
    with transaction(conn):
        set_meta(conn, key, value)


@retried
def apply_schema(conn: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables and (re)create the views, unless this schema version is in place.

    The version is kept in ``warehouse_meta``; running this on every load costs one query
    (two in a DuckLake, whose tables are created in one transaction: two writers starting
    at once create them once).
    """
    version = schema_version()
    lake = is_lake(conn)
    if not lake:
        conn.execute(_ddl(SQL_DIR / "schema" / META_FILE, lake))
    elif not conn.execute(
        "SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
        "AND table_name = 'warehouse_meta'"
    ).fetchone():
        # the meta table and the row each write claims first, alone: two writers creating
        # them at once conflict, and the one that lost finds them when it runs again
        with transaction(conn, claim=False):
            conn.execute(_ddl(SQL_DIR / "schema" / META_FILE, lake))
            conn.execute("INSERT INTO warehouse_meta VALUES (?, 'none')", [CLAIM_KEY])
    found = conn.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_version'").fetchone()
    if found and found[0] == version:
        return
    with transaction(conn):
        for folder in ("schema", "views"):
            for path in sql_files(folder):
                conn.execute(_ddl(path, lake))
        set_meta(conn, "schema_version", version)


def _ddl(path: Path, lake: bool) -> str:
    sql = path.read_text(encoding="utf-8")
    return lake_ddl(sql) if lake else sql


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
