"""Nightly: a sensor on the raw folder, a schedule that catches what it missed, and a
sensor that records failed runs (and alerts).

Both the sensor and the schedule reconcile the warehouse with the folder first (files gone
are retired and published before their partitions are deleted), then request a run per
batch of adjacent partitions that need work. While another ingest writes the warehouse they
skip their tick. The instance's run queue (dagster.yaml) runs one ingest at a time, so the
sensor, the schedule and the CLI never load at once.
"""

from __future__ import annotations

import hashlib
import json
import time

import dagster as dg

from pipelines.defs.jobs import ingest_document_job
from pipelines.orchestration.batches import partition_changes, run_tags
from pipelines.orchestration.history import LAUNCHED_BY_TAG, alert, launched_by, record_run
from pipelines.orchestration.nightly import Reconciled, reconcile
from pipelines.orchestration.partitions import documents_partitions
from pipelines.paths import default_raw_dir, default_run_batch, default_warehouse
from pipelines.versions import pipeline_version
from pipelines.warehouse.lock import WarehouseBusy
from pipelines.warehouse.publish import mark_changed, publish, working_database

SENSOR_SECONDS = 60
RETRY_SECONDS = 3600  # a file whose requested run did not load it is requested again
RECORD_WAIT_SECONDS = 120  # the failure sensor waits this long for the warehouse
ACTIVE = [
    dg.DagsterRunStatus.QUEUED,
    dg.DagsterRunStatus.NOT_STARTED,
    dg.DagsterRunStatus.STARTING,
    dg.DagsterRunStatus.STARTED,
]
NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"


def _reconciled() -> Reconciled | dg.SkipReason:
    """The warehouse reconciled with the raw folder, or why this tick skips (another
    ingest writes the warehouse: never waited for; no raw folder, or one unreadable)."""
    try:
        return reconcile(default_raw_dir(), default_warehouse(), wait_seconds=0)
    except WarehouseBusy:
        return dg.SkipReason("another ingest is writing the warehouse")
    except OSError as exc:
        return dg.SkipReason(str(exc))


def _active_runs(instance: dg.DagsterInstance) -> bool:
    """Whether an ingest run is queued or running."""
    filters = dg.RunsFilter(job_name=ingest_document_job.name, statuses=ACTIVE)
    return bool(instance.get_runs(filters=filters, limit=1))


def _state(file) -> str:
    return f"{file.sha256[:16]}/{pipeline_version()}"


def _requests(
    keys_in_order: list[str], work, size: int, label: str, who: str
) -> list[dg.RunRequest]:
    requests = []
    for batch in work.batches(keys_in_order, size):
        tags = {**run_tags(batch), LAUNCHED_BY_TAG: who}
        partition = tags.pop("dagster/partition", None)
        digest = hashlib.sha256(json.dumps(batch).encode()).hexdigest()[:12]
        requests.append(
            dg.RunRequest(
                run_key=f"{label}:{digest}",
                partition_key=partition,
                tags=tags,
            )
        )
    return requests


@dg.sensor(
    job=ingest_document_job,
    minimum_interval_seconds=SENSOR_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Watches the raw folder: new, changed and removed files are ingested "
    "(removed ones retired) within a minute.",
)
def raw_folder_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    work = _reconciled()
    if isinstance(work, dg.SkipReason):
        return work
    cursor = json.loads(context.cursor) if context.cursor else {"seq": 0, "requested": {}}
    requested: dict[str, list] = cursor["requested"]  # key -> [state, when requested]
    active = _active_runs(context.instance)
    existing = list(context.instance.get_dynamic_partitions(documents_partitions.name))
    added, deleted = partition_changes(existing, work.files)
    if active:  # a queued run may hold a partition: deleted once no run is waiting
        deleted = []
    ordered = [k for k in existing if k not in set(deleted)] + added
    now = time.time()

    def waiting(file) -> bool:
        """Requested in this very state, its run still to come (or not long ago): a file
        changed back to an earlier state is a new state, so it runs again; one whose run
        did not load it is requested again once no run is waiting and an hour passed."""
        entry = requested.get(file.partition_key)
        if not isinstance(entry, list) or entry[0] != _state(file):
            return False
        return active or now - entry[1] < RETRY_SECONDS

    work.plan.work = [f for f in work.plan.work if not waiting(f)]
    cursor["seq"] += 1
    label = f"sensor-{cursor['seq']}"
    requests = _requests(ordered, work, default_run_batch(), label, "sensor")
    for file in work.plan.work:
        requested[file.partition_key] = [_state(file), now]
    for key in deleted:
        requested.pop(key, None)
    dynamic = []
    if deleted:
        dynamic.append(documents_partitions.build_delete_request(deleted))
    if added:
        dynamic.append(documents_partitions.build_add_request(added))
    if not requests and not dynamic:
        return dg.SkipReason("the warehouse is what the raw folder holds")
    return dg.SensorResult(
        run_requests=requests, dynamic_partitions_requests=dynamic, cursor=json.dumps(cursor)
    )


@dg.schedule(
    job=ingest_document_job,
    cron_schedule=NIGHTLY_CRON,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Every night at 02:00 (Beijing time): whatever the warehouse lacks of the "
    "raw folder, however the sensor missed it.",
)
def nightly_ingest(context: dg.ScheduleEvaluationContext):
    work = _reconciled()
    if isinstance(work, dg.SkipReason):
        return work
    instance, name = context.instance, documents_partitions.name
    added, deleted = partition_changes(list(instance.get_dynamic_partitions(name)), work.files)
    for key in deleted:
        instance.delete_dynamic_partition(name, key)
    if added:
        instance.add_dynamic_partitions(name, added)
    stamp = context.scheduled_execution_time.strftime("%Y%m%d")
    requests = _requests(
        list(instance.get_dynamic_partitions(name)),
        work,
        default_run_batch(),
        f"nightly-{stamp}",
        "schedule",
    )
    return requests or dg.SkipReason("the warehouse is what the raw folder holds")


@dg.run_failure_sensor(  # every job of the code location: the UI's asset runs too
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Records each failed ingest run in the warehouse's ingest_runs and runs "
    "FISCAL_ALERT_COMMAND.",
)
def record_failed_runs(context: dg.RunFailureSensorContext) -> None:
    run = context.dagster_run
    who = launched_by(run.tags)
    if who == "cli":  # fiscal ingest records its own runs
        return
    message = context.failure_event.message or "the run failed"
    warehouse = default_warehouse()
    try:
        with working_database(warehouse, RECORD_WAIT_SECONDS) as conn:
            record_run(conn, run.run_id, who, failure=message)  # alerts too
            mark_changed(conn)
        publish(warehouse, wait_seconds=RECORD_WAIT_SECONDS)
    except Exception as exc:  # the warehouse itself may be what failed: alert all the same
        alert(
            "failed",
            f"fiscal-warehouse: {who} ingest {run.run_id} failed: {message} "
            f"(and it could not be recorded in the warehouse: {exc})",
        )
        context.log.error(f"could not record failed run {run.run_id}: {exc}")
        return
    context.log.warning(f"recorded failed run {run.run_id} ({who}): {message}")
