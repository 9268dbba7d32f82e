"""The warehouse's upkeep, weekly: a DuckLake's small Parquet files merged, its snapshots
older than a week expired and the files no snapshot reads deleted
(``pipelines/warehouse/lake.py``). A DuckDB file needs none: each publish writes it whole."""

import dagster as dg

from pipelines.orchestration.resources import WarehouseFile
from pipelines.paths import Lake
from pipelines.warehouse.lake import connect_lake, maintain
from pipelines.warehouse.transaction import retried

MAINTENANCE_CRON = "0 4 * * 0"  # Sundays, after the night's ingest
TIMEZONE = "Asia/Shanghai"


@dg.op(description="Merge a DuckLake's small files, expire old snapshots, delete unread files.")
def maintain_lake(context: dg.OpExecutionContext, warehouse: WarehouseFile) -> dg.Output:
    location = warehouse.file
    if not isinstance(location, Lake):
        context.log.info(f"{location} is a DuckDB file: it needs no upkeep")
        return dg.Output(None, metadata={"warehouse": str(location)})
    with connect_lake(location) as conn:
        done = retried(maintain)(conn)  # a writer committing meanwhile: again
    context.log.info(f"{location}: {done}")
    return dg.Output(None, metadata={"warehouse": str(location), **done})


@dg.job(description="The warehouse's upkeep (a DuckLake's compaction and snapshot expiry).")
def maintain_warehouse() -> None:
    maintain_lake()


weekly_maintenance = dg.ScheduleDefinition(
    name="weekly_maintenance",
    job=maintain_warehouse,
    cron_schedule=MAINTENANCE_CRON,
    execution_timezone=TIMEZONE,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Runs maintain_warehouse weekly.",
)
