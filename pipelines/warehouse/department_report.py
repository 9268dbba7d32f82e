"""``fiscal report DEPARTMENT``: one department's figures as a static HTML page.

The page reads the analysts' views (``v_expenditure_by_function``, ``v_expenditure_yoy``,
``v_three_public_trend``, ``v_economic_structure``, ``v_budget_execution``) and the failed
checks of the department's documents, and links every figure to the page of the file it
was printed on. Amounts are printed from the warehouse's decimals, never through a float
(floats are only the charts' coordinates). plotly.js is inlined once, so the page needs no
network.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from string import Template
from typing import Any

import duckdb
import plotly.graph_objects as go
import plotly.offline

from pipelines.paths import default_raw_dir

KINDS = {"budget": "预算", "final_accounts": "决算"}
VERIFICATION = {
    "verified": "verified",
    "verified_with_warnings": "verified with warnings",
    "unverified": "UNVERIFIED",
}
FUND_SCOPES = {
    "all_funds": "all funds (全部资金)",
    "general_public_budget": "一般公共预算",
    "fiscal_appropriation": "财政拨款",
}
LEVEL_INDENT = {"类": 0, "款": 1, "项": 2}
FONT = "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, PingFang SC, sans-serif"
WAN = Decimal(10000)
LISTED = 30  # candidates an UnknownDepartment names


class UnknownDepartment(LookupError):
    """No department, or more than one, matches what was asked for."""

    def __init__(self, query: str, candidates: Sequence[str], *, ambiguous: bool) -> None:
        self.query = query
        self.candidates = list(candidates)
        self.ambiguous = ambiguous
        listed = "; ".join(self.candidates[:LISTED]) or "none (the warehouse names none)"
        if len(self.candidates) > LISTED:
            listed += f"; … and {len(self.candidates) - LISTED} more"
        if ambiguous:
            message = f"{query!r} matches {len(self.candidates)} departments: {listed}"
        else:
            message = f"no department matches {query!r}; the warehouse holds: {listed}"
        super().__init__(message)


def find_department(conn: duckdb.DuckDBPyConnection, query: str) -> str:
    """The department of ``v_documents`` named ``query`` exactly, else the only one whose
    name holds it; :class:`UnknownDepartment` (with the candidates) otherwise."""
    names = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT department FROM v_documents WHERE department IS NOT NULL "
            "ORDER BY department"
        ).fetchall()
    ]
    if query in names:
        return query
    matches = [name for name in names if query.casefold() in name.casefold()]
    if len(matches) == 1:
        return matches[0]
    raise UnknownDepartment(query, matches or names, ambiguous=bool(matches))


# --- reading the warehouse -------------------------------------------------------------


def _records(conn: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict]:
    cursor = conn.execute(sql, list(params))
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _relation_exists(conn: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
        ).fetchone()[0]
    )


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


def _documents(conn: duckdb.DuckDBPyConnection, department: str) -> list[Document]:
    rows = _records(
        conn,
        "SELECT * FROM v_documents WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, source_file",
        [department],
    )
    return [
        Document(
            document_id=r["document_id"],
            source_file=r["source_file"],
            region=r.get("region"),
            fiscal_year=r.get("fiscal_year"),
            doc_kind=r.get("doc_kind"),
            scope=r.get("scope"),
            part=r.get("part"),
            status=r["status"],
            verification=r.get("verification"),
            failed_errors=r.get("failed_errors") or 0,
            failed_warnings=r.get("failed_warnings") or 0,
            page_count=r.get("page_count"),
            source_url=r.get("source_url"),
            published_on=r.get("published_on"),
        )
        for r in rows
    ]


class Printed:
    """Where each row of the department's tables was printed (``v_line_items``): by
    document, table and code, and by document, table and label."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, department: str) -> None:
        rows = conn.execute(
            "SELECT li.document_id, li.table_key, li.row_code, li.row_label, "
            "min(li.page), min(li.source_line) FROM v_line_items AS li "
            "JOIN documents AS d USING (document_id) WHERE d.department = ? "
            "GROUP BY ALL",
            [department],
        ).fetchall()
        self.by_code: dict[tuple, Place] = {}
        self.by_label: dict[tuple, Place] = {}
        for document_id, table_key, code, label, page, line in rows:
            place = Place(document_id, page, line)
            if code:
                self.by_code.setdefault((document_id, table_key, code), place)
            if label:
                self.by_label.setdefault((document_id, table_key, label), place)

    def code(self, document_id: str, table_key: str, code: str) -> Place:
        """The place of a coded row (the document itself when the row is not found)."""
        return self.by_code.get((document_id, table_key, code), Place(document_id))

    def label(self, document_id: str, table_key: str, label: str) -> Place:
        """The place of a row by its printed label (the document when not found)."""
        return self.by_label.get((document_id, table_key, label), Place(document_id))


