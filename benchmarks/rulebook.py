"""Benchmark: how many planted faults the rulebook detects, per class of fault.

Not a test: it plants, checks, prints a table and exits 0 whatever the numbers are.

A fault is planted, by seed, into a copy of a genuine document (so far the text-form
sample of data/raw; PDFs from tests/generator come next): its position is drawn among the
places the class applies to, and a changed figure moves by more than any rounding bound
(at least 0.10万元 and 1% of the figure). The pipeline's pure core (``read_document``)
reads and checks the copy. A plant is **detected** when the copy fails a check the
original does not fail (keyed by rule, table, row and the figures compared: a figure the
original already gets wrong, changed again, is a new finding), or is quarantined. Findings on the
unaltered original are listed as its own: real slips of the document, or false findings.

Classes (``CLASSES``): a table figure changed, a table row removed, a table removed, the
year or the department changed in one heading, a narrative figure or the direction word of
a stated change changed, a code printed with another code's name, a table's unit changed,
a template's placeholder left (XX万元), a share printed above 100%.

Usage (from the project folder)::

    .venv/bin/python benchmarks/rulebook.py [--plants N] [--first SEED] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.core import read_document  # noqa: E402
from tests.generator import plan  # noqa: E402
from tests.generator.publication import Publication, write_publication  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"
NUMBER = re.compile(r"^-?\d[\d,]*\.\d{2}$")
WAN_FIGURE = re.compile(r"(\d[\d,]*\.\d{2})万元")
DIRECTION_WORDS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长",
                   "大于": "小于", "小于": "大于"}  # fmt: skip
OTHER_DEPARTMENT = "孝义市教育科技局"


@dataclass(frozen=True)
class Document:
    """A genuine document the faults are planted into: its lines, and where its tables'
    rows and its narrative are."""

    name: str
    lines: list[str]
    department: str

    def with_line(self, i: int, text: str) -> list[str]:
        """The document's lines with line ``i`` (0-based) printed as ``text``."""
        return [*self.lines[:i], text, *self.lines[i + 1 :]]

    def table_rows(self) -> list[int]:
        """Lines of a table printing at least one figure (tab-separated cells)."""
        return [i for i, line in enumerate(self.lines) if "\t" in line and _figures(line)]

    def coded_rows(self) -> list[int]:
        """Table rows whose first cell is a classification code."""
        return [
            i
            for i in self.table_rows()
            if re.fullmatch(r"\d{3}(\d{2}){0,2}", _cells(self.lines[i])[0])
        ]

    def narrative(self) -> list[int]:
        """Narrative lines (no tab) stating an amount in 万元."""
        return [
            i for i, line in enumerate(self.lines) if "\t" not in line and WAN_FIGURE.search(line)
        ]

    def headings(self) -> list[int]:
        return [i for i, line in enumerate(self.lines) if line.startswith("#")]

    def tables(self) -> list[tuple[int, int]]:
        """(first, end) line ranges of the tables: a 公开NN表 line up to the next heading."""
        starts = [
            i for i, line in enumerate(self.lines) if re.fullmatch(r"公开\d{2}表", line.strip())
        ]
        ranges = []
        for start in starts:
            title = max((h for h in self.headings() if h < start), default=start)
            end = next((h for h in self.headings() if h > start), len(self.lines))
            ranges.append((title, end))
        return ranges


def _cells(line: str) -> list[str]:
    return [re.sub(r"</?b>", "", c).strip() for c in line.split("\t")]


def _figures(line: str) -> list[int]:
    return [k for k, cell in enumerate(_cells(line)) if NUMBER.match(cell)]


def _moved(value: Decimal, rng: random.Random) -> Decimal:
    """A figure moved by more than any rounding bound: at least 0.10 and 1% of it."""
    size = max(Decimal("0.10"), (abs(value) * Decimal("0.01")).quantize(Decimal("0.01")))
    delta = size * Decimal(rng.randint(1, 5))
    return value + delta if rng.random() < 0.5 or value - delta < 0 else value - delta


# --- the classes of fault: each returns the altered lines, or None where it cannot apply


