"""Benchmark: a night with no change against a full ingest, on 100+ documents.

Not a test: it measures, prints a table and exits 0 whatever the numbers are.

The raw folder holds ``--generated`` publications of the project's generator (seeds 3000
on: varied layouts, PDF) and the shared corpus's PDFs. Timed, wall clock, each as a user
runs it (``fiscal ingest`` in a subprocess, Python start-up and imports included):

0. the pure core (``pipelines.core.read_document``: read, normalise, check) of every file
   in two worker processes, no Dagster, no warehouse: what the full ingest costs beyond
   it, per document, is Dagster's and the warehouse's own cost;
1. the baseline: a full ingest into an empty warehouse with a fresh Dagster storage;
2. ``--repeat`` nights with no change (the same command again): the target is <= 5% of 1;
3. a night with one file changed (one generated publication replaced by another seed).

Usage (from the project folder)::

    .venv/bin/python benchmarks/nightly.py [--generated 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.paths import DAGSTER_STORAGE_ENV, default_corpus_dir  # noqa: E402
from tests.generator import write  # noqa: E402

TARGET = 0.05
FIRST_SEED = 3000


def fiscal_ingest(raw: Path, warehouse: Path, storage: Path) -> tuple[float, str]:
    """Seconds ``fiscal ingest`` took, and its summary line of this ingest."""
    env = {k: v for k, v in os.environ.items() if k not in ("FISCAL_RAW_DIR", "FISCAL_WAREHOUSE")}
    env[DAGSTER_STORAGE_ENV] = str(storage)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "ingest",
            "--raw",
            str(raw),
            "--warehouse",
            str(warehouse),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - started
    line = next(
        (x for x in done.stdout.splitlines() if x.startswith("This ingest:")), done.stderr[-300:]
    )
    return seconds, line


CORE = """
import sys, time
from pathlib import Path
from pipelines.core import read_document
from pipelines.workers import WorkerPool
raw = Path(sys.argv[1])
pool = WorkerPool(2)
pool.run_each(read_document, sorted(raw.iterdir()), timeout=None)
pool.shutdown()
"""


def pure_core(raw: Path) -> float:
    """Seconds the core takes on every file of ``raw`` in two worker processes."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", CORE, str(raw)], check=True, cwd=ROOT)
    return time.perf_counter() - started


def dagster_share(storage: Path) -> tuple[float, float, int, int]:
    """From the full ingest's runs: seconds of the runs outside their steps (Dagster's
    own), seconds in the steps, event-log records, runs."""
    script = (
        "import dagster as dg, json\n"
        "i = dg.DagsterInstance.get()\n"
        "outside = inside = 0.0; events = 0; runs = i.get_runs()\n"
        "for r in runs:\n"
        "    st = i.get_run_stats(r.run_id)\n"
        "    steps = sum(s.end_time - s.start_time for s in i.get_run_step_stats(r.run_id))\n"
        "    inside += steps; outside += st.end_time - st.start_time - steps\n"
        "    events += len(i.get_records_for_run(r.run_id, limit=100000).records)\n"
        "print(json.dumps([outside, inside, events, len(runs)]))\n"
    )
    env = {**os.environ, "DAGSTER_HOME": str(storage)}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    outside, inside, events, runs = json.loads(done.stdout.strip().splitlines()[-1])
    return outside, inside, events, runs


def main(argv: list[str] | None = None) -> int:
    """Build the folder, time the full ingest and the nights after it, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--generated", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fiscal-nightly-") as work:
        raw = Path(work) / "raw"
        raw.mkdir()
        for seed in range(FIRST_SEED, FIRST_SEED + args.generated):
            pdf, truth, _ = write(seed, raw)
            truth.unlink()
        for pdf in sorted(default_corpus_dir().rglob("*.pdf")):
            shutil.copy(pdf, raw / pdf.name)
        documents = len(list(raw.iterdir()))
        warehouse, storage = Path(work) / "fiscal.duckdb", Path(work) / "dagster"
        core = pure_core(raw)
        full, full_line = fiscal_ingest(raw, warehouse, storage)
        outside, inside, events, runs = dagster_share(storage)
        nights = [fiscal_ingest(raw, warehouse, storage) for _ in range(args.repeat)]
        changed = sorted(raw.glob("*.pdf"))[0]
        changed.unlink()
        pdf, truth, _ = write(FIRST_SEED + args.generated, raw)
        truth.unlink()
        one, one_line = fiscal_ingest(raw, warehouse, storage)
    quiet = statistics.median(seconds for seconds, _ in nights)
    print(f"# nightly benchmark, {dt.date.today()}, {platform.node()} ({os.cpu_count()} cores)")
    print(f"documents in the raw folder: {documents}")
    print("| run | seconds | ratio to the full ingest | what it did |")
    print("| --- | ---: | ---: | --- |")
    print(f"| the pure core, 2 workers | {core:.1f} | {core / full:.3f} | read and checked |")
    print(f"| full ingest (baseline) | {full:.1f} | 1.000 | {full_line} |")
    for seconds, line in nights:
        print(f"| no change | {seconds:.1f} | {seconds / full:.3f} | {line} |")
    print(f"| one file replaced | {one:.1f} | {one / full:.3f} | {one_line} |")
    print(
        f"Dagster's and the warehouse's own cost: {(full - core) / documents:.2f} s per "
        f"document ({full - core:.1f} s over {documents})"
    )
    print(
        f"The full ingest's {runs} Dagster runs: {inside:.1f} s in their steps, {outside:.1f} s "
        f"outside them (run creation, events: {outside / documents:.3f} s per document), "
        f"{events} event-log records ({events / documents:.1f} per document)"
    )
    verdict = "within" if quiet / full <= TARGET else "over"
    print(
        f"no-change median {quiet:.1f} s = {quiet / full:.3f} of the full ingest "
        f"({verdict} the target {TARGET:.2f})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