# --- printing figures ------------------------------------------------------------------


def esc(value: Any) -> str:
    """Text for HTML: escaped, ``–`` for nothing."""
    return "–" if value is None else html.escape(str(value))


def _decimal(value: Any) -> Decimal:
    if isinstance(value, float):  # a float would print what it rounds to, not the figure
        raise TypeError(f"an amount must be a DECIMAL, not a float: {value!r}")
    return value if isinstance(value, Decimal) else Decimal(value)


def money(value: Any) -> str:
    """Yuan as printed: thousands separators and two decimals, exact (``11,327,600.00``)."""
    return "–" if value is None else f"{_decimal(value):,.2f}"


def signed_money(value: Any) -> str:
    """A change in yuan, with its sign (none for no change)."""
    if value is None:
        return "–"
    number = _decimal(value)
    return f"{number:,.2f}" if number == 0 else f"{number:+,.2f}"


def percent(value: Any, *, ratio: bool = False, signed: bool = False) -> str:
    """A percentage with two decimals; ``ratio`` when the value is a share of 1."""
    if value is None:
        return "–"
    number = _decimal(value) * 100 if ratio else _decimal(value)
    return f"{number:+,.2f}%" if signed and number != 0 else f"{number:,.2f}%"


def _wan(value: Any) -> float | None:
    """A chart coordinate in 万元 (a float: only drawn, never printed)."""
    return None if value is None else float(_decimal(value) / WAN)


def _cells(*cells: str, head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _num(text: str) -> str:
    """A figure's cell content, right-aligned by the ``num`` class."""
    return f'<span class="num">{text}</span>'


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "") -> str:
    body = "\n".join(_cells(*row) for row in rows)
    return (
        f'<table class="{cls}"><thead>{_cells(*map(esc, head), head=True)}</thead>'
        f"<tbody>\n{body}\n</tbody></table>"
    )


def _note(text: str) -> str:
    return f'<p class="note">{text}</p>'


# --- charts ----------------------------------------------------------------------------


class Charts:
    """The page's plotly figures, numbered in the order drawn."""

    def __init__(self) -> None:
        self.count = 0

    def html(self, fig: go.Figure, *, height: int = 340) -> str:
        """The figure as a ``<div>`` and the script drawing it (plotly.js is the page's)."""
        self.count += 1
        fig.update_layout(
            height=height,
            template="plotly_white",
            font={"family": FONT, "size": 12},
            margin={"l": 60, "r": 20, "t": 50, "b": 40},
            legend={"orientation": "h", "y": -0.15},
            yaxis={"rangemode": "tozero"},
            hoverlabel={"font": {"family": FONT}},
        )
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=False,
            div_id=f"chart-{self.count}",
            config={"displaylogo": False, "responsive": True},
        )
        return f'<div class="chart">{div}</div>'


def _bar(name: str, x: list, y: list, hover: list[str], **kwargs: Any) -> go.Bar:
    return go.Bar(
        name=name,
        x=x,
        y=y,
        customdata=hover,
        hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
        **kwargs,
    )


# --- the sections ----------------------------------------------------------------------

# the tables' column headers
DOCUMENTS_HEAD = (
    "Year",
    "Kind",
    "Part",
    "Scope",
    "Verification",
    "Pages",
    "Source file",
    "Source URL",
    "Published",
)
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


