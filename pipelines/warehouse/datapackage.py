"""The warehouse as a Frictionless Data Package: one resource per table and view (CSV with
the exact decimals as printed, or Parquet), each with a Table Schema whose descriptions are
the warehouse's own COMMENTs, and a Fiscal Data Package ``model`` (measures in CNY,
classification dimensions) for the analysts' fact views, which OpenSpending-style tools
read. It only reads the connection: a read-only one can export, nothing is written to it."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from pipelines.warehouse.exports import relations

FORMATS = ("csv", "parquet")
DESCRIPTOR = "datapackage.json"
DATA_FOLDER = "data"
MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}

PACKAGE = {
    "name": "fiscal-warehouse",
    "title": "Chinese government departments' budgets and final accounts",
    "description": (
        "Every figure of the department budget (部门预算) and final-accounts (部门决算) "
        "disclosures loaded into the fiscal-warehouse DuckDB warehouse, exact to the cent, in "
        "yuan (CNY), with its provenance: one resource per table and view of the warehouse. "
        "The figures are as the departments published them; the publications' own terms of "
        "use apply (no licence is granted here)."
    ),
    "countryCode": "CN",
    "granularity": "aggregated",
    "keywords": ["budget", "final accounts", "fiscal", "China", "部门预算", "部门决算"],
}

# The analysts' fact views and tables (those the warehouse has get a model) with what the
# Fiscal Data Package model says of their measures (every column ending in _yuan): the
# direction of the money, and the budget phase where a column holds one phase only
# (elsewhere doc_kind tells a budget from final accounts).
FACT_VIEWS: dict[str, dict[str, Any]] = {
    "v_expenditure_by_function": {"direction": "expenditure"},
    "v_economic_structure": {"direction": "expenditure"},
    "fact_expenditure_by_function": {"direction": "expenditure"},
    "fact_basic_expenditure_by_economic": {"direction": "expenditure"},
    "fact_income_by_source": {"direction": "revenue"},
    "fact_three_public": {
        "direction": "expenditure",
        "phase": {"budget_yuan": "approved", "actual_yuan": "executed"},
    },
    "v_expenditure_yoy": {"direction": "expenditure"},
    "v_department_comparison": {"direction": "expenditure"},
    "v_budget_execution": {
        "direction": "expenditure",
        "phase": {"budget_total_yuan": "approved", "final_total_yuan": "executed"},
    },
    "v_three_public_trend": {"direction": "expenditure"},
    "v_line_items": {},  # income and expenditure tables alike: table_key says which
}
MAIN_FACT_VIEW = "v_expenditure_by_function"  # the package's own model: the one cube

# Dimensions of the logical model: (name, what kind, {attribute: column}); a fact view has
# a dimension when it has the first attribute's column (the dimension's primary key).
DIMENSIONS: tuple[tuple[str, dict[str, str], dict[str, str]], ...] = (
    (
        "functional_classification",
        {
            "dimensionType": "classification",
            "classificationType": "functional",
            "description": "支出功能分类科目: 类 (3 digits), 款 (5), 项 (7)",
        },
        {"code": "subject_code", "label": "subject_name", "level": "level"},
    ),
    (
        "economic_classification",
        {
            "dimensionType": "classification",
            "classificationType": "economic",
            "description": "部门经济分类科目: 类 (3 digits), 款 (5)",
        },
        {"code": "economic_code", "group": "expense_group"},
    ),
    (
        "administrative_classification",
        {
            "dimensionType": "classification",
            "classificationType": "administrative",
            "description": "the department as it names itself (the publications print no code)",
        },
        {"code": "department"},
    ),
    (
        "location",
        {"dimensionType": "location", "description": "the department's region"},
        {"title": "region"},
    ),
    (
        "government_level",
        {"dimensionType": "other", "description": "the level of government of the region"},
        {"government_level": "government_level"},
    ),
    ("date", {"dimensionType": "datetime"}, {"fiscal_year": "fiscal_year"}),
    (
        "document_kind",
        {"dimensionType": "other", "description": "budget (预算) or final_accounts (决算)"},
        {"doc_kind": "doc_kind"},
    ),
    (
        "scope",
        {"dimensionType": "other", "description": "department (部门) or unit (单位)"},
        {"scope": "scope"},
    ),
    (
        "fund_scope",
        {
            "dimensionType": "other",
            "description": "all_funds, general_public_budget or fiscal_appropriation",
        },
        {"fund_scope": "fund_scope"},
    ),
    (
        "three_public_item",
        {
            "dimensionType": "classification",
            "classificationType": "economic",
            "description": "the 三公 item (因公出国（境）费, 公务接待费, 公务用车…)",
        },
        {"code": "item"},
    ),
    (
        "income_source",
        {"dimensionType": "other", "description": "the source of funds of an income"},
        {"income_source": "income_source"},
    ),
    (
        "basis",
        {"dimensionType": "other", "description": "budget or actual"},
        {"basis": "basis"},
    ),
    (
        "printed_row",
        {
            "dimensionType": "classification",
            "description": (
                "the printed row: a functional code in the expenditure tables, an economic "
                "code (部门经济分类科目) in the basic-expenditure tables; NULL on total lines"
            ),
        },
        {"code": "row_code", "label": "row_label", "group": "row_group"},
    ),
    ("table", {"dimensionType": "other"}, {"table_key": "table_key"}),
    ("column", {"dimensionType": "other"}, {"column_key": "column_key"}),
    ("source_table", {"dimensionType": "other"}, {"table_key": "source_table"}),
    ("document", {"dimensionType": "fact"}, {"id": "document_id"}),
)
LABELS = {"label": "code"}  # attribute -> the attribute it is the label for

INTEGERS = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT"}
NUMBERS = {"FLOAT", "REAL", "DOUBLE"}


def field_type(duckdb_type: str) -> str:
    """The Table Schema type of a DuckDB column type (``any`` where none fits)."""
    kind = duckdb_type.upper()
    if kind.endswith("]") or kind.startswith(("LIST", "ARRAY")):
        return "array"
    if kind.startswith(("STRUCT", "MAP")):
        return "object"
    if kind.startswith("DECIMAL") or kind in NUMBERS:
        return "number"
    if kind in INTEGERS or kind.lstrip("U") in INTEGERS:
        return "integer"
    if kind.startswith("TIMESTAMP"):
        return "datetime"
    return {
        "VARCHAR": "string",
        "UUID": "string",
        "DATE": "date",
        "TIME": "time",
        "BOOLEAN": "boolean",
    }.get(kind, "any")


def _csv_expression(column: str, duckdb_type: str) -> str:
    """The column as its CSV cell is written: what Table Schema reads back as the value."""
    name = _identifier(column)
    kind = field_type(duckdb_type)
    if kind == "datetime":  # the warehouse's TIMESTAMPs are UTC (documents.ingested_at …)
        value = f"timezone('UTC', {name})" if "TIME ZONE" in duckdb_type.upper() else name
        return f"strftime({value}, '%Y-%m-%dT%H:%M:%S.%fZ') AS {name}"
    if kind in ("array", "object"):
        return f"CAST(to_json({name}) AS VARCHAR) AS {name}"
    if kind == "any":
        return f"CAST({name} AS VARCHAR) AS {name}"
    return name  # numbers keep their scale (DECIMAL(18,2) -> 11327600.00), booleans true/false


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return str(path).replace("'", "''")


def _columns(conn: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str, str | None]]:
    return conn.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()


def _comment(conn: duckdb.DuckDBPyConnection, name: str, kind: str) -> str | None:
    catalog, column = (
        ("duckdb_views()", "view_name") if kind == "view" else ("duckdb_tables()", "table_name")
    )
    found = conn.execute(
        f"SELECT comment FROM {catalog} WHERE database_name = current_database() "
        f"AND schema_name = 'main' AND {column} = ?",
        [name],
    ).fetchone()
    return found[0] if found else None


def _primary_key(conn: duckdb.DuckDBPyConnection, name: str) -> list[str]:
    found = conn.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE database_name = current_database() AND schema_name = 'main' "
        "AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [name],
    ).fetchone()
    return list(found[0]) if found else []


def table_schema(conn: duckdb.DuckDBPyConnection, name: str) -> dict[str, Any]:
    """The Table Schema of a table or view: its columns' types and COMMENTs, its primary key."""
    fields = []
    for column, duckdb_type, comment in _columns(conn, name):
        field: dict[str, Any] = {"name": column, "type": field_type(duckdb_type)}
        if comment:
            field["description"] = comment
        field["duckdbType"] = duckdb_type  # the exact type (DECIMAL(18,2)) for typed readers
        fields.append(field)
    schema: dict[str, Any] = {"fields": fields, "missingValues": [""]}
    if key := _primary_key(conn, name):
        schema["primaryKey"] = key
    return schema


