"""The Dagster definitions: pinned keys, and the whole graph materialised for real."""

from pathlib import Path

import dagster as dg
import duckdb

from pipelines.definitions import defs as lazy_defs
from pipelines.defs.assets import ASSETS
from pipelines.documents.discover import scan_raw_folder
from pipelines.orchestration.batches import run_tags
from pipelines.orchestration.partitions import documents_partitions, sync_partitions
from pipelines.orchestration.resources import default_resources

defs = lazy_defs()

ASSET_KEYS = ["document_facts", "extracted_tables", "source_document", "warehouse_document"]
# the rulebook's rules (pipelines/catalog/rules.toml): on each document's facts, and the
# rules comparing documents on the warehouse they are loaded into
DOCUMENT_RULES = [
    "appropriation_income_equals_sum_of_budgets",
    "appropriation_summary_classes_equal_gpb_table",
    "appropriation_total_equals_sum_of_budgets",
    "code_broken_down",
    "code_named_as_everywhere",
    "contents_tables_printed",
    "empty_table_explained",
    "every_figure_placed",
    "expected_table_present",
    "expenditure_table_equals_summary",
    "explanation_fits_code",
    "gpb_basic_equals_personnel_plus_public",
    "gpb_table_equals_appropriation_summary",
    "identity_restated_consistently",
    "identity_stated",
    "income_table_equals_summary",
    "income_total_equals_sum_of_sources",
    "indicator_full_marks_met",
    "mandatory_table_present",
    "narrative_agrees_with_tables",
    "narrative_change_consistent",
    "narrative_comparison_consistent",
    "narrative_comparison_explained",
    "narrative_direction_consistent",
    "narrative_names_codes_right",
    "narrative_parts_within_whole",
    "narrative_rate_consistent",
    "narrative_reason_fits_change",
    "narrative_share_possible",
    "narrative_shares_of_one_whole",
    "no_doubled_word",
    "no_placeholder_left",
    "parent_equals_sum_of_children",
    "percent_two_decimals",
    "performance_reports_cover_narrative",
    "performance_scores_make_total",
    "performance_weights_make_100",
    "scope_worded_as_stated",
    "summary_budgets_equal_appropriation_summary",
    "summary_classes_equal_expenditure_table",
    "summary_expenditure_side_balances",
    "summary_income_equals_sum_of_sources",
    "summary_income_side_balances",
    "summary_totals_balance",
    "three_public_total",
    "three_public_vehicles",
    "total_equals_basic_plus_project",
    "total_row_equals_sum_of_classes",
    "unit_fits_figures",
]
WAREHOUSE_RULES = [
    "carryover_matches_prior_year",
    "code_named_as_elsewhere",
    "narrative_agrees_with_publication",
]
CHECK_KEYS = sorted(
    [f"document_facts:{name}" for name in DOCUMENT_RULES]
    + [f"warehouse_document:{name}" for name in WAREHOUSE_RULES]
)


def test_definitions_snapshot() -> None:
    graph = defs.resolve_asset_graph()
    assert sorted(k.to_user_string() for k in graph.get_all_asset_keys()) == ASSET_KEYS
    assert sorted(k.to_user_string() for k in graph.asset_check_keys) == CHECK_KEYS
    assert defs.resolve_job_def("ingest_document").name == "ingest_document"
    assert defs.resolve_job_def("maintain_warehouse").name == "maintain_warehouse"
    assert sorted(sensor.name for sensor in defs.sensors) == [
        "raw_folder_sensor",
        "record_failed_runs",
    ]
    assert sorted(schedule.name for schedule in defs.schedules) == [
        "nightly_ingest",
        "weekly_maintenance",
    ]
    assert sorted(defs.resources) == [
        "extraction",
        "io_manager",
        "progress",
        "raw_folder",
        "step_values",
        "warehouse",
    ]
    for key in ASSET_KEYS:
        assert graph.get(dg.AssetKey(key)).partitions_def == documents_partitions


