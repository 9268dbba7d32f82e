"""Benchmark: how many planted faults the rulebook detects, per class of fault.

Not a test: it plants, checks, prints a table and exits 0 whatever the numbers are.

A fault is planted, by seed, into a copy of a genuine document (the text-form sample of
data/raw), and with ``--generated N`` into publications of tests/generator at generation
time: its position is drawn among the places the class applies to
(``random.Random(f"{class}:{seed}")``), and a changed figure moves by more than any
rounding bound (at least 0.10万元 and 1% of the figure). The pipeline's pure core
(``read_document``) reads and checks the copy. A plant is **detected** when the copy fails
a check more often than the original does (keyed by rule, table, row and the figures
compared, and counted: a figure the original already gets wrong, changed again, is a new
finding, and so is a slip the original makes once, made twice), or is quarantined.
Findings on the unaltered original are listed as its own: real slips of the document, or
false findings. A class that cannot apply to a document (no place for it) is skipped for
it, not counted.

Classes of the text sample (``CLASSES``): a table figure changed, a table row removed, a
table removed, the year or the department changed in one heading, a narrative figure or
the direction word of a stated change changed, a code printed with another code's name, a
table's unit changed, a template's placeholder left (XX万元), a share printed above 100%,
a word or a punctuation mark of the narrative doubled (支出支出, 。。), a narrative
percentage printed with a third decimal (28.593%), the publication named with the wrong
scope word (单位决算 in a department's), one 项's or 类's explanation (主要用于…) replaced by
another's of a different meaning, the department named with its parent's locality
(吕梁市行政审批服务管理局).

Classes of the generated PDFs (``GENERATED_CLASSES``: the plan's printed text changed
before it is drawn; the same seed drawn unchanged is the original): a figure changed, a
code printed with another code's name, a coded row removed, a table removed, the year or
the department changed in one table heading (title or label line), a table's unit changed
(万元 to 元), a placeholder left (XX in a title, a label or an amount cell), the scope word
of the cover changed, the department named with its parent's locality, and, in the only
prose the generator prints (the central template's 学校概况, no figure, no percentage), a
word or punctuation mark doubled. The generator prints no narrative of figures: the
narrative classes have no place in its PDFs.

Usage (from the project folder)::

    .venv/bin/python benchmarks/rulebook.py [--plants N] [--first SEED] [--generated N]
        [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines import catalog  # noqa: E402
from pipelines.core import read_document  # noqa: E402
from tests.generator import plan  # noqa: E402
from tests.generator.codes import ORGANISATIONS, REGIONS, UNIVERSITY_KINDS  # noqa: E402
from tests.generator.publication import Publication, write_publication  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"
NUMBER = re.compile(r"^-?\d[\d,]*\.\d{2}$")
WAN_FIGURE = re.compile(r"(\d[\d,]*\.\d{2})万元")
DIRECTION_WORDS = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长",
                   "大于": "小于", "小于": "大于"}  # fmt: skip
OTHER_DEPARTMENT = "孝义市教育科技局"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Document:
    """A genuine document the faults are planted into: its lines, and where its tables'
    rows and its narrative are."""

    name: str
    lines: list[str]
    department: str
    # the department's own locality and the localities above it (孝义市: 吕梁市, 山西省)
    locality: str = ""
    parents: tuple[str, ...] = ()

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

    def prose(self) -> list[int]:
        """Lines of prose: no table row, no heading, a sentence of at least 8 CJK
        characters with a comma or a full stop."""
        return [
            i
            for i, line in enumerate(self.lines)
            if "\t" not in line
            and not line.startswith("#")
            and re.search("[。，]", line)
            and len(CJK.findall(line)) >= 8
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


def _replace_match(
    doc: Document,
    rng: random.Random,
    places: list[int],
    pattern: re.Pattern[str],
    group: str | int,
    new: Callable[[re.Match[str]], str],
) -> list[str] | None:
    """One line drawn among ``places``, one match of ``pattern`` in it drawn, and its
    ``group`` printed as ``new(match)``; None where there is no place."""
    if not places:
        return None
    i = rng.choice(places)
    found = rng.choice(list(pattern.finditer(doc.lines[i])))
    line = doc.lines[i]
    return doc.with_line(i, f"{line[: found.start(group)]}{new(found)}{line[found.end(group) :]}")


def narrative_figure(doc: Document, rng: random.Random) -> list[str] | None:
    return _replace_match(
        doc,
        rng,
        doc.narrative(),
        WAN_FIGURE,
        1,
        lambda found: f"{_moved(Decimal(found.group(1).replace(',', '')), rng):.2f}",
    )


# a direction word of a stated change or comparison: the word and the figure it governs
# (增加366.75万元, 下降6.43%, 决算数小于预算数); the words of a reason (主要原因是…经费增加)
# state no figure and are another class
STATED_DIRECTION = re.compile(rf"(?P<word>{'|'.join(DIRECTION_WORDS)})(?=\d|预算数|年初预算|上年)")


def narrative_wording(doc: Document, rng: random.Random) -> list[str] | None:
    places = [i for i in doc.narrative() if STATED_DIRECTION.search(doc.lines[i])]
    return _replace_match(
        doc, rng, places, STATED_DIRECTION, 0, lambda found: DIRECTION_WORDS[found.group("word")]
    )


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
    return _replace_match(
        doc, rng, doc.narrative(), WAN_FIGURE, 1, lambda _: rng.choice(("XX", "XXX", "×××"))
    )


SHARE = re.compile(r"占(?:比)?(?P<value>\d+(?:\.\d+)?)%")


def share_impossible(doc: Document, rng: random.Random) -> list[str] | None:
    """A share the narrative states printed above 100% (占比68.67% as 占比168.67%)."""
    places = [i for i in doc.narrative() if SHARE.search(doc.lines[i])]
    return _replace_match(doc, rng, places, SHARE, "value", lambda found: f"1{found['value']}")


PUNCTUATION = "。，、；："


def _doubled(text: str, rng: random.Random) -> str | None:
    """``text`` with a word doubled (the 1-4 CJK characters at a drawn position printed
    twice: 支出支出, 的的) or, one time in four, a punctuation mark doubled (。。, ，，)."""
    marks = [m.start() for m in re.finditer(f"[{PUNCTUATION}]", text)]
    if marks and rng.random() < 0.25:
        k = rng.choice(marks)
        return f"{text[: k + 1]}{text[k:]}"
    starts = [m.start() for m in CJK.finditer(text)]
    if not starts:
        return None
    k = rng.choice(starts)
    run = re.match(r"[\u4e00-\u9fff]{1,4}", text[k:]).group()
    word = run[: rng.randint(1, len(run))]
    return f"{text[: k + len(word)]}{word}{text[k + len(word) :]}"


def doubled_word(doc: Document, rng: random.Random) -> list[str] | None:
    """A word or a punctuation mark of a line of prose doubled."""
    i = rng.choice(doc.prose())
    changed = _doubled(doc.lines[i], rng)
    return None if changed is None else doc.with_line(i, changed)


PERCENT = re.compile(r"(?<![\d.])\d+\.\d{2}(?=%)")


def percent_precision(doc: Document, rng: random.Random) -> list[str] | None:
    """A percentage of the narrative printed with a third decimal (28.59% as 28.593%)."""
    places = [i for i in doc.prose() if PERCENT.search(doc.lines[i])]
    if not places:
        return None
    i = rng.choice(places)
    found = rng.choice(list(PERCENT.finditer(doc.lines[i])))
    line = doc.lines[i]
    return doc.with_line(i, f"{line[: found.end()]}{rng.randint(1, 9)}{line[found.end() :]}")


SCOPE_WORD = re.compile(r"(部门|单位)(决算|预算)")


def scope_word(doc: Document, rng: random.Random) -> list[str] | None:
    """The publication named with the other scope word (部门决算 as 单位决算) in one heading or
    sentence (not a table row; the contents' lines are places)."""
    rows = set(doc.table_rows())
    places = [
        (i, m)
        for i, line in enumerate(doc.lines)
        if i not in rows
        for m in SCOPE_WORD.finditer(line)
    ]
    if not places:
        return None
    i, found = rng.choice(places)
    other = "单位" if found.group(1) == "部门" else "部门"
    line = doc.lines[i]
    return doc.with_line(i, f"{line[: found.start()]}{other}{line[found.end(1) :]}")


# a paragraph explaining a 项 (X（类）Y（款）Z（项）…主要用于…) or, as the sample prints them, a
# 类 (一般公共服务支出年初预算…，用于…): the names that key its meaning, and its explanation
ITEM_NAMED = re.compile(
    r"(?P<lei>[^，。；：、（(）)\d]+)[（(]类[)）](?P<kuan>[^，。；：、（(）)\d]+)[（(]款[)）]"
    r"(?P<xiang>[^，。；：、（(）)\d]+)[（(]项[)）]"
)
EXPLANATION = re.compile(r"(?<=用于)[：:]?(?P<text>[^。；：]+)")


def _explanations(doc: Document) -> list[tuple[int, tuple[str, ...], re.Match]]:
    """(line, the names keying its meaning, the explanation) of every paragraph explaining a
    项 by its 类 and 款, or a 类 (the names of the tables' 3-digit codes)."""
    classes = {
        _cells(doc.lines[i])[1]
        for i in doc.coded_rows()
        if re.fullmatch(r"\d{3}", _cells(doc.lines[i])[0]) and len(_cells(doc.lines[i])) > 1
    }
    out = []
    for i in doc.prose():
        line = doc.lines[i]
        item = ITEM_NAMED.search(line)
        if item:
            key: tuple[str, ...] = (item["lei"], item["kuan"])
            explained = EXPLANATION.search(line, item.end())
        else:
            lei = next(
                (c for c in classes if re.match(rf"{re.escape(c)}(?:[（(]类[)）])?年初预算", line)),
                None,
            )
            if lei is None:
                continue
            key = (lei,)
            explained = EXPLANATION.search(line)
        if explained and explained["text"].strip():
            out.append((i, key, explained))
    return out


def explanation_swapped(doc: Document, rng: random.Random) -> list[str] | None:
    """One paragraph's explanation (主要用于…) replaced by another paragraph's of a different
    meaning: another 款 (or 类), and neither explanation containing the other (用于开展相关业务
    工作支出 is part of 一般公共服务's and would not contradict it)."""
    paragraphs = _explanations(doc)
    pairs = [
        (a, b)
        for a in paragraphs
        for b in paragraphs
        if a[1] != b[1] and a[2]["text"] not in b[2]["text"] and b[2]["text"] not in a[2]["text"]
    ]
    if not pairs:
        return None
    (i, _, found), (_, _, other) = rng.choice(pairs)
    line = doc.lines[i]
    text = f"{line[: found.start('text')]}{other['text']}{line[found.end('text') :]}"
    return doc.with_line(i, text)


def locality_changed(doc: Document, rng: random.Random) -> list[str] | None:
    """The department named, in one heading or labelled line, with its locality replaced by
    a parent's (孝义市行政审批服务管理局 as 吕梁市行政审批服务管理局): another body."""
    if not doc.locality or not doc.parents or doc.locality not in doc.department:
        return None
    first = next(i for i, line in enumerate(doc.lines) if doc.department in line)
    places = [
        i
        for i, line in enumerate(doc.lines)
        if doc.department in line and i != first and (line.startswith("#") or LABELLED.match(line))
    ]
    if not places:
        return None
    i = rng.choice(places)
    other = doc.department.replace(doc.locality, rng.choice(doc.parents), 1)
    return doc.with_line(i, doc.lines[i].replace(doc.department, other, 1))


# a completion rate (完成年初预算的91.52%), after which a comparison in words may follow
COMPLETION = re.compile(r"完成年初预算的(?P<rate>\d+(?:\.\d+)?)%")
COMPARISON_WORDINGS = ("决算数{word}预算数", "决算数{word}年初预算数", "支出决算{word}年初预算")


def reason_missing(doc: Document, rng: random.Random) -> list[str] | None:
    """A 决算 compared with its 年初预算 in words after its completion rate, the right way
    (小于 below 100%, 大于 above), with no reason given (决算数小于预算数 and no 主要原因)."""
    places = [
        i
        for i in doc.narrative()
        if any(Decimal(m["rate"]) != 100 for m in COMPLETION.finditer(doc.lines[i]))
    ]

    def compared(found: re.Match[str]) -> str:
        rate = Decimal(found["rate"])
        word = "等于" if rate == 100 else ("小于" if rate < 100 else "大于")
        return f"{found.group(0)}，{rng.choice(COMPARISON_WORDINGS).format(word=word)}"

    return _replace_match(doc, rng, places, COMPLETION, 0, compared)


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
    "doubled_word": doubled_word,
    "percent_precision": percent_precision,
    "scope_word": scope_word,
    "explanation_swapped": explanation_swapped,
    "locality_changed": locality_changed,
    "reason_missing": reason_missing,
}


