"""Drawing publications with reportlab: covers, contents, ruled tables over pages.

Technique as ``scripts/render_sample_pdf.py``: every edge of a grid is a stroked vector
line (a merged cell's inner edges are not drawn), a cell's text is wrapped character by
character, headers are centred, figures right-aligned. Pages are A4 portrait, landscape,
or portrait pages with ``/Rotate 90`` whose content is drawn turned so that it displays
upright. The canvas is in reportlab's invariant mode: same input, same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from tests.generator.tables import Cell, PrintedTable

CID_FONT = "STSong-Light"
TTF_FONT = "WenQuanYiMicroHei"
# Debian package fonts-wqy-microhei (TrueType outlines in a TTC; reportlab reads them)
TTF_PATHS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
)
MARGIN = 36.0
PADDING = 3.0
V_PADDING = 2.0
LINE_WIDTH = 0.6
LEADING = 1.25
ASCENT = 0.86
NAME_EMS = 7  # a wrapped name column is this many characters wide


class FontUnavailable(RuntimeError):
    """The embedded-TrueType axis value needs a font this machine does not have."""


def register_font(kind: str) -> str:
    """Register the font of axis value ``kind`` (cid | ttf); its reportlab name."""
    if kind == "cid":
        pdfmetrics.registerFont(UnicodeCIDFont(CID_FONT))
        return CID_FONT
    path = next((p for p in TTF_PATHS if p.is_file()), None)
    if path is None:
        raise FontUnavailable(
            "font=ttf needs WenQuanYi Micro Hei (apt-get install -y fonts-wqy-microhei); "
            f"none of {', '.join(map(str, TTF_PATHS))} exists"
        )
    if TTF_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(TTF_FONT, str(path), subfontIndex=0))
    return TTF_FONT


@dataclass(frozen=True)
class Line:
    """A line of text above a table or on a cover: left, centre and right parts."""

    left: str = ""
    centre: str = ""
    right: str = ""
    size: float = 9.0


@dataclass(frozen=True)
class Settings:
    """The drawing axes."""

    font: str
    rotate_wide: bool  # wide tables on /Rotate 90 pages (else landscape pages)
    page_split: str  # none | repeat_header | no_header
    valign: str  # middle | top: where a row's one-line cells sit beside a wrapped name
    horizontal_only: str | None  # the table_key ruled only horizontally
    running_header: str | None  # printed at the top of every page
    row_extra: float  # points added to every row's height


def text_width(text: str, font: str, size: float) -> float:
    """The width of a text set in ``font`` at ``size`` points."""
    return pdfmetrics.stringWidth(text, font, size)


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    """A cell's lines: explicit breaks first, then character by character."""
    lines: list[str] = []
    for part in text.split("\n"):
        line = ""
        for char in part:
            if line and text_width(line + char, font, size) > width:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return lines


