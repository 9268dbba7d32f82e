"""Read a disclosure PDF: find the standard tables' pages from the text layer, then let
camelot (lattice, vector engine) read their ruled grids.

A table's title is the text between its top edge and whatever is above it on the page
(the previous table or the page's top); a table with no title above it continues the
table before it (tables span pages, continuation pages repeat no title and sometimes no
header). The text layer also gives the document's identity and each table's unit, and,
on the pages without tables, the narrative: its lines joined into paragraphs by their
layout (``narrative_paragraphs``), read by ``pipelines/extract/narrative.py``.
"""

from __future__ import annotations

import ctypes
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines import catalog
from pipelines.catalog.narrative import reading
from pipelines.catalog.titles import (
    MAX_TITLE_LENGTH,
    find_number,
    match_title,
    match_title_variant,
)
from pipelines.documents.contents import listed_tables
from pipelines.documents.discover import DocumentRef
from pipelines.documents.explanations import find_explanations
from pipelines.documents.form import find_form_faults
from pipelines.documents.identity import dissent_mentions, read_identity
from pipelines.documents.mentions import read_mentions
from pipelines.documents.placeholders import find_placeholders
from pipelines.extract.cell_text import (
    Glyph,
    displayed,
    fill_cells,
    page_glyphs,
    stored_rect,
)
from pipelines.extract.model import ExtractedDocument, ExtractionError, RawTable
from pipelines.extract.narrative import Paragraph, looks_like_heading, read_paragraphs
from pipelines.text.amounts import find_unit, looks_like_number
from pipelines.text.grid import GridRow, split_header
from pipelines.text.labels import canonical_label, clean_label, strip_ordinal

_SKIPPED_CODES = frozenset({0x20, 0x0D, 0x0A, 0x09, 0xFFFE, 0x00})  # spaces, breaks, none
MIN_TEXT_CHARS = 20  # a page with less text than this has no text layer worth the name
_NARRATIVE_STOPS = 3  # a page with more full stops than this is prose, not a table
_NUMBER = re.compile(r"\d[\d,]*\.\d{2}\b|\d{1,3}(?:,\d{3})+")
_INTEGER = re.compile(r"(?<![\d.,])\d+(?![\d.,])")
MIN_INTEGERS = 6  # a continuation in whole yuan or of codes: several bare integers

logging.getLogger("camelot").setLevel(logging.ERROR)


@dataclass
class PageText:
    """The text layer of one page."""

    number: int  # 1-based
    text: str
    width: float
    height: float
    rotation: int
    images: int = 0  # image objects on the page (a page of only images is a scan)

    @property
    def scanned(self) -> bool:
        """No text layer, but an image: a scanned page, whose figures cannot be read."""
        return self.images > 0 and len(clean_label(self.text)) < MIN_TEXT_CHARS

    @property
    def lines(self) -> list[str]:
        """Non-empty lines."""
        return [line.strip() for line in self.text.splitlines() if line.strip()]

    @property
    def titles(self) -> list[str]:
        """The table_keys whose titles this page prints."""
        return [key for line in self.lines if (key := match_title(line))]


def _open(path: Path) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc).lower()
        if "password" in message or "security" in message:
            raise ExtractionError(
                "the PDF is encrypted (password protected): its text cannot be read"
            ) from exc
        raise ExtractionError(
            f"the file is not a readable PDF (damaged, truncated or not a PDF at all): {exc}"
        ) from exc


