"""Year on year by 类 (``v_expenditure_yoy``): a chart per 类 across the years and the table
of totals, prior year and change."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import plotly.graph_objects as go

from pipelines.warehouse.department_report.charts import Charts, bar, wan
from pipelines.warehouse.department_report.expenditure import Figures
from pipelines.warehouse.department_report.formatting import (
    FUND_SCOPES,
    KINDS,
    esc,
    money,
    note,
    num,
    percent,
    signed_money,
    table,
)
from pipelines.warehouse.department_report.sources import Sources
from pipelines.warehouse.department_report.views import records

YOY_HEAD = (
    "Code",
    "类",
    "Kind",
    "Fund scope",
    "Year",
    "Total (元)",
    "Prior year (元)",
    "Change (元)",
    "Change",
    "Source",
)


def year_on_year_section(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    figures: Figures,
    sources: Sources,
    charts: Charts,
) -> str:
    """Per 类 a chart of its totals by year (a series per kind, fund scope and, where they
    differ, scope), then one table of every 类 and year."""
    rows = records(
        conn,
        "SELECT * FROM v_expenditure_yoy WHERE department = ? AND level = '类' "
        "ORDER BY subject_code, doc_kind, fund_scope, fiscal_year",
        [department],
    )
    if not rows:
        return note("No 类 of expenditure to compare across years.")
    by_class: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_class[row["subject_code"]].append(row)
    years = sorted({str(r["fiscal_year"]) for r in rows})
    charts_html, table_rows = [], []
    for code, class_rows in by_class.items():
        fig = go.Figure()
        series: dict[tuple, list[dict]] = defaultdict(list)
        for row in class_rows:
            series[(row["doc_kind"], row["fund_scope"], row["scope"])].append(row)
        scopes = {key[2] for key in series}
        for (kind, fund_scope, scope), points in series.items():
            hover = [
                f"{p['fiscal_year']}: {money(p['total_yuan'])} 元"
                + (
                    f"<br>较上年 {signed_money(p['change_yuan'])} 元 "
                    f"({percent(p['change_pct'], signed=True)})"
                    if p["change_yuan"] is not None
                    else ""
                )
                for p in points
            ]
            fig.add_trace(
                bar(
                    " · ".join(
                        [KINDS.get(kind, kind), FUND_SCOPES.get(fund_scope, fund_scope)]
                        + ([scope or "–"] if len(scopes) > 1 else [])
                    ),
                    [str(p["fiscal_year"]) for p in points],
                    [wan(p["total_yuan"]) for p in points],
                    hover,
                )
            )
        fig.update_layout(
            title=f"{code} {class_rows[0]['subject_name']} (万元)",
            xaxis={"type": "category", "categoryorder": "array", "categoryarray": years},
            yaxis={"title": "万元", "tickformat": ","},
            barmode="group",
        )
        charts_html.append(charts.html(fig, height=300))
        for row in class_rows:
            table_rows.append(
                (
                    esc(row["subject_code"]),
                    esc(row["subject_name"]),
                    esc(KINDS.get(row["doc_kind"], row["doc_kind"])),
                    esc(FUND_SCOPES.get(row["fund_scope"], row["fund_scope"])),
                    esc(row["fiscal_year"]),
                    num(money(row["total_yuan"])),
                    num(money(row["prior_total_yuan"])),
                    num(signed_money(row["change_yuan"])),
                    num(percent(row["change_pct"], signed=True)),
                    sources.link(figures.of_year(row)),
                )
            )
    figures_table = table(YOY_HEAD, table_rows, cls="figures")
    return f'<div class="grid">{"".join(charts_html)}</div>{figures_table}'