# --- faults planted into generated PDFs at generation time (tests/generator): the plan's
# printed cells changed before it is drawn; the same seed drawn unchanged is the original

GENERATED_AXES = {"ruling": "full"}  # every figure read exactly (tests/test_generated.py)


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


CLASSIFICATION_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")


def generated_code_name_swapped(publication: Publication, rng: random.Random) -> bool:
    """A classification code (3, 5 or 7 digits: not a unit's 6-digit code) that prints a
    figure on its own side of the row (a basic-expenditure table prints two codes a row),
    named with another such code's name."""
    named = []
    for t in publication.tables:
        for row in _body_rows(t).values():
            starts = [i for i, c in enumerate(row) if CLASSIFICATION_CODE.fullmatch(c.text)]
            for start, end in pairwise([*starts, len(row)]):
                side = row[start + 1 : end]
                name = next((c for c in side if CJK.search(c.text)), None)
                if name is not None and any(NUMBER.match(c.text) for c in side):
                    named.append(name)
    names = sorted({c.text for c in named})
    if len(names) < 2:
        return False
    cell = rng.choice(named)
    cell.text = rng.choice([n for n in names if n != cell.text])
    return True


def generated_row_removed(publication: Publication, rng: random.Random) -> bool:
    """A body row of a table printing a classification code (its first cell: 201, 20103,
    2010301, or 201 of 201 | 03 | 01) and a figure other than 0.00 taken away (a row of
    zeros printed, taken away, changes no figure); the rows below move up."""
    places = [
        (t, r)
        for t in publication.tables
        for r, row in _body_rows(t).items()
        if re.fullmatch(r"\d{3}(\d{2}){0,2}", row[0].text)
        and any(NUMBER.match(c.text) and Decimal(c.text.replace(",", "")) for c in row)
    ]
    if not places:
        return False
    table, removed = rng.choice(places)
    table.cells = [c for c in table.cells if c.row != removed]
    for cell in table.cells:
        if cell.row > removed:
            cell.row -= 1
    table.n_rows -= 1
    return True


