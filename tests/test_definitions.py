"""The Dagster definitions: pinned keys, and the whole graph materialised for real."""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.definitions import defs
from pipelines.documents.discover import find_documents
from pipelines.orchestration.assets import ASSETS
from pipelines.orchestration.partitions import documents_partitions, register_documents
from pipelines.orchestration.resources import default_resources

ASSET_KEYS = ["document_facts", "extracted_tables", "source_document", "warehouse_document"]
# the rulebook's rules (pipelines/catalog/rules.toml): on each document's facts, and the
# rules comparing documents on the warehouse they are loaded into
DOCUMENT_RULES = [
    "empty_table_explained",
    "every_figure_placed",
    "expenditure_table_equals_summary",
    "gpb_basic_equals_personnel_plus_public",
    "gpb_table_equals_appropriation_summary",
    "identity_restated_consistently",
    "identity_stated",
    "income_table_equals_summary",
    "income_total_equals_sum_of_sources",
    "mandatory_table_present",
    "narrative_agrees_with_tables",
    "narrative_change_consistent",
    "narrative_comparison_consistent",
    "parent_equals_sum_of_children",
    "performance_reports_cover_narrative",
    "performance_scores_make_total",
    "performance_weights_make_100",
    "summary_classes_equal_expenditure_table",
    "summary_expenditure_side_balances",
    "summary_income_side_balances",
    "summary_totals_balance",
    "three_public_total",
    "three_public_vehicles",
    "total_equals_basic_plus_project",
    "total_row_equals_sum_of_classes",
]
WAREHOUSE_RULES = ["carryover_matches_prior_year", "narrative_agrees_with_publication"]
CHECK_KEYS = sorted(
    [f"document_facts:{name}" for name in DOCUMENT_RULES]
    + [f"warehouse_document:{name}" for name in WAREHOUSE_RULES]
)


def test_definitions_snapshot() -> None:
    graph = defs.resolve_asset_graph()
    assert sorted(k.to_user_string() for k in graph.get_all_asset_keys()) == ASSET_KEYS
    assert sorted(k.to_user_string() for k in graph.asset_check_keys) == CHECK_KEYS
    assert defs.resolve_job_def("ingest_document").name == "ingest_document"
    assert sorted(defs.resources) == [
        "extraction",
        "io_manager",
        "progress",
        "raw_folder",
        "warehouse",
    ]
    for key in ASSET_KEYS:
        assert graph.get(dg.AssetKey(key)).partitions_def == documents_partitions


