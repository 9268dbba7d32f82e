"""The raw folder's sources.csv (pipelines/documents/sources_table.py) and its record in the
warehouse (pipelines/warehouse/sources.py apply_sources_table)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from pipelines.documents.discover import document_ref, find_documents
from pipelines.documents.sources_table import SourceEntry, read_sources_table
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import normalise_document
from pipelines.warehouse.load import load_document
from pipelines.warehouse.sources import apply_sources_table
from tests.conftest import SAMPLE, SAMPLE_NAME

URL = "https://www.xiaoyi.gov.cn/zwgk/2024js.pdf"


def raw_folder(base: Path, table: bytes | None) -> Path:
    """The sample and a PDF in a folder, beside a sources.csv of these bytes."""
    raw = base / "raw"
    (raw / "putuo").mkdir(parents=True)
    (raw / SAMPLE_NAME).write_bytes(SAMPLE.read_bytes())
    (raw / "putuo" / "final.pdf").write_bytes(b"%PDF-1.4 not really")
    if table is not None:
        (raw / "sources.csv").write_bytes(table)
    return raw


def test_a_table_with_a_bom_extra_columns_and_folders(tmp_path: Path) -> None:
    table = (
        "\ufefffile,department,source_url,published_on,notes\r\n"
        f"{SAMPLE_NAME},孝义市行政审批服务管理局,{URL},2025-08-29,the sample\r\n"
        "\r\n"
        "putuo\\final.pdf,上海市普陀区财政局,,,\r\n"
    ).encode()
    found = read_sources_table(raw_folder(tmp_path, table))
    assert found.problems == []
    assert found.entries == {
        SAMPLE_NAME: SourceEntry(URL, date(2025, 8, 29)),
        "putuo/final.pdf": SourceEntry(None, None),
    }
    assert found.entries[SAMPLE_NAME] == (URL, date(2025, 8, 29))  # a (url, date) pair


def test_the_table_is_not_a_document(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, f"file,source_url\n{SAMPLE_NAME},{URL}\n".encode())
    assert [ref.source_file for ref in find_documents(raw)] == ["putuo/final.pdf", SAMPLE_NAME]


def test_rows_that_cannot_be_used_are_reported(tmp_path: Path) -> None:
    table = (
        "source_url,published_on,file\n"  # columns in any order
        f"{URL},2025-13-01,{SAMPLE_NAME}\n"  # no 13th month: the date is left empty
        f"{URL},2025-08-29,missing.pdf\n"  # not in the raw folder
        f"{URL},2025-08-29,\n"  # no file
        f"{URL},2025-09-01,{SAMPLE_NAME}\n"  # listed again
        f"{URL},29/08/2025,./putuo/final.pdf\n"  # not YYYY-MM-DD
        "short\n"  # a row of one cell: its file cell is missing
    ).encode()
    found = read_sources_table(raw_folder(tmp_path, table))
    assert found.entries == {
        SAMPLE_NAME: SourceEntry(URL, None),
        "putuo/final.pdf": SourceEntry(URL, None),
    }
    assert [(p.line, p.file, p.reason) for p in found.problems] == [
        (2, SAMPLE_NAME, "published_on '2025-13-01' is not a date (YYYY-MM-DD): left empty"),
        (3, "missing.pdf", "names a file that is not in the raw folder: ignored"),
        (4, None, "the file cell is empty: row ignored"),
        (5, SAMPLE_NAME, "the file is listed again: the first row is used"),
        (6, "putuo/final.pdf", "published_on '29/08/2025' is not a date (YYYY-MM-DD): left empty"),
        (7, None, "the file cell is empty: row ignored"),
    ]
    assert str(found.problems[1]) == (
        "sources.csv line 3: names a file that is not in the raw folder: ignored"
    )


def test_a_table_without_a_file_column_is_not_used(tmp_path: Path) -> None:
    found = read_sources_table(raw_folder(tmp_path, f"name,url\n{SAMPLE_NAME},{URL}\n".encode()))
    assert found.entries == {}
    assert [(p.line, p.reason) for p in found.problems] == [
        (1, "no file column in its header: the table is not used")
    ]


def test_no_table_and_an_empty_table(tmp_path: Path) -> None:
    none = read_sources_table(raw_folder(tmp_path / "none", None))
    assert none.entries == {} and none.problems == []
    empty = read_sources_table(raw_folder(tmp_path / "empty", b""))
    assert empty.entries == {}
    assert [p.reason for p in empty.problems] == [
        "no file column in its header: the table is not used"
    ]


def test_a_gb18030_table_is_read_and_reported(tmp_path: Path) -> None:
    table = (
        f"file,department,source_url,published_on\n{SAMPLE_NAME},孝义市行政审批服务管理局,{URL},"
        "2025-08-29\n"
    ).encode("gb18030")
    found = read_sources_table(raw_folder(tmp_path, table))
    assert found.entries == {SAMPLE_NAME: SourceEntry(URL, date(2025, 8, 29))}
    assert [p.reason for p in found.problems] == ["not UTF-8 but GB18030 text: read as GB18030"]


def test_apply_sources_table(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, None)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        document = normalise_document(extract_document(document_ref(raw / SAMPLE_NAME, raw)))
        load_document(conn, document)

        def shown() -> list[tuple]:
            return conn.execute(
                "SELECT s.source_file, s.source_url, s.published_on, d.source_url, "
                "d.published_on FROM document_sources AS s JOIN v_documents AS d "
                "USING (document_id)"
            ).fetchall()

        assert shown() == [(SAMPLE_NAME, None, None, None, None)]
        entries = {
            SAMPLE_NAME: SourceEntry(URL, date(2025, 8, 29)),
            "putuo/final.pdf": SourceEntry(None, date(2025, 9, 1)),  # not loaded (yet)
        }
        assert apply_sources_table(conn, entries) == 1
        assert shown() == [
            (SAMPLE_NAME, URL, date(2025, 8, 29), URL, date(2025, 8, 29)),
        ]
        assert conn.execute("SELECT * FROM sources_csv ORDER BY 1").fetchall() == [
            ("putuo/final.pdf", None, date(2025, 9, 1)),
            (SAMPLE_NAME, URL, date(2025, 8, 29)),
        ]
        assert apply_sources_table(conn, entries) == 0  # nothing changed
        # the document was not read again
        assert conn.execute("SELECT count(*) FROM line_items").fetchone() == (208,)
        # the file's row gone from the table: its URL and date go too
        assert apply_sources_table(conn, {}) == 1
        assert shown() == [(SAMPLE_NAME, None, None, None, None)]
        assert conn.execute("SELECT count(*) FROM sources_csv").fetchone() == (0,)
