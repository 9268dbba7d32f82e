"""Benchmark: how many figures of synthetic publications the pipeline reads exactly.

Not a test: it generates, reads, prints a table and exits 0 whatever the numbers are.

For each seed of ``--first`` .. ``--first + --seeds - 1`` (default 1000..1029; the tests use
seeds below 1000) ``tests/generator`` writes a publication and its truth into a temporary
folder; the pipeline's pure core (``extract_document`` + ``normalise_document``) reads the
PDF; its ``line_items`` are compared with the truth as multisets of (table_key, row_code,
row_label, column_key, amount). Reported overall and per value of every variation axis:

- ``facts``: the share of truth facts found exactly (matched / truth facts);
- ``docs exact``: the share of documents with every figure exact and nothing extra;
- ``reported``: truth facts not read, of tables the pipeline reports it could not read
  (printed without vertical ruling lines: ``document_tables.status = 'unread'``);
- ``silent``: truth facts missing that the pipeline says nothing of;
- ``extra``: facts the pipeline produced that the truth does not have;
- ``id ok``: the share of documents whose department, fiscal_year and doc_kind are right.

Usage (from the project folder)::

    .venv/bin/python benchmarks/generated_exact.py [--seeds N] [--first SEED] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.generator.check import Reading, read_generated  # noqa: E402
from tests.generator.publication import write  # noqa: E402


@dataclass
class Tally:
    """Counts over a set of documents."""

    documents: int = 0
    exact_documents: int = 0
    identity_ok: int = 0
    truth_facts: int = 0
    matched: int = 0
    reported: int = 0
    extra: int = 0

    def add(self, reading: Reading) -> None:
        """Count one document."""
        comparison = reading.comparison
        self.documents += 1
        self.exact_documents += comparison.exact and not reading.identity_mismatches
        self.identity_ok += not reading.identity_mismatches
        self.truth_facts += sum(comparison.expected.values())
        self.matched += comparison.matched
        self.reported += reading.reported
        self.extra += sum(comparison.extra.values())

    def row(self) -> dict[str, float | int]:
        """The tally as the report's numbers."""
        return {
            "documents": self.documents,
            "facts_exact": self.matched / self.truth_facts if self.truth_facts else 0.0,
            "documents_exact": self.exact_documents / self.documents if self.documents else 0.0,
            "reported_facts": self.reported / self.truth_facts if self.truth_facts else 0.0,
            "silent_facts": (self.truth_facts - self.matched - self.reported) / self.truth_facts
            if self.truth_facts
            else 0.0,
            "extra_facts": self.extra,
            "identity_ok": self.identity_ok / self.documents if self.documents else 0.0,
            "truth_facts": self.truth_facts,
        }


def run(first: int, count: int) -> tuple[Tally, dict[tuple[str, str], Tally], list[dict]]:
    """Generate and read every seed; the overall tally, per axis value, per document."""
    overall = Tally()
    by_axis: dict[tuple[str, str], Tally] = defaultdict(Tally)
    documents = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in range(first, first + count):
            pdf, truth_path, publication = write(seed, Path(folder) / str(seed))
            reading = read_generated(pdf, truth_path)
            overall.add(reading)
            for name, value in publication.axes.items():
                by_axis[(name, value)].add(reading)
            comparison = reading.comparison
            documents.append(
                {
                    "seed": seed,
                    "name": publication.name,
                    "truth_facts": sum(comparison.expected.values()),
                    "matched": comparison.matched,
                    "missing": sum(comparison.missing.values()),
                    "reported": reading.reported,
                    "extra": sum(comparison.extra.values()),
                    "identity_mismatches": {
                        k: list(v) for k, v in reading.identity_mismatches.items()
                    },
                    "quarantine_reason": reading.quarantine_reason,
                    "skipped": publication.skipped,
                }
            )
    return overall, by_axis, documents


def _format(label: str, numbers: dict[str, float | int]) -> str:
    return (
        f"{label:<34} {numbers['documents']:>5} {numbers['facts_exact']:>8.1%} "
        f"{numbers['documents_exact']:>10.1%} {numbers['reported_facts']:>9.1%} "
        f"{numbers['silent_facts']:>7.1%} {numbers['extra_facts']:>6} "
        f"{numbers['identity_ok']:>7.1%}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seeds", type=int, default=30, help="how many seeds (default 30)")
    parser.add_argument("--first", type=int, default=1000, help="the first seed (default 1000)")
    parser.add_argument("--json", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    overall, by_axis, documents = run(args.first, args.seeds)
    elapsed = time.perf_counter() - started
    print(
        f"seeds {args.first}..{args.first + args.seeds - 1}: {overall.documents} documents, "
        f"{overall.truth_facts} truth facts, {elapsed:.0f} s"
    )
    print(
        f"{'axis=value':<34} {'docs':>5} {'facts':>8} {'docs exact':>10} {'reported':>9} "
        f"{'silent':>7} {'extra':>6} {'id ok':>7}"
    )
    print(_format("overall", overall.row()))
    for (name, value), tally in sorted(by_axis.items()):
        print(_format(f"{name}={value}", tally.row()))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "first": args.first,
                    "seeds": args.seeds,
                    "overall": overall.row(),
                    "by_axis": {f"{n}={v}": t.row() for (n, v), t in sorted(by_axis.items())},
                    "documents": documents,
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
