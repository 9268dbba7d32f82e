"""人员经费 / 公用经费 (``v_economic_structure``): basic expenditure split into personnel and
public costs per document, the shares charted."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from pipelines.warehouse.department_report.charts import Charts, bar
from pipelines.warehouse.department_report.formatting import esc, money, note, num, percent, table
from pipelines.warehouse.department_report.sources import Lines, Place, Sources
from pipelines.warehouse.department_report.views import records

ECONOMIC_HEAD = (
    "Document",
    "Basic 基本支出 (元)",
    "人员经费 (元)",
    "Share",
    "公用经费 (元)",
    "Share",
    "Table",
    "Source",
)


def economic_place(row: dict, lines: Lines) -> Place:
    """Where a row of ``v_economic_structure`` was printed: its page, or (a text source) the
    line of the table's first class, 301."""
    line = lines.code(row["document_id"], row["source_table"], "301")
    return Place(row["document_id"], row["page"], line)


def economic_structure_section(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    lines: Lines,
    sources: Sources,
    charts: Charts,
) -> str:
    """The shares of 人员经费 and 公用经费 per document, stacked, and their table."""
    rows = records(
        conn,
        "SELECT * FROM v_economic_structure WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, document_id",
        [department],
    )
    if not rows:
        return note("No basic expenditure split into 人员经费 and 公用经费 in these documents.")
    labels = [f"{sources.documents[r['document_id']].label}" for r in rows]
    fig = go.Figure()
    for key, name in (("personnel", "人员经费"), ("public", "公用经费")):
        fig.add_trace(
            bar(
                name,
                labels,
                [
                    None if r[f"{key}_share"] is None else float(r[f"{key}_share"]) * 100
                    for r in rows
                ],
                [
                    f"{money(r[f'{key}_yuan'])} 元 ({percent(r[f'{key}_share'], ratio=True)})"
                    for r in rows
                ],
            )
        )
    fig.update_layout(
        barmode="stack",
        title="人员经费 / 公用经费: shares of basic expenditure (%)",
        xaxis={"type": "category"},
        yaxis={"title": "%", "range": [0, 100]},
    )
    figures_table = table(
        ECONOMIC_HEAD,
        (
            (
                esc(label),
                num(money(r["basic_total_yuan"])),
                num(money(r["personnel_yuan"])),
                num(percent(r["personnel_share"], ratio=True)),
                num(money(r["public_yuan"])),
                num(percent(r["public_share"], ratio=True)),
                esc(r["source_table"]),
                sources.link(economic_place(r, lines)),
            )
            for label, r in zip(labels, rows, strict=True)
        ),
        cls="figures",
    )
    return charts.html(fig, height=320) + figures_table
