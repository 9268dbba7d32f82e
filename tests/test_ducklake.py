"""The warehouse as a DuckLake on a real PostgreSQL: two writers ingesting the corpus at
once give what one ingest into a DuckDB file gives, table by table and view by view, with
no row twice; the maintenance job keeps it so.

Needs a PostgreSQL server on which this user may create databases, named by
``$FISCAL_TEST_POSTGRES`` (a libpq connection string; ``.ci/run`` starts one and sets it).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pipelines.paths import LAKE_DATA_ENV, Lake
from pipelines.warehouse.lake import claim_commit, connect_lake, extension_file, is_lake
from pipelines.warehouse.schema import apply_schema
from tests.conftest import fiscal_env

POSTGRES_ENV = "FISCAL_TEST_POSTGRES"
# what differs between two ingests of the same folder by their nature: when and by whom
RUN_TABLES = {"ingest_runs", "warehouse_meta"}
VOLATILE_TYPES = ("TIMESTAMP", "TIMESTAMP WITH TIME ZONE")
# the columns each row of which must be unique (the DuckDB file's primary keys)
KEYS = {
    "documents": ("document_id",),
    "document_sources": ("source_file",),
    "sources_csv": ("source_file",),
    "ingest_runs": ("run_id",),
    "warehouse_meta": ("key",),
}


def _server() -> str:
    dsn = os.environ.get(POSTGRES_ENV)
    if not dsn:
        pytest.skip(
            f"no PostgreSQL server: set {POSTGRES_ENV} to a libpq connection string "
            "(host=… port=… user=…) of one this user may create databases on; .ci/run "
            "starts one"
        )
    return dsn


def _postgres(dsn: str) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    conn.execute(f"LOAD '{extension_file('postgres_scanner')}'")
    conn.execute(f"ATTACH '{dsn} dbname=postgres' AS server (TYPE postgres)")
    return conn


@pytest.fixture
def lake(tmp_path: Path) -> Iterator[Lake]:
    """A new, empty DuckLake: a database of its own on the server, data under tmp_path."""
    dsn = _server()
    name = f"fiscal_test_{uuid.uuid4().hex[:12]}"
    with _postgres(dsn) as server:
        server.execute(
            f"CALL postgres_execute('server', 'CREATE DATABASE {name}', use_transaction := false)"
        )
    yield Lake(catalog=f"postgres:{dsn} dbname={name}", data_path=tmp_path / "lake")
    with _postgres(dsn) as server:
        drop = f"DROP DATABASE {name} WITH (FORCE)"
        server.execute(f"CALL postgres_execute('server', '{drop}', use_transaction := false)")


def _relations(conn: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The tables and views of the warehouse ``conn`` is in: name -> BASE TABLE or VIEW."""
    return dict(
        conn.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND table_schema = 'main'"
        ).fetchall()
    )


def _rows(conn: duckdb.DuckDBPyConnection, relation: str) -> Counter:
    """Each row of ``relation`` (without its timestamps, which say when it was written)
    and how many times it is there."""
    columns = [
        name
        for name, kind in conn.execute(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = 'main' "
            "AND table_name = ? ORDER BY ordinal_position",
            [relation],
        ).fetchall()
        if kind not in VOLATILE_TYPES
    ]
    listed = ", ".join(f'"{c}"' for c in columns)
    rows = conn.execute(f'SELECT {listed} FROM "{relation}"').fetchall()
    return Counter(repr(row) for row in rows)  # repr: structs and lists are not hashable


def _ingest_at_once(raw: Path, lake: Lake, tmp_path: Path, writers: int = 2) -> list:
    """``fiscal ingest`` of ``raw`` into ``lake`` by ``writers`` processes started together,
    each with its own Dagster storage and one reader."""
    started = []
    for writer in range(writers):
        env = fiscal_env(tmp_path / f"dagster-{writer}")
        env[LAKE_DATA_ENV] = str(lake.data_path)
        started.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pipelines.cli",
                    "ingest",
                    "--raw",
                    str(raw),
                    "--warehouse",
                    str(lake),
                    "--workers",
                    "1",
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    return [(p.wait(timeout=1200), p.stdout.read(), p.stderr.read()) for p in started]


def test_a_lake_is_made_once_by_two_writers_starting_at_once(lake: Lake) -> None:
    first, second = connect_lake(lake), connect_lake(lake)
    with first, second:
        assert is_lake(first)
        apply_schema(first)
        apply_schema(second)  # the tables are there: nothing to create again
        assert second.execute(
            "SELECT count(*) FROM warehouse_meta WHERE key = 'schema_version'"
        ).fetchone() == (1,)


def _write_a(conn: duckdb.DuckDBPyConnection, *, claim: bool) -> None:
    """Begin a transaction that replaces the rows of file a.pdf (there are none yet)."""
    conn.execute("BEGIN TRANSACTION")
    if claim:
        claim_commit(conn)
    conn.execute("DELETE FROM document_sources WHERE source_file = 'a.pdf'")
    conn.execute(
        "INSERT INTO document_sources (source_file, document_id, sha256, size_bytes, "
        "first_seen_at) VALUES ('a.pdf', 'doc-a', 'sha', 1, now())"
    )


