"""pipelines/columns.py and the DDL of sql/schema/ declare the same columns, of the same types.

The frames are inserted by name: a column declared on one side only is either never
filled or refused at load. This test fails as soon as a column is added to one side only.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines import columns
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.checks import check_document
from pipelines.warehouse.schema import apply_schema


@pytest.fixture(scope="module")
def ddl_columns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    """table -> column -> DuckDB type, as the schema files create them in a fresh file."""
    path: Path = tmp_path_factory.mktemp("ddl") / "fresh.duckdb"
    with duckdb.connect(str(path)) as conn:
        apply_schema(conn)
        rows = conn.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = 'main' ORDER BY table_name, ordinal_position"
        ).fetchall()
    found: dict[str, dict[str, str]] = {}
    for table, column, data_type in rows:
        found.setdefault(table, {})[column] = data_type
    return found


def duckdb_type(dtype: pl.DataType) -> str:
    """The DuckDB type a polars dtype is stored as."""
    if isinstance(dtype, pl.Decimal):
        return f"DECIMAL({dtype.precision},{dtype.scale})"
    if isinstance(dtype, pl.Datetime):
        return "TIMESTAMP"
    return {pl.Utf8: "VARCHAR", pl.Int32: "INTEGER", pl.Boolean: "BOOLEAN"}[dtype]


@pytest.mark.parametrize("table", sorted(columns.FRAME_COLUMNS))
def test_the_columns_are_the_ddl_columns(
    table: str, ddl_columns: dict[str, dict[str, str]]
) -> None:
    declared = columns.table_columns(table)
    ddl = ddl_columns[table]
    assert set(declared) == set(ddl), (
        f"{table}: only in pipelines/columns.py {sorted(set(declared) - set(ddl))}, "
        f"only in sql/schema/ {sorted(set(ddl) - set(declared))}"
    )
    assert {name: duckdb_type(dtype) for name, dtype in declared.items()} == ddl


def test_no_column_is_both_in_the_frames_and_filled_by_the_warehouse() -> None:
    assert set(columns.WAREHOUSE_FILLED) <= set(columns.FRAME_COLUMNS)
    for table, filled in columns.WAREHOUSE_FILLED.items():
        assert not set(filled) & set(columns.FRAME_COLUMNS[table]), table


def test_the_frames_carry_the_declared_columns(sample_facts: NormalisedDocument) -> None:
    frames = {
        "documents": sample_facts.document,
        "line_items": sample_facts.line_items,
        "line_item_quantities": sample_facts.quantities,
        "document_tables": sample_facts.tables,
        "extraction_problems": sample_facts.problems,
        "check_results": check_document(sample_facts),
        "project_performance": sample_facts.performance,
        "performance_indicators": sample_facts.indicators,
        "narrative_figures": sample_facts.narrative,
    }
    assert set(frames) == set(columns.FRAME_COLUMNS)
    for table, frame in frames.items():
        assert dict(frame.schema) == columns.FRAME_COLUMNS[table], table