TEMPLATES = {"central": "central_department"}  # the generator's templates, the catalog's keys


def generated_table_removed(publication: Publication, rng: random.Random) -> bool:
    """A whole table taken away, its heading with it (and its line of the contents): one
    the publication's template requires or expects of its kind and year. A table it may
    leave out (政府性基金 of a budget before 2017), gone with its contents line, is no fault:
    a publication without it is a genuine one."""
    template = catalog.template(TEMPLATES.get(publication.axes["template"], "local_department"))
    kind, year = publication.identity["doc_kind"], publication.identity["fiscal_year"]
    wanted = {
        *template.looks_for("mandatory", kind, year),
        *template.looks_for("expected", kind, year),
    }
    places = [t for t in publication.tables if t.key in wanted]
    if not places:
        return False
    publication.tables.remove(rng.choice(places))
    return True


# a place of a table's heading: (table_key, line index, part of the line)
HeadingPlace = tuple[str, int, str]
YEAR = re.compile(r"(20\d\d)(?=\s*年)")


def _heading_places(publication: Publication, pattern: re.Pattern[str]) -> list[HeadingPlace]:
    """Every part of a drawn table's heading lines (title, numbering, label and unit lines)
    where ``pattern`` is found."""
    drawn = {t.key for t in publication.tables}
    return [
        (key, n, part)
        for key, lines in publication.headings.items()
        if key in drawn
        for n, line in enumerate(lines)
        for part in ("left", "centre", "right")
        if pattern.search(getattr(line, part))
    ]


