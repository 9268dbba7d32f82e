"""Fill camelot's ruled cells with text from pdfium's text layer, by glyph centre.

camelot finds the ruling lines right, but its own text layer takes glyph boxes from the
font's metrics; a CJK font whose Descent is the glyph bounding box's (as some PDF
writers embed them) puts every box almost an em below the glyph, so text lands a row
too low and a table's last row is lost (tests/fixtures/README.md has such a PDF).
pdfium reports the glyphs' true boxes: each glyph goes to the cell holding its centre,
and a merged cell's text to its top-left cell, as camelot does. On a rotated page
(/Rotate 90, A3 sheets printed sideways) camelot measures the page as displayed and pdfium
as stored: the glyph boxes are turned into the displayed page's coordinates first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_SKIPPED = frozenset({0x20, 0x0D, 0x0A, 0x09, 0xFFFE, 0x00})


@dataclass(frozen=True)
class Glyph:
    """One character of the page and its box (PDF user space, y upwards)."""

    char: str
    left: float
    bottom: float
    right: float
    top: float

    @property
    def centre(self) -> tuple[float, float]:
        """The box's centre."""
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


def page_glyphs(textpage: pdfium.PdfTextPage) -> list[Glyph]:
    """A page's printed characters with their boxes (about 4 ms a page)."""
    glyphs = []
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in _SKIPPED:
            continue
        left, bottom, right, top = textpage.get_charbox(index)
        glyphs.append(Glyph(chr(code), left, bottom, right, top))
    return glyphs


def displayed(glyphs: list[Glyph], rotation: int, width: float, height: float) -> list[Glyph]:
    """Glyph boxes in the coordinates of the page as displayed (``width`` x ``height`` is
    the stored page, its /Rotate ``rotation`` degrees clockwise)."""
    if rotation == 90:
        return [Glyph(g.char, g.bottom, width - g.right, g.top, width - g.left) for g in glyphs]
    if rotation == 180:
        return [
            Glyph(g.char, width - g.right, height - g.top, width - g.left, height - g.bottom)
            for g in glyphs
        ]
    if rotation == 270:
        return [Glyph(g.char, height - g.top, g.left, height - g.bottom, g.right) for g in glyphs]
    return glyphs


def stored_rect(
    rotation: int, width: float, height: float, left: float, bottom: float, right: float, top: float
) -> tuple[float, float, float, float]:
    """A rectangle of the displayed page as (left, bottom, right, top) of the stored page."""
    if rotation == 90:
        return width - top, left, width - bottom, right
    if rotation == 180:
        return width - right, height - top, width - left, height - bottom
    if rotation == 270:
        return bottom, height - right, top, height - left
    return left, bottom, right, top


def _index(bounds: list[tuple[float, float]], value: float) -> int | None:
    for position, (low, high) in enumerate(bounds):
        if min(low, high) <= value <= max(low, high):
            return position
    return None


def _top_left(table: Any, row: int, col: int) -> tuple[int, int]:
    while col > 0 and not table.cells[row][col].left:
        col -= 1
    while row > 0 and not table.cells[row][col].top:
        row -= 1
    return row, col


def cell_text(glyphs: list[Glyph]) -> str:
    """Glyphs in reading order: lines top to bottom (a glyph overlapping a line's height
    is on it, so a low comma stays with its digits), left to right."""
    lines: list[tuple[float, float, list[Glyph]]] = []
    for glyph in sorted(glyphs, key=lambda g: -g.top):
        _, y = glyph.centre
        for position, (bottom, top, members) in enumerate(lines):
            if bottom <= y <= top or (glyph.top > bottom and glyph.bottom < top):
                members.append(glyph)
                lines[position] = (min(bottom, glyph.bottom), max(top, glyph.top), members)
                break
        else:
            lines.append((glyph.bottom, glyph.top, [glyph]))
    lines.sort(key=lambda line: -line[1])
    return "\n".join(
        "".join(g.char for g in sorted(members, key=lambda g: g.left)) for _, _, members in lines
    )


def fill_cells(table: Any, glyphs: list[Glyph]) -> list[list[str]]:
    """The table's grid (camelot's rows and columns) with each cell's text from ``glyphs``."""
    rows, cols = len(table.rows), len(table.cols)
    placed: list[list[list[Glyph]]] = [[[] for _ in range(cols)] for _ in range(rows)]
    for glyph in glyphs:
        x, y = glyph.centre
        col, row = _index(table.cols, x), _index(table.rows, y)
        if row is None or col is None:
            continue
        row, col = _top_left(table, row, col)
        placed[row][col].append(glyph)
    return [[cell_text(cell) for cell in row] for row in placed]
