"""Where figures were printed and the links to them: the department's documents, a place
(document and page or line), and the lines of text sources (the views carry a figure's
page, not its line)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import duckdb

from pipelines.warehouse.department_report.formatting import KINDS, esc
from pipelines.warehouse.department_report.views import records


@dataclass(frozen=True)
class Document:
    """A file of the department as ``v_documents`` holds it."""

    document_id: str
    source_file: str
    region: str | None
    fiscal_year: int | None
    doc_kind: str | None
    scope: str | None
    part: str | None
    status: str
    verification: str | None
    failed_errors: int
    failed_warnings: int
    page_count: int | None
    source_url: str | None
    published_on: Any

    @property
    def label(self) -> str:
        """``2019 预算`` and the like."""
        return " ".join(
            str(part)
            for part in (self.fiscal_year, KINDS.get(self.doc_kind or "", self.doc_kind))
            if part
        )


def department_documents(conn: duckdb.DuckDBPyConnection, department: str) -> list[Document]:
    """The department's files of ``v_documents``, by year, kind and file name."""
    rows = records(
        conn,
        "SELECT * FROM v_documents WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, source_file",
        [department],
    )
    names = [field.name for field in fields(Document)]
    return [Document(**{name: row[name] for name in names}) for row in rows]


@dataclass(frozen=True)
class Place:
    """Where a figure was printed: a document, its 1-based page (PDF) or line (text)."""

    document_id: str
    page: int | None = None
    line: int | None = None


class Sources:
    """The department's documents and the links to the places figures were printed."""

    def __init__(self, documents: Iterable[Document], raw_dir: Path) -> None:
        self.documents = {doc.document_id: doc for doc in documents}
        self.raw_dir = raw_dir

    def file_uri(self, doc: Document) -> str:
        """The raw folder's file as a ``file://`` URI."""
        return (self.raw_dir / doc.source_file).resolve().as_uri()

    def href(self, place: Place) -> str:
        """The published copy (sources.csv's URL) if there is one, else the raw file; at the
        page for a PDF."""
        doc = self.documents[place.document_id]
        base = doc.source_url or self.file_uri(doc)
        if place.page and "#" not in base:
            return f"{base}#page={place.page}"
        return base

    def link(self, place: Place | None) -> str:
        """An ``<a>`` to the place: ``p. 5``, ``line 113`` or ``file``."""
        if place is None or place.document_id not in self.documents:
            return '<span class="muted">–</span>'
        if place.page:
            text = f"p. {place.page}"
        elif place.line:
            text = f"line {place.line}"
        else:
            text = "file"
        return f'<a class="src" href="{esc(self.href(place))}">{esc(text)}</a>'


class Lines:
    """The line each row of the department's text sources was printed on (``v_line_items``;
    a PDF's rows have pages, which the views carry): by document, table and code, and by
    document, table and label."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, department: str) -> None:
        rows = conn.execute(
            "SELECT li.document_id, li.table_key, li.row_code, li.row_label, "
            "min(li.source_line) FROM v_line_items AS li "
            "JOIN documents AS d USING (document_id) WHERE d.department = ? "
            "AND li.source_line IS NOT NULL GROUP BY ALL ORDER BY 5",
            [department],
        ).fetchall()
        self.by_code: dict[tuple, int] = {}
        self.by_label: dict[tuple, int] = {}
        for document_id, table_key, code, label, line in rows:
            if code:
                self.by_code.setdefault((document_id, table_key, code), line)
            if label:
                self.by_label.setdefault((document_id, table_key, label), line)

    def code(self, document_id: str, table_key: str | None, code: str) -> int | None:
        """The line of a coded row; None for a PDF's row or a row not found."""
        return self.by_code.get((document_id, table_key, code))

    def label(self, document_id: str, table_key: str, label: str) -> int | None:
        """The line of a row by its printed label; None for a PDF's or one not found."""
        return self.by_label.get((document_id, table_key, label))