def _header(
    department: str, documents: list[Document], sources: Sources, meta: dict[str, Any]
) -> str:
    regions = sorted({d.region for d in documents if d.region})
    scopes = sorted({d.scope for d in documents if d.scope})
    years = sorted({d.fiscal_year for d in documents if d.fiscal_year})
    facts = [
        ("Region 地区", "、".join(regions) or "–"),
        ("Scope 范围", ", ".join(scopes) or "–"),
        ("Government level 级次", "、".join(meta.get("levels") or []) or "–"),
        ("Years 年度", ", ".join(map(str, years)) or "–"),
        ("Warehouse", meta.get("warehouse", "–")),
        ("Raw folder", str(sources.raw_dir)),
    ]
    facts_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts)
    rows = []
    for doc in documents:
        verdict = VERIFICATION.get(doc.verification or "", doc.verification)
        if doc.status != "loaded":
            verdict = doc.status
        elif doc.failed_errors or doc.failed_warnings:
            verdict += f" ({doc.failed_errors} errors, {doc.failed_warnings} warnings)"
        url = (
            f'<a href="{esc(doc.source_url)}">{esc(doc.source_url)}</a>'
            if doc.source_url
            else '<span class="muted">–</span>'
        )
        rows.append(
            (
                esc(doc.fiscal_year),
                esc(KINDS.get(doc.doc_kind or "", doc.doc_kind)),
                esc(doc.part),
                esc(doc.scope),
                f'<span class="v-{esc(doc.verification or doc.status)}">{esc(verdict)}</span>',
                esc(doc.page_count),
                f'<a href="{esc(sources.file_uri(doc))}">{esc(doc.source_file)}</a>',
                url,
                esc(doc.published_on),
            )
        )
    table = _table(
        DOCUMENTS_HEAD,
        rows,
    )
    return (
        f"<header><h1>{esc(department)}</h1><dl>{facts_html}</dl></header>"
        f'<section id="documents"><h2>Documents loaded 已载入的文件</h2>{table}</section>'
    )


def _efb_rows(conn: duckdb.DuckDBPyConnection, department: str) -> list[dict]:
    return _records(
        conn,
        "SELECT * FROM v_expenditure_by_function WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, document_id, subject_code",
        [department],
    )


def _efb_place(row: dict, printed: Printed) -> Place:
    found = printed.code(row["document_id"], row["source_table"], row["subject_code"])
    page = row.get("page")  # the view's own column where the warehouse has it
    return Place(row["document_id"], page or found.page, found.line)


def _expenditure(rows: list[dict], sources: Sources, printed: Printed, charts: Charts) -> str:
    if not rows:
        return _note("No expenditure by functional code: no verified document prints one.")
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
                y.append(_wan(found["total_yuan"]))
                hover.append(f"{code} {name}: {money(found['total_yuan'])} 元")
            fig.add_trace(_bar(f"{code} {name}", x, y, hover))
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
                    _num(money(row["total_yuan"])),
                    _num(money(row["basic_yuan"])),
                    _num(money(row["project_yuan"])),
                    esc(row["source_table"]),
                    esc(FUND_SCOPES.get(row["fund_scope"], row["fund_scope"])),
                    sources.link(_efb_place(row, printed)),
                )
            )
        summary = " · ".join(str(p) for p in (doc.label, doc.scope, doc.source_file) if p)
        opened = " open" if document_id == last else ""
        parts.append(
            f"<details{opened}><summary>{esc(summary)}, {len(doc_rows)} codes</summary>"
            + _table(
                EXPENDITURE_HEAD,
                table_rows,
                cls="figures",
            )
            + "</details>"
        )
    return "\n".join(parts)