def figure_changed(doc: Document, rng: random.Random) -> list[str] | None:
    i = rng.choice(doc.table_rows())
    cells = doc.lines[i].split("\t")
    k = rng.choice(_figures(doc.lines[i]))
    old = Decimal(_cells(doc.lines[i])[k].replace(",", ""))
    cells[k] = cells[k].replace(_cells(doc.lines[i])[k], f"{_moved(old, rng):.2f}")
    return doc.with_line(i, "\t".join(cells))


def row_removed(doc: Document, rng: random.Random) -> list[str] | None:
    i = rng.choice(doc.coded_rows())
    return [*doc.lines[:i], *doc.lines[i + 1 :]]


def table_removed(doc: Document, rng: random.Random) -> list[str] | None:
    first, end = rng.choice(doc.tables())
    return [*doc.lines[:first], *doc.lines[end:]]


def year_in_heading(doc: Document, rng: random.Random) -> list[str] | None:
    places = [i for i in doc.headings() if re.search(r"20\d\d年", doc.lines[i])]
    if not places:
        return None
    i = rng.choice(places)
    year = int(re.search(r"(20\d\d)年", doc.lines[i]).group(1))
    changed = doc.lines[i].replace(f"{year}年", f"{year + rng.choice((-1, 1))}年", 1)
    return doc.with_line(i, changed)


# the lines that name the department as a heading or a label: 部门名称：…, 主管部门：…
LABELLED = re.compile(r"^(?:部门名称|编制部门|编制单位|单位名称|预算主管部门|主管部门)[：:]")


def department_in_heading(doc: Document, rng: random.Random) -> list[str] | None:
    first = next(i for i, line in enumerate(doc.lines) if doc.department in line)
    places = [
        i
        for i, line in enumerate(doc.lines)
        if doc.department in line and i != first and (line.startswith("#") or LABELLED.match(line))
    ]
    if not places:
        return None
    i = rng.choice(places)
    changed = doc.lines[i].replace(doc.department, OTHER_DEPARTMENT, 1)
    return doc.with_line(i, changed)


def narrative_figure(doc: Document, rng: random.Random) -> list[str] | None:
    i = rng.choice(doc.narrative())
    found = rng.choice(list(WAN_FIGURE.finditer(doc.lines[i])))
    old = Decimal(found.group(1).replace(",", ""))
    line = doc.lines[i]
    changed = f"{line[: found.start(1)]}{_moved(old, rng):.2f}{line[found.end(1) :]}"
    return doc.with_line(i, changed)


# a direction word of a stated change or comparison: the word and the figure it governs
# (增加366.75万元, 下降6.43%, 决算数小于预算数); the words of a reason (主要原因是…经费增加)
# state no figure and are another class
STATED_DIRECTION = re.compile(rf"(?P<word>{'|'.join(DIRECTION_WORDS)})(?=\d|预算数|年初预算|上年)")


def narrative_wording(doc: Document, rng: random.Random) -> list[str] | None:
    places = [i for i in doc.narrative() if STATED_DIRECTION.search(doc.lines[i])]
    if not places:
        return None
    i = rng.choice(places)
    found = rng.choice(list(STATED_DIRECTION.finditer(doc.lines[i])))
    line = doc.lines[i]
    changed = f"{line[: found.start()]}{DIRECTION_WORDS[found.group('word')]}{line[found.end() :]}"
    return doc.with_line(i, changed)


def code_name_swapped(doc: Document, rng: random.Random) -> list[str] | None:
    """A code printed with another code's name, where the code prints a figure (a row with
    no figure is loaded as nothing: its name is no figure's)."""
    groups = [  # (line, cell of the name) of every code printed with a figure
        (i, k + 1)
        for i in doc.coded_rows()
        for k, cell in enumerate(_cells(doc.lines[i]))
        if re.fullmatch(r"\d{3}(\d{2}){0,2}", cell)
        and k + 2 < len(_cells(doc.lines[i]))
        and NUMBER.match(_cells(doc.lines[i])[k + 2])
    ]
    i, k = rng.choice(groups)
    names = {_cells(doc.lines[j])[m] for j, m in groups} - {_cells(doc.lines[i])[k]}
    cells = doc.lines[i].split("\t")
    cells[k] = rng.choice(sorted(names))
    return doc.with_line(i, "\t".join(cells))