def _change_heading(
    publication: Publication, place: HeadingPlace, pattern: re.Pattern[str], new: str
) -> None:
    """The first match of ``pattern`` at ``place`` printed as ``new``."""
    key, n, part = place
    line = publication.headings[key][n]
    text = pattern.sub(lambda _: new, getattr(line, part), count=1)
    publication.headings[key] = [
        *publication.headings[key][:n],
        replace(line, **{part: text}),
        *publication.headings[key][n + 1 :],
    ]


def generated_year_in_heading(publication: Publication, rng: random.Random) -> bool:
    """The year of one table heading's line (a title with the year, a 2024年度 line) changed
    by one (the running header, the cover and the contents keep it)."""
    places = _heading_places(publication, YEAR)
    if not places:
        return False
    place = rng.choice(places)
    year = publication.identity["fiscal_year"]
    _change_heading(publication, place, YEAR, str(year + rng.choice((-1, 1))))
    return True


def _department(publication: Publication) -> re.Pattern[str]:
    return re.compile(re.escape(publication.identity["department"]))


def _other_department(publication: Publication, rng: random.Random) -> str:
    """Another body: the same locality's other organisation (西湖区财政局 for 西湖区教育局),
    or the same place's other kind of university (西湖师范大学 for 西湖大学)."""
    department = publication.identity["department"]
    if publication.axes["template"] == "central":
        kind = next(
            k for k in sorted(UNIVERSITY_KINDS, key=len, reverse=True) if department.endswith(k)
        )
        others = [k for k in UNIVERSITY_KINDS if k != kind]
        return department[: -len(kind)] + rng.choice(others)
    region = publication.identity["region"]
    word = department[len(region) :]
    others = [w for w, _ in ORGANISATIONS[dict(REGIONS)[region]] if w != word]
    return region + rng.choice(others)


