"""The nightly automation, evaluated through Dagster's public API and its runs executed for
real: the raw-folder sensor over a changing folder ends where a fresh ingest does, and a
failed run is recorded and alerted by the run-failure sensor."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.defs.assets import ASSETS
from pipelines.ingest import ingest
from pipelines.orchestration.resources import default_resources
from pipelines.paths import RAW_DIR_ENV, WAREHOUSE_ENV
from tests.conftest import SAMPLE, SAMPLE_NAME
from tests.test_carryover import next_year, sample_text, with_balances
from tests.test_nightly import contents


def _tick(instance: dg.DagsterInstance, cursor: str | None):
    """One evaluation of the sensor, its partition requests applied and its runs executed
    (in this process) as the daemon would launch them; returns the result and cursor."""
    from pipelines.definitions import defs as lazy_defs
    from pipelines.defs.automation import raw_folder_sensor

    definitions = lazy_defs()
    context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=definitions)
    result = raw_folder_sensor(context)
    if isinstance(result, dg.SkipReason):
        return result, cursor
    for request in result.dynamic_partitions_requests:
        if isinstance(request, dg.DeleteDynamicPartitionsRequest):
            for key in request.partition_keys:
                instance.delete_dynamic_partition(request.partitions_def_name, key)
        else:
            instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
    job = definitions.resolve_job_def("ingest_document")
    for run in result.run_requests:
        done = job.execute_in_process(
            instance=instance, partition_key=run.partition_key, tags=run.tags
        )
        assert done.success
    return result, result.cursor


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    raw, warehouse = tmp_path / "raw", tmp_path / "fiscal.duckdb"
    raw.mkdir()
    monkeypatch.setenv(RAW_DIR_ENV, str(raw))
    monkeypatch.setenv(WAREHOUSE_ENV, str(warehouse))
    return raw, warehouse


def test_the_sensor_follows_the_folder(folders, tmp_path: Path) -> None:
    raw, warehouse = folders
    text = sample_text()
    first, corrected = text, with_balances(text, opening="12.34")
    (raw / SAMPLE_NAME).write_text(first, encoding="utf-8")
    (raw / "next-year.txt").write_text(next_year(text), encoding="utf-8")
    with dg.instance_for_test() as instance:
        result, cursor = _tick(instance, None)
        assert len(result.run_requests) == 1  # both files, adjacent partitions: one run
        assert result.run_requests[0].tags == {
            "dagster/asset_partition_range_start": "next-year.txt",
            "dagster/asset_partition_range_end": SAMPLE_NAME,
            "fiscal/launched_by": "sensor",
        }
        skipped, cursor = _tick(instance, cursor)
        assert isinstance(skipped, dg.SkipReason)

        # a corrected edition, then the first edition back: each is a run of its own
        (raw / SAMPLE_NAME).write_text(corrected, encoding="utf-8")
        result, cursor = _tick(instance, cursor)
        assert [r.partition_key for r in result.run_requests] == [SAMPLE_NAME]
        (raw / SAMPLE_NAME).write_text(first, encoding="utf-8")
        result, cursor = _tick(instance, cursor)
        assert [r.partition_key for r in result.run_requests] == [SAMPLE_NAME]

        # a removed file: retired in the warehouse, then its partition deleted
        (raw / "next-year.txt").unlink()
        result, cursor = _tick(instance, cursor)
        assert result.run_requests == []
        (deleted,) = result.dynamic_partitions_requests
        assert deleted.partition_keys == ["next-year.txt"]
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            assert conn.execute(
                "SELECT status, status_reason FROM documents WHERE source_file = 'next-year.txt'"
            ).fetchall() == [("retired", "its file next-year.txt was removed from the raw folder")]
        assert instance.get_dynamic_partitions("source_files") == [SAMPLE_NAME]

    fresh = tmp_path / "fresh.duckdb"
    with dg.instance_for_test() as instance:
        assert ingest(raw, fresh, instance=instance).ok
    assert contents(warehouse) == contents(fresh)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        runs = conn.execute(
            "SELECT launched_by, outcome, documents_read FROM ingest_runs ORDER BY started_at"
        ).fetchall()
    assert runs == [("sensor", "success", 2), ("sensor", "success", 1), ("sensor", "success", 1)]


def test_a_failed_run_is_recorded_and_alerted(
    folders, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.defs.automation import record_failed_runs

    raw, warehouse = folders
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    alerts = tmp_path / "alerts.txt"
    monkeypatch.setenv("FISCAL_ALERT_COMMAND", f"cat > {alerts}")
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with dg.instance_for_test() as instance:
        instance.add_dynamic_partitions("source_files", [SAMPLE_NAME])
        failed = dg.materialize(
            ASSETS,
            instance=instance,
            partition_key=SAMPLE_NAME,
            resources=default_resources(raw, blocked / "fiscal.duckdb"),
            raise_on_error=False,
            tags={"dagster/sensor_name": "raw_folder_sensor"},
        )
        assert not failed.success
        run = instance.get_run_by_id(failed.run_id)
        (entry,) = instance.all_logs(failed.run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
        failure = entry.dagster_event
        context = dg.build_run_status_sensor_context(
            sensor_name="record_failed_runs",
            dagster_instance=instance,
            dagster_run=run,
            dagster_event=failure,
        ).for_run_failure()
        record_failed_runs(context)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        (row,) = conn.execute(
            "SELECT run_id, launched_by, outcome, message FROM ingest_runs"
        ).fetchall()
    assert row[:3] == (failed.run_id, "sensor", "failed")
    assert "warehouse_document" in row[3]
    assert alerts.read_text(encoding="utf-8").startswith(
        f"fiscal-warehouse: sensor ingest {failed.run_id} failed: "
    )


def test_a_file_whose_run_never_loaded_it_is_requested_again(folders) -> None:
    import json

    from pipelines.definitions import defs as lazy_defs
    from pipelines.defs.automation import RETRY_SECONDS, raw_folder_sensor

    raw, _ = folders
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    definitions = lazy_defs()
    with dg.instance_for_test() as instance:

        def tick(cursor):
            context = dg.build_sensor_context(
                instance=instance, cursor=cursor, definitions=definitions
            )
            result = raw_folder_sensor(context)
            for request in getattr(result, "dynamic_partitions_requests", []):
                instance.add_dynamic_partitions(request.partitions_def_name, request.partition_keys)
            return result

        first = tick(None)
        assert [r.partition_key for r in first.run_requests] == [SAMPLE_NAME]
        # its run failed (never executed here): within the hour the file waits for it...
        assert isinstance(tick(first.cursor), dg.SkipReason)
        # ...and an hour later, with no run waiting, it is requested again
        cursor = json.loads(first.cursor)
        cursor["requested"][SAMPLE_NAME][1] -= RETRY_SECONDS + 1
        again = tick(json.dumps(cursor))
        assert [r.partition_key for r in again.run_requests] == [SAMPLE_NAME]
