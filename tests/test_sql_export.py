"""``fiscal sql`` and ``fiscal export --parquet``: the warehouse read from the terminal and
written out for other tools, never written to. Expected figures are the sample's income
table (收入决算表), row 201 一般公共服务支出: 1132.76 万元 in 本年收入合计 and in 财政拨款收入."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import duckdb

from tests.conftest import fiscal, fiscal_env

QUERY = (
    "SELECT li.column_key, li.amount_yuan FROM line_items AS li "
    "WHERE li.table_key = 'income' AND li.row_code = '201' ORDER BY li.column_key"
)


def test_a_query_as_a_table_csv_and_json(loaded_warehouse: Path, tmp_path: Path) -> None:
    env = fiscal_env(tmp_path / "dagster")
    where = ["--warehouse", str(loaded_warehouse)]
    table = fiscal("sql", QUERY, *where, env=env)
    assert table.returncode == 0, table.stderr
    assert "11327600.00" in table.stdout and "fiscal_appropriation" in table.stdout

    as_csv = fiscal("sql", QUERY, "--csv", *where, env=env)
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [
        ["column_key", "amount_yuan"],
        ["fiscal_appropriation", "11327600.00"],
        ["total", "11327600.00"],
    ]
    as_json = fiscal("sql", QUERY, "--json", *where, env=env)
    assert [json.loads(line) for line in as_json.stdout.splitlines()] == [
        {"column_key": "fiscal_appropriation", "amount_yuan": "11327600.00"},
        {"column_key": "total", "amount_yuan": "11327600.00"},
    ]


def test_fiscal_sql_cannot_write(loaded_warehouse: Path, tmp_path: Path) -> None:
    env = fiscal_env(tmp_path / "dagster")
    where = ["--warehouse", str(loaded_warehouse)]
    before = loaded_warehouse.stat().st_mtime_ns
    for statement in (
        "INSERT INTO warehouse_meta VALUES ('x', 'y')",
        "DROP VIEW v_documents",
        f"ATTACH '{loaded_warehouse.with_name('other.duckdb')}' AS other",
        f"COPY (SELECT 1) TO '{tmp_path / 'out.csv'}'",
        "SET enable_external_access = true",
    ):
        done = fiscal("sql", statement, *where, env=env)
        assert done.returncode == 2, statement
        assert done.stderr.startswith("fiscal: "), done.stderr
        assert "Traceback" not in done.stderr
    assert loaded_warehouse.stat().st_mtime_ns == before
    assert not (tmp_path / "out.csv").exists()


def test_export_parquet_writes_every_table_and_view(loaded_warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    done = fiscal(
        "export", "--parquet", str(out), "--warehouse", str(loaded_warehouse),
        env=fiscal_env(tmp_path / "dagster"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        counts = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    assert sorted(p.stem for p in out.glob("*.parquet")) == sorted(names)
    assert {"line_items", "documents", "v_documents", "v_expenditure_by_function"} <= set(names)
    reader = duckdb.connect()
    for name, count in counts.items():
        assert reader.execute(f"SELECT count(*) FROM '{out / name}.parquet'").fetchone()[0] == count
    # amounts stay exact decimals, and the figure is the printed one
    kinds = {
        row[0]: row[1]
        for row in reader.execute(f"DESCRIBE SELECT * FROM '{out}/line_items.parquet'").fetchall()
    }
    assert kinds["amount_yuan"] == "DECIMAL(18,2)"
    assert reader.execute(
        f"SELECT amount_yuan FROM '{out}/line_items.parquet' WHERE table_key = 'income' "
        "AND row_code = '201' AND column_key = 'total'"
    ).fetchall() == [(Decimal("11327600.00"),)]