class Renderer:
    """One PDF being drawn, page by page; ``pages`` counts the pages finished."""

    def __init__(
        self, target: Path | BinaryIO, settings: Settings, title: str, author: str
    ) -> None:
        self.settings = settings
        output = str(target) if isinstance(target, Path) else target
        self.canvas = Canvas(output, pagesize=A4, invariant=1, pageCompression=1)
        self.canvas.setTitle(title)
        self.canvas.setAuthor(author)
        self.canvas.setCreator("tests/generator (fiscal-warehouse synthetic publication)")
        self.pages = 0
        self.size = A4
        self.rotated = False

    # --- pages ---------------------------------------------------------------------------

    def new_page(self, wide: bool) -> tuple[float, float]:
        """Start a page; its size as displayed."""
        canvas = self.canvas
        self.rotated = wide and self.settings.rotate_wide
        if self.rotated:
            # reportlab writes a /Rotate 90 page's MediaBox with the page size's sides
            # swapped: landscape(A4) gives a portrait MediaBox (595 x 842), displayed turned
            canvas.setPageSize(landscape(A4))
            canvas.setPageRotation(90)
            canvas.saveState()
            # displayed (X, Y) -> stored (A4 width - Y, X): the viewer turns it upright
            canvas.transform(0, 1, -1, 0, A4[0], 0)
            self.size = landscape(A4)
        else:
            self.size = landscape(A4) if wide else A4
            canvas.setPageSize(self.size)
            canvas.setPageRotation(0)
        if self.settings.running_header:
            canvas.setFont(self.settings.font, 8)
            canvas.drawCentredString(
                self.size[0] / 2, self.size[1] - 22, self.settings.running_header
            )
        return self.size

    def end_page(self, number: bool = True) -> None:
        """The page number at the foot, then the next page."""
        canvas = self.canvas
        if number:
            canvas.setFont(self.settings.font, 9)
            canvas.drawCentredString(self.size[0] / 2, MARGIN / 2, f"- {self.pages + 1} -")
        if self.rotated:
            canvas.restoreState()
        canvas.showPage()
        self.pages += 1

    def save(self) -> None:
        """Write the file."""
        self.canvas.save()

    def lines(self, lines: list[Line], top: float) -> float:
        """Text lines downwards from ``top``; the y below the last."""
        canvas = self.canvas
        width = self.size[0]
        y = top
        for line in lines:
            size = line.size
            if line.centre:
                while (
                    size > 8
                    and text_width(line.centre, self.settings.font, size) > width - 2 * MARGIN
                ):
                    size -= 0.5
            y -= size * 1.35
            canvas.setFont(self.settings.font, size)
            if line.centre:
                canvas.drawCentredString(width / 2, y, line.centre)
            canvas.setFont(self.settings.font, min(line.size, 9))
            if line.left:
                canvas.drawString(MARGIN, y, line.left)
            if line.right:
                canvas.drawRightString(width - MARGIN, y, line.right)
            y -= 4
        return y

    # --- covers ----------------------------------------------------------------------------

    def cover(self, lines: list[str]) -> None:
        """A cover: big centred lines in the upper half of a portrait page."""
        width, height = self.new_page(False)
        y = height * 0.64
        for text in lines:
            size = 26.0
            while size > 12 and text_width(text, self.settings.font, size) > width - 2 * MARGIN:
                size -= 1
            self.canvas.setFont(self.settings.font, size)
            self.canvas.drawCentredString(width / 2, y, text)
            y -= size * 1.9
        self.end_page(number=False)

    def contents(self, entries: list[tuple[str, int]]) -> None:
        """目录: a line per table, dotted to its page number."""
        width, height = self.new_page(False)
        canvas = self.canvas
        canvas.setFont(self.settings.font, 18)
        canvas.drawCentredString(width / 2, height - MARGIN - 40, "目  录")
        y = height - MARGIN - 90
        for text, page in entries:
            canvas.setFont(self.settings.font, 11)
            number = str(page)
            room = width - 2 * MARGIN - text_width(text, self.settings.font, 11)
            room -= text_width(number, self.settings.font, 11) + 8
            dots = "." * max(3, int(room / text_width(".", self.settings.font, 11)))
            canvas.drawString(MARGIN, y, f"{text} {dots} {number}")
            y -= 24
        self.end_page()

    def prose(self, heading: str, sentences: list[str]) -> None:
        """A page of narrative: a heading, then the sentences as one paragraph, wrapped."""
        width, height = self.new_page(False)
        canvas = self.canvas
        canvas.setFont(self.settings.font, 14)
        canvas.drawString(MARGIN, height - MARGIN - 30, heading)
        canvas.setFont(self.settings.font, 11)
        y = height - MARGIN - 60
        for line in wrap("".join(sentences), self.settings.font, 11, width - 2 * MARGIN):
            canvas.drawString(MARGIN, y, line)
            y -= 18
        self.end_page()

    # --- tables ----------------------------------------------------------------------------

    def _fit(self, table: PrintedTable) -> tuple[bool, float, list[float]]:
        """Page orientation, font size and column widths that fit the table."""
        for wide, sizes in (
            (False, (10.0, 9.0, 8.0)),
            (True, (10.0, 9.0, 8.0, 7.0, 6.5, 6.0, 5.5)),
        ):
            available = (landscape(A4) if wide else A4)[0] - 2 * MARGIN
            for size in sizes:
                natural = self._natural(table, size)
                if sum(natural) <= available:
                    scale = available / sum(natural)
                    return wide, size, [w * scale for w in natural]
        raise ValueError(f"{table.key} does not fit a landscape page")

    def _natural(self, table: PrintedTable, size: float) -> list[float]:
        font = self.settings.font
        natural = [2.5 * size + 2 * PADDING] * table.width
        for cell in table.cells:
            if cell.cols != 1:
                continue
            wanted = max(text_width(line, font, size) for line in cell.text.split("\n"))
            if cell.row < table.header_rows:
                wanted = min(wanted, 4 * size)
            elif cell.col in table.wrap_cols:
                wanted = min(wanted, NAME_EMS * size)
            natural[cell.col] = max(natural[cell.col], wanted + 2 * PADDING + 2)
        return natural

    def _heights(self, table: PrintedTable, size: float, widths: list[float]) -> list[float]:
        base = size * LEADING + 2 * V_PADDING + self.settings.row_extra
        heights = [base] * table.n_rows
        for cell in sorted(table.cells, key=lambda c: c.rows):
            inner = sum(widths[cell.col : cell.col + cell.cols]) - 2 * PADDING
            lines = wrap(cell.text, self.settings.font, size, inner)
            needed = len(lines) * size * LEADING + 2 * V_PADDING
            have = sum(heights[cell.row : cell.row + cell.rows])
            if needed > have:
                heights[cell.row + cell.rows - 1] += needed - have
        return heights

    def table(self, table: PrintedTable, heading: list[Line]) -> int:
        """Draw a table from a new page on (continuing over pages); its first page (1-based)."""
        wide, size, widths = self._fit(table)
        heights = self._heights(table, size, widths)
        first_page = self.pages + 1
        self.new_page(wide)
        top = self.lines(
            heading, self.size[1] - MARGIN - (14 if self.settings.running_header else 0)
        )
        top -= 4
        header = list(range(table.header_rows))
        body = list(range(table.header_rows, table.n_rows))
        split = self.settings.page_split
        forced = split != "none" and table.splittable and len(body) >= 8
        notes_height = 16 * len(table.notes) + 6
        first = True
        while True:
            rows = list(header) if first or split != "no_header" else []
            room = top - MARGIN - sum(heights[r] for r in rows)
            count = 0
            while count < len(body) and heights[body[count]] <= room:
                room -= heights[body[count]]
                count += 1
            if first and forced:
                count = min(count, max(4, len(body) // 2))
            if count == len(body) and room < notes_height and count > 1:
                count -= 1
            rows += body[:count]
            body = body[count:]
            bottom = self._block(table, rows, top, widths, heights, size)
            if not body:
                break
            self.end_page()
            self.new_page(wide)
            top = self.size[1] - MARGIN - (14 if self.settings.running_header else 0)
            first = False
        self.canvas.setFont(self.settings.font, 9)
        y = bottom - 6
        for note in table.notes:
            y -= 14
            self.canvas.drawString(MARGIN, y, note)
        self.end_page()
        return first_page

    def _block(
        self,
        table: PrintedTable,
        order: list[int],
        top: float,
        widths: list[float],
        heights: list[float],
        size: float,
    ) -> float:
        """Rows ``order`` drawn from ``top``: ruling, then text; the bottom edge."""
        canvas = self.canvas
        left = (self.size[0] - sum(widths)) / 2
        xs = [left]
        for w in widths:
            xs.append(xs[-1] + w)
        tops: dict[int, float] = {}
        y = top
        for r in order:
            tops[r] = y
            y -= heights[r]
        bottom = y
        owner: dict[tuple[int, int], Cell | None] = {}
        for cell in table.cells:
            for i in range(cell.rows):
                for k in range(cell.cols):
                    owner[(cell.row + i, cell.col + k)] = cell

        def same(a: tuple[int, int], b: tuple[int, int]) -> bool:
            return owner.get(a) is not None and owner.get(a) is owner.get(b)

        segments: list[tuple[float, float, float, float]] = []
        for position in range(len(order) + 1):
            above = order[position - 1] if position else None
            below = order[position] if position < len(order) else None
            y_edge = tops[below] if below is not None else bottom
            for c in range(table.width):
                if above is not None and below is not None and same((above, c), (below, c)):
                    continue
                segments.append((xs[c], y_edge, xs[c + 1], y_edge))
        if self.settings.horizontal_only != table.key:
            for r in order:
                for c in range(table.width + 1):
                    if 0 < c < table.width and same((r, c - 1), (r, c)):
                        continue
                    segments.append((xs[c], tops[r], xs[c], tops[r] - heights[r]))
        canvas.setLineWidth(LINE_WIDTH)
        for x1, y1, x2, y2 in _join(segments):
            canvas.line(x1, y1, x2, y2)

        font = self.settings.font
        canvas.setFont(font, size)
        leading = size * LEADING
        shown = set(order)
        for cell in table.cells:
            if cell.row not in shown:
                continue
            x0, x1 = xs[cell.col], xs[cell.col + cell.cols]
            cell_top = tops[cell.row]
            cell_bottom = cell_top - sum(heights[cell.row : cell.row + cell.rows])
            lines = wrap(cell.text, font, size, x1 - x0 - 2 * PADDING)
            if self.settings.valign == "top" and cell.row >= table.header_rows:
                first = cell_top - V_PADDING - ASCENT * size
                first -= (leading - size) / 2
            else:
                first = (cell_top + cell_bottom) / 2 + len(lines) * leading / 2 - ASCENT * size
                first -= (leading - size) / 2
            for index, line in enumerate(lines):
                baseline = first - index * leading
                if cell.align == "center":
                    canvas.drawCentredString((x0 + x1) / 2, baseline, line)
                elif cell.align == "right":
                    canvas.drawRightString(x1 - PADDING, baseline, line)
                else:
                    canvas.drawString(x0 + PADDING, baseline, line)
        return bottom


def _join(
    segments: list[tuple[float, float, float, float]],
) -> list[tuple[float, float, float, float]]:
    """Collinear touching segments as one line."""
    horizontal: dict[float, list[tuple[float, float]]] = {}
    vertical: dict[float, list[tuple[float, float]]] = {}
    for x1, y1, x2, y2 in segments:
        if y1 == y2:
            horizontal.setdefault(round(y1, 3), []).append((min(x1, x2), max(x1, x2)))
        else:
            vertical.setdefault(round(x1, 3), []).append((min(y1, y2), max(y1, y2)))
    joined = []
    for y, parts in sorted(horizontal.items(), reverse=True):
        joined += [(a, y, b, y) for a, b in _merge(parts)]
    for x, parts in sorted(vertical.items()):
        joined += [(x, b, x, a) for a, b in _merge(parts)]
    return joined


def _merge(parts: list[tuple[float, float]]) -> list[tuple[float, float]]:
    merged: list[tuple[float, float]] = []
    for a, b in sorted(parts):
        if merged and a <= merged[-1][1] + 1e-6:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    return merged