def test_materialise_the_whole_graph(sample_raw_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        files = scan_raw_folder(sample_raw_dir)
        key = "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"  # the file's name
        assert sync_partitions(instance, files) == [key]
        assert sync_partitions(instance, files) == [key]  # known files are not re-added
        result = dg.materialize(
            ASSETS,
            instance=instance,
            partition_key=key,
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
            "indicator_full_marks_met": dg.AssetCheckSeverity.WARN,
            "no_doubled_word": dg.AssetCheckSeverity.WARN,
        }
        load = result.asset_materializations_for_node("warehouse_document")[0]
        assert load.metadata["rows/line_items"].value == 208
        assert load.metadata["documents/loaded"].value == 1
        facts = result.asset_materializations_for_node("document_facts")[0]
        assert facts.metadata["facts/expenditure"].value == 48
        recorded = instance.get_latest_materialization_event(dg.AssetKey("warehouse_document"))
        assert recorded.asset_materialization.partition == key
        (seen,) = [
            e.asset_observation
            for e in instance.all_logs(result.run_id)
            if e.dagster_event and e.dagster_event.is_asset_observation
        ]
        assert seen.partition == key
        assert seen.metadata["line_items"].value == 208
        assert seen.metadata["facts/expenditure"].value == 48
        assert seen.metadata["failed_warnings"].value == 17
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
        failed = conn.execute(
            "SELECT severity, count(*) FROM check_results WHERE NOT passed GROUP BY severity"
        ).fetchall()
        assert failed == [("warning", 17)]  # the sample's findings (tests/test_cli.py)


def test_one_run_over_several_documents(sample_raw_dir: Path, tmp_path: Path) -> None:
    """fiscal ingest's shape: one run, a range of document partitions, a bad file among them."""
    from tests.test_pdf_sample import RENDERED

    raw = tmp_path / "raw"
    raw.mkdir()
    for source in (*sample_raw_dir.iterdir(), RENDERED):
        (raw / source.name).write_bytes(source.read_bytes())
    (raw / "empty.txt").write_bytes(b"")
    warehouse = tmp_path / "fiscal.duckdb"
    files = scan_raw_folder(raw)
    with dg.instance_for_test() as instance:
        keys = sync_partitions(instance, files)
        assert keys == sorted(f.source_file for f in files)
        result = dg.materialize(
            ASSETS,
            instance=instance,
            resources=default_resources(raw, warehouse, workers=2),
            tags=run_tags(keys),
        )
        assert result.success
        load = result.asset_materializations_for_node("warehouse_document")
        assert sorted(m.partition for m in load) == keys
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


def test_the_project_instance_is_dagsters_own_storage_per_warehouse(
    sample_raw_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    """The Dagster home of a warehouse is its storage folder, with the project's
    dagster.yaml: Dagster's SQLite storage records the run, and two warehouses' folders
    differ."""
    from pipelines.ingest import ingest, project_instance
    from pipelines.paths import DAGSTER_STORAGE_ENV, PROJECT_ROOT, default_dagster_storage

    monkeypatch.delenv(DAGSTER_STORAGE_ENV, raising=False)
    assert default_dagster_storage(tmp_path / "a.duckdb") != default_dagster_storage(
        tmp_path / "b.duckdb"
    )
    monkeypatch.setenv(DAGSTER_STORAGE_ENV, str(tmp_path / "dagster"))
    with project_instance(tmp_path / "fiscal.duckdb") as instance:
        assert (tmp_path / "dagster" / "dagster.yaml").read_bytes() == (
            PROJECT_ROOT / "dagster.yaml"
        ).read_bytes()
        assert Path(instance.root_directory) == tmp_path / "dagster"
        report = ingest(sample_raw_dir, tmp_path / "fiscal.duckdb", instance=instance)
        assert report.ok
        (run,) = instance.get_runs()
        assert run.status == dg.DagsterRunStatus.SUCCESS
        kinds = {
            e.dagster_event.event_type for e in instance.all_logs(run.run_id) if e.dagster_event
        }
        assert {
            dg.DagsterEventType.ASSET_MATERIALIZATION,
            dg.DagsterEventType.ASSET_CHECK_EVALUATION,
            dg.DagsterEventType.RUN_SUCCESS,
        } <= kinds
        assert instance.get_latest_materialization_event(dg.AssetKey("warehouse_document"))


def test_dg_check_defs_passes() -> None:
    """Dagster's project tooling loads the definitions as the project lays them out."""
    import subprocess
    import sys

    from pipelines.paths import PROJECT_ROOT

    dg_command = Path(sys.executable).with_name("dg")
    done = subprocess.run(
        [str(dg_command), "check", "defs"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "All definitions loaded successfully" in done.stdout + done.stderr


def test_no_private_dagster_import() -> None:
    """Only Dagster's public API: nothing in the project imports ``dagster._*``."""
    from pipelines.paths import PROJECT_ROOT

    offenders = [
        f"{path.relative_to(PROJECT_ROOT)}: {line.strip()}"
        for folder in ("pipelines", "benchmarks", "scripts")
        for path in (PROJECT_ROOT / folder).rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.lstrip().startswith(("from dagster._", "import dagster._"))
    ]
    assert offenders == []
