"""Render the bundled sample text into a realistic 决算 PDF, as test input for PDF extraction.

    .venv/bin/python scripts/render_sample_pdf.py
    .venv/bin/python scripts/render_sample_pdf.py --source FILE.txt --output FILE.pdf
    .venv/bin/python scripts/render_sample_pdf.py --font-file CJK.ttf --output /tmp/x.pdf
    .venv/bin/python scripts/render_sample_pdf.py --font-file CJK.ttf --descent-from-bbox \
        --output tests/fixtures/xiaoyi-2024-final-accounts-bad-font-metrics.pdf

The sample ``data/raw/xiaoyi-admin-approval-bureau-2024-final-accounts.txt`` is the text
conversion of a real publication: its ten tables (公开01表 .. 公开10表) are tab-separated
lines with multi-row headers and ``<b>`` markup. This script parses that text on its own
(it does not import ``pipelines``: the PDF it writes is test input for that code) and
draws the tables as the real PDFs print them:

- a cover page (department name, then ``2024年度部门决算``);
- per table, on a new page: the title, a line with ``2024年度`` and the numbering
  (``公开01表``), a line with ``部门名称：…`` on the left and the unit on the right, then a
  fully ruled grid (every edge a stroked vector line) whose header cells spanning several
  columns or rows are single merged cells, then the table's notes (``注：…``,
  ``说明：本表无数据``);
- every figure as printed, ``——`` kept, empty cells empty, markup removed; a space inside
  a header label is the printed line break (``上缴 上级 支出`` is three lines in its cell);
- wide tables (02, 03, 06, 09) on A4 landscape pages, the others on A4 portrait; rows are
  laid out until the page is full, so 公开02表 and 公开03表 continue on a second page, the
  02 continuation without its header and the 03 continuation with the header repeated.

The font is reportlab's built-in CID font STSong-Light (not embedded; no font file
needed; pypdfium2 and camelot both read its text). ``--font-file`` embeds a TrueType CJK
font instead (reportlab reads TrueType outlines only, not the CFF-based Noto CJK .ttc), for
experiments with embedded fonts (``scripts/cjk_font_subset_ttf.py`` makes one from Debian's
Noto Sans CJK). ``--descent-from-bbox`` then writes the font's Ascent and Descent as the top
and bottom of its bounding box (for Noto Sans CJK 1808 and -1048, against 880 and -120):
the glyphs are drawn at the same places, only the font descriptor differs, and camelot's
text layer (playa) then places the glyph boxes about 0.93 em too low (see
tests/fixtures/README.md). The output is deterministic: reportlab's invariant mode fixes
the dates and the document id, so the same text gives the same bytes.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# one way of setting a cell's text in lines, shared with the generator of publications
from tests.generator.render import text_width, wrap  # noqa: E402

SOURCE = ROOT / "data" / "raw" / "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"
OUTPUT = ROOT / "tests" / "fixtures" / "xiaoyi-2024-final-accounts-rendered.pdf"

FONT = "STSong-Light"
MARGIN = 36.0  # page margin, points
PADDING = 3.0  # text inset inside a cell, left and right
V_PADDING = 1.5  # least space above and below a cell's text
LINE_WIDTH = 0.6
LEADING = 1.25  # line height as a multiple of the font size
ASCENT = 0.86  # baseline below a line's top, as a multiple of the font size

_NUMBERING = re.compile(r"^公开(\d{2})(?:表)?$")
_NAME = re.compile(r"^((?:部门|单位)名称：\S+?)(?:\s+\d{4}年度)?$")
_YEAR = re.compile(r"^(\d{4})年度$")
_UNIT = re.compile(r"^((?:金额)?单位：)(.*)$")
_MARKUP = re.compile(r"</?b>")
_AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")
_INTEGER = re.compile(r"^\d+$")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、")
_DASH = "——"


@dataclass(frozen=True)
class Style:
    """How one table is printed."""

    wide: bool  # A4 landscape
    font_size: float
    row_height: float
    repeat_header: bool = True  # on a continuation page


STYLES: dict[str, Style] = {
    "01": Style(wide=False, font_size=9, row_height=18),
    "02": Style(wide=True, font_size=10, row_height=22, repeat_header=False),
    "03": Style(wide=True, font_size=10, row_height=22, repeat_header=True),
    "04": Style(wide=False, font_size=8, row_height=18),
    "05": Style(wide=False, font_size=9, row_height=20),
    "06": Style(wide=True, font_size=7, row_height=12.5),
    "07": Style(wide=False, font_size=9, row_height=22),
    "08": Style(wide=False, font_size=9, row_height=22),
    "09": Style(wide=True, font_size=9, row_height=22),
    "10": Style(wide=False, font_size=9, row_height=20),
}


@dataclass
class Table:
    """One standard table as the text prints it."""

    number: str  # "01"
    title: str
    department: str  # "部门名称：…" or "单位名称：…"
    year: str  # "2024年度"
    unit: str  # "金额单位：万元"
    rows: list[list[str]]  # cells without markup, every row as wide as the table
    notes: list[str] = field(default_factory=list)

    @property
    def width(self) -> int:
        return len(self.rows[0])


@dataclass(frozen=True)
class Span:
    """A cell of the printed grid: its top-left grid position and size in grid units."""

    row: int
    col: int
    rows: int = 1
    cols: int = 1


# --- reading the sample text -------------------------------------------------------------


def _clean(cell: str) -> str:
    return _MARKUP.sub("", cell).strip()


def _nonblank(lines: list[str], start: int) -> Iterator[tuple[int, str]]:
    for index in range(start, len(lines)):
        if lines[index].strip():
            yield index, lines[index].strip()


def parse_tables(text: str) -> list[Table]:
    """The ten tables of the sample text, in order."""
    lines = text.splitlines()
    tables: list[Table] = []
    for index, line in enumerate(lines):
        match = _NUMBERING.match(line.strip())
        if not match:
            continue
        title = next(
            candidate.strip().lstrip("#").strip()
            for candidate in reversed(lines[:index])
            if candidate.strip()
        )
        tables.append(_parse_table(lines, index + 1, match.group(1), title))
    return tables


def _parse_table(lines: list[str], start: int, number: str, title: str) -> Table:
    department = year = unit = ""
    rows: list[list[str]] = []
    notes: list[str] = []
    walker = _nonblank(lines, start)
    for index, line in walker:
        if "\t" in lines[index]:
            rows.append([_clean(c) for c in lines[index].split("\t")])
        elif rows and line.startswith(("注：", "说明：")):
            notes.append(line)
        elif rows:
            break  # the text after the table's notes
        elif line == "表":  # "公开02" / "表" broken over two lines
            continue
        elif name := _NAME.match(line):
            department = name.group(1)
            if line != department:
                year = line[len(department) :].strip()
        elif found := _YEAR.match(line):
            year = found.group(0)
        elif found := _UNIT.match(line):
            unit = line.replace(" ", "")
            if not found.group(2).strip().endswith("元"):  # "金额单位：万" / "元"
                unit += next(walker)[1]
        else:
            raise ValueError(f"公开{number}表: unexpected line before the table: {line!r}")
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    if not (department and year and unit):
        raise ValueError(f"公开{number}表: no department, year or unit line")
    return Table(number, title, department, year, unit, rows, notes)


def _is_number_row(cells: list[str]) -> bool:
    """A 栏次 row: labelled 栏次, or the column numbers 1, 2, 3 … in order."""
    values = [c for c in cells if c]
    if not values:
        return False
    if values[0] == "栏次":
        return True
    return all(_INTEGER.match(v) for v in values) and [int(v) for v in values] == list(
        range(1, len(values) + 1)
    )


def header_rows(table: Table) -> int:
    """How many leading rows are the header: up to the 栏次 row, else up to the first row
    that holds a figure or a code."""
    for index, row in enumerate(table.rows):
        if _is_number_row(row):
            return index + 1
        if any(_AMOUNT.match(c) or _INTEGER.match(c) for c in row):
            return index
    return len(table.rows)


def grid_spans(table: Table, header: int) -> list[Span]:
    """The printed cells. In the header a label absorbs the empty cells to its right (one
    label over several columns), then the rows below it while they are empty under its
    whole width (one label over several rows); a body row holding only a section label
    (``二、机关运行经费``) is one cell across the table; every other cell is its own."""
    covered: set[tuple[int, int]] = set()
    spans: list[Span] = []
    for r, row in enumerate(table.rows):
        section = r >= header and bool(_SECTION.match(row[0])) and not any(row[1:])
        for c, text in enumerate(row):
            if (r, c) in covered:
                continue
            if section:
                span = Span(r, c, 1, table.width)
            elif r < header and text:
                cols = 1
                while c + cols < table.width and not row[c + cols] and (r, c + cols) not in covered:
                    cols += 1
                rows = 1
                while r + rows < header and not _is_number_row(table.rows[r + rows]):
                    below = table.rows[r + rows][c : c + cols]
                    if any(below) or any((r + rows, c + k) in covered for k in range(cols)):
                        break
                    rows += 1
                span = Span(r, c, rows, cols)
            else:
                span = Span(r, c)
            covered.update((r + i, c + k) for i in range(span.rows) for k in range(span.cols))
            spans.append(span)
    return spans


# --- layout ------------------------------------------------------------------------------


def cell_text(table: Table, span: Span, header: int) -> str:
    """What a cell prints; a space in a header label is a line break."""
    text = table.rows[span.row][span.col]
    return text.replace(" ", "\n") if span.row < header else text


def column_widths(
    table: Table, spans: list[Span], header: int, font: str, available: float
) -> list[float]:
    """Widths fitting each column's widest single-column text (header labels may wrap),
    stretched to the page."""
    size = STYLES[table.number].font_size
    natural = [2.5 * size + 2 * PADDING] * table.width
    for span in spans:
        if span.cols != 1:
            continue
        for line in cell_text(table, span, header).split("\n"):
            wanted = text_width(line, font, size)
            if span.row < header:  # a header label may wrap, over lines of 4 or more
                wanted = min(wanted, 4 * size)
            natural[span.col] = max(natural[span.col], wanted + 2 * PADDING + 2)
    total = sum(natural)
    if total > available:
        raise ValueError(f"公开{table.number}表 is {total:.0f} pt wide, the page {available:.0f}")
    return [w * available / total for w in natural]


def row_heights(
    table: Table, spans: list[Span], header: int, font: str, widths: list[float]
) -> list[float]:
    """Each row's height: the style's, or more where a cell's wrapped text needs it."""
    style = STYLES[table.number]
    heights = [style.row_height] * len(table.rows)
    for span in sorted(spans, key=lambda s: s.rows):
        inner = sum(widths[span.col : span.col + span.cols]) - 2 * PADDING
        lines = wrap(cell_text(table, span, header), font, style.font_size, inner)
        needed = len(lines) * style.font_size * LEADING + 2 * V_PADDING
        have = sum(heights[span.row : span.row + span.rows])
        if needed > have:
            heights[span.row + span.rows - 1] += needed - have
    return heights


