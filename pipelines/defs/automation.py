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

import dagster as dg

from pipelines.defs.jobs import ingest_document_job
from pipelines.orchestration.batches import partition_changes, run_tags
from pipelines.orchestration.history import LAUNCHED_BY_TAG, launched_by, record_run
from pipelines.orchestration.nightly import reconcile
from pipelines.orchestration.partitions import documents_partitions
from pipelines.paths import default_raw_dir, default_run_batch, default_warehouse
from pipelines.versions import pipeline_version
from pipelines.warehouse.lock import WarehouseBusy
from pipelines.warehouse.publish import mark_changed, publish, working_database

SENSOR_SECONDS = 60
NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Shanghai"


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
    try:
        work = reconcile(default_raw_dir(), default_warehouse(), wait_seconds=0)
    except WarehouseBusy:
        return dg.SkipReason("another ingest is writing the warehouse")
    except FileNotFoundError as exc:
        return dg.SkipReason(str(exc))
    cursor = json.loads(context.cursor) if context.cursor else {"seq": 0, "requested": {}}
    requested: dict[str, str] = cursor["requested"]
    existing = list(context.instance.get_dynamic_partitions(documents_partitions.name))
    added, deleted = partition_changes(existing, work.files)
    ordered = [k for k in existing if k not in set(deleted)] + added
    # a file already requested in this state waits for its run; one changed back to an
    # earlier state is a new state here, so it runs again
    work.plan.work = [f for f in work.plan.work if requested.get(f.partition_key) != _state(f)]
    cursor["seq"] += 1
    requests = _requests(ordered, work, default_run_batch(), f"sensor-{cursor['seq']}", "sensor")
    for file in work.plan.work:
        requested[file.partition_key] = _state(file)
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
    try:
        work = reconcile(default_raw_dir(), default_warehouse(), wait_seconds=0)
    except WarehouseBusy:
        return dg.SkipReason("another ingest is writing the warehouse")
    except FileNotFoundError as exc:
        return dg.SkipReason(str(exc))
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


@dg.run_failure_sensor(
    monitored_jobs=[ingest_document_job],
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
    with working_database(warehouse) as conn:
        record_run(conn, run.run_id, who, failure=message)
        mark_changed(conn)
    publish(warehouse)
    context.log.warning(f"recorded failed run {run.run_id} ({who}): {message}")
