"""Run the asset graph in-process, one run per document, and report what was loaded."""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.documents.discover import DocumentRef, find_documents
from pipelines.orchestration.assets import ASSETS
from pipelines.orchestration.partitions import register_documents
from pipelines.orchestration.resources import default_resources
from pipelines.paths import DAGSTER_STORAGE_ENV, PROJECT_ROOT, default_dagster_storage
from pipelines.warehouse.lock import writer_lock
from pipelines.warehouse.schema import apply_schema

# The CLI prints its own progress; Dagster's console logger only speaks of problems.
QUIET = {"loggers": {"console": {"config": {"log_level": "WARNING"}}}}


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document in a run."""

    ref: DocumentRef
    status: str  # loaded | quarantined | failed
    reason: str | None
    line_items: int
    failed_checks: int
    seconds: float
    part: str | None = None


@dataclass
class IngestReport:
    """The summary ``fiscal ingest`` prints."""

    raw_dir: Path
    warehouse: Path
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    facts_per_table: dict[str, int] = field(default_factory=dict)
    quantities: int = 0
    failed_checks: list[tuple[str, str, str]] = field(default_factory=list)
    disagreements: int = 0  # figures two files of one publication print differently

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


def _document_status(
    conn: duckdb.DuckDBPyConnection, document_id: str
) -> tuple[str, str | None, int, int, str | None]:
    status = conn.execute(
        "SELECT status, status_reason, part FROM documents WHERE document_id = ?", [document_id]
    ).fetchone()
    items = conn.execute(
        "SELECT count(*) FROM line_items WHERE document_id = ?", [document_id]
    ).fetchone()[0]
    failed = conn.execute(
        "SELECT count(*) FROM check_results WHERE document_id = ? AND NOT passed", [document_id]
    ).fetchone()[0]
    return status[0], status[1], items, failed, status[2]


def materialise_document(
    instance: dg.DagsterInstance, raw_dir: Path, warehouse: Path, ref: DocumentRef
) -> DocumentOutcome:
    """One Dagster run of the asset graph for one document, and what it left in the warehouse."""
    started = time.perf_counter()
    result = dg.materialize(
        ASSETS,
        instance=instance,
        partition_key=ref.document_id,
        # the whole chain runs in this process: intermediate values stay in memory
        resources={**default_resources(raw_dir, warehouse), "io_manager": dg.mem_io_manager},
        raise_on_error=False,
        run_config=QUIET,
        tags={"fiscal/source_file": ref.source_file[:200]},
    )
    seconds = time.perf_counter() - started
    if not result.success:
        return DocumentOutcome(ref, "failed", _failure_message(result), 0, 0, seconds)
    with writer_lock(warehouse), duckdb.connect(str(warehouse), read_only=True) as conn:
        status, reason, items, failed, part = _document_status(conn, ref.document_id)
    return DocumentOutcome(ref, status, reason, items, failed, seconds, part)


_WORKER_INSTANCE: dg.DagsterInstance | None = None


def _materialise_in_worker(
    instance_ref: object, raw_dir: Path, warehouse: Path, ref: DocumentRef
) -> DocumentOutcome:
    """Run one document in a worker process, on the instance ``instance_ref`` points to."""
    global _WORKER_INSTANCE
    if _WORKER_INSTANCE is None:
        _WORKER_INSTANCE = dg.DagsterInstance.from_ref(instance_ref)
    return materialise_document(_WORKER_INSTANCE, raw_dir, warehouse, ref)


def ingest(
    raw_dir: Path,
    warehouse: Path,
    instance: dg.DagsterInstance | None = None,
    on_document: Callable[[int, int, DocumentOutcome], None] | None = None,
    workers: int = 1,
) -> IngestReport:
    """Materialise every document of ``raw_dir`` into ``warehouse``, one Dagster run each.

    With ``workers`` > 1 the runs go to that many worker processes (the DuckDB writes
    still queue on the warehouse's lock). A document that fails does not stop the others;
    its previous rows, if any, stay as they were (each load is one transaction).
    """
    raw_dir, warehouse = Path(raw_dir).resolve(), Path(warehouse).resolve()
    instance = instance or project_instance()
    refs = find_documents(raw_dir)
    register_documents(instance, refs)
    with writer_lock(warehouse), duckdb.connect(str(warehouse)) as conn:
        apply_schema(conn)
    report = IngestReport(raw_dir=raw_dir, warehouse=warehouse)
    workers = max(1, min(workers, len(refs)))
    if workers == 1:
        outcomes = (materialise_document(instance, raw_dir, warehouse, ref) for ref in refs)
        for position, outcome in enumerate(outcomes, start=1):
            report.outcomes.append(outcome)
            if on_document:
                on_document(position, len(refs), outcome)
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(_materialise_in_worker, instance.get_ref(), raw_dir, warehouse, ref)
                for ref in refs
            ]
            for position, future in enumerate(as_completed(futures), start=1):
                outcome = future.result()
                report.outcomes.append(outcome)
                if on_document:
                    on_document(position, len(refs), outcome)
        order = {ref.document_id: index for index, ref in enumerate(refs)}
        report.outcomes.sort(key=lambda o: order[o.ref.document_id])
    _summarise(report)
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
        report.failed_checks = conn.execute(
            "SELECT d.source_file, c.rule, c.message FROM check_results AS c "
            "JOIN documents AS d USING (document_id) "
            "WHERE NOT c.passed AND c.document_id IN (SELECT unnest(?)) "
            "ORDER BY d.source_file, c.rule",
            [ids],
        ).fetchall()
    from pipelines import catalog

    report.facts_per_table = {spec.key: counts.get(spec.key, 0) for spec in catalog.tables()}
