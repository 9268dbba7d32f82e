"""Benchmark: ``fiscal ingest`` of 10, 100 and 1,000 generated documents, against bare camelot.

Not a test: it measures, prints a table and exits 0 whatever the numbers are.

For each size N (``--sizes``), the raw folder holds N publications of the project's
generator (seeds 7000 on: varied templates, layouts and sizes, PDF), each size a prefix of
the next. Two things are run on it, each in a subprocess of its own:

1. the product as a user runs it: ``fiscal ingest`` into an empty warehouse with a fresh
   Dagster storage (Python start-up, imports, discovery, every Dagster run, the load and
   the summary inside the measured time);
2. the baseline, bare camelot, sequential, in one process: ``camelot.read_pdf(path,
   pages="all", flavor="lattice", split_text=True, engine="vector")`` for every file;
3. the pure core alone (``pipelines.core.read_document``: read, normalise, check) of every
   file in two worker processes, no Dagster, no warehouse: what the ingest costs beyond
   it is Dagster's and the warehouse's.

Measured for each: wall seconds (``time.perf_counter``), CPU seconds (user + system of the
subprocess and every process under it, from ``getrusage(RUSAGE_CHILDREN)`` before and
after), the peak memory of the whole process tree (the sum of its processes' resident
sets, sampled every 0.2 s from /proc), and for the ingest the warehouse file's size.

Printed per size: wall and CPU seconds per document, peak memory, warehouse size, the
ratios of the ingest to bare camelot, and the marginal seconds per document between sizes
(what one more document costs once the fixed costs are paid). The targets of the issue:
marginal time per document flat within 15% from 10 to 1,000; peak memory flat; at 100
documents the ingest's wall time <= 0.6x bare camelot and its CPU time <= 1.0x.

Usage (from the project folder)::

    .venv/bin/python benchmarks/scale.py [--sizes 10,100,1000] [--json OUT]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.paths import DAGSTER_STORAGE_ENV  # noqa: E402
from tests.generator import write  # noqa: E402

FIRST_SEED = 7000
SAMPLE_SECONDS = 0.2
MARGINAL_FLAT = 0.15
WALL_TARGET = 0.6
CPU_TARGET = 1.0
# Settings a user may have exported that would point the command elsewhere.
_MOVED_BY_ENVIRONMENT = ("FISCAL_RAW_DIR", "FISCAL_WAREHOUSE", "DAGSTER_HOME")

CAMELOT = """
import sys, warnings
from pathlib import Path
import camelot
warnings.simplefilter("ignore")
for path in sorted(Path(sys.argv[1]).glob("*.pdf")):
    camelot.read_pdf(str(path), pages="all", flavor="lattice", split_text=True, engine="vector")
"""
CORE = """
import sys
from pathlib import Path
from pipelines.core import read_document
from pipelines.workers import WorkerPool
if __name__ == "__main__":
    pool = WorkerPool(2)
    pool.run_each(read_document, sorted(Path(sys.argv[1]).iterdir()), timeout=None)
    pool.shutdown()
"""


@dataclass
class Measured:
    """One timed subprocess."""

    wall: float
    cpu: float
    peak_mib: float
    returncode: int


def _tree_rss(root: int) -> int:
    """Resident bytes of ``root`` and every process under it (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, parent = int(entry), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, []))
    return total


