"""Editions of one publication (sql/refresh/000_editions.sql): of two documents of the same
publication and part, the one marked as a correction (更正…) or, else, published later
supersedes the other; the superseded one leaves the views, v_edition_changes lists what
changed, and it is loaded again when the newer edition goes.

The editions are the bundled sample and a copy of it with one figure corrected: 公开03表
(支出决算表, line 154 of the sample) prints 2010302 一般行政管理事务 本年支出合计 390.48万元;
the copy prints 390.58万元 (3,904,800.00 -> 3,905,800.00 yuan, 1,000.00 more).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from pipelines.documents.discover import document_ref, scan_raw_folder
from pipelines.documents.identity import read_identity
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import normalise_document
from pipelines.warehouse.load import load_document
from pipelines.warehouse.sources import apply_sources_table, retire_removed
from tests.conftest import SAMPLE, SAMPLE_NAME

PRINTED = "2010302\t一般行政管理事务\t390.48\t10.85\t379.63"
CORRECTED = "2010302\t一般行政管理事务\t390.58\t10.85\t379.63"
CORRECTION_NAME = "xiaoyi-admin-approval-bureau-2024-final-accounts-更正.txt"
COPY_NAME = "xiaoyi-admin-approval-bureau-2024-final-accounts-copy.txt"
SAMPLE_FIGURES = 208  # the sample's line items (tests/test_publications.py)
# the one figure the copies change, as v_edition_changes shows it
CHANGE = ("expenditure", "2010302", "一般行政管理事务", "total", "changed")
OLD, NEW = Decimal("3904800.00"), Decimal("3905800.00")


def corrected_text() -> str:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(PRINTED) == 2  # 公开03表 (line 154) and 公开05表 (line 240)
    return text.replace(PRINTED, CORRECTED, 1)


def raw_folder(base: Path, corrected_name: str) -> Path:
    """The sample and its corrected copy, named ``corrected_name``."""
    raw = base / "raw"
    raw.mkdir()
    (raw / SAMPLE_NAME).write_bytes(SAMPLE.read_bytes())
    (raw / corrected_name).write_text(corrected_text(), encoding="utf-8")
    return raw


def load(conn: duckdb.DuckDBPyConnection, raw: Path, *names: str) -> dict[str, str]:
    """Load the files ``names`` of ``raw``; their document ids by name."""
    ids = {}
    for name in names:
        document = normalise_document(extract_document(document_ref(raw / name, raw)))
        ids[name] = load_document(conn, document).document_id
    return ids


def statuses(conn: duckdb.DuckDBPyConnection) -> dict[str, tuple]:
    return {
        name: (status, superseded_by)
        for name, status, superseded_by in conn.execute(
            "SELECT source_file, status, superseded_by FROM documents"
        ).fetchall()
    }


def counted(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """v_line_items' figures per document."""
    return dict(
        conn.execute("SELECT document_id, count(*) FROM v_line_items GROUP BY 1").fetchall()
    )


def changes(conn: duckdb.DuckDBPyConnection) -> list[tuple]:
    return conn.execute(
        "SELECT table_key, row_code, row_label, column_key, change, old_amount_yuan, "
        "new_amount_yuan, difference_yuan, old_document_id, new_document_id, "
        "old_source_file, new_source_file, old_source_line, new_source_line "
        "FROM v_edition_changes ORDER BY ALL"
    ).fetchall()


@pytest.mark.parametrize("order", ["original first", "correction first"])
def test_a_correction_supersedes_the_original(tmp_path: Path, order: str) -> None:
    raw = raw_folder(tmp_path, CORRECTION_NAME)
    names = [SAMPLE_NAME, CORRECTION_NAME]
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ids = load(conn, raw, *(names if order == "original first" else reversed(names)))
        old, new = ids[SAMPLE_NAME], ids[CORRECTION_NAME]
        assert statuses(conn) == {
            SAMPLE_NAME: ("superseded", new),
            CORRECTION_NAME: ("loaded", None),
        }
        marks = conn.execute("SELECT source_file, edition_mark, status_reason FROM documents")
        assert {name: rest for name, *rest in marks.fetchall()} == {
            SAMPLE_NAME: [
                None,
                f"a newer edition of its publication is loaded: {CORRECTION_NAME}, "
                "marked 更正 (a corrected edition)",
            ],
            CORRECTION_NAME: ["更正", None],
        }
        # the figures analysts count are the correction's only; the original's stay stored
        assert counted(conn) == {new: SAMPLE_FIGURES}
        assert conn.execute(
            "SELECT count(*) FROM line_items WHERE document_id = ?", [old]
        ).fetchone() == (SAMPLE_FIGURES,)
        assert conn.execute("SELECT files FROM v_publications").fetchall() == [(1,)]
        assert conn.execute("SELECT count(*) FROM v_publication_disagreements").fetchone() == (0,)
        assert conn.execute(
            "SELECT total_yuan FROM v_expenditure_by_function WHERE subject_code = '2010302'"
        ).fetchall() == [(NEW,)]
        assert set(
            conn.execute("SELECT source_file, status, verification FROM v_documents").fetchall()
        ) == {(SAMPLE_NAME, "superseded", None), (CORRECTION_NAME, "loaded", "verified")}
        assert changes(conn) == [
            (
                *CHANGE,
                OLD,
                NEW,
                Decimal("1000.00"),
                old,
                new,
                SAMPLE_NAME,
                CORRECTION_NAME,
                154,
                154,
            )
        ]
        row = conn.execute(
            "SELECT department, fiscal_year, doc_kind FROM v_edition_changes"
        ).fetchone()
        assert row == ("孝义市行政审批服务管理局", 2024, "final_accounts")


