"""The warehouse as a DuckLake: a catalog in PostgreSQL (or a DuckDB/SQLite file), its
rows in Parquet files under a data path, read and written by DuckDB.

Many writers can load at once and readers see committed snapshots, so there is no working
copy and no publish (``pipelines/warehouse/publish.py`` does both only for a DuckDB file).
The extensions are the ones the registry's packages ship for this duckdb version
(``duckdb-extension-ducklake``, ``duckdb-extension-postgres-scanner``), loaded from their
files: nothing is downloaded at run time.

DuckLake has no primary keys and settles two transactions that commit at once only when
their changes cannot conflict. Two loads of one document that both find nothing to delete
would both insert it; so every write transaction first updates one row of
``warehouse_meta`` (``claim_commit``), which makes any two concurrent writes conflict: the
one that loses is rolled back whole and run again on the newer snapshot
(``pipelines/warehouse/transaction.py``). Reading, the costly part, runs in parallel; the
commits of a document's rows are serialised.
"""

from __future__ import annotations

import importlib
import re
import time
import uuid
from datetime import timedelta
from pathlib import Path

import duckdb

from pipelines.paths import Lake

ALIAS = "fiscal"  # the name the lake is attached under
# the registry's packages holding each extension's file, for this duckdb version
EXTENSIONS = {
    "postgres_scanner": "duckdb_extension_postgres_scanner",
    "ducklake": "duckdb_extension_ducklake",
}
CLAIM_KEY = "last_commit"  # warehouse_meta: the row every write transaction updates
# DuckLake's own retries of a commit that races another without conflicting with it
COMMIT_RETRIES = 20
CREATE_ATTEMPTS = 10  # ATTACHes of a new lake that another writer is creating at once
# snapshots older than this are expired by the maintenance job (time travel goes this far)
KEEP_SNAPSHOTS = timedelta(days=7)
_PRIMARY_KEY = re.compile(r"\s+PRIMARY KEY\b", re.IGNORECASE)


class LakeUnavailable(RuntimeError):
    """The lake's catalog cannot be reached, or its extensions are not installed."""


def extension_file(name: str) -> Path:
    """The file of extension ``name`` for the installed duckdb, from its registry package."""
    package = EXTENSIONS[name]
    try:
        module = importlib.import_module(package)
    except ImportError as exc:
        raise LakeUnavailable(
            f"the DuckDB extension {name} is not installed (package "
            f"{package.replace('_', '-')}, pinned with duckdb in pyproject.toml)"
        ) from exc
    found = Path(module.__file__).parent / "extensions" / f"v{duckdb.__version__}"
    path = found / f"{name}.duckdb_extension"
    if not path.is_file():
        raise LakeUnavailable(
            f"the package {package.replace('_', '-')} holds no {name} extension for duckdb "
            f"{duckdb.__version__}: the two must be the same version"
        )
    return path


def connect_lake(lake: Lake, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """A connection with ``lake`` attached as ``fiscal`` and in use (created if new)."""
    conn = duckdb.connect(config={"autoinstall_known_extensions": False})
    try:
        for name in EXTENSIONS:
            conn.execute(f"LOAD '{extension_file(name)}'")
        conn.execute(f"SET ducklake_max_retry_count = {COMMIT_RETRIES}")
        options = [f"DATA_PATH '{_quoted(str(lake.data_path) + '/')}'"]
        if read_only:
            options.append("READ_ONLY")
        else:
            lake.data_path.mkdir(parents=True, exist_ok=True)
        _attach(conn, f"ATTACH '{_quoted(str(lake))}' AS {ALIAS} ({', '.join(options)})")
        conn.execute(f"USE {ALIAS}")
    except duckdb.Error as exc:
        conn.close()
        raise LakeUnavailable(f"the DuckLake {lake} cannot be opened: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn


def _attach(conn: duckdb.DuckDBPyConnection, statement: str) -> None:
    """ATTACH, again if another writer was creating the same new lake's catalog at once
    (the catalog's tables are created on first ATTACH, not in one transaction)."""
    for attempt in range(CREATE_ATTEMPTS):
        try:
            conn.execute(statement)
            return
        except duckdb.Error as exc:
            racing = "already exists" in str(exc) or "duplicate key" in str(exc)
            if not racing or attempt == CREATE_ATTEMPTS - 1:
                raise
            time.sleep(0.2 * (attempt + 1))


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def is_lake(conn: duckdb.DuckDBPyConnection) -> bool:
    """Whether ``conn`` works in a DuckLake (else in a DuckDB file)."""
    found = conn.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return bool(found) and found[0] == "ducklake"


def lake_ddl(sql: str) -> str:
    """A schema file's DDL as DuckLake takes it: without the primary keys it cannot hold
    (the loads keep those columns unique: each document's rows are replaced whole)."""
    return _PRIMARY_KEY.sub("", sql)


def claim_commit(conn: duckdb.DuckDBPyConnection) -> None:
    """Make this transaction conflict with any other writing the lake at the same time."""
    conn.execute(
        "UPDATE warehouse_meta SET value = ? WHERE key = ?", [str(uuid.uuid4()), CLAIM_KEY]
    )


def maintain(conn: duckdb.DuckDBPyConnection, keep: timedelta = KEEP_SNAPSHOTS) -> dict[str, int]:
    """The lake's upkeep: merge small Parquet files, expire snapshots older than ``keep``,
    and delete the files no snapshot reads any more. Returns what each step did."""
    done: dict[str, int] = {}
    done["files_merged"] = len(
        conn.execute(f"CALL ducklake_merge_adjacent_files('{ALIAS}')").fetchall()
    )
    done["snapshots_expired"] = len(
        conn.execute(
            f"CALL ducklake_expire_snapshots('{ALIAS}', older_than => now() - ?::INTERVAL)",
            [f"{int(keep.total_seconds())} seconds"],
        ).fetchall()
    )
    done["files_deleted"] = len(
        conn.execute(f"CALL ducklake_cleanup_old_files('{ALIAS}', cleanup_all => true)").fetchall()
    )
    return done
