"""Worker processes: a worker killed mid-run costs a re-read, not the run's documents; a
document past its time limit is stopped and the others go on; no worker outlives its
parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_safely
from pipelines.extract.model import ExtractedDocument
from pipelines.workers import WorkerCrashed, WorkerPool, WorkerTimeout

BUDGETS = [
    "putuo-wanli-subdistrict-2023-budget.pdf",
    "putuo-wanli-subdistrict-2024-budget.pdf",
    "putuo-finance-bureau-2025-budget.pdf",
    "putuo-finance-bureau-2024-final.pdf",
]


def children_of(pid: int) -> list[int]:
    """The live processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def workers_of(pid: int) -> list[int]:
    """The pool's worker processes among ``pid``'s children (not multiprocessing's
    resource tracker)."""
    return [
        child
        for child in children_of(pid)
        if "resource_tracker" not in Path(f"/proc/{child}/cmdline").read_text()
    ]


def test_a_worker_killed_mid_run_loses_no_document(corpus_dir: Path) -> None:
    refs = [document_ref(corpus_dir / name, corpus_dir) for name in BUDGETS]
    before = set(workers_of(os.getpid()))
    pool = WorkerPool(2)
    try:
        results: list = []
        reading = threading.Thread(
            target=lambda: results.extend(pool.run_each(extract_safely, refs, timeout=300))
        )
        reading.start()
        time.sleep(2.5)  # the workers have started on the first documents
        workers = [pid for pid in workers_of(os.getpid()) if pid not in before]
        assert workers, "no worker process to kill"
        os.kill(workers[0], signal.SIGKILL)
        reading.join(timeout=300)
        assert not reading.is_alive()
        assert all(isinstance(r, ExtractedDocument) for r in results), results
        assert [r.ref.source_file for r in results] == BUDGETS
        assert all(r.quarantine_reason is None and r.tables for r in results)
    finally:
        pool.shutdown()


def _sleep(seconds: float) -> float:
    time.sleep(seconds)
    return seconds


def test_a_task_past_its_time_limit_is_stopped_and_the_others_go_on() -> None:
    pool = WorkerPool(2)
    try:
        started = time.monotonic()
        results = pool.run_each(_sleep, [60.0, 0.1, 0.2], timeout=3)
        elapsed = time.monotonic() - started
    finally:
        pool.shutdown()
    assert isinstance(results[0], WorkerTimeout)
    assert results[1:] == [0.1, 0.2]
    assert elapsed < 30  # not the 60 s the first task asked for


def _die_once(marker: Path) -> str:
    """Kill its own worker the first time (as a native library crashing would)."""
    if not marker.exists():
        marker.write_text("died once")
        os.kill(os.getpid(), signal.SIGKILL)
    return "read"


def _die(_: object) -> str:
    os.kill(os.getpid(), signal.SIGKILL)
    return "never"


def test_a_worker_that_dies_on_a_task_has_it_done_once_more(tmp_path: Path) -> None:
    pool = WorkerPool(2)
    try:
        results = pool.run_each(_die_once, [tmp_path / "a", tmp_path / "b"], timeout=60)
        assert results == ["read", "read"]
        assert (tmp_path / "a").read_text() == "died once"  # it did die, and was retried
        (crashed,) = pool.run_each(_die, [None], timeout=60)
        assert isinstance(crashed, WorkerCrashed)  # died twice: given up, not raised
        assert pool.run_each(_sleep, [0.1], timeout=60) == [0.1]  # the pool goes on
    finally:
        pool.shutdown()


PARENT = """
import sys, time
from pipelines.workers import WorkerPool
from tests.test_pool import _sleep
pool = WorkerPool(2)
print("started", flush=True)
pool.run_each(_sleep, [600.0, 600.0], timeout=None)
"""


def test_workers_die_with_their_parent(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    try:
        assert parent.stdout.readline().strip() == "started"
        workers = workers_started(parent.pid, 2, 60)
        assert len(workers) >= 2, "the pool did not start its workers"
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        alive = still_running(workers, 10)
        assert alive == [], f"workers {alive} outlived their parent"
    finally:
        if parent.poll() is None:
            parent.kill()


def workers_started(parent: int, count: int, seconds: float) -> list[int]:
    """``parent``'s worker processes, once ``count`` are up (or ``seconds`` passed)."""
    deadline = time.monotonic() + seconds
    workers = workers_of(parent)
    while len(workers) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        workers = workers_of(parent)
    return workers


def still_running(pids: list[int], seconds: float) -> list[int]:
    """Those of ``pids`` still running (not gone, not zombies) after up to ``seconds``."""
    deadline = time.monotonic() + seconds
    alive = pids
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in pids if Path(f"/proc/{pid}").exists() and not is_zombie(pid)]
    return alive


def is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return False