class Figures:
    """Where each figure of ``v_expenditure_by_function`` was printed, found by what the
    views built on it carry: its document where they have it, else year, kind, scope."""

    def __init__(self, rows: list[dict], printed: Printed) -> None:
        self._places: dict[tuple, Place] = {}
        for row in rows:
            place = _efb_place(row, printed)
            code, fund_scope = row["subject_code"], row["fund_scope"]
            year_kind = (row["fiscal_year"], row["doc_kind"])
            for key in (
                (row["document_id"], code, fund_scope),
                (row["document_id"], code),
                (*year_kind, row.get("scope"), code, fund_scope),
                (*year_kind, code),
            ):
                self._places.setdefault(key, place)

    def find(
        self, row: dict, *, kind: str | None = None, same_document: bool = True
    ) -> Place | None:
        """The place of the figure of ``row`` (a view's row: its code and fund scope, and its
        document_id or year, kind and scope); ``kind`` for another kind of the same year."""
        code, fund_scope = row["subject_code"], row.get("fund_scope")
        year_kind = (row["fiscal_year"], kind or row.get("doc_kind"))
        keys = [(*year_kind, row.get("scope"), code, fund_scope), (*year_kind, code)]
        if same_document and row.get("document_id"):
            keys[:0] = [(row["document_id"], code, fund_scope), (row["document_id"], code)]
        return next((self._places[key] for key in keys if key in self._places), None)


def _yoy(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    figures: Figures,
    sources: Sources,
    charts: Charts,
) -> str:
    rows = _records(
        conn,
        "SELECT * FROM v_expenditure_yoy WHERE department = ? AND level = '类' "
        "ORDER BY subject_code, doc_kind, fund_scope, fiscal_year",
        [department],
    )
    if not rows:
        return _note("No 类 of expenditure to compare across years.")
    by_class: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_class[row["subject_code"]].append(row)
    years = sorted({str(r["fiscal_year"]) for r in rows})
    charts_html, table_rows = [], []
    for code, class_rows in by_class.items():
        fig = go.Figure()
        series: dict[tuple, list[dict]] = defaultdict(list)
        for row in class_rows:
            series[(row["doc_kind"], row["fund_scope"], row.get("scope"))].append(row)
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
                _bar(
                    " · ".join(
                        [KINDS.get(kind, kind), FUND_SCOPES.get(fund_scope, fund_scope)]
                        + ([scope or "–"] if len(scopes) > 1 else [])
                    ),
                    [str(p["fiscal_year"]) for p in points],
                    [_wan(p["total_yuan"]) for p in points],
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
                    _num(money(row["total_yuan"])),
                    _num(money(row["prior_total_yuan"])),
                    _num(signed_money(row["change_yuan"])),
                    _num(percent(row["change_pct"], signed=True)),
                    sources.link(figures.find(row)),
                )
            )
    table = _table(
        YOY_HEAD,
        table_rows,
        cls="figures",
    )
    return f'<div class="grid">{"".join(charts_html)}</div>{table}'


def _three_public(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    documents: list[Document],
    printed: Printed,
    sources: Sources,
    charts: Charts,
) -> str:
    rows = _records(
        conn,
        "SELECT * FROM v_three_public_trend WHERE department = ? "
        "ORDER BY doc_kind, item = '合计' DESC, item, fiscal_year",
        [department],
    )
    if not rows:
        return _note("No 三公 table in the department's verified documents.")
    # a warehouse whose view has no document_id: the documents of that year, kind and scope
    holders: dict[tuple, list[str]] = defaultdict(list)
    for doc in documents:
        if doc.status == "loaded":
            holders[(doc.fiscal_year, doc.doc_kind, doc.scope)].append(doc.document_id)

    def place(row: dict) -> Place | None:
        candidates = (
            [row["document_id"]]
            if row.get("document_id")
            else holders.get((row["fiscal_year"], row["doc_kind"], row["scope"]), [])
        )
        for document_id in candidates:
            found = printed.by_label.get((document_id, "three_public", row["item"]))
            if found or row.get("page"):
                return Place(
                    document_id,
                    row.get("page") or (found and found.page),
                    found and found.line,
                )
        return None

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
                y=[_wan(p["amount_yuan"]) for p in points],
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
    table = _table(
        THREE_PUBLIC_HEAD,
        (
            (
                esc(r["item"]),
                esc(KINDS.get(r["doc_kind"], r["doc_kind"])),
                esc(r["basis"]),
                esc(r["fiscal_year"]),
                _num(money(r["amount_yuan"])),
                _num(money(r["prior_amount_yuan"])),
                _num(signed_money(r["change_yuan"])),
                _num(percent(r["change_pct"], signed=True)),
                sources.link(place(r)),
            )
            for r in rows
        ),
        cls="figures",
    )
    return charts.html(fig, height=360) + table