def generated_department_in_heading(publication: Publication, rng: random.Random) -> bool:
    """The department of one table heading's line (a title naming it, 部门名称：X,
    单位名称：X) printed as another body's."""
    places = _heading_places(publication, _department(publication))
    if not places:
        return False
    place = rng.choice(places)
    _change_heading(
        publication, place, _department(publication), _other_department(publication, rng)
    )
    return True


UNIT_WAN = re.compile(r"单位：万元")


def generated_unit_changed(publication: Publication, rng: random.Random) -> bool:
    """The printed unit of a table with figures changed from 万元 to 元 (its figures not)."""
    places = [
        place
        for place in _heading_places(publication, UNIT_WAN)
        if any(t.key == place[0] and t.facts for t in publication.tables)
    ]
    if not places:
        return False
    _change_heading(publication, rng.choice(places), UNIT_WAN, "单位：元")
    return True


PLACEHOLDERS = ("XX", "XXX", "×××")


def generated_placeholder_left(publication: Publication, rng: random.Random) -> bool:
    """A template's placeholder left: half the seeds in a heading line (the year as 20XX, the
    department as XX), the others in an amount cell (XX for the figure)."""
    years = _heading_places(publication, YEAR)
    departments = _heading_places(publication, _department(publication))
    cells = [
        c
        for t in publication.tables
        for row in _body_rows(t).values()
        for c in row
        if NUMBER.match(c.text)
    ]
    if (years or departments) and (not cells or rng.random() < 0.5):
        place = rng.choice(years + departments)
        if place in years:
            _change_heading(publication, place, YEAR, "20XX")
        else:
            _change_heading(publication, place, _department(publication), rng.choice(PLACEHOLDERS))
        return True
    if not cells:
        return False
    rng.choice(cells).text = rng.choice(PLACEHOLDERS)
    return True