# --- drawing -----------------------------------------------------------------------------


@dataclass
class Block:
    """Consecutive table rows drawn on one page, top at ``top``."""

    rows: list[int]
    top: float


def _page(canvas: Canvas, wide: bool) -> tuple[float, float]:
    size = landscape(A4) if wide else A4
    canvas.setPageSize(size)
    return size


def _end_page(canvas: Canvas, font: str, width: float, number: int) -> None:
    """The page number at the foot (drawn last, as it comes last in real PDFs' text)."""
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, MARGIN / 2, f"- {number} -")
    canvas.showPage()


def draw_cover(canvas: Canvas, font: str, department: str, year: str) -> None:
    """The cover: the department on one line, ``2024年度部门决算`` on the next."""
    width, height = _page(canvas, wide=False)
    canvas.setFont(font, 26)
    canvas.drawCentredString(width / 2, height * 0.62, department)
    canvas.setFont(font, 22)
    canvas.drawCentredString(width / 2, height * 0.62 - 48, f"{year}部门决算")
    canvas.showPage()


def draw_block(
    canvas: Canvas,
    table: Table,
    spans: list[Span],
    header: int,
    block: Block,
    font: str,
    left: float,
    widths: list[float],
    heights: list[float],
) -> float:
    """Draw the rows of ``block`` (ruled grid and text); the bottom of the block."""
    style = STYLES[table.number]
    tops: dict[int, float] = {}
    y = block.top
    for r in block.rows:
        tops[r] = y
        y -= heights[r]
    tops[-1] = y  # the bottom edge
    xs = [left]
    for w in widths:
        xs.append(xs[-1] + w)

    owner: dict[tuple[int, int], Span] = {}
    for span in spans:
        for i in range(span.rows):
            for k in range(span.cols):
                owner[(span.row + i, span.col + k)] = span

    # Ruling: an edge between two grid positions is drawn unless one merged cell holds both.
    order = block.rows
    segments: list[tuple[float, float, float, float]] = []
    for position in range(len(order) + 1):
        above = order[position - 1] if position else None
        below = order[position] if position < len(order) else None
        y_edge = tops[below] if below is not None else tops[-1]
        for c in range(table.width):
            if above is not None and below is not None and owner[(above, c)] is owner[(below, c)]:
                continue
            segments.append((xs[c], y_edge, xs[c + 1], y_edge))
    for r in order:
        for c in range(table.width + 1):
            if 0 < c < table.width and owner[(r, c - 1)] is owner[(r, c)]:
                continue
            segments.append((xs[c], tops[r], xs[c], tops[r] - heights[r]))
    canvas.setLineWidth(LINE_WIDTH)
    for x1, y1, x2, y2 in _join(segments):
        canvas.line(x1, y1, x2, y2)

    # Text: headers centred, figures right, 行次 and dashes centred, codes and labels left.
    canvas.setFont(font, style.font_size)
    counters = {s.col for s in spans if s.row < header and table.rows[s.row][s.col] == "行次"}
    in_block = set(order)
    for span in spans:
        if span.row not in in_block:
            continue
        text = cell_text(table, span, header)
        if not text:
            continue
        x0, x1 = xs[span.col], xs[span.col + span.cols]
        top = tops[span.row]
        bottom = top - sum(heights[span.row : span.row + span.rows])
        lines = wrap(text, font, style.font_size, x1 - x0 - 2 * PADDING)
        leading = style.font_size * LEADING
        first = (top + bottom) / 2 + len(lines) * leading / 2 - ASCENT * style.font_size
        first -= (leading - style.font_size) / 2
        for index, line in enumerate(lines):
            baseline = first - index * leading
            if span.row < header or line == _DASH or (span.col in counters and line.isdigit()):
                canvas.drawCentredString((x0 + x1) / 2, baseline, line)
            elif _AMOUNT.match(line) or (line.isdigit() and len(line) < 3):
                canvas.drawRightString(x1 - PADDING, baseline, line)
            else:
                canvas.drawString(x0 + PADDING, baseline, line)
    return tops[-1]