def fiscal_model(name: str, columns: list[str]) -> dict[str, Any]:
    """The Fiscal Data Package model (measures and dimensions) of fact view ``name`` with
    these columns: every ``…_yuan`` amount a measure in CNY, the known columns dimensions."""
    view = FACT_VIEWS[name]
    measures = {}
    for column in columns:
        if not re.fullmatch(r"\w+_yuan", column):
            continue
        measure = {"source": column, "resource": name, "currency": "CNY", "factor": 1}
        if "direction" in view:
            measure["direction"] = view["direction"]
        if phase := view.get("phase", {}).get(column):
            measure["phase"] = phase
        measures[column] = measure
    dimensions = {}
    for dimension, kind, attributes in DIMENSIONS:
        present = {a: c for a, c in attributes.items() if c in columns}
        key = next(iter(attributes))
        if key not in present:
            continue
        described = {}
        for attribute, column in present.items():
            described[attribute] = {"source": column, "resource": name}
            if LABELS.get(attribute) in present:
                described[attribute]["labelfor"] = LABELS[attribute]
        dimensions[dimension] = {**kind, "attributes": described, "primaryKey": [key]}
    return {"measures": measures, "dimensions": dimensions}


def _file_facts(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(1 << 20):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "hash": f"sha256:{digest.hexdigest()}"}


