"""The warehouse the sample was ingested into through Dagster: contract, views, reloads."""

from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.rules import check_tables
from pipelines.warehouse.load import load_document
from tests.test_sample_figures import PRINTED_PER_TABLE

CONTRACT_TABLES = {
    "documents": [
        "document_id",
        "source_file",
        "sha256",
        "department",
        "region",
        "fiscal_year",
        "doc_kind",
        "scope",
        "page_count",
        "status",
        "status_reason",
        "ingested_at",
    ],
    "line_items": [
        "document_id",
        "table_key",
        "row_code",
        "row_label",
        "column_key",
        "amount_yuan",
        "page",
    ],
}
CONTRACT_VIEWS = {
    "v_expenditure_by_function": [
        "department",
        "fiscal_year",
        "doc_kind",
        "subject_code",
        "subject_name",
        "level",
        "total_yuan",
        "basic_yuan",
        "project_yuan",
    ],
    "v_expenditure_yoy": [
        "department",
        "subject_code",
        "fiscal_year",
        "total_yuan",
        "prior_total_yuan",
        "change_yuan",
        "change_pct",
    ],
    "v_budget_execution": [
        "department",
        "fiscal_year",
        "subject_code",
        "budget_total_yuan",
        "final_total_yuan",
        "execution_rate",
    ],
    "v_department_comparison": [
        "fiscal_year",
        "subject_code",
        "department",
        "total_yuan",
        "share_of_department",
        "rank_among_departments",
    ],
}


@pytest.fixture
def conn(loaded_warehouse: Path):
    with duckdb.connect(str(loaded_warehouse), read_only=True) as connection:
        yield connection


def test_contract_names_exist(conn) -> None:
    for relation, columns in {**CONTRACT_TABLES, **CONTRACT_VIEWS}.items():
        present = {row[0] for row in conn.execute(f"DESCRIBE {relation}").fetchall()}
        assert set(columns) <= present, (relation, set(columns) - present)


def test_money_is_decimal_18_2(conn) -> None:
    types = dict(
        conn.execute("SELECT column_name, column_type FROM (DESCRIBE line_items)").fetchall()
    )
    assert types["amount_yuan"] == "DECIMAL(18,2)"
    view_types = dict(
        conn.execute(
            "SELECT column_name, column_type FROM (DESCRIBE v_expenditure_by_function)"
        ).fetchall()
    )
    assert view_types["total_yuan"] == "DECIMAL(18,2)"