class OpenPdf:
    """A PDF opened once for every reading of it: each page and its text page are loaded
    once (pdfium), then shared by the text layer, the tables' cells, the title bands and
    the narrative."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.document = _open(path)
        self._pages: dict[int, pdfium.PdfPage] = {}
        self._texts: dict[int, pdfium.PdfTextPage] = {}
        self._glyphs: dict[int, list[Glyph]] = {}

    def __len__(self) -> int:
        return len(self.document)

    def page(self, number: int) -> pdfium.PdfPage:
        """Page ``number`` (from 1)."""
        if number not in self._pages:
            self._pages[number] = self.document[number - 1]
        return self._pages[number]

    def textpage(self, number: int) -> pdfium.PdfTextPage:
        """The text page of page ``number`` (from 1)."""
        if number not in self._texts:
            self._texts[number] = self.page(number).get_textpage()
        return self._texts[number]

    def glyphs(self, number: int) -> list[Glyph]:
        """The glyphs of page ``number`` with their boxes as the page is displayed."""
        if number not in self._glyphs:
            page = self.page(number)
            _, _, width, height = page.get_mediabox()
            printed = page_glyphs(self.textpage(number))
            self._glyphs[number] = displayed(printed, page.get_rotation(), width, height)
        return self._glyphs[number]

    def close(self) -> None:
        """Release the pages and the document."""
        for textpage in self._texts.values():
            textpage.close()
        for page in self._pages.values():
            page.close()
        self.document.close()

    def __enter__(self) -> OpenPdf:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


@contextmanager
def _opened(path: Path, pdf: OpenPdf | None) -> Iterator[OpenPdf]:
    """``pdf`` if the caller has the file open already, else the file opened for this call."""
    if pdf is not None:
        yield pdf
        return
    with OpenPdf(path) as opened:
        yield opened


def read_page_texts(path: Path, pdf: OpenPdf | None = None) -> list[PageText]:
    """The text layer of every page (pdfium: about 2 ms a page)."""
    with _opened(path, pdf) as source:
        pages = []
        for number in range(1, len(source) + 1):
            page = source.page(number)
            width, height = page.get_size()
            # the text within the page's box: some exports keep the next tables' text in the
            # content stream below the page, where nobody sees it
            left, bottom, right, top = page.get_cropbox()
            text = source.textpage(number).get_text_bounded(
                left=left, bottom=bottom, right=right, top=top
            )
            # images are counted only where they may be a scan: a page with hardly any text
            images = (
                sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
                if len(clean_label(text)) < MIN_TEXT_CHARS
                else 0
            )
            pages.append(PageText(number, text, width, height, page.get_rotation(), images))
        return pages


def table_pages(pages: list[PageText]) -> list[int]:
    """Pages that may hold a standard table: those printing a title, and the tabular pages
    that follow them (continuations print no title). A page on which the narrative opens
    (三、部门预算情况说明 under the last table) ends the tables: the pages after it continue
    the prose, however many figures they print."""
    chosen: list[int] = []
    previous = False
    for page in pages:
        has_title = bool(page.titles)
        figures = (
            bool(_NUMBER.search(page.text)) or len(_INTEGER.findall(page.text)) >= MIN_INTEGERS
        )
        tabular = page.text.count("。") <= _NARRATIVE_STOPS and figures
        if has_title or (previous and tabular):
            chosen.append(page.number)
            previous = not any(_opens_narrative(line) for line in page.text.splitlines())
        else:
            previous = False
    return chosen


@dataclass
class _Grid:
    """A ruled table camelot found on a page: its rows and its columns' x ranges."""

    page: int
    top: float
    bottom: float
    rows: list[list[str]]
    columns: list[tuple[float, float]]


@dataclass
class _Building:
    key: str
    variant: str
    title: str
    above: str
    parts: list[_Grid] = field(default_factory=list)
    below: str = ""  # the text under its last part, when nothing else is printed between


Title = tuple[str, tuple[str, str]]  # (line as printed, (table_key, catalog title))


def _bands(source: OpenPdf, page: PageText, grids: list[_Grid]) -> tuple[list[str], str]:
    """The text printed above each table of a page (down to the one before it, or from
    the page's top) and the text under its last table, read from one text page."""
    textpage = source.textpage(page.number)
    _, _, width, height = source.page(page.number).get_mediabox()

    def between(top: float, bottom: float) -> str:
        left, low, right, high = stored_rect(
            page.rotation, width, height, 0, bottom, page.width, top
        )
        return textpage.get_text_bounded(left=left, bottom=low, right=right, top=high)

    boundary = page.height
    above = []
    for grid in grids:
        above.append(between(boundary, grid.top))
        boundary = grid.bottom
    return above, between(boundary, 0)


