"""One writer at a time: an exclusive file lock beside the DuckDB file."""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WAIT_SECONDS = 600.0
POLL_SECONDS = 0.1


class WarehouseBusy(TimeoutError):
    """Another process kept the warehouse's write lock for too long."""


@contextmanager
def writer_lock(warehouse: Path, wait_seconds: float = WAIT_SECONDS) -> Iterator[None]:
    """Hold the warehouse's write lock; waits for another writer to finish.

    DuckDB lets one process open a file for writing; the lock makes concurrent writers
    (two ``fiscal ingest`` runs, Dagster's run workers) queue instead of failing.
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    lock_path = warehouse.with_name(warehouse.name + ".lock")
    with lock_path.open("a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise WarehouseBusy(
                        f"another process has been writing {warehouse} for {wait_seconds:.0f} s"
                    ) from None
                time.sleep(POLL_SECONDS)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