def test_every_table_and_column_has_a_comment(conn) -> None:
    missing_tables = conn.execute(
        "SELECT table_name FROM duckdb_tables() WHERE comment IS NULL OR comment = ''"
    ).fetchall()
    missing_columns = conn.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE NOT internal AND table_name IN (SELECT table_name FROM duckdb_tables()) "
        "AND (comment IS NULL OR comment = '')"
    ).fetchall()
    missing_views = conn.execute(
        "SELECT view_name FROM duckdb_views() "
        "WHERE NOT internal AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert missing_tables == [] and missing_columns == [] and missing_views == []


def test_counts_per_table_in_the_warehouse(conn) -> None:
    counts = dict(conn.execute("SELECT table_key, count(*) FROM line_items GROUP BY 1").fetchall())
    assert {k: counts.get(k, 0) for k in PRINTED_PER_TABLE} == PRINTED_PER_TABLE
    assert conn.execute("SELECT count(*) FROM line_item_quantities").fetchone()[0] == 2


def test_document_row(conn) -> None:
    row = conn.execute(
        "SELECT department, region, fiscal_year, doc_kind, scope, page_count, status, "
        "status_reason "
        "FROM documents"
    ).fetchall()
    assert row == [
        (
            "孝义市行政审批服务管理局",
            "孝义市",
            2024,
            "final_accounts",
            "department",
            None,
            "loaded",
            None,
        )
    ]


def test_figures_in_the_warehouse(conn) -> None:
    assert conn.execute(
        "SELECT amount_yuan FROM line_items "
        "WHERE table_key = 'summary' AND row_label = '本年支出合计'"
    ).fetchall() == [(Decimal("16495600.00"),)]
    assert conn.execute(
        "SELECT total_yuan, basic_yuan, project_yuan FROM v_expenditure_by_function "
        "WHERE subject_code = '2010302'"
    ).fetchall() == [(Decimal("3904800.00"), Decimal("108500.00"), Decimal("3796300.00"))]


def test_views(conn) -> None:
    levels = dict(
        conn.execute("SELECT level, count(*) FROM v_expenditure_by_function GROUP BY 1").fetchall()
    )
    assert levels == {"类": 5, "款": 5, "项": 11}
    share = conn.execute(
        "SELECT share_of_department, rank_among_departments FROM v_department_comparison "
        "WHERE subject_code = '201'"
    ).fetchall()
    # 1132.76 / (1132.76 + 113.19 + 45.07 + 271.41 + 87.12) = 0.6867
    assert share == [(Decimal("0.6867"), 1)]
    yoy = conn.execute(
        "SELECT total_yuan, prior_total_yuan FROM v_expenditure_yoy WHERE subject_code = '221'"
    ).fetchall()
    assert yoy == [(Decimal("871200.00"), None)]


def test_code_dimensions(conn) -> None:
    functional = conn.execute(
        "SELECT code, name, level, parent_code FROM functional_codes "
        "WHERE code IN ('201', '20103', '2010301') "
        "ORDER BY code"
    ).fetchall()
    assert functional == [
        ("201", "一般公共服务支出", "类", None),
        ("20103", "政府办公厅（室）及相关机构事务", "款", "201"),
        ("2010301", "行政运行", "项", "20103"),
    ]
    assert conn.execute("SELECT count(*) FROM functional_codes").fetchone()[0] == 21
    economic = conn.execute(
        "SELECT name, level, parent_code FROM economic_codes WHERE code = '30231'"
    ).fetchall()
    assert economic == [("公务用车运行维护费", "款", "302")]


def test_reloading_a_document_replaces_its_rows(
    tmp_path: Path, sample_facts: NormalisedDocument
) -> None:
    path = tmp_path / "w.duckdb"
    checks = check_tables(sample_facts.document_id, sample_facts.line_items)
    with duckdb.connect(str(path)) as connection:
        first = load_document(connection, sample_facts, checks)
        second = load_document(connection, sample_facts, checks)
        assert first.rows == second.rows
        assert connection.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
        assert connection.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_a_failed_load_leaves_the_warehouse_as_it_was(
    tmp_path: Path, sample_facts: NormalisedDocument
) -> None:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as connection:
        load_document(connection, sample_facts)
        broken = NormalisedDocument(
            document=sample_facts.document,
            line_items=sample_facts.line_items.head(5),
            quantities=sample_facts.quantities,
            tables=sample_facts.tables,
            # a problem row without its message violates NOT NULL: the load must roll back
            problems=pl.DataFrame(
                {
                    "document_id": [sample_facts.document_id],
                    "table_key": ["x"],
                    "row_no": [1],
                    "message": [None],
                },
                schema=sample_facts.problems.schema,
            ),
        )
        with pytest.raises(duckdb.ConstraintException):
            load_document(connection, broken)
        assert connection.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208


def test_loads_without_their_refresh_are_finished_later(
    sample_facts: NormalisedDocument, tmp_path: Path
) -> None:
    """A run stopped between its loads and their refresh leaves a mark; the next ingest
    refreshes what is derived from all documents (code dimensions, rules across them)."""
    from pipelines.warehouse.load import refresh_if_stale

    with duckdb.connect(str(tmp_path / "fiscal.duckdb")) as conn:
        load_document(conn, sample_facts, refresh=False)
        assert conn.execute("SELECT count(*) FROM functional_codes").fetchone()[0] == 0
        assert refresh_if_stale(conn)
        # the sample's expenditure table prints 5 类 (201, 208, 210, 212, 221)
        assert (
            conn.execute("SELECT count(*) FROM functional_codes WHERE level = '类'").fetchone()[0]
            == 5
        )
        assert not refresh_if_stale(conn)
