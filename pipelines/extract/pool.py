"""Reader processes: documents read on every core, started before anything waits for them.

Reading a PDF is pure CPU (playa's layout analysis, pdfium), so a run's documents are read
in worker processes. ``fiscal ingest`` hands them the documents it found *before* it
imports Dagster and prepares the run (about 2 s that the workers spend reading instead of
waiting); the run's extraction step then collects what was already read.
"""

from __future__ import annotations

import atexit
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor

from pipelines.documents.discover import DocumentRef
from pipelines.extract.document import extract_safely
from pipelines.extract.model import ExtractedDocument


class ReaderPool:
    """A pool of reader processes, and the documents handed to it ahead of time."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=multiprocessing.get_context("spawn")
        )
        for _ in range(workers):
            self._executor.submit(_import_readers)
        self._ahead: dict[DocumentRef, Future[ExtractedDocument]] = {}

    def read_ahead(self, refs: list[DocumentRef]) -> None:
        """Start reading these documents now; ``extract`` picks the results up later."""
        for ref in refs:  # a ref names the file's bytes too: a changed file is a new ref
            if ref not in self._ahead:
                self._ahead[ref] = self._executor.submit(extract_safely, ref)

    def extract(
        self,
        refs: list[DocumentRef],
        on_read: Callable[[ExtractedDocument], None] | None = None,
    ) -> list[ExtractedDocument]:
        """The documents read (or already being read), in the order given."""
        futures = [
            self._ahead.pop(ref, None) or self._executor.submit(extract_safely, ref) for ref in refs
        ]
        results = []
        for future in futures:
            extracted = future.result()
            if on_read is not None:
                on_read(extracted)
            results.append(extracted)
        return results

    def shutdown(self) -> None:
        """Stop the processes (abandoning documents read ahead and never collected)."""
        for future in self._ahead.values():
            future.cancel()
        self._ahead.clear()
        self._executor.shutdown()


_POOLS: dict[int, ReaderPool] = {}


def reader_pool(workers: int) -> ReaderPool:
    """The process's pool of ``workers`` readers, started on first use and kept for the
    life of the process."""
    if workers not in _POOLS:
        pool = ReaderPool(workers)
        atexit.register(pool.shutdown)
        _POOLS[workers] = pool
    return _POOLS[workers]


def read_ahead(refs: list[DocumentRef], workers: int) -> None:
    """Start reading ``refs`` in the pool a run of them will use, if it uses one."""
    if min(workers, len(refs)) > 1:
        reader_pool(min(workers, len(refs))).read_ahead(refs)


def _import_readers() -> None:
    import camelot  # noqa: F401  (the import is the point: a warm reader process)