def unit_changed(doc: Document, rng: random.Random) -> list[str] | None:
    """A table's printed unit changed (万元 to 元), in a table that prints figures."""
    rows = set(doc.table_rows())
    places = []
    for i, line in enumerate(doc.lines):
        if "单位：万元" not in line:
            continue
        end = next((h for h in doc.headings() if h > i), len(doc.lines))
        if any(i < r < end for r in rows):
            places.append(i)
    if not places:
        return None
    i = rng.choice(places)
    changed = doc.lines[i].replace("单位：万元", "单位：元", 1)
    return doc.with_line(i, changed)


def placeholder_left(doc: Document, rng: random.Random) -> list[str] | None:
    """A template's placeholder left in the narrative: a figure printed as XX万元."""
    i = rng.choice(doc.narrative())
    found = rng.choice(list(WAN_FIGURE.finditer(doc.lines[i])))
    line = doc.lines[i]
    changed = f"{line[: found.start(1)]}{rng.choice(('XX', 'XXX', '×××'))}{line[found.end(1) :]}"
    return doc.with_line(i, changed)


SHARE = re.compile(r"占(?:比)?(?P<value>\d+(?:\.\d+)?)%")


def share_impossible(doc: Document, rng: random.Random) -> list[str] | None:
    """A share the narrative states printed above 100% (占比68.67% as 占比168.67%)."""
    places = [i for i in doc.narrative() if SHARE.search(doc.lines[i])]
    if not places:
        return None
    i = rng.choice(places)
    found = rng.choice(list(SHARE.finditer(doc.lines[i])))
    line = doc.lines[i]
    changed = f"{line[: found.start('value')]}1{line[found.start('value') :]}"
    return doc.with_line(i, changed)


CLASSES: dict[str, Callable[[Document, random.Random], list[str] | None]] = {
    "figure_changed": figure_changed,
    "row_removed": row_removed,
    "table_removed": table_removed,
    "year_in_heading": year_in_heading,
    "department_in_heading": department_in_heading,
    "narrative_figure": narrative_figure,
    "narrative_wording": narrative_wording,
    "code_name_swapped": code_name_swapped,
    "unit_changed": unit_changed,
    "placeholder_left": placeholder_left,
    "share_impossible": share_impossible,
}


# --- faults planted into generated PDFs at generation time (tests/generator): the plan's
# printed cells changed before it is drawn; the same seed drawn unchanged is the original

GENERATED_AXES = {"ruling": "full"}  # every figure read exactly (tests/test_generated.py)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _body_rows(table) -> dict[int, list]:
    rows: dict[int, list] = {}
    for cell in table.cells:
        if cell.row >= table.header_rows:
            rows.setdefault(cell.row, []).append(cell)
    return {r: sorted(cells, key=lambda c: c.col) for r, cells in rows.items()}


def generated_figure_changed(publication: Publication, rng: random.Random) -> bool:
    """One printed figure of a table moved beyond any rounding."""
    cells = [
        c
        for t in publication.tables
        if t.facts
        for row in _body_rows(t).values()
        for c in row
        if NUMBER.match(c.text)
    ]
    if not cells:
        return False
    cell = rng.choice(cells)
    moved = _moved(Decimal(cell.text.replace(",", "")), rng)
    cell.text = f"{moved:,.2f}" if "," in cell.text else f"{moved:.2f}"
    return True


def generated_code_name_swapped(publication: Publication, rng: random.Random) -> bool:
    """A coded row that prints a figure, named with another coded row's name."""
    named = []
    for t in publication.tables:
        for row in _body_rows(t).values():
            coded = any(re.fullmatch(r"\d{2,7}", c.text) for c in row)
            figure = any(NUMBER.match(c.text) for c in row)
            name = next((c for c in row if CJK.search(c.text)), None)
            if coded and figure and name is not None:
                named.append(name)
    names = sorted({c.text for c in named})
    if len(names) < 2:
        return False
    cell = rng.choice(named)
    cell.text = rng.choice([n for n in names if n != cell.text])
    return True


GENERATED_CLASSES: dict[str, Callable[[Publication, random.Random], bool]] = {
    "figure_changed": generated_figure_changed,
    "code_name_swapped": generated_code_name_swapped,
}


