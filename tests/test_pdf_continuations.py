"""An untitled table is a continuation only at the top of the next page."""

from pathlib import Path

from pipelines.extract.pdf_source import read_page_texts, read_pdf_tables
from tests.drawing import FONT, cjk_canvas, ruled_table

HEADER = ["科目编码", "科目名称", "合计"]


def grid(pdf, top: float, rows: list[list[str]]) -> None:
    ruled_table(pdf, 80, top, (100, 200, 100), 24, rows)


def test_an_untitled_table_under_a_titled_one_is_not_appended(tmp_path: Path) -> None:
    path = tmp_path / "two-tables.pdf"
    pdf = cjk_canvas(str(path))
    pdf.drawString(220, 790, "支出决算表")
    pdf.drawString(420, 770, "单位：万元")
    grid(pdf, 760, [HEADER, ["", "合计", "9.00"], ["201", "一般公共服务支出", "9.00"]])
    pdf.drawString(80, 640, "项目支出绩效自评")  # not a standard title
    grid(pdf, 620, [["指标", "名称", "得分"], ["产出", "数量", "10"]])
    pdf.showPage()
    pdf.setFont(FONT, 11)
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
    path = tmp_path / "split-header.pdf"
    pdf = cjk_canvas(str(path))
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
