"""Worker processes: documents read (and their facts checked) on every core, each within a
time limit, none outliving the process that started them.

Reading a PDF is pure CPU (layout analysis, pdfium), so a run reads its documents in a pool
of worker processes (pebble's, which kills a worker that overruns its task's time limit
and starts another). A document that takes longer than the limit is quarantined with that
reason and the others go on; a worker that dies on a document (a native library crashing)
has it read once more alone, and quarantined if that dies too. Each worker watches its
parent and exits when it is gone, so that a ``kill -9`` of the run leaves no reader behind.

The pool is kept for the life of the process that started it: ``fiscal ingest`` runs its
batches of documents one Dagster run after another, in one process, on warm workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import multiprocessing.util
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, wait
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from pebble import ProcessExpired, ProcessPool

Item = TypeVar("Item")
Result = TypeVar("Result")

PARENT_POLL_SECONDS = 0.5


class WorkerTimeout(Exception):
    """A task ran past its time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker process died during the task, twice."""


def _started(parent: int) -> None:
    """A worker's start: exit when the parent is gone; import the readers while idle."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()
    # the PDF libraries log their parsers' complaints (playa: "Resources missing or invalid
    # from Page id 168"); what matters reaches the document's quarantine reason or problems
    logging.getLogger().addHandler(logging.NullHandler())
    import camelot  # noqa: F401  (the import is the point: a warm reader)


class WorkerPool:
    """``workers`` processes running one task each at a time, within ``timeout`` seconds."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool = self._start()

    def _start(self) -> ProcessPool:
        return ProcessPool(
            max_workers=self.workers,
            initializer=_started,
            initargs=(os.getpid(),),
            context=multiprocessing.get_context("spawn"),
        )

    def _submit(self, function: Callable, item: object, timeout: float | None) -> Future:
        if not self._pool.active:  # stopped by an earlier failure: start again
            self._pool = self._start()
        return self._pool.schedule(function, args=(item,), timeout=timeout)

    def run_each(
        self,
        function: Callable[[Item], Result],
        items: Iterable[Item],
        timeout: float | None,
        on_done: Callable[[int, Result | BaseException], None] | None = None,
    ) -> list[Result | BaseException]:
        """``function`` on each item, in the workers; the results in the order given.

        A task that overran ``timeout`` gives a ``WorkerTimeout``, one whose worker died
        twice a ``WorkerCrashed``, any other failure of the task its exception: a result
        per item. ``on_done(position, result)`` is called as each one finishes.
        """
        items = list(items)
        futures = {self._submit(function, item, timeout): i for i, item in enumerate(items)}
        results: list[Result | BaseException] = [WorkerCrashed()] * len(items)
        retried: set[int] = set()
        while futures:
            done = _first_done(futures)
            position = futures.pop(done)
            try:
                result: Result | BaseException = done.result()
            except FutureTimeout:
                result = WorkerTimeout(f"took longer than {timeout:g} s")
            except (ProcessExpired, CancelledError) as exc:
                if position not in retried:  # once more, in the worker that replaced it
                    retried.add(position)
                    futures[self._submit(function, items[position], timeout)] = position
                    continue
                result = WorkerCrashed(str(exc))
            except Exception as exc:
                result = exc
            results[position] = result
            if on_done is not None:
                on_done(position, result)
        return results

    def shutdown(self) -> None:
        """Stop the workers (a task still running is abandoned)."""
        self._pool.stop()
        self._pool.join(timeout=5)


def _first_done(futures: dict[Future, int]) -> Future:
    done, _ = wait(futures, return_when=FIRST_COMPLETED)
    # the earliest submitted first: results come back in a stable order when several end
    return min(done, key=lambda f: futures[f])


_POOLS: dict[int, WorkerPool] = {}


def worker_pool(workers: int) -> WorkerPool:
    """The process's pool of ``workers`` processes, started on first use and kept."""
    if workers not in _POOLS:
        pool = WorkerPool(workers)
        # stopped at exit, before multiprocessing joins the process's children: also in a
        # process multiprocessing started (a step of Dagster's multiprocess executor),
        # which runs no atexit handler and would wait on the idle workers for ever
        multiprocessing.util.Finalize(pool, pool.shutdown, exitpriority=100)
        _POOLS[workers] = pool
    return _POOLS[workers]