def generated_scope_word(publication: Publication, rng: random.Random) -> bool:
    """The cover's scope word changed (2024年度部门决算 as 2024年度单位决算, or back for a
    unit's), where a running header states the scope too. A cover without one (tables only,
    a department's split cover) has no place; nor has a cover that is the only statement of
    the scope: changed, it states another scope consistently (a unit's publication), and
    there is nothing for it to contradict."""
    places = [(n, m) for n, line in enumerate(publication.cover) for m in SCOPE_WORD.finditer(line)]
    if not places or not SCOPE_WORD.search(publication.running_header or ""):
        return False
    n, found = rng.choice(places)
    other = "单位" if found.group(1) == "部门" else "部门"
    line = publication.cover[n]
    publication.cover[n] = f"{line[: found.start()]}{other}{line[found.end(1) :]}"
    return True


LOCALITY = re.compile(r".+?(?:自治区|省|市|区|县|旗)")


def generated_locality_changed(publication: Publication, rng: random.Random) -> bool:
    """The department of one table heading's line named with a parent locality
    (山西省吕梁市孝义市教育局 as 山西省吕梁市教育局 or 山西省教育局): another body. A
    province's department or a university (no locality in its name) has no place."""
    region = publication.identity["region"]
    department = publication.identity["department"]
    levels = LOCALITY.findall(region)
    places = _heading_places(publication, _department(publication))
    if publication.axes["template"] == "central" or len(levels) < 2 or not places:
        return False
    parent = "".join(levels[: rng.randint(1, len(levels) - 1)])
    other = parent + department[len(region) :]
    _change_heading(publication, rng.choice(places), _department(publication), other)
    return True


def generated_doubled_word(publication: Publication, rng: random.Random) -> bool:
    """A word or punctuation mark of a sentence of the 学校概况 doubled (the central
    template's only prose)."""
    if not publication.prose:
        return False
    n = rng.randrange(len(publication.prose))
    changed = _doubled(publication.prose[n], rng)
    if changed is None:
        return False
    publication.prose[n] = changed
    return True


GENERATED_CLASSES: dict[str, Callable[[Publication, random.Random], bool]] = {
    "figure_changed": generated_figure_changed,
    "code_name_swapped": generated_code_name_swapped,
    "row_removed": generated_row_removed,
    "table_removed": generated_table_removed,
    "year_in_heading": generated_year_in_heading,
    "department_in_heading": generated_department_in_heading,
    "unit_changed": generated_unit_changed,
    "placeholder_left": generated_placeholder_left,
    "scope_word": generated_scope_word,
    "locality_changed": generated_locality_changed,
    "doubled_word": generated_doubled_word,
}


def _result() -> dict:
    return {"planted": 0, "detected": 0, "skipped": 0, "rate": 0.0, "missed_seeds": [],
            "skipped_seeds": [], "detected_by": {}}  # fmt: skip


def _count(result: dict, seed: int, status: str, new: Counter[tuple]) -> None:
    """One plant's outcome: detected (quarantined, or a finding the original has not) or
    missed; ``detected_by`` counts the rules of the new findings."""
    result["planted"] += 1
    if status != "loaded" or new:
        result["detected"] += 1
        for rule in {key[0] for key in new} or {f"status:{status}"}:
            result["detected_by"][rule] = result["detected_by"].get(rule, 0) + 1
    else:
        result["missed_seeds"].append(seed)
    result["rate"] = result["detected"] / result["planted"]


