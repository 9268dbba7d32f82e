"""An untitled table is a continuation only at the top of the next page."""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipelines.extract.pdf_source import read_page_texts, read_pdf_tables

HEADER = ["科目编码", "科目名称", "合计"]


def grid(pdf: canvas.Canvas, top: float, rows: list[list[str]]) -> None:
    widths, height, left = (100, 200, 100), 24, 80
    for number, cells in enumerate(rows):
        x = left
        for width, text in zip(widths, cells, strict=True):
            pdf.rect(x, top - (number + 1) * height, width, height)
            pdf.drawString(x + 6, top - (number + 1) * height + 8, text)
            x += width


def test_an_untitled_table_under_a_titled_one_is_not_appended(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "two-tables.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(220, 790, "支出决算表")
    pdf.drawString(420, 770, "单位：万元")
    grid(pdf, 760, [HEADER, ["", "合计", "9.00"], ["201", "一般公共服务支出", "9.00"]])
    pdf.drawString(80, 640, "项目支出绩效自评")  # not a standard title
    grid(pdf, 620, [["指标", "名称", "得分"], ["产出", "数量", "10"]])
    pdf.showPage()
    pdf.setFont("STSong-Light", 11)
    grid(pdf, 800, [["208", "社会保障和就业支出", "1.00"]])  # top of the next page
    pdf.save()

    tables, problems = read_pdf_tables(path, read_page_texts(path))
    assert [t.table_key for t in tables] == ["expenditure"]
    rows = [[c for c in row.cells] for row in tables[0].rows]
    assert rows == [HEADER, ["", "合计", "9.00"], ["201", "一般公共服务支出", "9.00"]]
    assert problems == [
        "page 1: a table with no standard title above it was not read",
        "page 2: a table with no standard title above it was not read",
    ]


def test_a_header_ruled_apart_from_its_body_is_one_table(tmp_path: Path) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "split-header.pdf"
    pdf = canvas.Canvas(str(path), pagesize=(595, 842))
    pdf.setFont("STSong-Light", 11)
    pdf.drawString(220, 790, "支出决算表")
    pdf.drawString(420, 770, "单位：万元")
    grid(pdf, 760, [HEADER])
    grid(pdf, 730, [["", "合计", "9.00"], ["201", "一般公共服务支出", "9.00"]])  # a gap above
    pdf.save()

    tables, problems = read_pdf_tables(path, read_page_texts(path))
    assert problems == []
    assert [[c for c in row.cells] for row in tables[0].rows] == [
        HEADER,
        ["", "合计", "9.00"],
        ["201", "一般公共服务支出", "9.00"],
    ]
