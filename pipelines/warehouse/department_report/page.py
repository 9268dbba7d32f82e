"""The page: its style and template, and :func:`department_report` putting the header and
the sections together, plotly.js inlined once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from string import Template

import duckdb
import plotly.offline

from pipelines.paths import default_raw_dir
from pipelines.warehouse.department_report.charts import Charts
from pipelines.warehouse.department_report.economic_structure import economic_structure_section
from pipelines.warehouse.department_report.execution import execution_section
from pipelines.warehouse.department_report.expenditure import (
    Figures,
    expenditure_rows,
    expenditure_section,
)
from pipelines.warehouse.department_report.findings import findings_section
from pipelines.warehouse.department_report.formatting import esc
from pipelines.warehouse.department_report.header import header
from pipelines.warehouse.department_report.sources import Lines, Sources, department_documents
from pipelines.warehouse.department_report.three_public import three_public_section
from pipelines.warehouse.department_report.views import require_current_schema
from pipelines.warehouse.department_report.year_on_year import year_on_year_section

STYLE = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
       "PingFang SC", sans-serif; margin: 0 auto; max-width: 1240px; padding: 16px 20px;
       color: #222; font-size: 14px; }
h1 { font-size: 26px; margin: 8px 0; }
h2 { font-size: 19px; border-bottom: 2px solid #2a6ebb; padding-bottom: 4px; margin-top: 32px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
dt { color: #555; } dd { margin: 0; }
nav { margin: 8px 0 0; } nav a { margin-right: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 3px 6px; text-align: left;
         vertical-align: top; }
th { background: #f3f6fa; font-weight: 600; }
td .num { display: block; text-align: right; font-variant-numeric: tabular-nums;
          white-space: nowrap; }
.indent-1 { padding-left: 1.2em; } .indent-2 { padding-left: 2.4em; }
.muted { color: #999; } .note { color: #666; font-style: italic; }
a.src { white-space: nowrap; }
.file { overflow-wrap: anywhere; color: #555; font-size: 12px; }
.findings td:nth-child(5) { min-width: 7em; }
.findings td:nth-child(7) { min-width: 24em; }
details { margin: 6px 0; } summary { cursor: pointer; font-weight: 600; padding: 4px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr));
        gap: 12px; }
.chart { border: 1px solid #e5e5e5; border-radius: 4px; margin: 8px 0; }
.v-unverified, .sev-error { color: #b00020; font-weight: 600; }
.v-verified_with_warnings, .sev-warning { color: #9a6700; }
.v-verified { color: #1a7f37; }
footer { color: #777; margin-top: 32px; font-size: 12px; }
"""

PAGE = Template(
    """<!DOCTYPE html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>$style</style>
<script>$plotlyjs</script>
</head>
<body>
$header
<nav>$nav</nav>
$sections
<footer>$footer</footer>
</body>
</html>
"""
)

SECTIONS = (
    ("expenditure", "Expenditure by functional code 支出功能分类"),
    ("yoy", "Year on year by 类 同比"),
    ("three-public", "三公经费"),
    ("economic", "人员经费 / 公用经费"),
    ("execution", "Budget execution 预算执行"),
    ("findings", "Validation findings 校验结果"),
)


@dataclass
class Report:
    """A department's page and what it holds."""

    department: str
    html: str
    charts: int
    documents: int


def department_report(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    *,
    raw_dir: Path | None = None,
    warehouse: str | None = None,
) -> Report:
    """The page of ``department`` (a name :func:`find_department` gave). Figures link to
    the files of ``raw_dir`` (default: the folder the warehouse mirrors, else
    ``$FISCAL_RAW_DIR`` or data/raw), or to the source URL sources.csv gave.
    :class:`OutdatedSchema` when the warehouse lacks a view or column the page reads."""
    require_current_schema(conn)
    if raw_dir is None:
        recorded = conn.execute("SELECT value FROM warehouse_meta WHERE key = 'raw_dir'").fetchone()
        raw_dir = Path(recorded[0]) if recorded else default_raw_dir()
    documents = department_documents(conn, department)
    sources = Sources(documents, Path(raw_dir).resolve())
    lines = Lines(conn, department)
    charts = Charts()
    expenditure = expenditure_rows(conn, department)
    figures = Figures(expenditure, lines)
    levels = sorted({r["government_level"] for r in expenditure if r["government_level"]})
    bodies = {
        "expenditure": expenditure_section(expenditure, sources, lines, charts),
        "yoy": year_on_year_section(conn, department, figures, sources, charts),
        "three-public": three_public_section(conn, department, lines, sources, charts),
        "economic": economic_structure_section(conn, department, lines, sources, charts),
        "execution": execution_section(conn, department, figures, sources, charts),
        "findings": findings_section(conn, department, sources),
    }
    sections = "\n".join(
        f'<section id="{anchor}"><h2>{esc(title)}</h2>\n{bodies[anchor]}\n</section>'
        for anchor, title in SECTIONS
    )
    nav = "".join(f'<a href="#{anchor}">{esc(title)}</a>' for anchor, title in SECTIONS)
    ingested = conn.execute(
        "SELECT max(ingested_at) FROM documents WHERE department = ?", [department]
    ).fetchone()[0]
    footer = (
        "Amounts in yuan (元) as the warehouse holds them (DECIMAL(18,2)); charts in 万元. "
        "Every figure links to the page of the file it was printed on. "
        f"Documents ingested up to {esc(f'{ingested:%Y-%m-%d %H:%M}' if ingested else None)}. "
        "Made by <code>fiscal report</code>."
    )
    page = PAGE.substitute(
        title=esc(f"{department}: budget and final accounts"),
        style=STYLE,
        plotlyjs=plotly.offline.get_plotlyjs(),
        header=header(department, documents, sources, levels=levels, warehouse=warehouse or "–"),
        nav=nav,
        sections=sections,
        footer=footer,
    )
    return Report(department, page, charts.count, len(documents))