# camelot finds the grids from the ruling lines; the cells' text comes from pdfium's glyphs.
# So camelot's own text layout need not group lines into boxes (boxes_flow) nor look for
# vertical text: the same grids on every page of the corpus, in about half the time.
CAMELOT_LAYOUT = {"boxes_flow": None, "detect_vertical": False}


def _read_grids(source: OpenPdf, numbers: list[int]) -> dict[int, list[_Grid]]:
    """camelot's tables per page, top of the page first.

    camelot finds the ruled grid; the cells' text comes from pdfium's glyph boxes
    (pipelines/extract/cell_text.py), turned to the displayed page on rotated pages.
    """
    if not numbers:
        return {}
    import camelot  # imported where needed: half a second the other paths need not pay

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = camelot.read_pdf(
            str(source.path),
            pages=",".join(str(n) for n in numbers),
            flavor="lattice",
            split_text=True,
            engine="vector",
            layout_kwargs=CAMELOT_LAYOUT,
        )
    grids: dict[int, list[_Grid]] = {}
    for table in tables:
        number = int(table.page)
        _x1, y1, _x2, y2 = table._bbox
        rows = fill_cells(table, source.glyphs(number))
        columns = [(min(a, b), max(a, b)) for a, b in table.cols]
        grids.setdefault(number, []).append(_Grid(number, y2, y1, rows, columns))
    for page_grids in grids.values():
        page_grids.sort(key=lambda grid: -grid.top)
    return grids


def _same_row(a: list[str], b: list[str]) -> bool:
    return [canonical_label(c) for c in a] == [canonical_label(c) for c in b]


_ALIGN_TOLERANCE = 2.0  # points


def _align(part: _Grid, first: _Grid) -> list[list[str]] | None:
    """A continuation's rows placed in the first part's columns by their x position (a
    label spanning the code and name columns, a wide cell over several groups)."""
    targets: list[int] = []
    for left, _right in part.columns:
        target = next(
            (
                index
                for index, (low, high) in enumerate(first.columns)
                if low - _ALIGN_TOLERANCE <= left < high - _ALIGN_TOLERANCE
            ),
            None,
        )
        if target is None:
            return None
        targets.append(target)
    aligned = []
    for row in part.rows:
        cells = [""] * len(first.columns)
        for target, cell in zip(targets, row, strict=True):
            cells[target] = cells[target] + cell if cells[target] else cell
        aligned.append(cells)
    return aligned


def _is_cut_row(previous: list[str], row: list[str]) -> bool:
    """A row the page break cut in two: its label goes on after the break, with no figure
    (八、社会保障和就 | 1,608.51 on one page, 业支出 on the next)."""
    texts = [i for i, cell in enumerate(row) if clean_label(cell)]
    standalone = catalog.standalone_row_labels()
    return (
        bool(texts)
        and not any(strip_ordinal(canonical_label(previous[i])) in standalone for i in texts)
        and not any(looks_like_number(cell) for cell in row)
        and any(looks_like_number(cell) for cell in previous)
        and all(clean_label(previous[i]) and not looks_like_number(previous[i]) for i in texts)
        and not any(
            strip_ordinal(canonical_label(row[i])) != canonical_label(row[i])
            or canonical_label(row[i]) in standalone
            for i in texts
        )
    )


def _assemble(building: _Building, problems: list[str]) -> RawTable:
    first = building.parts[0]
    header, _ = split_header([GridRow(tuple(r)) for r in first.rows])
    rows: list[GridRow] = [GridRow(tuple(r), page=first.page) for r in first.rows]
    width = len(first.columns)
    for part in building.parts[1:]:
        part_rows = part.rows
        if len(part.columns) != width:
            part_rows = _align(part, first)
            if part_rows is None:
                problems.append(
                    f"page {part.page}: a table of {len(part.columns)} columns follows "
                    f"{building.key} ({width} columns) without a title; it was not read"
                )
                continue
        skip = 0
        while (
            skip < len(header)
            and skip < len(part_rows)
            and _same_row(part_rows[skip], list(header[skip].cells))
        ):
            skip += 1
        part_rows = part_rows[skip:]
        if part_rows and rows and _is_cut_row(list(rows[-1].cells), part_rows[0]):
            joined = tuple(a + b for a, b in zip(rows[-1].cells, part_rows[0], strict=True))
            rows[-1] = GridRow(joined, page=rows[-1].page)
            part_rows = part_rows[1:]
        rows.extend(GridRow(tuple(r), page=part.page) for r in part_rows)
    return RawTable(
        table_key=building.key,
        variant=building.variant,
        title=building.title,
        number=find_number(building.above),
        unit=find_unit(building.above),
        rows=tuple(rows),
        no_data_note=any(
            catalog.no_data_note().search(text)
            for text in (building.above, building.below, *(c for r in rows for c in r.cells))
        ),
    )


