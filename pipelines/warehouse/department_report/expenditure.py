"""Expenditure by functional code (``v_expenditure_by_function``): its section, and where
each of its figures was printed, for the views built on it."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from pipelines.warehouse.department_report.charts import Charts, bar, wan
from pipelines.warehouse.department_report.formatting import (
    FUND_SCOPES,
    esc,
    money,
    note,
    num,
    table,
)
from pipelines.warehouse.department_report.sources import Lines, Place, Sources
from pipelines.warehouse.department_report.views import records

LEVEL_INDENT = {"类": 0, "款": 1, "项": 2}
EXPENDITURE_HEAD = (
    "Code",
    "Name 科目名称",
    "Level",
    "Total 合计 (元)",
    "Basic 基本支出 (元)",
    "Project 项目支出 (元)",
    "Table",
    "Fund scope",
    "Source",
)


def expenditure_rows(conn: duckdb.DuckDBPyConnection, department: str) -> list[dict]:
    """The department's rows of ``v_expenditure_by_function``, by year, kind, document and
    code."""
    return records(
        conn,
        "SELECT * FROM v_expenditure_by_function WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, document_id, subject_code",
        [department],
    )


def expenditure_place(row: dict, lines: Lines) -> Place:
    """Where a row of ``v_expenditure_by_function`` was printed: its page, or its line."""
    line = lines.code(row["document_id"], row["source_table"], row["subject_code"])
    return Place(row["document_id"], row["page"], line)


class Figures:
    """Where each figure of ``v_expenditure_by_function`` was printed, found by what the
    views built on it carry: its document and code, or (``v_expenditure_yoy`` names no
    document; a budget set against final accounts is another document's) its year, kind,
    scope, code and fund scope."""

    def __init__(self, rows: list[dict], lines: Lines) -> None:
        self._by_document: dict[tuple, Place] = {}
        self._by_year: dict[tuple, Place] = {}
        for row in rows:
            place = expenditure_place(row, lines)
            code = row["subject_code"]
            self._by_document.setdefault((row["document_id"], code), place)
            key = (row["fiscal_year"], row["doc_kind"], row["scope"], code, row["fund_scope"])
            self._by_year.setdefault(key, place)

    def in_document(self, document_id: str, code: str) -> Place | None:
        """The place of the figure of ``code`` in the document ``document_id``."""
        return self._by_document.get((document_id, code))

    def of_year(self, row: dict, *, kind: str | None = None) -> Place | None:
        """The place of the figure of ``row`` (a view's row: its year, scope, code and fund
        scope) in a document of its kind, or of ``kind`` (another kind, same year)."""
        key = (
            row["fiscal_year"],
            kind or row["doc_kind"],
            row["scope"],
            row["subject_code"],
            row["fund_scope"],
        )
        return self._by_year.get(key)


def expenditure_section(rows: list[dict], sources: Sources, lines: Lines, charts: Charts) -> str:
    """A stacked chart of the 类 per document, and per document a table of every code."""
    if not rows:
        return note("No expenditure by functional code: no verified document prints one.")
    by_document: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_document[row["document_id"]].append(row)
    parts = []
    classes = sorted({(r["subject_code"], r["subject_name"]) for r in rows if r["level"] == "类"})
    if classes:
        fig = go.Figure()
        labels = [sources.documents[d].label for d in by_document]
        for code, name in classes:
            x, y, hover = [], [], []
            for document_id, doc_rows in by_document.items():
                found = next(
                    (r for r in doc_rows if r["subject_code"] == code and r["level"] == "类"),
                    None,
                )
                if found is None:
                    continue
                x.append(sources.documents[document_id].label)
                y.append(wan(found["total_yuan"]))
                hover.append(f"{code} {name}: {money(found['total_yuan'])} 元")
            fig.add_trace(bar(f"{code} {name}", x, y, hover))
        fig.update_layout(
            barmode="stack",
            title="支出 by 类 and document (万元)",
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": labels},
            yaxis={"title": "万元", "tickformat": ","},
        )
        parts.append(charts.html(fig, height=380))
    last = list(by_document)[-1]
    for document_id, doc_rows in by_document.items():
        doc = sources.documents[document_id]
        table_rows = []
        for row in doc_rows:
            indent = LEVEL_INDENT.get(row["level"] or "", 0)
            table_rows.append(
                (
                    esc(row["subject_code"]),
                    f'<span class="indent-{indent}">{esc(row["subject_name"])}</span>',
                    esc(row["level"]),
                    num(money(row["total_yuan"])),
                    num(money(row["basic_yuan"])),
                    num(money(row["project_yuan"])),
                    esc(row["source_table"]),
                    esc(FUND_SCOPES.get(row["fund_scope"], row["fund_scope"])),
                    sources.link(expenditure_place(row, lines)),
                )
            )
        summary = " · ".join(str(p) for p in (doc.label, doc.scope, doc.source_file) if p)
        opened = " open" if document_id == last else ""
        parts.append(
            f"<details{opened}><summary>{esc(summary)}, {len(doc_rows)} codes</summary>"
            + table(EXPENDITURE_HEAD, table_rows, cls="figures")
            + "</details>"
        )
    return "\n".join(parts)
