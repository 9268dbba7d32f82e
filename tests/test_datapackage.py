"""``fiscal export --datapackage``: the warehouse as a Frictionless Data Package with a Fiscal
Data Package model, checked by the real ``frictionless validate`` and read back. Expected
figures are the sample's: the income table (收入决算表) row 201 一般公共服务支出, 1132.76 万元
in 本年收入合计; the expenditure table (支出决算表) row 201, 1132.76 万元 in total, 753.12 in
基本支出 and 379.63 in 项目支出."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import duckdb

from tests.conftest import fiscal, fiscal_env

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as data:
        return list(csv.DictReader(data))


def _catalog(warehouse: Path) -> tuple[dict[str, int], dict[tuple[str, str], str | None]]:
    """Rows per table and view, and every column's COMMENT, as the warehouse has them."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        ]
        counts = {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
        comments = {
            (table, column): comment
            for table, column, comment in conn.execute(
                "SELECT table_name, column_name, comment FROM duckdb_columns() "
                "WHERE schema_name = 'main' AND database_name = current_database()"
            ).fetchall()
        }
    return counts, comments


def test_a_valid_data_package_with_the_exact_figures(
    loaded_warehouse: Path, tmp_path: Path
) -> None:
    before = loaded_warehouse.read_bytes()
    out = tmp_path / "package"
    done = fiscal(
        "export", "--datapackage", str(out), "--warehouse", str(loaded_warehouse),
        env=fiscal_env(tmp_path / "dagster"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert loaded_warehouse.read_bytes() == before
    counts, comments = _catalog(loaded_warehouse)
    assert f"{len(counts)} resources in {out.resolve() / 'datapackage.json'}" in done.stdout
    assert f"data/line_items.csv  {counts['line_items']} rows" in done.stdout

    validated = subprocess.run(
        [str(FRICTIONLESS), "validate", "--json", str(out / "datapackage.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validated.returncode == 0, validated.stdout[-4000:] + validated.stderr
    report = json.loads(validated.stdout)
    assert report["valid"] and {task["name"] for task in report["tasks"]} == set(counts)
    assert {t["name"]: t["stats"].get("rows", 0) for t in report["tasks"]} == counts

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package" and package["name"] == "fiscal-warehouse"
    assert package["created"].endswith("Z")
    resources = {resource["name"]: resource for resource in package["resources"]}
    assert set(resources) == set(counts)

    # the figures as printed, exact to the cent: decimal text, never a float
    income = [
        row
        for row in _rows(out / resources["line_items"]["path"])
        if (row["table_key"], row["row_code"], row["column_key"]) == ("income", "201", "total")
    ]
    assert [row["amount_yuan"] for row in income] == ["11327600.00"]
    by_function = [
        row
        for row in _rows(out / resources["v_expenditure_by_function"]["path"])
        if row["subject_code"] == "201"
    ]
    assert [(r["total_yuan"], r["basic_yuan"], r["project_yuan"]) for r in by_function] == [
        ("11327600.00", "7531200.00", "3796300.00")
    ]

    # Table Schema: types from DuckDB's, descriptions from the warehouse's COMMENTs
    fields = {f["name"]: f for f in resources["line_items"]["schema"]["fields"]}
    assert fields["amount_yuan"]["type"] == "number"
    assert fields["amount_yuan"]["description"] == comments[("line_items", "amount_yuan")]
    assert fields["page"]["type"] == "integer" and fields["row_code"]["type"] == "string"
    documents = {f["name"]: f["type"] for f in resources["documents"]["schema"]["fields"]}
    assert documents["ingested_at"] == "datetime" and documents["fiscal_year"] == "integer"
    assert resources["documents"]["schema"]["primaryKey"] == ["document_id"]
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        (described,) = conn.execute(
            "SELECT comment FROM duckdb_views() WHERE view_name = 'v_documents'"
        ).fetchone()
    assert described and resources["v_documents"]["description"] == described

    # the Fiscal Data Package model: v_expenditure_by_function is the package's cube
    model = package["model"]
    assert model["measures"]["total_yuan"] | {"direction": None} == {
        "source": "total_yuan",
        "resource": "v_expenditure_by_function",
        "currency": "CNY",
        "factor": 1,
        "direction": None,
    }
    assert {m["currency"] for m in model["measures"].values()} == {"CNY"}
    functional = model["dimensions"]["functional_classification"]
    assert functional["dimensionType"] == "classification"
    assert functional["classificationType"] == "functional"
    assert functional["attributes"]["code"]["source"] == "subject_code"
    admin = model["dimensions"]["administrative_classification"]
    assert admin["classificationType"] == "administrative"
    assert admin["attributes"]["code"]["source"] == "department"
    assert model["dimensions"]["date"]["attributes"]["fiscal_year"]["source"] == "fiscal_year"
    # every other fact view carries its own model
    execution = resources["v_budget_execution"]["model"]["measures"]
    assert execution["final_total_yuan"]["phase"] == "executed"
    assert execution["budget_total_yuan"]["phase"] == "approved"
    assert "model" not in resources["documents"]


def test_a_data_package_of_parquet_files(loaded_warehouse: Path, tmp_path: Path) -> None:
    before = loaded_warehouse.read_bytes()
    out = tmp_path / "package"
    done = fiscal(
        "export", "--datapackage", str(out), "--format", "parquet",
        "--warehouse", str(loaded_warehouse), env=fiscal_env(tmp_path / "dagster"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert loaded_warehouse.read_bytes() == before
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    line_items = next(r for r in package["resources"] if r["name"] == "line_items")
    assert line_items["format"] == "parquet" and line_items["path"] == "data/line_items.parquet"
    reader = duckdb.connect()
    assert reader.execute(
        f"SELECT amount_yuan FROM '{out / line_items['path']}' WHERE table_key = 'income' "
        "AND row_code = '201' AND column_key = 'total'"
    ).fetchall() == [(Decimal("11327600.00"),)]


def test_export_needs_one_target(loaded_warehouse: Path, tmp_path: Path) -> None:
    env = fiscal_env(tmp_path / "dagster")
    where = ["--warehouse", str(loaded_warehouse)]
    neither = fiscal("export", *where, env=env)
    both = fiscal("export", "--parquet", "a", "--datapackage", "b", *where, env=env)
    parquet_format = fiscal(
        "export", "--parquet", str(tmp_path / "p"), "--format", "csv", *where, env=env
    )
    for done in (neither, both, parquet_format):
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "p").exists()
