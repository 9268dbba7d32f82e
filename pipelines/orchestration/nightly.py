"""The work an ingest launches, the same for ``fiscal ingest``, the sensor and the schedule:
reconcile the warehouse with the raw folder, then run the files that need it.

Reconciling retires, in the warehouse, the documents whose files are gone (published at
once, before their partitions are deleted), and plans the files to read or re-check
(``pipelines/warehouse/plan.py``). The runs then take the asset graph's one path, a batch
of adjacent partitions each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipelines.documents.discover import SourceFile, scan_raw_folder
from pipelines.documents.sources_table import read_sources_table
from pipelines.orchestration.batches import run_batches
from pipelines.warehouse.load import refresh_derived
from pipelines.warehouse.lock import WAIT_SECONDS
from pipelines.warehouse.plan import Plan, plan_ingest
from pipelines.warehouse.publish import mark_changed, publish, working_database
from pipelines.warehouse.schema import write_meta
from pipelines.warehouse.sources import apply_sources_table, retire_removed

RAW_DIR_KEY = "raw_dir"  # warehouse_meta: the folder the warehouse mirrors


@dataclass
class Reconciled:
    """The raw folder as found, what the warehouse must do about it, and what was retired."""

    files: list[SourceFile]
    plan: Plan
    retired: list[str]
    previous_raw_dir: str | None = None
    sources_problems: list[str] = field(default_factory=list)  # sources.csv's bad rows

    def batches(self, ordered_keys: list[str], size: int) -> list[list[str]]:
        """The runs to launch: the planned files' partitions, adjacent ones together."""
        return run_batches(ordered_keys, [f.partition_key for f in self.plan.work], size)


def reconcile(
    raw_dir: Path, warehouse: Path, *, full: bool = False, wait_seconds: float = WAIT_SECONDS
) -> Reconciled:
    """Compare the raw folder with the warehouse, retire the documents whose files are gone
    (and publish that), and plan the rest; ``WarehouseBusy`` if another writer holds the
    warehouse longer than ``wait_seconds``."""
    raw_dir = Path(raw_dir).resolve()
    files = scan_raw_folder(raw_dir)
    with working_database(warehouse, wait_seconds) as conn:
        found = conn.execute(
            "SELECT value FROM warehouse_meta WHERE key = ?", [RAW_DIR_KEY]
        ).fetchone()
        previous = found[0] if found and found[0] != str(raw_dir) else None
        if not found or previous:
            write_meta(conn, RAW_DIR_KEY, str(raw_dir))
        plan = plan_ingest(conn, files, full=full)
        retired = retire_removed(conn, files)
        sources = read_sources_table(raw_dir)
        dated = apply_sources_table(conn, sources.entries)
        if retired or plan.removed or dated:
            refresh_derived(conn)  # the code dimensions and rules across documents without them
            mark_changed(conn)
    publish(warehouse, wait_seconds=wait_seconds)
    return Reconciled(files, plan, retired, previous, [str(p) for p in sources.problems])
