"""The page's header: the department's region, scope, level and years, and its documents
with their verification."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.warehouse.department_report.formatting import KINDS, esc, table
from pipelines.warehouse.department_report.sources import Document, Sources

VERIFICATION = {
    "verified": "verified",
    "verified_with_warnings": "verified with warnings",
    "unverified": "UNVERIFIED",
}
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


def header(
    department: str,
    documents: list[Document],
    sources: Sources,
    *,
    levels: Sequence[str],
    warehouse: str,
) -> str:
    """The ``<header>`` (its facts; ``levels`` the government levels of its figures) and
    the section listing every document."""
    regions = sorted({d.region for d in documents if d.region})
    scopes = sorted({d.scope for d in documents if d.scope})
    years = sorted({d.fiscal_year for d in documents if d.fiscal_year})
    facts = [
        ("Region 地区", "、".join(regions) or "–"),
        ("Scope 范围", ", ".join(scopes) or "–"),
        ("Government level 级次", "、".join(levels) or "–"),
        ("Years 年度", ", ".join(map(str, years)) or "–"),
        ("Warehouse", warehouse),
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
    return (
        f"<header><h1>{esc(department)}</h1><dl>{facts_html}</dl></header>"
        '<section id="documents"><h2>Documents loaded 已载入的文件</h2>'
        f"{table(DOCUMENTS_HEAD, rows)}</section>"
    )