def read_pdf_tables(
    path: Path, pages: list[PageText], pdf: OpenPdf | None = None
) -> tuple[list[RawTable], list[str]]:
    """The standard tables of a PDF, with continuation pages joined; plus what was skipped."""
    by_number = {page.number: page for page in pages}
    tables: list[RawTable] = []
    problems: list[str] = []
    with _opened(path, pdf) as source:
        grids = _read_grids(source, table_pages(pages))
        current = _walk(source, by_number, grids, tables, problems)
    if current is not None:
        tables.append(_assemble(current, problems))
    return tables, problems


def empty_titled(pages: list[PageText], tables: list[RawTable]) -> list[RawTable]:
    """The standard tables a page prints as a title over an empty grid and a note saying
    why (本表无数据, 故本表为空表): camelot finds no table in a header alone, but the table
    is printed, with no figures."""
    read = {(t.table_key, t.variant) for t in tables}
    found = []
    for page in pages:
        if not catalog.no_data_note().search(page.text):
            continue
        for line, (key, variant) in _titles_in(page.text):
            if (key, variant) in read:
                continue
            read.add((key, variant))
            found.append(
                RawTable(
                    table_key=key,
                    variant=variant,
                    title=clean_label(line),
                    number=find_number(page.text),
                    unit=find_unit(page.text),
                    rows=(),
                    no_data_note=True,
                    page=page.number,
                )
            )
    return found


def unread_titles(pages: list[PageText], tables: list[RawTable]) -> list[tuple[str, str, int]]:
    """(table_key, title, page) of each standard table whose title a page prints above
    figures, but that no ruled table was read for: a table drawn without vertical ruling
    lines (camelot's lattice reading needs a grid), or as an image. Its figures are not in
    the warehouse, and the reader says so. A page of titles without figures (a table of
    contents) is not one."""
    read = {(t.table_key, t.variant, t.first_page) for t in tables}
    found = []
    for page in pages:
        if not _NUMBER.search(page.text):
            continue
        for line, (key, variant) in _titles_in(page.text):
            if not any((key, variant, at) in read for at in (page.number, page.number + 1)):
                found.append((key, clean_label(line), page.number))
    return found


MAX_TITLE_PIECES = 5  # lines a title may be broken into by the text layer


