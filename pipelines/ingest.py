"""``fiscal ingest``: the same incremental work as the sensor, on demand, with a report.

It holds the warehouse's write lock for the whole ingest (a second ingest waits, saying
so), reconciles the warehouse with the raw folder (``nightly.reconcile``), and materialises
the asset graph for the files that need it, a batch of adjacent partitions per Dagster run,
in this process (the runs' steps read the documents in worker processes, kept warm from one
run to the next). Each run publishes what it loaded; the report is the warehouse as it now
stands for the folder, and what this ingest did.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from pipelines.documents.discover import DocumentRef
from pipelines.orchestration.history import LAUNCHED_BY_TAG, record_run
from pipelines.orchestration.nightly import Reconciled, reconcile
from pipelines.orchestration.progress import DocumentOutcome, Progress
from pipelines.paths import (
    DAGSTER_STORAGE_ENV,
    PROJECT_ROOT,
    Warehouse,
    default_dagster_storage,
    default_run_batch,
    default_workers,
    warehouse_location,
)
from pipelines.warehouse.load import refresh_if_stale
from pipelines.warehouse.lock import writer_lock
from pipelines.warehouse.publish import mark_changed, publish, working_database

if TYPE_CHECKING:  # a night with no change never imports Dagster (ingest)
    import dagster as dg

# The CLI prints its own progress; Dagster's console logger only speaks of problems.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}
INSTANCE_FILE = "dagster.yaml"
# which process runs an in-process run, so that the next ingest can tell a killed one
HOST_TAG = "fiscal/host"
PID_TAG = "fiscal/pid"


FINE = {"loaded", "superseded"}  # statuses of documents whose figures are in the warehouse


@dataclass
class IngestReport:
    """The summary ``fiscal ingest`` prints."""

    raw_dir: Path
    warehouse: Warehouse
    outcomes: list[DocumentOutcome] = field(default_factory=list)  # the folder's documents
    worked: list[DocumentOutcome] = field(default_factory=list)  # those this ingest ran
    unchanged: int = 0  # files that needed nothing
    retired: int = 0  # documents retired (their files gone or replaced)
    runs: int = 0
    run_failures: list[str] = field(default_factory=list)
    facts_per_table: dict[str, int] = field(default_factory=dict)
    quantities: int = 0
    # (source_file, rule, severity, message) of every failed check, errors first
    failed_checks: list[tuple[str, str, str, str]] = field(default_factory=list)
    disagreements: int = 0  # figures two files of one publication print differently
    narrative_disagreements: int = 0  # narrative figures their table prints differently
    previous_raw_dir: str | None = None  # the folder the warehouse mirrored until now
    sources_problems: list[str] = field(default_factory=list)  # sources.csv rows ignored
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """Whether every document of the folder is loaded and every run succeeded."""
        return not self.run_failures and all(o.status in FINE for o in self.outcomes)

    def count(self, status: str) -> int:
        """How many of the folder's documents have this status."""
        return sum(o.status == status for o in self.outcomes)


def prepare_dagster_environment(warehouse: Warehouse | None = None) -> Path:
    """Make the warehouse's storage folder the Dagster home, configured by a copy of the
    project's dagster.yaml; returns the folder."""
    storage = Path(
        os.environ.setdefault(DAGSTER_STORAGE_ENV, str(default_dagster_storage(warehouse)))
    )
    storage.mkdir(parents=True, exist_ok=True)
    settings = (PROJECT_ROOT / INSTANCE_FILE).read_bytes()
    copy = storage / INSTANCE_FILE
    if not copy.exists() or copy.read_bytes() != settings:
        partial = copy.with_name(f".{INSTANCE_FILE}.{os.getpid()}")
        partial.write_bytes(settings)
        os.replace(partial, copy)
    os.environ["DAGSTER_HOME"] = str(storage)
    return storage


