"""Reader processes: a reader killed mid-run costs a re-read, not the run's documents."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

from pipelines.documents.discover import document_ref
from pipelines.extract.model import ExtractedDocument
from pipelines.workers import ReaderPool

BUDGETS = [
    "putuo-wanli-subdistrict-2023-budget.pdf",
    "putuo-wanli-subdistrict-2024-budget.pdf",
    "putuo-finance-bureau-2025-budget.pdf",
    "putuo-finance-bureau-2024-final.pdf",
]


def _readers_of(pool_started_after: set[int]) -> list[int]:
    """The reader processes started after the pids given (those of the pool under test:
    other tests may keep a reader pool of their own alive in this process)."""
    return [p.pid for p in multiprocessing.active_children() if p.pid not in pool_started_after]


def test_a_reader_killed_mid_run_loses_no_document(corpus_dir: Path) -> None:
    refs = [document_ref(corpus_dir / name, corpus_dir) for name in BUDGETS]
    others = {p.pid for p in multiprocessing.active_children()}
    pool = ReaderPool(2)
    try:
        results: list[ExtractedDocument] = []
        reading = threading.Thread(target=lambda: results.extend(pool.extract(refs)))
        reading.start()
        time.sleep(1.5)  # the readers have started on the first documents
        workers = _readers_of(others)
        assert workers, "no reader process to kill"
        os.kill(workers[0], signal.SIGKILL)
        reading.join(timeout=300)
        assert not reading.is_alive()
        assert [r.ref.source_file for r in results] == BUDGETS
        assert all(r.quarantine_reason is None and r.tables for r in results)

        # a reader killed while the pool waits: the next documents still get read
        idle = _readers_of(others)
        assert idle, "no reader process to kill"
        os.kill(idle[0], signal.SIGKILL)
        time.sleep(1.0)  # the pool notices and marks itself broken
        (again,) = pool.extract(refs[:1])
        assert again.quarantine_reason is None and again.tables
    finally:
        pool.shutdown()