def _titles_in(text: str) -> list[Title]:
    """Title lines in a text, including a title the text layer broke over several lines
    (wrapped, or cut at its quotation marks: 财政拨款 / “三公 / ” / 经 / 费支出决算表): of
    the runs of consecutive lines from each line on, the one naming the longest catalog
    title is taken, and its lines are not read again."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    found: list[Title] = []
    index = 0
    while index < len(lines):
        best: tuple[int, str, tuple[str, str]] | None = None
        joined = ""
        for count in range(1, MAX_TITLE_PIECES + 1):
            if index + count > len(lines):
                break
            joined += lines[index + count - 1]
            if len(joined) > MAX_TITLE_LENGTH:
                break
            match = match_title_variant(joined)
            if match is None:
                continue
            # pieces of one title: the run names a longer title than any of its lines
            # alone (…财政拨款“三公”经费支出决算表, not the 支出决算表 of its last piece;
            # not 部门预算报表 joined to the title under it)
            alone = max(
                (
                    len(m[1])
                    for line in lines[index : index + count]
                    if (m := match_title_variant(line))
                ),
                default=0,
            )
            if (count == 1 or len(match[1]) > alone) and (
                best is None or len(match[1]) > len(best[2][1])
            ):
                best = (count, joined, match)
        if best is None:
            index += 1
            continue
        count, joined, match = best
        found.append((joined if count > 1 else lines[index], match))
        index += count
    return found


def _walk(
    source: OpenPdf,
    by_number: dict[int, PageText],
    grids: dict[int, list[_Grid]],
    tables: list[RawTable],
    problems: list[str],
) -> _Building | None:
    current: _Building | None = None
    pending: tuple[Title, str] | None = None  # a title printed under a page's last table
    for number in sorted(grids):
        page = by_number[number]
        aboves, below = _bands(source, page, grids[number])
        placed: list[tuple[Title | None, str, _Grid]] = []
        for grid, above in zip(grids[number], aboves, strict=True):
            titled = _titles_in(above)
            placed.append((titled[-1] if titled else None, above, grid))
        below_titles = _titles_in(below)
        if pending is not None and placed and placed[0][0] is None:
            placed[0] = (pending[0], pending[1] + "\n" + placed[0][1], placed[0][2])
        pending = (below_titles[-1], below) if below_titles else None
        below_lines = {line for line, _ in below_titles}
        page_titles = [t for t in _titles_in(page.text) if t[0] not in below_lines]
        if page_titles and not any(title for title, _, _ in placed):
            # no title found above any table (a title printed beside its table): the
            # page's titles go, in order, to its last tables
            count = min(len(page_titles), len(placed))
            for offset in range(count):
                index = len(placed) - count + offset
                title = page_titles[len(page_titles) - count + offset]
                placed[index] = (title, page.text, placed[index][2])
        for position, (title, above, grid) in enumerate(placed):
            if title is not None:
                if current is not None:
                    tables.append(_assemble(current, problems))
                line, (key, variant) = title
                current = _Building(key, variant, clean_label(line), above)
            elif current is None or not _continues(current, grid, position, above):
                if current is not None:
                    tables.append(_assemble(current, problems))
                    current = None
                problems.append(
                    f"page {number}: a table with no standard title above it was not read"
                )
                continue
            current.parts.append(grid)
        if current is not None and current.parts[-1] is placed[-1][2]:
            current.below = below  # 注：…无政府性基金预算财政拨款支出，故本表无数据。
    return current


def _continues(current: _Building, grid: _Grid, position: int, above: str) -> bool:
    """Whether an untitled table continues the current one: from the top of the next page,
    or right under its last part on the same page (nothing printed between, the same
    columns: a header ruled apart from its body)."""
    last = current.parts[-1]
    if position == 0 and grid.page == last.page + 1:
        return True
    return (
        grid.page == last.page
        and not clean_label(above)
        and len(grid.columns) == len(last.columns)
        and all(
            abs(a[0] - b[0]) <= _ALIGN_TOLERANCE and abs(a[1] - b[1]) <= _ALIGN_TOLERANCE
            for a, b in zip(grid.columns, last.columns, strict=True)
        )
    )


# ---- the narrative: prose of the pages without tables, joined into paragraphs ----

_FURNITURE = re.compile(r"^[-—─–－_·•\s]*(?:第)?\d{1,4}(?:页)?(?:共\d+页)?[-—─–－_·•\s]*$")
_HEADING_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+部分)"
)
_ITEM_MARK = re.compile(r"^(?:\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)])")
_SENTENCE_END = ("。", "；", "：", ";", ":")
_OPENING = frozenset("（(“‘《〔[【")
_CLOSING = frozenset("，。、；：）)”’》〕]】%％,.;:!?！？")
INDENT_EMS = 0.8  # a line starting this far right of the page's text is indented
SLACK_EMS = 1.5  # room left at a line's end beyond what the next line's first word needs
TITLE_SCALE = 1.2  # a line this much taller than the page's text is in a title's type
BODY_TOLERANCE = 0.25  # lines within this share of the page's text size are its body text
REPEATED_FURNITURE = 3  # a first or last line printed on this many pages is a running head


@dataclass(frozen=True)
class _Line:
    """One printed line of a page: its glyphs left to right (no spaces) and its box.

    ``lead`` is the width of its first unbreakable piece (a number with its %, a
    character with the punctuation that may not start a line, an opening bracket with
    what follows): what the line before would have needed room for.
    """

    text: str
    left: float
    right: float
    height: float
    lead: float


def _lead(glyphs: list[Glyph]) -> float:
    position = 0
    while position < len(glyphs) and glyphs[position].char in _OPENING:
        position += 1
    if position < len(glyphs):
        if glyphs[position].char.isascii() and glyphs[position].char.isalnum():
            while (
                position < len(glyphs)
                and glyphs[position].char.isascii()
                and (glyphs[position].char.isalnum() or glyphs[position].char in ".,%")
            ):
                position += 1
        else:
            position += 1
    while position < len(glyphs) and glyphs[position].char in _CLOSING:
        position += 1
    return glyphs[position - 1].right - glyphs[0].left if position else 0.0


@dataclass
class _PageLines:
    number: int
    lines: list[_Line]

    @property
    def em(self) -> float:
        heights = sorted(line.height for line in self.lines)
        return heights[len(heights) // 2] if heights else 0.0

    @property
    def body(self) -> list[_Line]:
        """The lines in the page's text size (not a title, not a small table's cells)."""
        em = self.em
        lines = [line for line in self.lines if abs(line.height - em) <= BODY_TOLERANCE * em]
        return lines or self.lines

    @property
    def left(self) -> float:
        return min((line.left for line in self.body), default=0.0)

    @property
    def right(self) -> float:
        return max((line.right for line in self.body), default=0.0)

    def indented(self, line: _Line) -> bool:
        return line.left > self.left + INDENT_EMS * self.em

    def stops_short(self, line: _Line, following: _Line) -> bool:
        """Whether ``line`` ends with room for the first word of ``following``: it ends
        its paragraph (it did not wrap)."""
        return self.right - line.right > following.lead + SLACK_EMS * self.em

    def title(self, line: _Line) -> bool:
        return line.height > TITLE_SCALE * self.em


def _glyph_lines(glyphs: list[Glyph]) -> list[_Line]:
    """Glyphs grouped into printed lines (a glyph whose centre is within a line's height is
    on it), top to bottom."""
    rows: list[list] = []  # [bottom, top, glyphs]
    for glyph in sorted(glyphs, key=lambda g: -g.top):
        _, y = glyph.centre
        for row in rows:
            if row[0] <= y <= row[1]:
                row[2].append(glyph)
                row[0], row[1] = min(row[0], glyph.bottom), max(row[1], glyph.top)
                break
        else:
            rows.append([glyph.bottom, glyph.top, [glyph]])
    lines = []
    for _, _, members in sorted(rows, key=lambda row: -row[1]):
        members.sort(key=lambda g: g.left)
        heights = sorted(g.top - g.bottom for g in members)
        lines.append(
            _Line(
                "".join(g.char for g in members),
                members[0].left,
                members[-1].right,
                heights[len(heights) // 2],
                _lead(members),
            )
        )
    return lines


def _clip_box(text_object: Any) -> tuple[float, float, float, float] | None:
    """The rectangle a text object's clip paths leave visible (their boxes' intersection),
    as (left, bottom, right, top)."""
    clip = pdfium_c.FPDFPageObj_GetClipPath(text_object)
    if not clip:
        return None
    box = None
    for path in range(pdfium_c.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(pdfium_c.FPDFClipPath_CountPathSegments(clip, path)):
            segment = pdfium_c.FPDFClipPath_GetPathSegment(clip, path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            if pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        rect = (min(xs), min(ys), max(xs), max(ys))
        box = (
            rect
            if box is None
            else (
                max(box[0], rect[0]),
                max(box[1], rect[1]),
                min(box[2], rect[2]),
                min(box[3], rect[3]),
            )
        )
    return box


def _shown_glyphs(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """The page's glyphs a reader sees: inside the page's box and its text's clip paths.

    Some exports print a long text over several pages, each page showing a window of it:
    the rest is in the page's text layer too, outside the page or clipped away.
    """
    left, bottom, right, top = page.get_cropbox()
    # a window cuts whole lines: the clip of a line's first glyph is the line's (reading
    # every glyph's clip path costs 50 µs a glyph)
    clips: dict[int, tuple[float, float, float, float] | None] = {}
    glyphs = []
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in _SKIPPED_CODES:
            continue
        box = textpage.get_charbox(index)
        glyph = Glyph(chr(code), *box)
        x, y = glyph.centre
        if not (left <= x <= right and bottom <= y <= top):
            continue
        baseline = round(glyph.bottom)
        if baseline not in clips:
            text_object = pdfium_c.FPDFText_GetTextObject(textpage.raw, index)
            clips[baseline] = _clip_box(text_object) if text_object else None
        clip = clips[baseline]
        if clip is None or (clip[1] <= y <= clip[3]):
            glyphs.append(glyph)
    return glyphs


def _prose_lines(source: OpenPdf, numbers: list[int]) -> list[_PageLines]:
    """The printed lines of the pages ``numbers``, without page numbers and running heads."""
    pages = []
    for number in numbers:
        page = source.page(number)
        _, _, width, height = page.get_mediabox()
        shown = _shown_glyphs(page, source.textpage(number))
        glyphs = displayed(shown, page.get_rotation(), width, height)
        lines = [line for line in _glyph_lines(glyphs) if not _FURNITURE.match(line.text)]
        pages.append(_PageLines(number, lines))
    edges = Counter(
        text for page in pages if page.lines for text in {page.lines[0].text, page.lines[-1].text}
    )
    for page in pages:
        page.lines = [
            line
            for position, line in enumerate(page.lines)
            if position not in (0, len(page.lines) - 1) or edges[line.text] < REPEATED_FURNITURE
        ]
    return pages


def _starts_paragraph(previous: _Line, line: _Line) -> bool:
    """Whether ``line`` opens a paragraph of its own, whatever the layout: a numbered
    heading (一、, （一）, 第三部分), or a numbered item (1、, （2）) after a sentence's end."""
    return bool(
        _HEADING_MARK.match(line.text)
        or (_ITEM_MARK.match(line.text) and previous.text.endswith(_SENTENCE_END))
    )


