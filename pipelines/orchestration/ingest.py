"""Run the asset graph in-process for the whole raw folder, and report what was loaded."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.documents.discover import DocumentRef, find_documents
from pipelines.orchestration.assets import ASSETS
from pipelines.orchestration.partitions import documents_partitions, register_documents
from pipelines.orchestration.progress import DocumentOutcome, Progress
from pipelines.orchestration.resources import DEFAULT_WORKERS, default_resources
from pipelines.paths import DAGSTER_STORAGE_ENV, PROJECT_ROOT, default_dagster_storage
from pipelines.warehouse.load import refresh_if_stale
from pipelines.warehouse.lock import writer_lock
from pipelines.warehouse.schema import apply_schema
from pipelines.workers import read_ahead

# The CLI prints its own progress; Dagster's console logger only speaks of problems.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
# Dagster's tags for a run over a range of partitions (one run, many documents)
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
# which process runs an in-process run, so that the next ingest can tell a killed one
HOST_TAG = "fiscal/host"
PID_TAG = "fiscal/pid"


@dataclass
class IngestReport:
    """The summary ``fiscal ingest`` prints."""

    raw_dir: Path
    warehouse: Path
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    facts_per_table: dict[str, int] = field(default_factory=dict)
    quantities: int = 0
    # (source_file, rule, severity, message) of every failed check, errors first
    failed_checks: list[tuple[str, str, str, str]] = field(default_factory=list)
    disagreements: int = 0  # figures two files of one publication print differently
    narrative_disagreements: int = 0  # narrative figures their table prints differently
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every document loaded."""
        return all(o.status == "loaded" for o in self.outcomes)

    def count(self, status: str) -> int:
        """How many documents ended with this status."""
        return sum(o.status == status for o in self.outcomes)


def prepare_dagster_environment() -> None:
    """Point Dagster at the project's dagster.yaml and its storage folder."""
    os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT))
    storage = Path(os.environ.setdefault(DAGSTER_STORAGE_ENV, str(default_dagster_storage())))
    storage.mkdir(parents=True, exist_ok=True)


def project_instance() -> dg.DagsterInstance:
    """The Dagster instance configured by the project's dagster.yaml."""
    prepare_dagster_environment()
    return dg.DagsterInstance.get()