def measure(command: list[str], env: dict[str, str]) -> Measured:
    """Run ``command``; its wall and CPU seconds and its process tree's peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss(process.pid))
            done.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    returncode = process.wait()
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Measured(wall, cpu, peak / 2**20, returncode)


def _environment(storage: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _MOVED_BY_ENVIRONMENT}
    env[DAGSTER_STORAGE_ENV] = str(storage)
    return env


@dataclass
class SizeResult:
    """The two runs on one raw folder."""

    documents: int
    pages: int
    ingest: Measured
    camelot: Measured
    core: Measured
    warehouse_mib: float


def run_size(raw: Path, work: Path) -> SizeResult:
    """The ingest and bare camelot of every file of ``raw``."""
    storage, warehouse = work / "dagster", work / "fiscal.duckdb"
    fiscal = Path(sys.executable).parent / "fiscal"
    ingest = measure(
        [str(fiscal), "ingest", "--raw", str(raw), "--warehouse", str(warehouse)],
        _environment(storage),
    )
    camelot = measure([sys.executable, "-c", CAMELOT, str(raw)], _environment(storage))
    core = measure([sys.executable, "-c", CORE, str(raw)], _environment(storage))
    pdfs = sorted(raw.glob("*.pdf"))
    return SizeResult(
        len(pdfs),
        sum(_pages(p) for p in pdfs),
        ingest,
        camelot,
        core,
        warehouse.stat().st_size / 2**20 if warehouse.exists() else 0.0,
    )


def _pages(path: Path) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        return len(document)
    finally:
        document.close()


def _table(results: list[SizeResult]) -> list[str]:
    lines = [
        "| documents | pages | ingest wall s/doc | ingest CPU s/doc | camelot wall s/doc "
        "| camelot CPU s/doc | wall ratio | CPU ratio | core wall s/doc | core CPU s/doc "
        "| ingest peak MiB | camelot peak MiB | warehouse MiB | marginal ingest s/doc |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |",
    ]
    previous: SizeResult | None = None
    for r in results:
        n = r.documents
        marginal = (
            (r.ingest.wall - previous.ingest.wall) / (n - previous.documents)
            if previous and n > previous.documents
            else None
        )
        lines.append(
            f"| {n} | {r.pages} | {r.ingest.wall / n:.3f} | {r.ingest.cpu / n:.3f} "
            f"| {r.camelot.wall / n:.3f} | {r.camelot.cpu / n:.3f} "
            f"| {r.ingest.wall / r.camelot.wall:.2f} | {r.ingest.cpu / r.camelot.cpu:.2f} "
            f"| {r.core.wall / n:.3f} | {r.core.cpu / n:.3f} "
            f"| {r.ingest.peak_mib:.0f} | {r.camelot.peak_mib:.0f} | {r.warehouse_mib:.1f} "
            f"| {'' if marginal is None else f'{marginal:.3f}'} |"
        )
        previous = r
    return lines


def _verdicts(results: list[SizeResult]) -> list[str]:
    lines = []
    marginals = [
        (b.ingest.wall - a.ingest.wall) / (b.documents - a.documents)
        for a, b in pairwise(results)
        if b.documents > a.documents
    ]
    if len(marginals) >= 2:
        spread = max(marginals) / min(marginals) - 1
        verdict = "within" if spread <= MARGINAL_FLAT else "over"
        lines.append(
            f"marginal ingest seconds per document {' -> '.join(f'{m:.3f}' for m in marginals)}:"
            f" {spread:.0%} apart ({verdict} the target {MARGINAL_FLAT:.0%})"
        )
    peaks = [r.ingest.peak_mib for r in results]
    lines.append(
        f"ingest peak memory {' -> '.join(f'{p:.0f}' for p in peaks)} MiB "
        f"({max(peaks) / min(peaks):.2f}x from the smallest to the largest)"
    )
    for r in results:
        if r.documents == 100:
            wall, cpu = r.ingest.wall / r.camelot.wall, r.ingest.cpu / r.camelot.cpu
            lines.append(
                f"at 100 documents: wall {wall:.2f}x bare camelot "
                f"({'within' if wall <= WALL_TARGET else 'over'} the target {WALL_TARGET}), "
                f"CPU {cpu:.2f}x ({'within' if cpu <= CPU_TARGET else 'over'} the target "
                f"{CPU_TARGET})"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    """Generate the folders, time both runs on each, print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args(argv)
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: list[SizeResult] = []
    with tempfile.TemporaryDirectory(prefix="fiscal-scale-") as tmp:
        made = Path(tmp) / "made"
        made.mkdir()
        pdfs = []
        for seed in range(FIRST_SEED, FIRST_SEED + sizes[-1]):
            pdf, truth, _ = write(seed, made)
            truth.unlink()
            pdfs.append(pdf)
        for size in sizes:
            work = Path(tmp) / f"n{size}"
            raw = work / "raw"
            raw.mkdir(parents=True)
            for pdf in pdfs[:size]:
                os.link(pdf, raw / pdf.name)
            results.append(run_size(raw, work))
            print(f"{size} documents measured", file=sys.stderr, flush=True)
    print(f"# scale benchmark, {dt.date.today()}, {platform.node()} ({os.cpu_count()} cores)")
    print("\n".join(_table(results)))
    print("\n".join(_verdicts(results)))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
