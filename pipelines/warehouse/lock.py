"""One writer at a time: an exclusive file lock beside the DuckDB file.

The lock is the kernel's (``flock``): it is released when its holder exits, however it
exits, so a killed ingest never leaves the warehouse locked. Within one process it is
re-entrant: ``fiscal ingest`` holds it for the whole ingest while its runs' steps take it
again for each load.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.paths import Lake, Warehouse

WAIT_SECONDS = 3600.0
POLL_SECONDS = 0.2

# the locks this process holds: warehouse -> (the thread holding it, how many times)
_HELD: dict[Path, tuple[int, int]] = {}


class WarehouseBusy(TimeoutError):
    """Another process kept the warehouse's write lock for too long."""


def lock_path(warehouse: Path) -> Path:
    """The lock file of a warehouse."""
    return warehouse.with_name(warehouse.name + ".lock")


def lock_holder(warehouse: Path) -> str | None:
    """Who holds the lock, as the holder wrote it (``pid N since T``), if anyone does."""
    path = lock_path(warehouse)
    try:
        with path.open("r") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return handle.read().strip() or "another process"
            fcntl.flock(handle, fcntl.LOCK_UN)
            return None
    except FileNotFoundError:
        return None


@contextmanager
def writer_lock(
    warehouse: Warehouse,
    wait_seconds: float = WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[None]:
    """Hold the warehouse's write lock; waits (up to ``wait_seconds``) for another writer.

    ``on_wait(holder)`` is called once if the lock is taken, before waiting: the caller
    says so instead of seeming to hang. A DuckLake takes no lock: its writers commit at
    once, their commits serialised by conflicts (``pipelines/warehouse/transaction.py``).
    """
    if isinstance(warehouse, Lake):
        yield
        return
    warehouse = Path(warehouse).resolve()
    me = threading.get_ident()
    holder, depth = _HELD.get(warehouse, (None, 0))
    if holder == me:  # this thread holds it already: fiscal ingest around its runs' steps
        _HELD[warehouse] = (me, depth + 1)
        try:
            yield
        finally:
            _HELD[warehouse] = (me, depth)
        return
    # another thread of this process, or another process: flock on a descriptor of our own
    # waits for it like any other holder
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with lock_path(warehouse).open("a+") as handle:
        _acquire(handle, warehouse, wait_seconds, on_wait)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
        handle.flush()
        _HELD[warehouse] = (me, 1)
        try:
            yield
        finally:
            del _HELD[warehouse]
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def _acquire(handle, warehouse: Path, wait_seconds: float, on_wait) -> None:
    deadline = time.monotonic() + wait_seconds
    told = False
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if on_wait is not None and not told:
                handle.seek(0)
                on_wait(handle.read().strip() or "another process")
                told = True
            if time.monotonic() > deadline:
                raise WarehouseBusy(
                    f"another process has been writing {warehouse} for {wait_seconds:.0f} s"
                ) from None
            time.sleep(POLL_SECONDS)