def run_generated(seeds: range, folder: Path) -> dict:
    """Plant each class once per seed into the seed's generated publication: the results
    per class, and the unaltered originals' findings (messages by seed) and statuses."""
    results = {name: _result() for name in GENERATED_CLASSES}
    originals: dict[str, dict] = {}
    for seed in seeds:
        original_dir = folder / f"original-{seed}"
        pdf, truth, _ = write_publication(plan(seed, GENERATED_AXES), original_dir)
        truth.unlink()
        status, own, messages = failures(pdf)
        originals[str(seed)] = {"status": status, "findings": messages}
        if status != "loaded":
            continue  # an original that does not load has no plants either
        for name, plant in GENERATED_CLASSES.items():
            publication = plan(seed, GENERATED_AXES)
            if not plant(publication, random.Random(f"{name}:{seed}")):
                results[name]["skipped"] += 1
                results[name]["skipped_seeds"].append(seed)
                continue
            planted_pdf, truth, _ = write_publication(publication, folder / f"{name}-{seed}")
            truth.unlink()
            planted_status, found, _ = failures(planted_pdf)
            _count(results[name], seed, planted_status, found - own)
    return {
        "seeds": [seeds.start, seeds.stop - 1],
        "axes": GENERATED_AXES,
        "read": len(seeds),
        "not_loaded": [int(seed) for seed, o in originals.items() if o["status"] != "loaded"],
        "own_findings": sum(len(o["findings"]) for o in originals.values()),
        "originals": originals,
        "classes": results,
    }


def failures(path: Path) -> tuple[str, Counter[tuple], list[str]]:
    """A file's status and its failed checks (rule, table, row, figures), counted (a copy
    failing a check once more than its original has a new finding), with messages."""
    checked = read_document(path)
    status = checked.document.status
    if checked.checks.is_empty():
        return status, Counter(), []
    failed = checked.checks.filter(~checked.checks["passed"])
    keys = Counter(
        (r["rule"], r["table_key"], r["row"], r["expected"], r["actual"])
        for r in failed.iter_rows(named=True)
    )
    return (
        status,
        keys,
        [f"{r['severity']} {r['rule']}: {r['message']}" for r in failed.iter_rows(named=True)],
    )


def _table(results: dict[str, dict]) -> None:
    print(f"{'class':<24}{'planted':>8}{'detected':>10}{'rate':>8}  missed (first seeds)")
    for name, r in results.items():
        print(
            f"{name:<24}{r['planted']:>8}{r['detected']:>10}{r['rate']:>8.1%}  "
            f"{r['missed_seeds'][:10]}"
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
    doc = Document(
        SAMPLE.name, original, "孝义市行政审批服务管理局", "孝义市", ("吕梁市", "山西省")
    )
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = folder / SAMPLE.name
        base.write_text("\n".join(original) + "\n", encoding="utf-8")
        status, own, messages = failures(base)
        print(f"{SAMPLE.name}: {status}, {len(messages)} findings of its own (unaltered):")
        for message in messages:
            print(f"  {message[:150]}")
        results = {}
        for name, plant in CLASSES.items():
            result = _result()
            for seed in range(args.first, args.first + args.plants):
                lines = plant(doc, random.Random(f"{name}:{seed}"))
                if lines is None or lines == original:
                    result["skipped"] += 1
                    result["skipped_seeds"].append(seed)
                    continue
                base.write_text("\n".join(lines) + "\n", encoding="utf-8")
                planted_status, found, _ = failures(base)
                _count(result, seed, planted_status, found - own)
            results[name] = result
    sample_seconds = time.perf_counter() - started
    print()
    _table(results)
    print(f"false or own findings on the unaltered original: {len(messages)}")
    print(f"{sample_seconds:.0f} s")
    report: dict = {
        "arguments": {"plants": args.plants, "first": args.first, "generated": args.generated},
        "sample": {
            "file": SAMPLE.name,
            "status": status,
            "own_findings": sorted(map(str, own)),
            "own_messages": messages,
            "seconds": round(sample_seconds, 1),
            "classes": results,
        },
    }
    if args.generated:
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            generated = run_generated(range(5000, 5000 + args.generated), Path(tmp))
        generated["seconds"] = round(time.perf_counter() - started, 1)
        print(f"\ngenerated PDFs (seeds 5000..{5000 + args.generated - 1}, {GENERATED_AXES}):")
        _table(generated["classes"])
        print(
            f"findings on the {generated['read']} unaltered generated originals: "
            f"{generated['own_findings']} (not loaded: {generated['not_loaded']})"
        )
        print(f"{generated['seconds']:.0f} s")
        report["generated"] = generated
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
