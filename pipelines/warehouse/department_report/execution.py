"""Budget execution (``v_budget_execution``): budget against final accounts by 类, charted,
the execution rate and where the budget came from (a budget document, or the final
accounts' narrative)."""

from __future__ import annotations

import duckdb
import plotly.graph_objects as go

from pipelines.warehouse.department_report.charts import Charts, bar, wan
from pipelines.warehouse.department_report.expenditure import Figures
from pipelines.warehouse.department_report.formatting import (
    FUND_SCOPES,
    esc,
    money,
    note,
    num,
    percent,
    table,
)
from pipelines.warehouse.department_report.sources import Place, Sources
from pipelines.warehouse.department_report.views import records

EXECUTION_HEAD = (
    "Year",
    "Code",
    "Name 科目名称",
    "Level",
    "Fund scope",
    "Budget 预算 (元)",
    "Source",
    "Final 决算 (元)",
    "Source",
    "Execution 执行率",
    "Budget from",
)
# the base a budget-execution chart shows when the view gives several (v_budget_execution)
BASE_PREFERENCE = {"预算": 0, "年初预算": 1, "全年预算": 2}


def narrative_budgets(conn: duckdb.DuckDBPyConnection, department: str) -> dict[tuple, Place]:
    """(final accounts' document, code, base) and (document, code) -> where its narrative
    states the budget (年初预算; 全年预算 or 调整预算, the budget after adjustments)."""
    rows = conn.execute(
        "SELECT n.document_id, n.row_code, CASE WHEN n.metric LIKE '%年初预算' "
        "THEN '年初预算' ELSE '全年预算' END, min(n.page), min(n.source_line) "
        "FROM narrative_figures AS n JOIN documents AS d USING (document_id) "
        "WHERE d.department = ? AND n.row_code IS NOT NULL AND NOT n.derived "
        "AND (n.metric LIKE '%年初预算' OR n.metric LIKE '%全年预算' "
        "OR n.metric LIKE '%调整预算') GROUP BY ALL",
        [department],
    ).fetchall()
    places: dict[tuple, Place] = {}
    for doc, code, base, page, line in rows:
        places[(doc, code, base)] = Place(doc, page, line)
        if base == "年初预算" or (doc, code) not in places:
            places[(doc, code)] = places[(doc, code, base)]
    return places


def _base_rank(row: dict) -> int:
    return BASE_PREFERENCE.get(row["budget_base"] or "", 9)


def execution_section(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    figures: Figures,
    sources: Sources,
    charts: Charts,
) -> str:
    """Budget and final of each 类 side by side (one base per year, scope and 类: the
    preferred), then every code with its rate and both figures' sources."""
    rows = records(
        conn,
        "SELECT * FROM v_budget_execution WHERE department = ? "
        "AND budget_total_yuan IS NOT NULL ORDER BY fiscal_year, subject_code",
        [department],
    )
    if not rows:
        return note(
            "No budget to set against final accounts: the department's final accounts and "
            "budgets of the same year are not both loaded (nor does a narrative state the "
            "年初预算)."
        )
    narrative = narrative_budgets(conn, department)

    def final_place(row: dict) -> Place | None:
        return figures.in_document(row["document_id"], row["subject_code"])

    def budget_place(row: dict) -> Place | None:
        if row["budget_source"] == "narrative":
            document_id, code = row["document_id"], row["subject_code"]
            return narrative.get((document_id, code, row["budget_base"])) or (
                narrative.get((document_id, code))
            )
        return figures.of_year(row, kind="budget")

    parts = []
    shown: dict[tuple, dict] = {}  # one bar pair per year, scope and 类: the preferred base
    for row in rows:
        if row["level"] != "类":
            continue
        key = (row["fiscal_year"], row["scope"], row["fund_scope"], row["subject_code"])
        if key not in shown or _base_rank(row) < _base_rank(shown[key]):
            shown[key] = row
    classes = list(shown.values())
    if classes:
        x = [[str(r["fiscal_year"]) for r in classes], [r["subject_name"] for r in classes]]
        fig = go.Figure()
        for key, name in (("budget_total_yuan", "预算 budget"), ("final_total_yuan", "决算 final")):
            fig.add_trace(
                bar(
                    name,
                    x,
                    [wan(r[key]) for r in classes],
                    [
                        f"{r['subject_code']} {r['subject_name']}: {money(r[key])} 元"
                        + (f" ({r['budget_base']})" if r["budget_base"] else "")
                        + (
                            f"<br>执行率 {percent(r['execution_rate'], ratio=True)}"
                            if r["execution_rate"] is not None
                            else ""
                        )
                        for r in classes
                    ],
                )
            )
        fig.update_layout(
            barmode="group",
            title="Budget execution by 类 (万元)",
            yaxis={"title": "万元", "tickformat": ","},
        )
        parts.append(charts.html(fig, height=360))

    table_rows = []
    for r in rows:
        budget_from = " · ".join(
            str(part) for part in (r["budget_base"], r["budget_source"]) if part
        )
        table_rows.append(
            (
                esc(r["fiscal_year"]),
                esc(r["subject_code"]),
                esc(r["subject_name"]),
                esc(r["level"]),
                esc(FUND_SCOPES.get(r["fund_scope"] or "", r["fund_scope"])),
                num(money(r["budget_total_yuan"])),
                sources.link(budget_place(r)),
                num(money(r["final_total_yuan"])),
                sources.link(final_place(r)),
                num(percent(r["execution_rate"], ratio=True)),
                esc(budget_from),
            )
        )
    parts.append(table(EXECUTION_HEAD, table_rows, cls="figures"))
    return "\n".join(parts)