def test_retiring_the_correction_loads_the_original_again(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, CORRECTION_NAME)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ids = load(conn, raw, SAMPLE_NAME, CORRECTION_NAME)
        (raw / CORRECTION_NAME).unlink()
        assert retire_removed(conn, scan_raw_folder(raw)) == [ids[CORRECTION_NAME]]
        assert statuses(conn) == {SAMPLE_NAME: ("loaded", None), CORRECTION_NAME: ("retired", None)}
        assert conn.execute(
            "SELECT status_reason FROM documents WHERE source_file = ?", [SAMPLE_NAME]
        ).fetchone() == (None,)
        assert counted(conn) == {ids[SAMPLE_NAME]: SAMPLE_FIGURES}
        assert conn.execute(
            "SELECT total_yuan FROM v_expenditure_by_function WHERE subject_code = '2010302'"
        ).fetchall() == [(OLD,)]
        assert changes(conn) == []
        # a retired document is no longer one of the raw folder's
        assert conn.execute("SELECT source_file, status FROM v_documents").fetchall() == [
            (SAMPLE_NAME, "loaded")
        ]


def test_the_later_publication_date_decides_without_a_marker(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, COPY_NAME)
    url = "https://example.gov.cn/xxgk/{}.pdf"
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ids = load(conn, raw, SAMPLE_NAME, COPY_NAME)
        first, copy = ids[SAMPLE_NAME], ids[COPY_NAME]
        # no mark, no dates: undecided, both stay loaded and their difference is reported
        assert statuses(conn) == {SAMPLE_NAME: ("loaded", None), COPY_NAME: ("loaded", None)}
        assert conn.execute(
            "SELECT table_key, row_key, column_key, amount_a_yuan, amount_b_yuan "
            "FROM v_publication_disagreements"
        ).fetchall() == [
            ("expenditure", "2010302", "total", *((OLD, NEW) if first < copy else (NEW, OLD)))
        ]
        assert changes(conn) == []

        dated = {
            SAMPLE_NAME: (url.format("first"), date(2025, 8, 29)),
            COPY_NAME: (url.format("second"), date(2025, 9, 10)),
        }
        assert apply_sources_table(conn, dated) == 2
        assert statuses(conn) == {SAMPLE_NAME: ("superseded", copy), COPY_NAME: ("loaded", None)}
        assert conn.execute(
            "SELECT status_reason FROM documents WHERE source_file = ?", [SAMPLE_NAME]
        ).fetchone() == (
            f"a newer edition of its publication is loaded: {COPY_NAME}, published on "
            "2025-09-10 (this one on 2025-08-29)",
        )
        assert counted(conn) == {copy: SAMPLE_FIGURES}
        assert changes(conn) == [
            (*CHANGE, OLD, NEW, Decimal("1000.00"), first, copy, SAMPLE_NAME, COPY_NAME, 154, 154)
        ]
        shown = "SELECT source_file, status, source_url, published_on FROM v_documents"
        assert set(conn.execute(shown).fetchall()) == {
            (SAMPLE_NAME, "superseded", "https://example.gov.cn/xxgk/first.pdf", date(2025, 8, 29)),
            (COPY_NAME, "loaded", "https://example.gov.cn/xxgk/second.pdf", date(2025, 9, 10)),
        }

        # the dates the other way round: the decision is made again, from scratch
        swapped = {SAMPLE_NAME: (None, date(2025, 9, 10)), COPY_NAME: (None, date(2025, 8, 29))}
        assert apply_sources_table(conn, swapped) == 2
        assert statuses(conn) == {SAMPLE_NAME: ("loaded", None), COPY_NAME: ("superseded", first)}
        assert changes(conn) == [
            (*CHANGE, NEW, OLD, Decimal("-1000.00"), copy, first, COPY_NAME, SAMPLE_NAME, 154, 154)
        ]

        # one date only: undecided again
        assert apply_sources_table(conn, {COPY_NAME: (None, date(2025, 8, 29))}) == 1
        assert statuses(conn) == {SAMPLE_NAME: ("loaded", None), COPY_NAME: ("loaded", None)}
        assert changes(conn) == []


