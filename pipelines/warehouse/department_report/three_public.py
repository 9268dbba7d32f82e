"""三公经费 (``v_three_public_trend``): each item's budget (of budgets) or actual (of final
accounts) by year, charted, and the change on the prior year."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from pipelines.warehouse.department_report.charts import Charts, wan
from pipelines.warehouse.department_report.formatting import (
    KINDS,
    esc,
    money,
    note,
    num,
    percent,
    signed_money,
    table,
)
from pipelines.warehouse.department_report.sources import Lines, Place, Sources
from pipelines.warehouse.department_report.views import records

THREE_PUBLIC_HEAD = (
    "Item 项目",
    "Kind",
    "Basis",
    "Year",
    "Amount (元)",
    "Prior year (元)",
    "Change (元)",
    "Change",
    "Source",
)


def three_public_place(row: dict, lines: Lines) -> Place | None:
    """Where a row of ``v_three_public_trend`` was printed: its page, or the line of its
    item in a text source; None when neither is known."""
    line = lines.label(row["document_id"], "three_public", row["item"])
    if row["page"] is None and line is None:
        return None
    return Place(row["document_id"], row["page"], line)


def three_public_section(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    lines: Lines,
    sources: Sources,
    charts: Charts,
) -> str:
    """A line per item and basis across the years, and the table of every item and year."""
    rows = records(
        conn,
        "SELECT * FROM v_three_public_trend WHERE department = ? "
        "ORDER BY doc_kind, item = '合计' DESC, item, fiscal_year",
        [department],
    )
    if not rows:
        return note("No 三公 table in the department's verified documents.")
    years = sorted({str(r["fiscal_year"]) for r in rows})
    fig = go.Figure()
    series: dict[tuple, list[dict]] = defaultdict(list)
    for row in rows:
        series[(row["item"], row["basis"])].append(row)
    for (item, basis), points in series.items():
        fig.add_trace(
            go.Scatter(
                name=f"{item} ({basis})",
                x=[str(p["fiscal_year"]) for p in points],
                y=[wan(p["amount_yuan"]) for p in points],
                mode="lines+markers",
                customdata=[f"{p['fiscal_year']}: {money(p['amount_yuan'])} 元" for p in points],
                hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(
        title="三公经费 (万元): budget of budgets, actual of final accounts",
        xaxis={"type": "category", "categoryorder": "array", "categoryarray": years},
        yaxis={"title": "万元", "tickformat": ","},
    )
    figures_table = table(
        THREE_PUBLIC_HEAD,
        (
            (
                esc(r["item"]),
                esc(KINDS.get(r["doc_kind"], r["doc_kind"])),
                esc(r["basis"]),
                esc(r["fiscal_year"]),
                num(money(r["amount_yuan"])),
                num(money(r["prior_amount_yuan"])),
                num(signed_money(r["change_yuan"])),
                num(percent(r["change_pct"], signed=True)),
                sources.link(three_public_place(r, lines)),
            )
            for r in rows
        ),
        cls="figures",
    )
    return charts.html(fig, height=360) + figures_table