def _economic_structure(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    printed: Printed,
    sources: Sources,
    charts: Charts,
) -> str:
    if not _relation_exists(conn, "v_economic_structure"):
        return _note(
            "This warehouse has no <code>v_economic_structure</code> view (its schema is "
            "older than the report): ingest again with this version to see the shares."
        )
    rows = _records(
        conn,
        "SELECT * FROM v_economic_structure WHERE department = ? "
        "ORDER BY fiscal_year, doc_kind, document_id",
        [department],
    )
    if not rows:
        return _note("No basic expenditure split into 人员经费 and 公用经费 in these documents.")
    labels = [f"{sources.documents[r['document_id']].label}" for r in rows]
    fig = go.Figure()
    for key, name in (("personnel", "人员经费"), ("public", "公用经费")):
        fig.add_trace(
            _bar(
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

    def place(row: dict) -> Place:
        # the first class's row gives the line of a text source
        found = printed.code(row["document_id"], row.get("source_table") or "", "301")
        return Place(row["document_id"], row.get("page") or found.page, found.line)

    table = _table(
        ECONOMIC_HEAD,
        (
            (
                esc(label),
                _num(money(r["basic_total_yuan"])),
                _num(money(r["personnel_yuan"])),
                _num(percent(r["personnel_share"], ratio=True)),
                _num(money(r["public_yuan"])),
                _num(percent(r["public_share"], ratio=True)),
                esc(r.get("source_table")),
                sources.link(place(r)),
            )
            for label, r in zip(labels, rows, strict=True)
        ),
        cls="figures",
    )
    return charts.html(fig, height=320) + table


def _narrative_budgets(conn: duckdb.DuckDBPyConnection, department: str) -> dict[tuple, Place]:
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


# the base a budget-execution chart shows when the view gives several (v_budget_execution)
BASE_PREFERENCE = {"预算": 0, "年初预算": 1, "全年预算": 2}


def _execution(
    conn: duckdb.DuckDBPyConnection,
    department: str,
    figures: Figures,
    sources: Sources,
    charts: Charts,
) -> str:
    rows = _records(
        conn,
        "SELECT * FROM v_budget_execution WHERE department = ? "
        "AND budget_total_yuan IS NOT NULL ORDER BY fiscal_year, subject_code",
        [department],
    )
    if not rows:
        return _note(
            "No budget to set against final accounts: the department's final accounts and "
            "budgets of the same year are not both loaded (nor does a narrative state the "
            "年初预算)."
        )
    narrative = _narrative_budgets(conn, department)

    def final_place(row: dict) -> Place | None:
        return figures.find(row, kind="final_accounts")

    def budget_place(row: dict) -> Place | None:
        if row["budget_source"] == "narrative":
            final = final_place(row)
            if final is None:
                return None
            code = row["subject_code"]
            return narrative.get((final.document_id, code, row.get("budget_base"))) or (
                narrative.get((final.document_id, code))
            )
        return figures.find(row, kind="budget", same_document=False)

    parts = []
    shown: dict[tuple, dict] = {}  # one bar pair per year, scope and 类: the preferred base
    for row in rows:
        if row["level"] != "类":
            continue
        key = (row["fiscal_year"], row.get("scope"), row.get("fund_scope"), row["subject_code"])
        rank = BASE_PREFERENCE.get(row.get("budget_base") or "", 9)
        if key not in shown or rank < BASE_PREFERENCE.get(shown[key].get("budget_base") or "", 9):
            shown[key] = row
    classes = list(shown.values())
    if classes:
        x = [[str(r["fiscal_year"]) for r in classes], [r["subject_name"] for r in classes]]
        fig = go.Figure()
        for key, name in (("budget_total_yuan", "预算 budget"), ("final_total_yuan", "决算 final")):
            fig.add_trace(
                _bar(
                    name,
                    x,
                    [_wan(r[key]) for r in classes],
                    [
                        f"{r['subject_code']} {r['subject_name']}: {money(r[key])} 元"
                        + (f" ({r['budget_base']})" if r.get("budget_base") else "")
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
            str(part) for part in (r.get("budget_base"), r["budget_source"]) if part
        )
        table_rows.append(
            (
                esc(r["fiscal_year"]),
                esc(r["subject_code"]),
                esc(r["subject_name"]),
                esc(r["level"]),
                esc(FUND_SCOPES.get(r.get("fund_scope") or "", r.get("fund_scope"))),
                _num(money(r["budget_total_yuan"])),
                sources.link(budget_place(r)),
                _num(money(r["final_total_yuan"])),
                sources.link(final_place(r)),
                _num(percent(r["execution_rate"], ratio=True)),
                esc(budget_from),
            )
        )
    parts.append(_table(EXECUTION_HEAD, table_rows, cls="figures"))
    return "\n".join(parts)


def _findings(conn: duckdb.DuckDBPyConnection, department: str, sources: Sources) -> str:
    rows = _records(
        conn,
        "SELECT c.*, d.fiscal_year, d.doc_kind FROM check_results AS c "
        "JOIN v_documents AS d USING (document_id) WHERE d.department = ? AND NOT c.passed "
        "ORDER BY d.fiscal_year, d.doc_kind, d.source_file, c.severity, c.rule, c.table_key, "
        'c."row"',
        [department],
    )
    if not rows:
        return _note("Every check held on the department's documents.")
    table_rows = []
    for r in rows:
        severity = r["severity"]
        if severity == "error" and r.get("material") is False:
            severity += " (immaterial)"
        table_rows.append(
            (
                f"{esc(sources.documents[r['document_id']].label)}<br>"
                f'<span class="file">{esc(sources.documents[r["document_id"]].source_file)}'
                "</span>",
                esc(r["rule"]),
                f'<span class="sev-{esc(r["severity"])}">{esc(severity)}</span>',
                esc(r["table_key"]),
                esc(r["row"]),
                sources.link(Place(r["document_id"], r["page"])),
                esc(r["message"]),
                _num(money(r["expected"])),
                _num(money(r["actual"])),
                _num(money(r["difference"])),
            )
        )
    return _table(
        FINDINGS_HEAD,
        table_rows,
        cls="findings",
    )


# --- the page --------------------------------------------------------------------------

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
    ``$FISCAL_RAW_DIR`` or data/raw), or to the source URL sources.csv gave."""
    if raw_dir is None:
        recorded = conn.execute("SELECT value FROM warehouse_meta WHERE key = 'raw_dir'").fetchone()
        raw_dir = Path(recorded[0]) if recorded else default_raw_dir()
    documents = _documents(conn, department)
    sources = Sources(documents, Path(raw_dir).resolve())
    printed = Printed(conn, department)
    charts = Charts()
    efb = _efb_rows(conn, department)
    figures = Figures(efb, printed)
    levels = sorted({r["government_level"] for r in efb if r.get("government_level")})
    bodies = {
        "expenditure": _expenditure(efb, sources, printed, charts),
        "yoy": _yoy(conn, department, figures, sources, charts),
        "three-public": _three_public(conn, department, documents, printed, sources, charts),
        "economic": _economic_structure(conn, department, printed, sources, charts),
        "execution": _execution(conn, department, figures, sources, charts),
        "findings": _findings(conn, department, sources),
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
        header=_header(
            department,
            documents,
            sources,
            {"warehouse": warehouse or "–", "levels": levels},
        ),
        nav=nav,
        sections=sections,
        footer=footer,
    )
    return Report(department, page, charts.count, len(documents))
