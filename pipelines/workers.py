"""Reader processes: documents read and checked on every core, started before anything
waits for them.

Reading a PDF is pure CPU (playa's layout analysis, pdfium), so a run's documents are read
in worker processes. ``fiscal ingest`` hands them the documents it found *before* it
imports Dagster and prepares the run (about 2 s that the workers spend reading instead of
waiting); the run's extraction step then collects what was already read.

A reader also normalises and checks what it read (pure CPU too), so that the run's facts
step finds that work done (``checked``) instead of doing it on one core after the reading.
"""

from __future__ import annotations

import atexit
import multiprocessing
from collections.abc import Callable
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from pipelines.documents.discover import DocumentRef
from pipelines.extract.document import extract_safely, quarantined
from pipelines.extract.model import ExtractedDocument
from pipelines.validate.checks import CheckedDocument, normalise_and_check

Read = tuple[ExtractedDocument, CheckedDocument | None]


def read_and_check(ref: DocumentRef) -> Read:
    """A document read, and its facts checked (None when that fails: the facts step then
    does it again and reports the failure where it belongs)."""
    extracted = extract_safely(ref)
    try:
        return extracted, normalise_and_check(extracted)
    except Exception:
        return extracted, None


class ReaderPool:
    """A pool of reader processes, and the documents handed to it ahead of time."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._executor = _start(workers)
        self._ahead: dict[DocumentRef, Future[Read]] = {}
        self._checked: dict[DocumentRef, Read] = {}

    def read_ahead(self, refs: list[DocumentRef]) -> None:
        """Start reading these documents now; ``extract`` picks the results up later."""
        for ref in refs:  # a ref names the file's bytes too: a changed file is a new ref
            if ref not in self._ahead:
                self._ahead[ref] = self._submit(ref)

    def extract(
        self,
        refs: list[DocumentRef],
        on_read: Callable[[ExtractedDocument], None] | None = None,
    ) -> list[ExtractedDocument]:
        """The documents read (or already being read), in the order given."""
        futures = [self._ahead.pop(ref, None) or self._submit(ref) for ref in refs]
        results = []
        restarted = False
        for position, (ref, future) in enumerate(zip(refs, futures, strict=True)):
            try:
                extracted, checked = future.result()
            except (BrokenProcessPool, CancelledError):
                # a reader process died (a native library crashing on some file, or killed):
                # this document is read again alone; the pool restarts and takes the rest
                # again (once: after a second death, each is read alone)
                if not restarted:
                    self._restart()
                    for later in range(position + 1, len(refs)):
                        futures[later] = self._submit(refs[later])
                    restarted = True
                extracted, checked = _read_alone(ref), None
            self._checked[ref] = (extracted, checked)
            if on_read is not None:
                on_read(extracted)
            results.append(extracted)
        return results

    def _submit(self, ref: DocumentRef) -> Future[Read]:
        """``ref`` handed to a reader; a pool broken by an earlier crash is restarted first."""
        try:
            return self._executor.submit(read_and_check, ref)
        except BrokenProcessPool:
            self._restart()
            return self._executor.submit(read_and_check, ref)

    def _restart(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._executor = _start(self.workers)

    def checked(self, extracted: ExtractedDocument) -> CheckedDocument | None:
        """The facts a reader checked for this very document object, if it did."""
        read = self._checked.pop(extracted.ref, None)
        if read is not None and read[0] is extracted:
            return read[1]
        return None

    def shutdown(self) -> None:
        """Stop the processes (abandoning documents read ahead and never collected)."""
        for future in self._ahead.values():
            future.cancel()
        self._ahead.clear()
        self._checked.clear()
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


def checked_by_readers(extracted: ExtractedDocument) -> CheckedDocument | None:
    """The facts a reader process of this process checked for ``extracted``, if one did."""
    for pool in _POOLS.values():
        checked = pool.checked(extracted)
        if checked is not None:
            return checked
    return None


def read_ahead(refs: list[DocumentRef], workers: int) -> None:
    """Start reading ``refs`` in the pool a run of them will use, if it uses one."""
    if min(workers, len(refs)) > 1:
        reader_pool(min(workers, len(refs))).read_ahead(refs)


def _read_alone(ref: DocumentRef) -> ExtractedDocument:
    """A document read in a process of its own; quarantined if that process dies too."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as alone:
        try:
            return alone.submit(extract_safely, ref).result()
        except BrokenProcessPool:
            return quarantined(
                ref,
                "the reader process crashed on this file, twice: it is damaged in a way the "
                "PDF libraries cannot handle",
            )


def _start(workers: int) -> ProcessPoolExecutor:
    executor = ProcessPoolExecutor(
        max_workers=workers, mp_context=multiprocessing.get_context("spawn")
    )
    for _ in range(workers):
        executor.submit(_import_readers)
    return executor


def _import_readers() -> None:
    import camelot  # noqa: F401  (the import is the point: a warm reader process)
