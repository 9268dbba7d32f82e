"""Drawing small ruled tables into PDFs for tests (reportlab, a CJK font)."""

from collections.abc import Sequence

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"


def cjk_canvas(path: str, size: tuple[float, float] = (595, 842), font_size: int = 11):
    """A canvas writing with reportlab's built-in CJK font (no font file needed)."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    pdf = canvas.Canvas(path, pagesize=size)
    pdf.setFont(FONT, font_size)
    return pdf


def ruled_table(
    pdf: canvas.Canvas,
    left: float,
    top: float,
    widths: Sequence[float],
    height: float,
    rows: Sequence[Sequence[str]],
) -> None:
    """Every cell a stroked rectangle with its text inside, rows downwards from ``top``."""
    for number, cells in enumerate(rows):
        x = left
        bottom = top - (number + 1) * height
        for width, text in zip(widths, cells, strict=True):
            pdf.rect(x, bottom, width, height)
            pdf.drawString(x + 6, bottom + height / 3, text)
            x += width
