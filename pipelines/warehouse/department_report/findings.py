"""Validation findings (``check_results``): every failed check of the department's
documents, with its figures and page."""

from __future__ import annotations

import duckdb

from pipelines.warehouse.department_report.formatting import esc, money, note, num, table
from pipelines.warehouse.department_report.sources import Place, Sources
from pipelines.warehouse.department_report.views import records

FINDINGS_HEAD = (
    "Document",
    "Rule",
    "Severity",
    "Table",
    "Row",
    "Page",
    "Message",
    "Expected",
    "Actual",
    "Difference",
)


def findings_section(conn: duckdb.DuckDBPyConnection, department: str, sources: Sources) -> str:
    """The table of failed checks (an error that leaves its document verified says
    ``immaterial``), or a note that every check held."""
    rows = records(
        conn,
        "SELECT c.*, d.fiscal_year, d.doc_kind FROM check_results AS c "
        "JOIN v_documents AS d USING (document_id) WHERE d.department = ? AND NOT c.passed "
        "ORDER BY d.fiscal_year, d.doc_kind, d.source_file, c.severity, c.rule, c.table_key, "
        'c."row"',
        [department],
    )
    if not rows:
        return note("Every check held on the department's documents.")
    table_rows = []
    for r in rows:
        doc = sources.documents[r["document_id"]]
        severity = r["severity"]
        if severity == "error" and r["material"] is False:
            severity += " (immaterial)"
        table_rows.append(
            (
                f'{esc(doc.label)}<br><span class="file">{esc(doc.source_file)}</span>',
                esc(r["rule"]),
                f'<span class="sev-{esc(r["severity"])}">{esc(severity)}</span>',
                esc(r["table_key"]),
                esc(r["row"]),
                sources.link(Place(r["document_id"], r["page"])),
                esc(r["message"]),
                num(money(r["expected"])),
                num(money(r["actual"])),
                num(money(r["difference"])),
            )
        )
    return table(FINDINGS_HEAD, table_rows, cls="findings")
