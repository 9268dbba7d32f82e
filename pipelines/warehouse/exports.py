"""The warehouse out to other tools: a query's rows as CSV or JSON, every table and view as
Parquet. Everything here reads a read-only connection: nothing can write the warehouse."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

import duckdb


def relations(conn: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """The warehouse's tables and views, as (name, ``table`` or ``view``), by name."""
    return conn.execute(
        "SELECT table_name, CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END "
        "FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()


def export_parquet(conn: duckdb.DuckDBPyConnection, folder: Path) -> dict[str, int]:
    """One Parquet file per table and view in ``folder`` (amounts stay DECIMAL(18,2));
    returns the rows written per name."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, _ in relations(conn):
        target = folder / f"{name}.parquet"
        conn.execute(f"COPY (SELECT * FROM \"{name}\") TO '{_literal(target)}' (FORMAT parquet)")
        written[name] = conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
    return written


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _plain(value: Any) -> Any:
    """A value as JSON holds it: exact decimals as strings (never rounded to a float)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def rows(relation: duckdb.DuckDBPyRelation) -> Iterator[tuple]:
    """A query's rows, fetched a batch at a time."""
    while batch := relation.fetchmany(10_000):
        yield from batch


def write_csv(relation: duckdb.DuckDBPyRelation, out: IO[str]) -> int:
    """A query's rows as CSV with a header (decimals exact); returns the rows written."""
    writer = csv.writer(out)
    writer.writerow(relation.columns)
    count = 0
    for row in rows(relation):
        writer.writerow(["" if v is None else _plain(v) for v in row])
        count += 1
    return count


def write_json(relation: duckdb.DuckDBPyRelation, out: IO[str]) -> int:
    """A query's rows as JSON lines, one object per row (decimals as exact strings);
    returns the rows written."""
    columns = relation.columns
    count = 0
    for row in rows(relation):
        out.write(json.dumps(dict(zip(columns, map(_plain, row), strict=True)), ensure_ascii=False))
        out.write("\n")
        count += 1
    return count
