"""A pathological publication: two pages ruled into a 200 x 200 grid each (80,000 cells),
which the table reader takes half a minute to analyse: the hanging document of the
time-limit and kill tests."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A3, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

ROWS = COLUMNS = 200
FONT = "STSong-Light"  # reportlab's built-in CID font: no font file needed


def pathological_grid_pdf(path: Path, rows: int = ROWS, columns: int = COLUMNS) -> Path:
    """Write the two-page grid to ``path``; returns it."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    width, height = landscape(A3)
    drawing = canvas.Canvas(str(path), pagesize=(width, height))
    left, top, right, bottom = 20, height - 50, width - 20, 20
    for _ in range(2):
        drawing.setFont(FONT, 10)
        drawing.drawString(40, height - 30, "2024年部门收支决算总表")
        drawing.setLineWidth(0.2)
        for i in range(rows + 1):
            y = top - (top - bottom) * i / rows
            drawing.line(left, y, right, y)
        for j in range(columns + 1):
            x = left + (right - left) * j / columns
            drawing.line(x, top, x, bottom)
        drawing.setFont(FONT, 2)
        for i in range(rows):
            for j in range(0, columns, 4):
                x = left + (right - left) * j / columns + 0.3
                drawing.drawString(x, top - (top - bottom) * (i + 0.8) / rows, "1.00")
        drawing.showPage()
    drawing.save()
    return path