def _join(
    segments: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Collinear touching segments as one line, as a ruled table is usually drawn."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for x1, y1, x2, y2 in segments:
        if y1 == y2:
            horizontal.setdefault(y1, []).append((min(x1, x2), max(x1, x2)))
        else:
            vertical.setdefault(x1, []).append((min(y1, y2), max(y1, y2)))
    joined: list[tuple[float, float, float, float]] = []
    for y, parts in sorted(horizontal.items(), reverse=True):
        for a, b in _merge(parts):
            joined.append((a, y, b, y))
    for x, parts in sorted(vertical.items()):
        for a, b in _merge(parts):
            joined.append((x, b, x, a))
    return joined


def _merge(parts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(parts):
        if merged and a <= merged[-1][1] + 1e-6:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged


def draw_table(canvas: Canvas, font: str, table: Table, page_number: int) -> tuple[int, list[str]]:
    """Draw a table from a new page on; the next page number and a line per page drawn."""
    style = STYLES[table.number]
    header = header_rows(table)
    spans = grid_spans(table, header)
    width, height = _page(canvas, style.wide)
    widths = column_widths(table, spans, header, font, width - 2 * MARGIN)
    heights = row_heights(table, spans, header, font, widths)
    log: list[str] = []

    # The title block: title, year and numbering, department and unit.
    y = height - MARGIN - 16
    canvas.setFont(font, 16)
    canvas.drawCentredString(width / 2, y, table.title)
    y -= 22
    canvas.setFont(font, 9)
    canvas.drawCentredString(width / 2, y, table.year)
    canvas.drawRightString(width - MARGIN, y, f"公开{table.number}表")
    y -= 15
    canvas.drawString(MARGIN, y, table.department)
    canvas.drawRightString(width - MARGIN, y, table.unit)
    top = y - 8

    body = list(range(header, len(table.rows)))
    heading = list(range(header))
    notes_height = 6 + 14 * sum(
        len(wrap(note, font, 9, width - 2 * MARGIN)) for note in table.notes
    )
    first_page = True
    while True:
        rows = [] if not first_page and not style.repeat_header else list(heading)
        room = top - MARGIN - sum(heights[r] for r in rows)
        count = 0
        while count < len(body) and heights[body[count]] <= room:
            room -= heights[body[count]]
            count += 1
        if count == len(body) and room < notes_height and count > 1:
            count -= 1  # keep the notes with at least the table's last row
        rows += body[:count]
        body = body[count:]
        bottom = draw_block(
            canvas, table, spans, header, Block(rows, top), font, MARGIN, widths, heights
        )
        shown = [r for r in rows if r >= header]
        if first_page:
            what = "title and header"
        else:
            what = "continued, header repeated" if style.repeat_header else "continued, no header"
        log.append(
            f"page {page_number} ({'landscape' if style.wide else 'portrait'}): "
            f"公开{table.number}表 {table.title}, {what}, body rows "
            f"{shown[0] - header + 1}-{shown[-1] - header + 1} of {len(table.rows) - header}"
            if shown
            else f"page {page_number}: 公开{table.number}表 header only"
        )
        if not body:
            break
        _end_page(canvas, font, width, page_number)
        page_number += 1
        _page(canvas, style.wide)
        top = height - MARGIN
        first_page = False

    canvas.setFont(font, 9)
    y = bottom - 6
    for note in table.notes:
        for line in wrap(note, font, 9, width - 2 * MARGIN):
            y -= 14
            canvas.drawString(MARGIN, y, line)
    _end_page(canvas, font, width, page_number)
    return page_number + 1, log


def render(
    source: Path, output: Path, font_file: Path | None = None, descent_from_bbox: bool = False
) -> list[str]:
    """Write the PDF; a line per page saying what it holds. With ``font_file`` (a TrueType
    font, embedded as a subset) instead of the built-in STSong-Light; with
    ``descent_from_bbox`` that font's Ascent and Descent are its bounding box's top and
    bottom."""
    tables = parse_tables(source.read_text(encoding="utf-8"))
    numbers = [t.number for t in tables]
    if numbers != [f"{n:02d}" for n in range(1, 11)]:
        raise ValueError(f"expected 公开01表..公开10表, found {numbers}")
    if font_file is None:
        if descent_from_bbox:
            raise ValueError("descent_from_bbox needs a font file")
        font = FONT
        pdfmetrics.registerFont(UnicodeCIDFont(font))
    else:
        font = font_file.stem
        embedded = TTFont(font, str(font_file))
        if descent_from_bbox:  # only the FontDescriptor changes, not where glyphs are drawn
            face = embedded.face
            face.ascent, face.descent = face.bbox[3], face.bbox[1]
        pdfmetrics.registerFont(embedded)
    department = tables[0].department.split("：", 1)[1]
    year = tables[0].year.removesuffix("年度")
    output.parent.mkdir(parents=True, exist_ok=True)
    canvas = Canvas(str(output), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(f"{department}{year}年度部门决算")
    canvas.setAuthor(department)
    canvas.setCreator("scripts/render_sample_pdf.py (fiscal-warehouse test fixture)")
    canvas.setSubject(f"rendered from {source.name}")
    draw_cover(canvas, font, department, f"{year}年度")
    log = [f"page 1 (portrait): cover, {department} / {year}年度部门决算"]
    page_number = 2
    for table in tables:
        page_number, pages = draw_table(canvas, font, table, page_number)
        log.extend(pages)
    canvas.save()
    return log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=SOURCE, help="the sample text")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="the PDF to write")
    parser.add_argument(
        "--font-file",
        type=Path,
        help="a TrueType CJK font to embed instead of the built-in CID font STSong-Light",
    )
    parser.add_argument(
        "--descent-from-bbox",
        action="store_true",
        help="with --font-file: write the font's Ascent and Descent as its bounding box's "
        "top and bottom (the metrics that misplace camelot's text)",
    )
    args = parser.parse_args(argv)
    if args.descent_from_bbox and args.font_file is None:
        parser.error("--descent-from-bbox needs --font-file")
    for line in render(args.source, args.output, args.font_file, args.descent_from_bbox):
        print(line)
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