def _goes_on(page: _PageLines, previous: _Line, line: _Line) -> bool:
    """Whether ``line`` goes on with the paragraph of the line printed before it."""
    if page.title(previous) and page.title(line) and not _HEADING_MARK.match(line.text):
        return True  # a title over two lines (not a heading under another: 三、… （一）…)
    return not (
        page.stops_short(previous, line)
        or page.indented(line)
        or page.title(previous) != page.title(line)
        or _starts_paragraph(previous, line)
    )


def narrative_paragraphs(
    path: Path,
    numbers: list[int],
    pdf: OpenPdf | None = None,
    opening: frozenset[int] = frozenset(),
) -> list[Paragraph]:
    """The prose of the pages ``numbers`` (those without tables) as paragraphs; of the
    pages ``opening`` (a table page on which the narrative begins: 三、部门预算情况说明 under
    the last table), only the lines from the narrative's first heading on.

    PDF text breaks lines mid-sentence and prints page numbers and running heads. A
    paragraph ends where a line stops short of the page's right edge with room left for
    the next line's first word, or the next line is indented, set in another type size,
    starts a numbered heading (一、, （一）, 第三部分) or item (1、 after a full stop), or
    follows a table page; a title set over two lines stays one. Each paragraph records
    the pages it is printed on (``Paragraph.pages``), so that each figure has its page.
    """
    with _opened(path, pdf) as source:
        pages = _prose_lines(source, numbers)
    for page in pages:
        if page.number in opening:
            starts = [i for i, line in enumerate(page.lines) if _opens_narrative(line.text)]
            page.lines = page.lines[starts[0] :] if starts else []
    paragraphs: list[Paragraph] = []
    text, breaks = "", []  # the paragraph being joined and where its pages begin
    last: tuple[_PageLines, _Line] | None = None

    def close() -> None:
        if text:
            paragraphs.append(Paragraph(text, looks_like_heading(text), pages=tuple(breaks)))

    for page in pages:
        for line in page.lines:
            if last is not None:
                previous_page, previous = last
                if previous_page is page:
                    joined = _goes_on(page, previous, line)
                else:  # over a page break: the next page, not indented, no heading
                    joined = (
                        previous_page.number + 1 == page.number
                        and not previous_page.stops_short(previous, line)
                        and not page.indented(line)
                        and not _starts_paragraph(previous, line)
                    )
                if not joined:
                    close()
                    text, breaks = "", []
            if not breaks or breaks[-1][1] != page.number:
                breaks.append((len(text), page.number))
            text += line.text
            last = (page, line)
    close()
    return paragraphs