def project_instance(warehouse: Warehouse | None = None) -> dg.DagsterInstance:
    """The Dagster instance configured by the project's dagster.yaml."""
    import dagster as dg

    prepare_dagster_environment(warehouse)
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

    The load each was in the middle of was rolled back with it; without this the UI would
    show them running forever.
    """
    import dagster as dg

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
    warehouse: Warehouse,
    instance: dg.DagsterInstance | None = None,
    on_document: Callable[[int, int, DocumentOutcome], None] | None = None,
    workers: int | None = None,
    on_read: Callable[[int, int, DocumentRef], None] | None = None,
    *,
    full: bool = False,
    batch: int | None = None,
    on_wait: Callable[[str], None] | None = None,
    on_plan: Callable[[int, int, int], None] | None = None,
) -> IngestReport:
    """Bring ``warehouse`` to what ``raw_dir`` holds: read new and changed files, re-check
    those a new rulebook concerns, retire the gone; ``full`` reads everything again.

    ``on_wait(holder)`` is called if another ingest holds the warehouse (this one waits);
    ``on_plan(to_run, unchanged, retired)`` once the work is known; ``on_read`` and
    ``on_document`` as each document is read and loaded.
    """
    started = time.perf_counter()
    workers = workers or default_workers()
    started_at = datetime.now(UTC).replace(tzinfo=None)
    raw_dir, warehouse = Path(raw_dir).resolve(), warehouse_location(warehouse)
    report = IngestReport(raw_dir=raw_dir, warehouse=warehouse)
    with writer_lock(warehouse, on_wait=on_wait):
        work = reconcile(raw_dir, warehouse, full=full)
        report.retired = len(work.retired)
        report.unchanged = len(work.plan.unchanged)
        report.previous_raw_dir = work.previous_raw_dir
        report.sources_problems = work.sources_problems
        if on_plan is not None:
            on_plan(len(work.plan.work), len(work.plan.unchanged), len(work.retired))
        progress = Progress(on_document=on_document, on_read=on_read, expected=len(work.plan.work))
        if work.plan.work or work.plan.removed or instance is not None:
            # a night with no change never starts Dagster: nothing to run, no partition to
            # add or delete (the lock is held: two ingests never create one storage at once)
            instance = instance or project_instance(warehouse)
            _run_batches(instance, work, report, progress, workers, full, batch)
        report.worked = list(progress.outcomes)
        # the runs left the star schema and the publish to here: the working copy's derived
        # tables are refreshed as it opens, and the folder is published once, whole
        with working_database(warehouse, follow_published=False) as conn:
            refresh_if_stale(conn)
            _summarise(conn, report)
            record_run(
                conn,
                f"cli-{uuid.uuid4()}",
                "cli",
                read=len(report.worked),
                loaded=sum(o.status == "loaded" for o in report.worked),
                quarantined=sum(o.status != "loaded" for o in report.worked),
                retired=report.retired,
                problems=[
                    f"{o.ref.source_file}: {o.reason}"
                    for o in report.worked
                    if o.status != "loaded"
                ],
                failure="; ".join(report.run_failures) or None,
                started_at=started_at,
            )
            mark_changed(conn)
        publish(warehouse)
    report.seconds = time.perf_counter() - started
    return report


def _run_batches(
    instance: dg.DagsterInstance,
    work: Reconciled,
    report: IngestReport,
    progress: Progress,
    workers: int,
    full: bool,
    batch: int | None,
) -> None:
    """The asset graph's runs over the planned files, a batch of adjacent partitions each,
    in this process."""
    import dagster as dg

    from pipelines.defs.assets import ASSETS
    from pipelines.orchestration.batches import run_tags
    from pipelines.orchestration.partitions import sync_partitions
    from pipelines.orchestration.resources import default_resources

    fail_abandoned_runs(instance)
    ordered = sync_partitions(instance, work.files)
    resources = default_resources(  # the runs are in this process: one reading step each
        report.raw_dir, report.warehouse, workers, progress, reuse=not full, parallel_steps=False
    )
    by_key = {f.partition_key: f for f in work.files}
    for keys in work.batches(ordered, batch or default_run_batch()):
        tags = run_tags(keys)
        partition = tags.pop("dagster/partition", None)
        done = len(progress.outcomes)
        result = dg.materialize(
            ASSETS,
            instance=instance,
            resources=resources,
            partition_key=partition,
            raise_on_error=False,
            run_config=QUIET,
            tags={
                **tags,
                LAUNCHED_BY_TAG: "cli",
                HOST_TAG: socket.gethostname(),
                PID_TAG: str(os.getpid()),
            },
        )
        report.runs += 1
        if not result.success:
            reason = _failure_message(result)
            report.run_failures.append(f"run {result.run_id}: {reason}")
            seen = {o.ref.source_file for o in progress.outcomes[done:]}
            for key in keys:
                file = by_key[key]
                if file.source_file not in seen:
                    ref = DocumentRef(
                        file.document_id, file.path, file.source_file, file.sha256, file.size
                    )
                    progress.document_done(DocumentOutcome(ref, "failed", reason, 0, 0))


def _summarise(conn: duckdb.DuckDBPyConnection, report: IngestReport) -> None:
    """The warehouse's state for the folder: its documents and their figures."""
    failed = {o.ref.source_file: o for o in report.worked if o.status == "failed"}
    rows = conn.execute(
        "SELECT d.document_id, d.source_file, d.sha256, d.status, d.status_reason, d.part, "
        "(SELECT count(*) FROM line_items AS li WHERE li.document_id = d.document_id), "
        "(SELECT count(*) FROM check_results AS c WHERE c.document_id = d.document_id "
        "AND NOT c.passed) FROM documents AS d WHERE d.status <> 'retired' "
        "ORDER BY d.source_file"
    ).fetchall()
    report.outcomes = []
    for doc, name, sha, status, reason, part, items, failures in rows:
        outcome = failed.pop(name, None) or DocumentOutcome(
            DocumentRef(doc, report.raw_dir / name, name, sha, 0),
            status,
            reason,
            items,
            failures,
            part,
        )
        report.outcomes.append(outcome)
    report.outcomes.extend(failed.values())  # never loaded: a run failed before its load
    ids = [row[0] for row in rows]
    counts = dict(
        conn.execute(
            "SELECT table_key, count(*) FROM line_items WHERE document_id IN "
            "(SELECT unnest(?)) GROUP BY table_key",
            [ids],
        ).fetchall()
    )
    report.quantities = conn.execute(
        "SELECT count(*) FROM line_item_quantities WHERE document_id IN (SELECT unnest(?))",
        [ids],
    ).fetchone()[0]
    report.disagreements = conn.execute(
        "SELECT count(*) FROM v_publication_disagreements"
    ).fetchone()[0]
    report.narrative_disagreements = conn.execute(
        "SELECT count(*) FROM v_narrative_reconciliation WHERE NOT agrees"
    ).fetchone()[0]
    report.failed_checks = conn.execute(
        "SELECT d.source_file, c.rule, c.severity, c.message FROM check_results AS c "
        "JOIN documents AS d USING (document_id) "
        "WHERE NOT c.passed AND d.status <> 'retired' "
        "ORDER BY c.severity <> 'error', d.source_file, c.rule, c.page",
    ).fetchall()
    from pipelines import catalog

    report.facts_per_table = {spec.key: counts.get(spec.key, 0) for spec in catalog.tables()}