def run_generated(seeds: range, folder: Path) -> tuple[dict[str, dict], int, int]:
    """Plant each class once per seed into the seed's generated publication; returns the
    results per class, the originals' findings and the originals read."""
    results = {
        name: {"planted": 0, "detected": 0, "missed_seeds": []} for name in GENERATED_CLASSES
    }
    own_total = 0
    for seed in seeds:
        original_dir = folder / f"original-{seed}"
        pdf, truth, _ = write_publication(plan(seed, GENERATED_AXES), original_dir)
        truth.unlink()
        status, own, _ = failures(pdf)
        if status != "loaded":
            continue  # an original that does not load has no plants either
        own_total += len(own)
        for name, plant in GENERATED_CLASSES.items():
            publication = plan(seed, GENERATED_AXES)
            if not plant(publication, random.Random(f"{name}:{seed}")):
                continue
            planted_pdf, truth, _ = write_publication(publication, folder / f"{name}-{seed}")
            truth.unlink()
            planted_status, found, _ = failures(planted_pdf)
            r = results[name]
            r["planted"] += 1
            if planted_status != "loaded" or found - own:
                r["detected"] += 1
            elif len(r["missed_seeds"]) < 10:
                r["missed_seeds"].append(seed)
    return results, own_total, len(seeds)


def failures(path: Path) -> tuple[str, set[tuple], list[str]]:
    """A file's status and its failed checks (rule, table, row, figures), with messages."""
    checked = read_document(path)
    status = checked.document.status
    if checked.checks.is_empty():
        return status, set(), []
    failed = checked.checks.filter(~checked.checks["passed"])
    keys = {
        (r["rule"], r["table_key"], r["row"], r["expected"], r["actual"])
        for r in failed.iter_rows(named=True)
    }
    return (
        status,
        keys,
        [f"{r['severity']} {r['rule']}: {r['message']}" for r in failed.iter_rows(named=True)],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plants", type=int, default=100, help="plants per class")
    parser.add_argument("--first", type=int, default=0, help="first seed")
    parser.add_argument("--generated", type=int, default=0,
                        help="also this many generated PDFs (seeds from 5000), one plant "
                        "per class each")  # fmt: skip
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args(argv)

    original = SAMPLE.read_text(encoding="utf-8").splitlines()
    doc = Document(SAMPLE.name, original, "孝义市行政审批服务管理局")
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / SAMPLE.name
        base.write_text("\n".join(original) + "\n", encoding="utf-8")
        status, own, messages = failures(base)
        print(f"{SAMPLE.name}: {status}, {len(own)} findings of its own (unaltered):")
        for message in messages:
            print(f"  {message[:150]}")
        results = {}
        for name, plant in CLASSES.items():
            planted = detected = skipped = 0
            missed: list[int] = []
            for seed in range(args.first, args.first + args.plants):
                rng = random.Random(f"{name}:{seed}")
                lines = plant(doc, rng)
                if lines is None or lines == original:
                    skipped += 1
                    continue
                base.write_text("\n".join(lines) + "\n", encoding="utf-8")
                status, found, _ = failures(base)
                planted += 1
                if status != "loaded" or found - own:
                    detected += 1
                else:
                    missed.append(seed)
            results[name] = {"planted": planted, "detected": detected, "skipped": skipped,
                             "missed_seeds": missed[:10]}  # fmt: skip
    print()
    print(f"{'class':<24}{'planted':>8}{'detected':>10}{'rate':>8}  missed (first seeds)")
    for name, r in results.items():
        rate = r["detected"] / r["planted"] if r["planted"] else 0.0
        print(f"{name:<24}{r['planted']:>8}{r['detected']:>10}{rate:>8.1%}  {r['missed_seeds']}")
    print(f"false or own findings on the unaltered original: {len(own)}")
    if args.generated:
        with tempfile.TemporaryDirectory() as tmp:
            generated, own_total, read = run_generated(
                range(5000, 5000 + args.generated), Path(tmp)
            )
        print(f"\ngenerated PDFs (seeds 5000..{5000 + args.generated - 1}, {GENERATED_AXES}):")
        for name, r in generated.items():
            rate = r["detected"] / r["planted"] if r["planted"] else 0.0
            print(
                f"{name:<24}{r['planted']:>8}{r['detected']:>10}{rate:>8.1%}  {r['missed_seeds']}"
            )
        print(f"findings on the {read} unaltered generated originals: {own_total}")
        results["generated"] = generated
    print(f"{time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps({"own_findings": sorted(map(str, own)), "classes": results},
                                        ensure_ascii=False, indent=1))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
