"""Benchmark: ``fiscal ingest`` of the shared corpus against bare camelot on the same PDFs.

Not a test: it measures, prints a table and exits 0 whatever the numbers are.

Two things are timed, wall clock (``time.perf_counter``), ``--repeat`` times each, and the
median is reported:

1. the baseline, bare camelot in this process: for every PDF of the corpus,
   ``camelot.read_pdf(path, pages="all", flavor="lattice", split_text=True,
   engine="vector")`` (the reading the project's PDF extractor is built on), per file and
   in total; camelot is imported before the clock starts;
2. the product, exactly as a user runs it: ``fiscal ingest --raw TMP/raw --warehouse
   TMP/fiscal.duckdb`` in a subprocess, from an empty warehouse and a fresh Dagster
   storage folder (``FISCAL_DAGSTER_STORAGE``), with the PDFs copied into a temporary raw
   folder. Python start-up, imports, discovery, one Dagster run per document and the
   summary are all inside the measured time. A non-zero exit (some documents
   quarantined) is recorded, not treated as a failure of the benchmark.

Also measured, to split the ingest time: ``fiscal ingest`` of an empty raw folder (the
fixed cost of the command) and the per-document seconds the command prints itself.

The target stated in the project's issue: ingest <= 1.0x bare camelot.

Usage (from the project folder)::

    .venv/bin/python benchmarks/corpus_ingest.py [--corpus DIR] [--repeat N] [--only GLOB]

The corpus is ``--corpus``, else ``$FISCAL_CORPUS_DIR``, else ``../shared/corpus``.
Only ``*.pdf`` files are benchmarked (camelot reads nothing else).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from pipelines.paths import CORPUS_ENV, DAGSTER_STORAGE_ENV, PROJECT_ROOT, default_corpus_dir

TARGET_RATIO = 1.0
# "[3/16] some-file.pdf: loaded 812 figures (4.2 s)", printed by `fiscal ingest`.
_DOCUMENT_LINE = re.compile(
    r"^\[\d+/\d+\] (?P<name>.+?): (?P<detail>.*?)(?: \((?P<seconds>[\d.]+) s\))?$"
)
# Settings a user may have exported that would point the command elsewhere.
_MOVED_BY_ENVIRONMENT = ("FISCAL_RAW_DIR", "FISCAL_WAREHOUSE", "DAGSTER_HOME")


@dataclass
class IngestRun:
    """One timed ``fiscal ingest`` of the corpus."""

    seconds: float
    returncode: int
    per_document: dict[str, float] = field(default_factory=dict)
    status_lines: dict[str, str] = field(default_factory=dict)
    stderr_tail: str = ""
    crashed: bool = False  # a Python traceback, not the command's own "not loaded" exit

    @property
    def exit_label(self) -> str:
        """The exit status, marked when the command crashed rather than reported."""
        return f"{self.returncode} (crashed)" if self.crashed else str(self.returncode)


@dataclass
class DocumentRow:
    """What the produced warehouse holds for one source file."""

    status: str
    reason: str
    line_items: int


def machine_description() -> str:
    """Platform, CPU, CPU count and Python version, on one line."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [
                line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")
            ]
        if names:
            cpu = names[0]
    except OSError:
        pass
    return (
        f"{platform.platform()}; {cpu}; {os.cpu_count()} CPUs; "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


def code_version() -> str:
    """The project's commit, and whether its working tree had changes (``git describe``)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=7"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return described.stdout.strip()


def versions() -> str:
    """Versions of the libraries whose speed is measured."""
    names = ("camelot-py", "pypdfium2", "playa-pdf", "dagster", "duckdb", "polars")
    found = []
    for name in names:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    return ", ".join(found)


def corpus_pdfs(corpus: Path, only: str | None) -> list[Path]:
    """The corpus's PDFs, sorted by name, restricted to ``only`` (a glob on the name)."""
    pdfs = sorted(p for p in corpus.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
    if only:
        pdfs = [p for p in pdfs if fnmatch.fnmatch(p.name, only)]
    return pdfs


def page_count(path: Path) -> int:
    """Pages of a PDF (pypdfium2; not timed)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def cpu_seconds(who: int) -> float:
    """User + system CPU seconds of this process (RUSAGE_SELF) or of its finished children
    and their own (RUSAGE_CHILDREN: fiscal ingest and its reader processes)."""
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def run_baseline(pdfs: list[Path]) -> tuple[dict[str, float], dict[str, int]]:
    """One pass of bare camelot over every PDF: seconds and tables found, per file."""
    import camelot

    seconds: dict[str, float] = {}
    tables: dict[str, int] = {}
    for path in pdfs:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            started = time.perf_counter()
            found = camelot.read_pdf(
                str(path), pages="all", flavor="lattice", split_text=True, engine="vector"
            )
            seconds[path.name] = time.perf_counter() - started
        tables[path.name] = len(found)
    return seconds, tables


def fiscal_command() -> Path:
    """The ``fiscal`` entry point beside this interpreter (the project's venv)."""
    beside = Path(sys.executable).parent / "fiscal"
    return beside if beside.exists() else PROJECT_ROOT / ".venv" / "bin" / "fiscal"


def run_fiscal_ingest(raw: Path, warehouse: Path, storage: Path, log: Path) -> IngestRun:
    """Time ``fiscal ingest --raw RAW --warehouse WAREHOUSE`` in a subprocess."""
    env = {k: v for k, v in os.environ.items() if k not in _MOVED_BY_ENVIRONMENT}
    env[DAGSTER_STORAGE_ENV] = str(storage)
    command = [str(fiscal_command()), "ingest", "--raw", str(raw), "--warehouse", str(warehouse)]
    with log.open("w", encoding="utf-8") as out, log.with_suffix(".err").open("w+") as err:
        started = time.perf_counter()
        completed = subprocess.run(
            command, cwd=PROJECT_ROOT, env=env, stdout=out, stderr=err, check=False
        )
        seconds = time.perf_counter() - started
        err.seek(0)
        stderr = err.read()
    run = IngestRun(
        seconds,
        completed.returncode,
        stderr_tail="\n".join(stderr.splitlines()[-5:]),
        crashed="Traceback (most recent call last)" in stderr,
    )
    for line in log.read_text(encoding="utf-8").splitlines():
        if match := _DOCUMENT_LINE.match(line.strip()):
            name = Path(match["name"]).name
            if match["seconds"]:
                run.per_document[name] = float(match["seconds"])
            run.status_lines[name] = match["detail"]
    return run


def ingest_once(pdfs: list[Path], workdir: Path, storage: Path) -> IngestRun:
    """A fresh raw folder and an empty warehouse under ``workdir``; one timed ingest.

    ``storage`` is the Dagster instance's folder, created once before the timed runs, as
    on a machine that ingests every night (its SQLite databases are made on first use).
    """
    raw = workdir / "raw"
    raw.mkdir(parents=True)
    for path in pdfs:
        # A copy, not a symlink: the project resolves paths and names files relative to
        # the raw folder, which a link to the corpus would leave.
        shutil.copyfile(path, raw / path.name)
    return run_fiscal_ingest(raw, workdir / "fiscal.duckdb", storage, workdir / "ingest.log")


def startup_once(workdir: Path, storage: Path) -> IngestRun:
    """``fiscal ingest`` of an empty raw folder: the command's fixed cost."""
    raw = workdir / "raw"
    raw.mkdir(parents=True)
    return run_fiscal_ingest(raw, workdir / "fiscal.duckdb", storage, workdir / "ingest.log")


def warehouse_rows(warehouse: Path) -> dict[str, DocumentRow]:
    """line_items per document of the produced warehouse, by source file name."""
    if not warehouse.exists():
        return {}
    import duckdb

    try:
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            rows = conn.execute(
                "SELECT d.source_file, d.status, coalesce(d.status_reason, ''), "
                "(SELECT count(*) FROM line_items AS l WHERE l.document_id = d.document_id) "
                "FROM documents AS d ORDER BY d.source_file"
            ).fetchall()
    except duckdb.Error as exc:
        print(f"(could not read {warehouse}: {exc})", file=sys.stderr)
        return {}
    return {
        Path(source).name: DocumentRow(status, reason, int(items))
        for source, status, reason, items in rows
    }


def cli_row(runs: list[IngestRun], name: str) -> DocumentRow | None:
    """What ``fiscal ingest`` printed for a file the warehouse holds no row of."""
    for run in reversed(runs):
        if detail := run.status_lines.get(name):
            status, _, reason = detail.partition(": ")
            return DocumentRow(f"{status.split()[0]} (no row)", reason, 0)
    return None


def median(values: list[float]) -> float:
    """The median, or NaN for no values."""
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    """``min-max`` of the runs, to show how noisy the machine was."""
    return f"{min(values):.2f}-{max(values):.2f}" if len(values) > 1 else "-"


def markdown_table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    """A Markdown table with padded columns (readable as plain text too)."""
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]

    def line(cells: list[str]) -> str:
        padded = [
            c.rjust(widths[i]) if i in right else c.ljust(widths[i]) for i, c in enumerate(cells)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [("-" * (w - 1) + ":") if i in right else "-" * w for i, w in enumerate(widths)]
    return "\n".join([line(header), "| " + " | ".join(rule) + " |", *(line(r) for r in rows)])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"folder of PDFs (default ${CORPUS_ENV} or ../shared/corpus)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (default 3)")
    parser.add_argument("--only", metavar="GLOB", help="only files whose name matches GLOB")
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary folders (warehouse, logs)"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run both sides ``--repeat`` times and print the comparison."""
    args = parse_args(argv)
    corpus = (args.corpus or default_corpus_dir()).resolve()
    if not corpus.is_dir():
        print(f"corpus folder not found: {corpus} (set --corpus or ${CORPUS_ENV})", file=sys.stderr)
        return 2
    pdfs = corpus_pdfs(corpus, args.only)
    if not pdfs:
        print(f"no PDF in {corpus} matches {args.only or '*.pdf'}", file=sys.stderr)
        return 2
    repeat = max(1, args.repeat)
    pages = {p.name: page_count(p) for p in pdfs}

    print("# fiscal-warehouse: corpus ingest benchmark")
    print(f"date:    {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}")
    print(f"machine: {machine_description()}")
    print(f"code:    {code_version()}")
    print(f"libs:    {versions()}")
    print(f"corpus:  {corpus} ({len(pdfs)} PDFs, {sum(pages.values())} pages; only={args.only})")
    print(f"repeat:  {repeat} (medians reported)", flush=True)

    import camelot  # noqa: F401  (imported here so the baseline's clock excludes it)

    # The two sides alternate (baseline, ingest, baseline, ingest, ...) so that a drift in
    # the machine's speed during the benchmark weighs on both alike.
    baseline_runs: list[dict[str, float]] = []
    tables: dict[str, int] = {}
    ingest_runs: list[IngestRun] = []
    startup_runs: list[IngestRun] = []
    documents: dict[str, DocumentRow] = {}
    kept: list[Path] = []
    instance_dir = Path(tempfile.mkdtemp(prefix="fiscal-bench-dagster-"))
    startup_once(instance_dir / "warm-up", instance_dir / "dagster")  # creates the instance
    baseline_cpu: list[float] = []
    ingest_cpu: list[float] = []
    for index in range(repeat):
        before = cpu_seconds(resource.RUSAGE_SELF)
        seconds, tables = run_baseline(pdfs)
        baseline_cpu.append(cpu_seconds(resource.RUSAGE_SELF) - before)
        baseline_runs.append(seconds)
        print(
            f"run {index + 1}: baseline {sum(seconds.values()):.2f} s "
            f"(CPU {baseline_cpu[-1]:.2f} s)",
            flush=True,
        )
        workdir = Path(tempfile.mkdtemp(prefix="fiscal-bench-"))
        try:
            before = cpu_seconds(resource.RUSAGE_CHILDREN)
            run = ingest_once(pdfs, workdir / "corpus", instance_dir / "dagster")
            ingest_cpu.append(cpu_seconds(resource.RUSAGE_CHILDREN) - before)
            ingest_runs.append(run)
            print(
                f"run {index + 1}: ingest {run.seconds:.2f} s (exit {run.exit_label}; "
                f"CPU {ingest_cpu[-1]:.2f} s, readers included)",
                flush=True,
            )
            if run.crashed or run.returncode not in (0, 1):
                print(
                    "  fiscal ingest did not finish normally; its time is not the product's:\n"
                    f"{run.stderr_tail}",
                    file=sys.stderr,
                    flush=True,
                )
            documents = warehouse_rows(workdir / "corpus" / "fiscal.duckdb")
            startup = startup_once(workdir / "empty", instance_dir / "dagster")
            startup_runs.append(startup)
            print(
                f"run {index + 1}: fiscal ingest of an empty raw folder {startup.seconds:.2f} s",
                flush=True,
            )
        finally:
            if args.keep:
                kept.append(workdir)
            else:
                shutil.rmtree(workdir, ignore_errors=True)

    if not args.keep:
        shutil.rmtree(instance_dir, ignore_errors=True)
    baseline_total = median([sum(r.values()) for r in baseline_runs])
    ingest_total = median([r.seconds for r in ingest_runs])
    startup_total = median([r.seconds for r in startup_runs])
    ratio = ingest_total / baseline_total if baseline_total else float("nan")
    exits = ", ".join(r.exit_label for r in ingest_runs)
    baseline_spread = spread([sum(r.values()) for r in baseline_runs])
    ingest_spread = spread([r.seconds for r in ingest_runs])

    print()
    print("## Summary (medians)")
    print()
    print(
        markdown_table(
            [
                "files",
                "pages",
                "baseline s",
                "(min-max)",
                "ingest s",
                "(min-max)",
                "ingest/baseline",
                "target",
                "exit",
            ],
            [
                [
                    str(len(pdfs)),
                    str(sum(pages.values())),
                    f"{baseline_total:.2f}",
                    baseline_spread,
                    f"{ingest_total:.2f}",
                    ingest_spread,
                    f"{ratio:.2f}x",
                    f"<= {TARGET_RATIO:.1f}x",
                    exits,
                ]
            ],
            right={0, 1, 2, 3, 4, 5, 6},
        )
    )
    paired = [
        run.seconds / sum(base.values())
        for run, base in zip(ingest_runs, baseline_runs, strict=True)
        if sum(base.values())
    ]
    print()
    print(
        "Per repeat (ingest / the baseline measured just before it): "
        + ", ".join(f"{r:.2f}x" for r in paired)
        + f"; median {median(paired):.2f}x. CPU time, ingest / baseline: "
        f"{median(ingest_cpu):.2f} s / {median(baseline_cpu):.2f} s = "
        f"{median(ingest_cpu) / median(baseline_cpu):.2f}x (the machine's speed varies from "
        "minute to minute; CPU seconds vary less, and show the work done on both cores)."
    )
    print()
    print(
        f"Of the ingest's {ingest_total:.2f} s: {startup_total:.2f} s for the command on an "
        "empty raw folder (start-up, imports, opening the Dagster instance, the warehouse "
        f"schema), {ingest_total - startup_total:.2f} s for the documents (one Dagster run: "
        "reading in worker processes, facts, checks, loads; medians of different runs, so "
        "the split is approximate)."
    )
    print()
    print("## Per file (medians)")
    print()
    rows = []
    for path in pdfs:
        name = path.name
        base = median([r[name] for r in baseline_runs if name in r])
        row = documents.get(name) or cli_row(ingest_runs, name)
        rows.append(
            [
                name,
                str(pages[name]),
                str(tables.get(name, 0)),
                f"{base:.2f}",
                row.status if row else "-",
                str(row.line_items) if row else "-",
            ]
        )
    print(
        markdown_table(
            ["file", "pages", "camelot tables", "baseline s", "status", "line_items"],
            rows,
            right={1, 2, 3, 5},
        )
    )
    total_items = sum(r.line_items for r in documents.values())
    print()
    print(f"line_items in the warehouse: {total_items}")
    rows_by_name = {p.name: documents.get(p.name) or cli_row(ingest_runs, p.name) for p in pdfs}
    reasons = [
        (name, r.reason)
        for name, r in rows_by_name.items()
        if r is not None and r.status != "loaded" and r.reason
    ]
    for name, reason in reasons:
        print(f"  {name}: {reason}")
    for path in kept:
        print(f"kept: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
