"""Which pages camelot is asked to read (the text-layer pre-filter)."""

from pipelines.extract.pdf_source import PageText, table_pages


def page(number: int, text: str) -> PageText:
    return PageText(number, text, 595, 842, 0)


def test_title_pages_and_their_tabular_continuations() -> None:
    pages = [
        page(1, "某某局\n2024年度部门预算"),
        page(2, "部门职能。负责全区工作。主要任务如下。具体说明。" * 2),
        page(3, "2024年部门收入预算总表\n单位：元\n201 一般公共服务支出 2,932,700"),
        page(4, "201 05 统计信息事务 257 257 0 0 0\n204 06 07 公共法律服务 300 300 0 0 0"),
        page(5, "名词解释。财政拨款收入：指……。事业收入：指……。其他收入：指……。结转：指……。"),
        page(6, "205 教育支出 250,000"),
    ]
    # page 4: a continuation in whole yuan without separators; page 6 follows prose
    assert table_pages(pages) == [3, 4]


def test_a_title_the_text_layer_broke_into_pieces() -> None:
    from pipelines.extract.pdf_source import _titles_in

    # pdfium cut this title at its quotation marks; its last piece alone reads 支出决算表
    text = "表9：2016年度某某局财政拨款\n“三公\n”\n经\n费支出决算表\n金额单位：元"
    ((line, (key, _)),) = _titles_in(text)
    assert key == "three_public"
    # a part heading above a title is not joined to it
    ((line, (key, _)),) = _titles_in("二、部门预算报表\n西南大学收支预算总表\n单位：万元")
    assert (line, key) == ("西南大学收支预算总表", "summary")