@pytest.mark.parametrize("claim", [True, False])
def test_two_writers_never_commit_one_file_twice(lake: Lake, claim: bool) -> None:
    """Two transactions that both find a file's row absent and insert it: without the
    claim of the commit both commit, and the row is there twice."""
    first, second = connect_lake(lake), connect_lake(lake)
    with first, second:
        apply_schema(first)
        _write_a(first, claim=claim)
        _write_a(second, claim=claim)
        first.execute("COMMIT")
        if claim:
            with pytest.raises(duckdb.TransactionException, match="onflict"):
                second.execute("COMMIT")
        else:
            second.execute("COMMIT")
        rows = first.execute("SELECT count(*) FROM document_sources").fetchone()[0]
    assert rows == (1 if claim else 2)


def test_two_writers_ingest_the_corpus_into_a_lake_as_one_into_a_file(
    corpus_warehouse: Path, corpus_dir: Path, lake: Lake, tmp_path: Path
) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(corpus_dir, raw)
    finished = _ingest_at_once(raw, lake, tmp_path)
    for code, out, err in finished:
        # 1: some files are quarantined (the blank template, MANIFEST.csv, README.md), as
        # in the file; the tables below say which
        assert code in (0, 1), (code, out[-2000:], err[-2000:])

    with duckdb.connect(str(corpus_warehouse), read_only=True) as file_conn:
        expected = {name: _rows(file_conn, name) for name in _relations(file_conn)}
    with connect_lake(lake, read_only=True) as lake_conn:
        relations = _relations(lake_conn)
        assert set(relations) == set(expected)
        for name in sorted(set(expected) - RUN_TABLES):
            found = _rows(lake_conn, name)
            assert found == expected[name], (
                name,
                sorted(found - expected[name])[:3],
                sorted(expected[name] - found)[:3],
            )
        for table, key in KEYS.items():
            listed = ", ".join(key)
            twice = lake_conn.execute(
                f"SELECT {listed}, count(*) FROM {table} GROUP BY {listed} HAVING count(*) > 1"
            ).fetchall()
            assert not twice, (table, twice)
        # both writers recorded their ingest
        assert lake_conn.execute("SELECT count(*) FROM ingest_runs").fetchone() == (2,)
    # the equality above is of two full warehouses, not of two empty ones
    for table in ("documents", "line_items", "check_results", "fact_expenditure_by_function"):
        assert expected[table], table


def test_readers_keep_their_snapshot_and_upkeep_changes_no_row(
    lake: Lake, sample_raw_dir: Path, tmp_path: Path
) -> None:
    from datetime import timedelta

    import dagster as dg

    from pipelines.ingest import ingest
    from pipelines.warehouse.lake import maintain

    raw = tmp_path / "raw"
    shutil.copytree(sample_raw_dir, raw)
    with dg.instance_for_test() as instance:
        assert ingest(raw, lake, instance=instance).ok
    reader = connect_lake(lake, read_only=True)
    reader.execute("BEGIN TRANSACTION")
    before = _rows(reader, "line_items")
    assert before
    for file in raw.iterdir():  # the folder emptied: its document is retired
        file.unlink()
    with dg.instance_for_test() as instance:
        ingest(raw, lake, instance=instance)
    assert _rows(reader, "line_items") == before  # the snapshot it opened
    reader.execute("COMMIT")
    assert not _rows(reader, "line_items")  # the lake now
    reader.close()

    with connect_lake(lake) as conn:
        everything = {name: _rows(conn, name) for name in _relations(conn)}
        done = maintain(conn, keep=timedelta(0))
        assert done["snapshots_expired"] > 0 and done["files_deleted"] > 0
        assert {name: _rows(conn, name) for name in _relations(conn)} == everything


def test_fiscal_ingests_queries_and_maintains_a_lake(
    lake: Lake, sample_raw_dir: Path, tmp_path: Path
) -> None:
    from tests.conftest import fiscal

    env = fiscal_env(tmp_path / "dagster")
    env[LAKE_DATA_ENV] = str(lake.data_path)
    where = ["--warehouse", str(lake)]
    done = fiscal("ingest", "--raw", str(sample_raw_dir), *where, env=env)
    assert done.returncode == 0, done.stderr
    assert "1 loaded" in done.stdout
    # the sample's 支出决算表 合计: 1649.56 万元 (tests/test_sample_figures.py's source)
    query = (
        "SELECT amount_yuan FROM v_line_items WHERE table_key = 'expenditure' "
        "AND row_code IS NULL AND column_key = 'total'"
    )
    done = fiscal("sql", *where, "--csv", query, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1:] == ["16495600.00"]
    done = fiscal("maintain", *where, env=env)
    assert done.returncode == 0, done.stderr
    assert "files merged" in done.stdout and "snapshots expired" in done.stdout
    done = fiscal("shell", *where, env=env)
    assert done.returncode == 2 and "fiscal sql" in done.stderr