def export_datapackage(
    conn: duckdb.DuckDBPyConnection, folder: Path, *, fmt: str = "csv"
) -> dict[str, int]:
    """Every table and view as a resource of a Data Package in ``folder`` (``data/<name>.csv``
    or ``.parquet``, then ``datapackage.json``, written last); returns the rows per name."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    folder = Path(folder)
    (folder / DATA_FOLDER).mkdir(parents=True, exist_ok=True)
    resources, written, models = [], {}, {}
    for name, kind in relations(conn):
        columns = _columns(conn, name)
        path = Path(DATA_FOLDER) / f"{name}.{fmt}"
        target = _literal(folder / path)
        if fmt == "csv":
            select = ", ".join(_csv_expression(c, t) for c, t, _ in columns)
            options = "FORMAT csv, HEADER true"
        else:
            select, options = "*", "FORMAT parquet"
        copied = conn.execute(
            f"COPY (SELECT {select} FROM {_identifier(name)}) TO '{target}' ({options})"
        ).fetchone()
        written[name] = copied[0]
        resource: dict[str, Any] = {
            "name": name,
            "path": path.as_posix(),
            "profile": "tabular-data-resource",
            "format": fmt,
            "mediatype": MEDIATYPES[fmt],
        }
        if fmt == "csv":
            resource["encoding"] = "utf-8"
        if comment := _comment(conn, name, kind):
            resource["description"] = comment
        resource |= _file_facts(folder / path)
        resource["schema"] = table_schema(conn, name)
        if name in FACT_VIEWS:
            models[name] = resource["model"] = fiscal_model(name, [c for c, _, _ in columns])
        resources.append(resource)
    package = {
        "profile": "tabular-data-package",
        **PACKAGE,
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "resources": resources,
    }
    if MAIN_FACT_VIEW in models:
        package["model"] = models[MAIN_FACT_VIEW]
    descriptor = folder / DESCRIPTOR
    descriptor.write_text(json.dumps(package, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return written
