"""Cell text from pdfium's glyph boxes on pages stored with /Rotate 0, 90, 180 and 270."""

from pathlib import Path

import camelot
import pypdfium2 as pdfium
import pytest

from pipelines.extract.cell_text import displayed, fill_cells, page_glyphs
from tests.drawing import cjk_canvas, ruled_table

CELLS = [["科目名称", "金额"], ["行政运行", "1,649.56"], ["合计", "2,940.05"]]


WIDTH, HEIGHT = 595, 842  # the page as stored
# stored (x, y) from displayed (x', y'): x = a x' + c y' + e, y = b x' + d y' + f
UPRIGHT = {
    0: (1, 0, 0, 1, 0, 0),
    90: (0, 1, -1, 0, WIDTH, 0),
    180: (-1, 0, 0, -1, WIDTH, HEIGHT),
    270: (0, -1, 1, 0, 0, HEIGHT),
}


def draw_table(path: Path, rotation: int) -> None:
    """A ruled table that reads upright on the displayed page, as rotated sheets are made."""
    pdf = cjk_canvas(str(path), (WIDTH, HEIGHT), font_size=12)
    pdf.setPageRotation(rotation)
    pdf.transform(*UPRIGHT[rotation])
    ruled_table(pdf, 100, 500, (160, 120), 30, CELLS)
    pdf.save()


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_cells_read_right_on_a_rotated_page(tmp_path: Path, rotation: int) -> None:
    path = tmp_path / f"rotated-{rotation}.pdf"
    draw_table(path, rotation)
    (table,) = camelot.read_pdf(str(path), pages="1", flavor="lattice", engine="vector")
    page = pdfium.PdfDocument(str(path))[0]
    assert page.get_rotation() == rotation
    _, _, width, height = page.get_mediabox()
    glyphs = displayed(page_glyphs(page.get_textpage()), rotation, width, height)
    assert fill_cells(table, glyphs) == CELLS
