from pathlib import Path

from pipelines.catalog.titles import match_title
from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.extract.text_source import decode_text, read_text_tables
from pipelines.normalise.facts import normalise_document
from tests.conftest import SAMPLE, SAMPLE_NAME

SAMPLE_TEXT = SAMPLE.read_text(encoding="utf-8")


def test_all_ten_tables_are_found_with_their_numbers_and_units() -> None:
    tables = read_text_tables(SAMPLE_TEXT)
    assert [(t.table_key, t.number, t.unit) for t in tables] == [
        ("summary", "公开01表", "万元"),
        ("income", "公开02表", "万元"),
        ("expenditure", "公开03表", "万元"),
        ("appropriation_summary", "公开04表", "万元"),  # unit printed as 万 / 元 on two lines
        ("gpb_expenditure", "公开05表", "万元"),
        ("gpb_basic_expenditure", "公开06表", "万元"),
        ("gov_fund", "公开07表", "万元"),
        ("state_capital", "公开08表", "万元"),
        ("three_public", "公开09表", "万元"),
        ("statistics", "公开10表", "万元"),
    ]


def test_no_data_notes_are_seen_only_where_printed() -> None:
    notes = {t.table_key: t.no_data_note for t in read_text_tables(SAMPLE_TEXT)}
    assert notes["gov_fund"] and notes["state_capital"]
    assert not any(v for k, v in notes.items() if k not in ("gov_fund", "state_capital"))


def test_table_of_contents_lines_are_not_titles() -> None:
    assert match_title("一、收入支出决算总表.....\t2") is None
    assert match_title("## 收入支出决算总表") == "summary"
    assert match_title("### 财政拨款“三公”经费支出决算表") == "three_public"
    assert match_title("一般公共预算财政拨款支出决算表") == "gpb_expenditure"
    assert match_title("财政拨款收入支出决算总表") == "appropriation_summary"
    assert match_title("#### 一、收入支出决算总体情况说明") is None


def test_gbk_and_utf8_read_alike() -> None:
    assert decode_text(SAMPLE_TEXT.encode("gbk")) == SAMPLE_TEXT
    assert decode_text(SAMPLE_TEXT.encode("gb18030")) == SAMPLE_TEXT
    assert decode_text(b"\xef\xbb\xbf" + SAMPLE_TEXT.encode("utf-8")) == SAMPLE_TEXT


def test_a_gbk_copy_of_the_sample_loads_identically(tmp_path: Path) -> None:
    (tmp_path / "utf8").mkdir()
    (tmp_path / "gbk").mkdir()
    (tmp_path / "utf8" / SAMPLE_NAME).write_bytes(SAMPLE.read_bytes())
    (tmp_path / "gbk" / SAMPLE_NAME).write_bytes(SAMPLE_TEXT.encode("gbk"))
    utf8 = normalise_document(
        extract_document(document_ref(tmp_path / "utf8" / SAMPLE_NAME, tmp_path / "utf8"))
    )
    gbk = normalise_document(
        extract_document(document_ref(tmp_path / "gbk" / SAMPLE_NAME, tmp_path / "gbk"))
    )
    assert utf8.document_id != gbk.document_id  # different bytes, different documents
    assert gbk.status == "loaded"
    assert gbk.line_items.drop("document_id").equals(utf8.line_items.drop("document_id"))
    assert gbk.quantities.drop("document_id").equals(utf8.quantities.drop("document_id"))
    assert gbk.line_items.height == 208