def test_materialise_the_whole_graph(sample_raw_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        (ref,) = find_documents(sample_raw_dir)
        assert register_documents(instance, [ref]) == [ref.document_id]
        assert register_documents(instance, [ref]) == []  # known documents are not re-added
        result = dg.materialize(
            ASSETS,
            instance=instance,
            partition_key=ref.document_id,
            resources=default_resources(sample_raw_dir, warehouse),
        )
        assert result.success
        checks = result.get_asset_check_evaluations()
        assert len(checks) == len(CHECK_KEYS)
        # the sample's findings are warnings (tests/test_cli.py); every error-level rule holds
        failed = {c.check_name: c.severity for c in checks if not c.passed}
        assert failed == {
            "narrative_agrees_with_tables": dg.AssetCheckSeverity.WARN,
            "performance_reports_cover_narrative": dg.AssetCheckSeverity.WARN,
            "performance_scores_make_total": dg.AssetCheckSeverity.WARN,
            "performance_weights_make_100": dg.AssetCheckSeverity.WARN,
        }
        load = result.asset_materializations_for_node("warehouse_document")[0]
        assert load.metadata["rows/line_items"].value == 208
        assert load.metadata["documents/loaded"].value == 1
        facts = result.asset_materializations_for_node("document_facts")[0]
        assert facts.metadata["facts/expenditure"].value == 48
        recorded = instance.get_latest_materialization_event(dg.AssetKey("warehouse_document"))
        assert recorded.asset_materialization.partition == ref.document_id
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
        failed = conn.execute(
            "SELECT severity, count(*) FROM check_results WHERE NOT passed GROUP BY severity"
        ).fetchall()
        assert failed == [("warning", 8)]  # the sample's findings (tests/test_cli.py)


def test_one_run_over_several_documents(sample_raw_dir: Path, tmp_path: Path) -> None:
    """fiscal ingest's shape: one run, a range of document partitions, a bad file among them."""
    from tests.test_pdf_sample import RENDERED

    raw = tmp_path / "raw"
    raw.mkdir()
    for source in (*sample_raw_dir.iterdir(), RENDERED):
        (raw / source.name).write_bytes(source.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    warehouse = tmp_path / "fiscal.duckdb"
    refs = find_documents(raw)
    with dg.instance_for_test() as instance:
        register_documents(instance, refs)
        keys = instance.get_dynamic_partitions(documents_partitions.name)
        result = dg.materialize(
            ASSETS,
            instance=instance,
            resources=default_resources(raw, warehouse, workers=2),
            tags={
                "dagster/asset_partition_range_start": keys[0],
                "dagster/asset_partition_range_end": keys[-1],
            },
        )
        assert result.success
        load = result.asset_materializations_for_node("warehouse_document")
        assert sorted(m.partition for m in load) == sorted(ref.document_id for ref in refs)
        checks = result.get_asset_check_evaluations()
        placed = next(c for c in checks if c.check_name == "every_figure_placed")
        assert placed.passed
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        statuses = dict(conn.execute("SELECT source_file, status FROM documents").fetchall())
        assert statuses == {
            "xiaoyi-admin-approval-bureau-2024-final-accounts.txt": "loaded",
            RENDERED.name: "loaded",
            "empty.txt": "quarantined",
        }
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 416


def test_the_project_instance_keeps_its_event_log_connections(
    sample_raw_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """dagster.yaml's storage: Dagster's SQLite storage with a pooled event log, which
    records a whole run and reads it back (pipelines/orchestration/sqlite_storage.py)."""
    from pipelines.orchestration.ingest import ingest, project_instance
    from pipelines.orchestration.sqlite_storage import POOLED_FILES, PooledSqliteEventLogStorage
    from pipelines.paths import DAGSTER_STORAGE_ENV, PROJECT_ROOT

    monkeypatch.setenv("DAGSTER_HOME", str(PROJECT_ROOT))
    monkeypatch.setenv(DAGSTER_STORAGE_ENV, str(tmp_path / "dagster"))
    with project_instance() as instance:
        assert isinstance(instance.event_log_storage, PooledSqliteEventLogStorage)
        report = ingest(sample_raw_dir, tmp_path / "fiscal.duckdb", instance=instance)
        assert report.ok
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        events = instance.all_logs(run.run_id)
        kinds = {e.dagster_event.event_type for e in events if e.dagster_event}
        assert {
            dg.DagsterEventType.ASSET_MATERIALIZATION,
            dg.DagsterEventType.ASSET_CHECK_EVALUATION,
            dg.DagsterEventType.RUN_SUCCESS,
        } <= kinds
        recorded = instance.get_latest_materialization_event(dg.AssetKey("warehouse_document"))
        assert recorded is not None
        assert 1 <= len(instance.event_log_storage._engines) <= POOLED_FILES
    # a run launched in another process opens the same event log, pooled too
    storage = instance.get_ref().storage
    assert storage is not None
    relaunched = storage.event_storage_data.rehydrate(as_type=object)
    assert isinstance(relaunched, PooledSqliteEventLogStorage)
    assert len(relaunched.get_records_for_run(run.run_id).records) == len(events)
    # the same files, opened again with Dagster's own storage class, read the same run
    from dagster._core.storage.sqlite_storage import DagsterSqliteStorage

    plain = DagsterSqliteStorage.from_local(str(tmp_path / "dagster"))
    assert [r.run_id for r in plain.run_storage.get_runs()] == [run.run_id]
    assert len(plain.event_log_storage.get_records_for_run(run.run_id).records) == len(events)
