"""One transaction on the warehouse: committed whole, or rolled back whole; in a DuckLake,
run again whole when another writer committed a conflicting change first."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

import duckdb

from pipelines.warehouse.lake import claim_commit, is_lake

ATTEMPTS = 30  # a write that keeps losing to other writers gives up after this many
FIRST_WAIT = 0.05  # seconds before the second attempt, doubling (with jitter) up to
LONGEST_WAIT = 2.0

P = ParamSpec("P")
R = TypeVar("R")


class WriteConflict(duckdb.TransactionException):
    """Other writers kept committing conflicting changes first, ``ATTEMPTS`` times."""


@contextmanager
def transaction(conn: duckdb.DuckDBPyConnection, *, claim: bool = True) -> Iterator[None]:
    """Run the block in one transaction: COMMIT at its end, ROLLBACK if it raises (or the
    process is interrupted) before. In a DuckLake the transaction first claims the commit
    (``claim_commit``; not ``claim`` only for the one creating the row claimed), so that two
    writers never commit at once: the function holding the block is to be ``retried``."""
    conn.execute("BEGIN TRANSACTION")
    try:
        if claim and is_lake(conn):
            claim_commit(conn)
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")  # a failed COMMIT has rolled the transaction back


def is_conflict(error: BaseException) -> bool:
    """Whether ``error`` is a commit lost to another writer's conflicting one."""
    return isinstance(error, duckdb.TransactionException) and "conflict" in str(error).lower()


def retried(write: Callable[P, R]) -> Callable[P, R]:
    """``write`` (whose transactions are whole) run again, after a growing wait, each time
    its commit lost to a conflicting one; never on a DuckDB file, which has one writer."""

    @functools.wraps(write)
    def again(*args: P.args, **kwargs: P.kwargs) -> R:
        wait = FIRST_WAIT
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return write(*args, **kwargs)
            except duckdb.TransactionException as exc:
                if not is_conflict(exc):
                    raise
                if attempt == ATTEMPTS:
                    raise WriteConflict(
                        f"{write.__name__}: other writers committed conflicting changes "
                        f"first {ATTEMPTS} times in a row ({exc})"
                    ) from exc
            time.sleep(wait * random.uniform(0.5, 1.5))
            wait = min(wait * 2, LONGEST_WAIT)
        raise AssertionError("unreachable")

    return again
