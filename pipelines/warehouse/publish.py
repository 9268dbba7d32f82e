"""The warehouse analysts read, and the working copy the ingest writes.

An ingest never writes the published file ``fiscal.duckdb``: it writes a working copy
beside it (``.fiscal.duckdb.working``, seeded from the published file when missing) and,
when its loads are committed, publishes a copy of it by an atomic rename. A reader
connected to the published file keeps reading the snapshot it opened (POSIX: the renamed
file's old inode lives while it is open) until it reconnects, and never sees a half-written
state; a reader, even one holding a read-write connection, never blocks or fails an ingest,
since the ingest does not open that file. Whatever such a connection writes to the
published file is lost at the next publish.

A DuckLake (``pipelines/warehouse/lake.py``) needs neither: its writers commit to it
directly, at once, and its readers see the snapshot they opened.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.paths import Lake, Warehouse
from pipelines.warehouse.lake import connect_lake, is_lake
from pipelines.warehouse.load import refresh_if_stale
from pipelines.warehouse.lock import WAIT_SECONDS, writer_lock
from pipelines.warehouse.schema import apply_schema, write_meta

UNPUBLISHED = "unpublished_changes"  # warehouse_meta key: the working copy is ahead
NOTHING_PUBLISHED = "none"  # the stamp file's word for a working copy with nothing published


def working_path(warehouse: Path) -> Path:
    """The ingest's working copy of ``warehouse``."""
    return warehouse.with_name(f".{warehouse.name}.working")


def _copy_atomically(source: Path, target: Path) -> None:
    partial = target.with_name(f".{target.name}.partial-{os.getpid()}")
    try:
        shutil.copyfile(source, partial)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextmanager
def working_database(
    warehouse: Warehouse,
    wait_seconds: float = WAIT_SECONDS,
    on_wait: Callable[[str], None] | None = None,
    *,
    follow_published: bool = True,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to the working copy, under the write lock, its schema in place.

    The working copy follows the published file: made from it when the published file is
    not the one it follows (a first run on an existing warehouse, a backup restored),
    dropped when the published file was deleted (a fresh start); changes are published
    by ``publish``; derived tables a stopped run left stale are refreshed. An ingest of
    several runs does both once, at its start (``follow_published`` false after that):
    its runs leave the refresh of the star schema and the publish to its end.

    A DuckLake is written directly, without a lock (its commits are serialised by
    conflicts, ``pipelines/warehouse/transaction.py``).
    """
    if isinstance(warehouse, Lake):
        conn = connect_lake(warehouse)
        try:
            apply_schema(conn)
            if follow_published:
                refresh_if_stale(conn)
            yield conn
        finally:
            conn.close()
        return
    warehouse = Path(warehouse).resolve()
    working = working_path(warehouse)
    with writer_lock(warehouse, wait_seconds, on_wait):
        if follow_published and _followed(warehouse) != _published_stamp(warehouse):
            # the published file is the truth: deleted, the working copy goes with it (a
            # fresh start); replaced by someone (a backup restored), the copy starts from it
            for stale in (working, _wal(working)):
                stale.unlink(missing_ok=True)
            if warehouse.exists():
                _copy_atomically(warehouse, working)
            _stamp_path(warehouse).write_text(_followed(warehouse), encoding="utf-8")
        conn = duckdb.connect(str(working))
        try:
            apply_schema(conn)
            if follow_published:  # a run stopped between its loads and their refresh
                refresh_if_stale(conn)
            yield conn
        finally:
            conn.close()


def mark_changed(conn: duckdb.DuckDBPyConnection) -> None:
    """Record that the working copy has changes not yet published (a DuckLake's commits
    are published as they are made)."""
    if not is_lake(conn):
        write_meta(conn, UNPUBLISHED, "true")


def publish(
    warehouse: Warehouse, *, force: bool = False, wait_seconds: float = WAIT_SECONDS
) -> bool:
    """Publish the working copy as ``warehouse`` if it has unpublished changes (or
    ``force``, or nothing is published yet); returns whether it did (never, for a
    DuckLake: its snapshots are what readers read)."""
    if isinstance(warehouse, Lake):
        return False
    warehouse = Path(warehouse).resolve()
    working = working_path(warehouse)
    with writer_lock(warehouse, wait_seconds):
        if not working.exists():
            return False
        with duckdb.connect(str(working)) as conn:
            apply_schema(conn)
            pending = conn.execute(
                "SELECT 1 FROM warehouse_meta WHERE key = ?", [UNPUBLISHED]
            ).fetchone()
            if not (pending or force or not warehouse.exists()):
                return False
            conn.execute("DELETE FROM warehouse_meta WHERE key = ?", [UNPUBLISHED])
            conn.execute("CHECKPOINT")
        # what a read-write connection to the old file left in its write-ahead log must not
        # be replayed onto the new one
        _wal(warehouse).unlink(missing_ok=True)
        _copy_atomically(working, warehouse)
        _wal(warehouse).unlink(missing_ok=True)
        stamp = _stamp_path(warehouse)
        stamp.write_text(_stamp(warehouse) or "", encoding="utf-8")
        return True


def _wal(database: Path) -> Path:
    return database.with_name(database.name + ".wal")


def _stamp_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.published")


def _stamp(path: Path) -> str | None:
    """Which file is at ``path``: its inode, size and modification time."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return f"{stat.st_ino} {stat.st_size} {stat.st_mtime_ns}"


def _followed(warehouse: Path) -> str:
    """The stamp of the published file the working copy is to follow (none yet: a mark)."""
    return _stamp(warehouse) or NOTHING_PUBLISHED


def _published_stamp(warehouse: Path) -> str | None:
    """The stamp of the published file the working copy follows: the one this project last
    published or seeded the copy from (None before any)."""
    try:
        return _stamp_path(warehouse).read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None