def _failure_message(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data and event.step_failure_data.error:
            error = event.step_failure_data.error
            while (
                error.cause is not None and error.cls_name == "DagsterExecutionStepExecutionError"
            ):
                error = error.cause
            return error.message.strip().splitlines()[-1]
    return "the run failed"


def _partition_tags(instance: dg.DagsterInstance, refs: list[DocumentRef]) -> dict[str, str]:
    """The run's partitions: the documents of the raw folder, as one range of the
    dynamic partitions (documents no longer in the folder are retired from them first)."""
    name = documents_partitions.name
    current = {ref.document_id for ref in refs}
    for key in instance.get_dynamic_partitions(name):
        if key not in current:
            instance.delete_dynamic_partition(name, key)
    register_documents(instance, refs)
    keys = instance.get_dynamic_partitions(name)
    return {RANGE_START: keys[0], RANGE_END: keys[-1]}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def fail_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark as failed the runs an earlier ``fiscal ingest`` on this machine started and
    never ended (its process was killed); returns their run ids.

    The load each was in the middle of was rolled back with it (documents loaded before it
    stay loaded; what is derived from all documents is refreshed at the next ingest's
    start); without this the UI would show them running forever.
    """
    abandoned = []
    for run in instance.get_runs(
        filters=dg.RunsFilter(
            statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
            tags={HOST_TAG: socket.gethostname()},
        )
    ):
        pid = int(run.tags.get(PID_TAG, "0"))
        if pid and not _alive(pid):
            instance.report_run_failed(
                run, f"the process running it (pid {pid}) ended without finishing it (killed?)"
            )
            abandoned.append(run.run_id)
    return abandoned


def ingest(
    raw_dir: Path,
    warehouse: Path,
    instance: dg.DagsterInstance | None = None,
    on_document: Callable[[int, int, DocumentOutcome], None] | None = None,
    workers: int = DEFAULT_WORKERS,
    on_read: Callable[[int, int, DocumentRef], None] | None = None,
) -> IngestReport:
    """Materialise every document of ``raw_dir`` into ``warehouse`` in one Dagster run.

    The documents are read in ``workers`` processes; each is loaded in its own
    transaction, so a document that fails leaves its previous rows, if any, as they were,
    and never stops the others.
    """
    started = time.perf_counter()
    raw_dir, warehouse = Path(raw_dir).resolve(), Path(warehouse).resolve()
    instance = instance or project_instance()
    fail_abandoned_runs(instance)
    refs = find_documents(raw_dir)
    read_ahead(refs, workers)
    with writer_lock(warehouse), duckdb.connect(str(warehouse)) as conn:
        apply_schema(conn)
        refresh_if_stale(conn)  # a run stopped between its loads and their refresh
    report = IngestReport(raw_dir=raw_dir, warehouse=warehouse)
    if not refs:
        return report
    progress = Progress(on_document=on_document, on_read=on_read, expected=len(refs))
    result = dg.materialize(
        ASSETS,
        instance=instance,
        # the whole chain runs in this process: intermediate values stay in memory
        resources={
            **default_resources(raw_dir, warehouse, workers, progress),
            "io_manager": dg.mem_io_manager,
        },
        raise_on_error=False,
        run_config=QUIET,
        tags={
            **_partition_tags(instance, refs),
            HOST_TAG: socket.gethostname(),
            PID_TAG: str(os.getpid()),
        },
    )
    done = {outcome.ref.document_id for outcome in progress.outcomes}
    if not result.success:
        reason = _failure_message(result)
        for ref in refs:
            if ref.document_id not in done:
                progress.document_done(DocumentOutcome(ref, "failed", reason, 0, 0))
    order = {ref.document_id: index for index, ref in enumerate(refs)}
    report.outcomes = sorted(progress.outcomes, key=lambda o: order[o.ref.document_id])
    _summarise(report)
    report.seconds = time.perf_counter() - started
    return report


def _summarise(report: IngestReport) -> None:
    ids = [o.ref.document_id for o in report.outcomes]
    if not ids:
        return
    with duckdb.connect(str(report.warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT table_key, count(*) FROM line_items WHERE document_id IN "
            "(SELECT unnest(?)) GROUP BY table_key",
            [ids],
        ).fetchall()
        counts = dict(rows)
        report.quantities = conn.execute(
            "SELECT count(*) FROM line_item_quantities WHERE document_id IN (SELECT unnest(?))",
            [ids],
        ).fetchone()[0]
        report.disagreements = conn.execute(
            "SELECT count(*) FROM v_publication_disagreements WHERE document_a IN "
            "(SELECT unnest(?)) OR document_b IN (SELECT unnest(?))",
            [ids, ids],
        ).fetchone()[0]
        report.narrative_disagreements = conn.execute(
            "SELECT count(*) FROM v_narrative_reconciliation "
            "WHERE NOT agrees AND document_id IN (SELECT unnest(?))",
            [ids],
        ).fetchone()[0]
        report.failed_checks = conn.execute(
            "SELECT d.source_file, c.rule, c.severity, c.message FROM check_results AS c "
            "JOIN documents AS d USING (document_id) "
            "WHERE NOT c.passed AND c.document_id IN (SELECT unnest(?)) "
            "ORDER BY c.severity <> 'error', d.source_file, c.rule, c.page",
            [ids],
        ).fetchall()
    from pipelines import catalog

    report.facts_per_table = {spec.key: counts.get(spec.key, 0) for spec in catalog.tables()}