def test_a_correction_outranks_a_later_date(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, CORRECTION_NAME)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        ids = load(conn, raw, SAMPLE_NAME, CORRECTION_NAME)
        apply_sources_table(
            conn,
            {SAMPLE_NAME: (None, date(2025, 9, 10)), CORRECTION_NAME: (None, date(2025, 8, 29))},
        )
        assert statuses(conn) == {
            SAMPLE_NAME: ("superseded", ids[CORRECTION_NAME]),
            CORRECTION_NAME: ("loaded", None),
        }


def test_dates_recorded_before_the_files_are_loaded_decide_at_load(tmp_path: Path) -> None:
    raw = raw_folder(tmp_path, COPY_NAME)
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        # the reconcile step reads sources.csv before the new files' first load
        assert (
            apply_sources_table(
                conn,
                {SAMPLE_NAME: (None, date(2025, 9, 10)), COPY_NAME: (None, date(2025, 8, 29))},
            )
            == 0
        )
        ids = load(conn, raw, COPY_NAME, SAMPLE_NAME)
        assert statuses(conn) == {
            SAMPLE_NAME: ("loaded", None),
            COPY_NAME: ("superseded", ids[SAMPLE_NAME]),
        }
        assert dict(
            conn.execute("SELECT source_file, published_on FROM document_sources").fetchall()
        ) == {SAMPLE_NAME: date(2025, 9, 10), COPY_NAME: date(2025, 8, 29)}


def test_different_parts_are_not_editions(tmp_path: Path) -> None:
    """A tables-only file (the sample's narrative cut off) marked 更正 is another part of
    the publication, not a new edition of the complete one."""
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / SAMPLE_NAME).write_bytes(SAMPLE.read_bytes())
    text = corrected_text()
    tables_only = text[: text.index("### 第三部分")]
    (raw / "tables-更正.txt").write_text(tables_only, encoding="utf-8")
    with duckdb.connect(str(tmp_path / "w.duckdb")) as conn:
        load(conn, raw, SAMPLE_NAME, "tables-更正.txt")
        assert conn.execute(
            "SELECT source_file, part, status FROM documents ORDER BY 1"
        ).fetchall() == [
            ("tables-更正.txt", "tables", "loaded"),
            (SAMPLE_NAME, "complete", "loaded"),
        ]


@pytest.mark.parametrize(
    ("lines", "titles", "file_name", "mark"),
    [
        (["孝义市行政审批服务管理局", "2024年度部门决算公开（更正）"], [], "x.txt", "更正"),
        (["孝义市行政审批服务管理局", "2024年度部门决算公开"], [], "x-勘误.txt", "勘误"),
        (["孝义市行政审批服务管理局", "2024年度部门决算公开"], [], "x-Corrected.pdf", "corrected"),
        (
            ["孝义市行政审批服务管理局", "2024年度部门决算公开"],
            [(None, "收入支出决算总表（修订）", "收入支出决算总表")],
            "x.txt",
            "修订",
        ),
        # prose, a contents line and a phrase that is no mark mark nothing
        (
            [
                "孝义市行政审批服务管理局",
                "2024年度部门决算公开",
                "一、设备更新情况说明.....15",
                "本年度我局完成了政务服务系统的更新，提升了办事效率。",
                "大规模设备更新",
            ],
            [],
            "x.txt",
            None,
        ),
    ],
)
def test_where_an_edition_mark_is_read(
    lines: list[str], titles: list, file_name: str, mark: str | None
) -> None:
    assert read_identity([(None, lines)], titles, file_name).edition_mark == mark


def test_the_sample_carries_no_mark() -> None:
    # its basic-expenditure table prints 30907 信息网络及软件购置更新: a row, not a mark
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert "更新" in "".join(lines)
    assert read_identity([(None, lines)], [], SAMPLE_NAME).edition_mark is None