def _opens_narrative(text: str) -> bool:
    """Whether a printed line is a heading opening the narrative (``[reading] starts``)."""
    cleaned = clean_label(text)
    return any(pattern.match(cleaned) for pattern in reading().starts)


def read_pdf_document(ref: DocumentRef) -> ExtractedDocument:
    """Read a PDF's identity (from its cover and headings), its standard tables and the
    figures of its narrative (情况说明, on the pages without tables)."""
    with OpenPdf(ref.path) as pdf:
        return _read_pdf(ref, pdf)


def _read_pdf(ref: DocumentRef, pdf: OpenPdf) -> ExtractedDocument:
    pages = read_page_texts(ref.path, pdf)
    if not pages:
        raise ExtractionError("the PDF has no pages")
    if all(len(clean_label(page.text)) < MIN_TEXT_CHARS for page in pages):
        raise ExtractionError(
            "the PDF has no text layer (a scanned image?): its figures cannot be read without OCR"
        )
    scans = [
        f"page {page.number} is a scanned image without a text layer: its figures, if any, "
        "were not read"
        for page in pages[1:]  # a scanned cover is common, and prints no figures
        if page.scanned
    ]
    try:
        tables, problems = read_pdf_tables(ref.path, pages, pdf)
    except ExtractionError:
        raise
    except Exception as exc:  # camelot or pdfium failing on a damaged page: the file's fault
        raise ExtractionError(
            f"the PDF's tables could not be read ({type(exc).__name__}: {exc})"
        ) from exc
    tables += empty_titled(pages, tables)
    unread = unread_titles(pages, tables)
    problems += [
        f"page {page}: the title {title} ({key}) is printed above figures, but no ruled table "
        "was found under it (a table without vertical ruling lines, or an image): its "
        "figures were not read"
        for key, title, page in unread
    ]
    identity = read_identity(
        [(page.number, page.lines) for page in pages],
        [(t.first_page, t.title, t.variant or t.title) for t in tables]
        + [
            (page, title, variant[1])
            for _, title, page in unread
            if (variant := match_title_variant(title))
        ],
        ref.source_file,
    )
    narrative = []
    if identity.fiscal_year:
        chosen = set(table_pages(pages))
        opening = frozenset(
            page.number
            for page in pages
            if page.number in chosen and any(_opens_narrative(t) for t in page.text.splitlines())
        )
        prose = [
            page.number for page in pages if page.number not in chosen or page.number in opening
        ]
        try:
            narrative = read_paragraphs(
                narrative_paragraphs(ref.path, prose, pdf, opening),
                identity.fiscal_year,
                identity.department,
            )
        except Exception as exc:  # a damaged page: the tables still count
            problems.append(f"the narrative could not be read ({type(exc).__name__}: {exc})")
    printed = [(page.number, page.lines) for page in pages]
    return ExtractedDocument(
        ref=ref,
        identity=identity,
        tables=tables,
        page_count=len(pages),
        notes=scans + problems,
        sentences=sum(page.text.count("。") for page in pages),
        narrative=narrative,
        unread=unread,
        mentions=dissent_mentions(identity) + read_mentions(printed),
        listed=listed_tables(printed),
        placeholders=find_placeholders(printed),
        form_faults=find_form_faults(printed, wrapped=True),
        explanations=find_explanations(printed),
    )
