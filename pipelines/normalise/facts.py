"""A document's tables as printed -> the warehouse's fact frames (polars, Decimal yuan)."""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

import polars as pl

from pipelines import catalog, columns
from pipelines.documents.contents import ListedTable
from pipelines.documents.discover import DocumentRef
from pipelines.documents.explanations import CodeExplanation
from pipelines.documents.form import FormFault
from pipelines.documents.identity import FIELDS as IDENTITY_FIELDS
from pipelines.documents.identity import DocumentIdentity
from pipelines.documents.mentions import IdentityMention
from pipelines.documents.placeholders import Placeholder
from pipelines.extract.model import ExtractedDocument, RawTable
from pipelines.normalise.layouts import LAYOUTS, LayoutError, Problem
from pipelines.normalise.narrative_links import reconcile
from pipelines.text.amounts import AmountError, to_yuan
from pipelines.text.labels import canonical_label

DEFAULT_UNIT = "万元"  # when neither the table nor the document prints one
PERCENT = Decimal(100)


@dataclass
class NormalisedDocument:
    """Everything the warehouse receives for one document."""

    document: pl.DataFrame
    line_items: pl.DataFrame
    quantities: pl.DataFrame
    tables: pl.DataFrame
    problems: pl.DataFrame
    ref: DocumentRef | None = None  # the file the facts were read from
    performance: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=columns.PROJECT_PERFORMANCE)
    )
    narrative: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=columns.NARRATIVE_FIGURES)
    )
    indicators: pl.DataFrame = field(
        default_factory=lambda: pl.DataFrame(schema=columns.PERFORMANCE_INDICATORS)
    )
    # headings and as-of dates restating the department and year (the identity rules' input)
    mentions: tuple[IdentityMention, ...] = ()
    # the standard tables its table of contents lists (the contents rule's input)
    listed: tuple[ListedTable, ...] = ()
    # lines printing a template's placeholder (the form rule's input)
    placeholders: tuple[Placeholder, ...] = ()
    # faults of form and the narrative's explanations of 项 (the form and explanation rules')
    form_faults: tuple[FormFault, ...] = ()
    explanations: tuple[CodeExplanation, ...] = ()

    @property
    def document_id(self) -> str:
        """The document's id."""
        return self.document["document_id"][0]

    @property
    def status(self) -> str:
        """``loaded`` or ``quarantined``."""
        return self.document["status"][0]


def _dominant_unit(tables: list[RawTable]) -> str | None:
    units = Counter(t.unit for t in tables if t.unit)
    return units.most_common(1)[0][0] if units else None


def publication_id(identity: DocumentIdentity) -> str | None:
    """One id per department, year, kind and scope: the files that form one publication."""
    if identity.missing():
        return None
    key = f"{identity.department}|{identity.fiscal_year}|{identity.doc_kind}|{identity.scope}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def document_frame(extracted: ExtractedDocument, status: str, reason: str | None) -> pl.DataFrame:
    """The document's row of the ``documents`` table."""
    ref, identity = extracted.ref, extracted.identity
    return pl.DataFrame(
        [
            {
                "document_id": ref.document_id,
                "source_file": ref.source_file,
                "sha256": ref.sha256,
                "department": identity.department,
                "region": identity.region,
                "fiscal_year": identity.fiscal_year,
                "doc_kind": identity.doc_kind,
                "scope": identity.scope,
                "page_count": extracted.page_count,
                "status": status,
                "status_reason": reason,
                "ingested_at": datetime.now(UTC).replace(tzinfo=None),
                "publication_id": publication_id(identity),
                "part": extracted.part,
                "template": extracted.template,
                **{f"{name}_source": identity.source_of(name) for name in IDENTITY_FIELDS},
                "edition_mark": identity.edition_mark,
                "parent_department": identity.parent_department,
            }
        ],
        schema=columns.DOCUMENTS,
    )


def performance_frame(extracted: ExtractedDocument, problems: list[Problem]) -> pl.DataFrame:
    """The document's project performance self-evaluations, amounts in exact yuan."""
    records = []
    for report in extracted.performance:
        problems.extend(Problem(None, None, f"{report.project_name}: {p}") for p in report.problems)
        rate = report.amounts.get("execution_rate")
        records.append(
            {
                "document_id": extracted.ref.document_id,
                "project_name": report.project_name,
                "project_unit": report.project_unit,
                **{
                    key: report.amounts.get(key)
                    for key in (
                        "budget_declared_yuan",
                        "budget_initial_yuan",
                        "budget_full_year_yuan",
                        "executed_yuan",
                        "balance_yuan",
                        "budget_score",
                    )
                },
                "execution_rate": rate / PERCENT if rate is not None else None,
                "total_score": report.total_score,
                "grade": report.grade,
                "page": None,
                "source_line": report.line,
            }
        )
    return pl.DataFrame(records, schema=columns.PROJECT_PERFORMANCE)


def indicators_frame(extracted: ExtractedDocument) -> pl.DataFrame:
    """The rows of the reports' 绩效指标 tables, one per indicator, values as printed."""
    return pl.DataFrame(
        [
            {
                "document_id": extracted.ref.document_id,
                "project_name": report.project_name,
                "indicator_no": number,
                "level1": i.level1,
                "level2": i.level2,
                "indicator": i.indicator,
                "target_text": i.target_text,
                "target_comparator": i.target_comparator,
                "target_value": i.target_value,
                "target_unit": i.target_unit,
                "actual_text": i.actual_text,
                "actual_value": i.actual_value,
                "weight": i.weight,
                "score": i.score,
                "page": i.page,
                "source_line": i.line,
            }
            for report in extracted.performance
            for number, i in enumerate(report.indicators, start=1)
        ],
        schema=columns.PERFORMANCE_INDICATORS,
    )


_METRIC_SUFFIXES = ("较上年增减", "完成率", "年初预算", "全年预算", "决算", "（类）")


def class_code(metric: str) -> str | None:
    """The 类 a narrative metric names (一般公共服务支出年初预算 -> 201), if any."""
    name = canonical_label(metric)
    changed = True
    while changed:
        changed = False
        for suffix in _METRIC_SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix):
                name, changed = name[: -len(suffix)], True
    return catalog.functional_class_by_name().get(name)


def narrative_frame(extracted: ExtractedDocument) -> pl.DataFrame:
    """The figures the document's narrative states or implies."""
    return pl.DataFrame(
        [
            {
                "document_id": extracted.ref.document_id,
                "section": figure.section,
                "metric": figure.metric,
                "row_code": class_code(figure.metric),
                "fiscal_year": figure.fiscal_year,
                "amount_yuan": figure.amount_yuan,
                "ratio": figure.ratio,
                "quantity": figure.quantity,
                "derived": figure.derived,
                "sentence": figure.sentence,
                "page": figure.page,
                "source_line": figure.line,
            }
            for figure in extracted.narrative
        ],
        schema=columns.NARRATIVE_STATED,
    )


def normalise_document(extracted: ExtractedDocument) -> NormalisedDocument:
    """Read every standard table of a document into fact frames.

    A quarantined document gets its ``documents`` row (with the reason) and no facts.
    """
    doc_id = extracted.ref.document_id
    items: list[dict] = []
    quantities: list[dict] = []
    table_rows: list[dict] = []
    problems: list[Problem] = []
    reason = extracted.quarantine_reason
    problems.extend(Problem(None, None, note) for note in extracted.notes)
    if reason is None:
        fallback_unit = _dominant_unit(extracted.tables)
        seen: set[str] = set()
        printed: set[tuple[str, str | None]] = set()
        for table in extracted.tables:
            spec = catalog.table(table.table_key, table.variant)
            unit = table.unit or fallback_unit or DEFAULT_UNIT
            if table.unit is None:
                problems.append(
                    Problem(
                        table.table_key, None, f"no unit printed with the table; read as {unit}"
                    )
                )
            before = len(items) + len(quantities)
            try:
                facts = list(LAYOUTS[spec.layout](table, spec, problems))
            except LayoutError as exc:
                problems.append(Problem(table.table_key, None, str(exc)))
                facts = []
            for fact in facts:
                record = {
                    "document_id": doc_id,
                    "table_key": table.table_key,
                    "row_code": fact.row_code,
                    "row_label": fact.row_label,
                    "column_key": fact.column_key,
                    "page": fact.page,
                    "row_group": fact.row_group or spec.group,
                    "row_no": fact.row_no,
                    "source_line": fact.line,
                }
                if fact.count_unit:
                    quantities.append({**record, "quantity": fact.value, "unit": fact.count_unit})
                    continue
                try:
                    amount = to_yuan(fact.value, unit)
                except AmountError as exc:
                    problems.append(Problem(table.table_key, fact.row_no, str(exc)))
                    continue
                items.append({**record, "amount_yuan": amount, "printed_unit": unit})
            count = len(items) + len(quantities) - before
            status = "present" if count else "empty"
            if (table.table_key, table.variant) in printed:
                status = "continued" if count else "empty"
            printed.add((table.table_key, table.variant))
            seen.add(table.table_key)
            table_rows.append(
                {
                    "document_id": doc_id,
                    "table_key": table.table_key,
                    "status": status,
                    "title": table.title,
                    "number": table.number,
                    "printed_unit": table.unit,
                    "first_page": table.first_page,
                    "figure_count": count,
                    "no_data_note": table.no_data_note,
                }
            )
        for key, title, page in extracted.unread:
            if key not in seen:
                seen.add(key)
                table_rows.append(
                    {
                        "document_id": doc_id,
                        "table_key": key,
                        "status": "unread",
                        "title": title,
                        "first_page": page,
                        "figure_count": 0,
                    }
                )
        for spec in catalog.tables() if extracted.part != "narrative" else ():
            if spec.key not in seen:
                table_rows.append(
                    {"document_id": doc_id, "table_key": spec.key, "status": "absent"}
                )
    status = "loaded" if reason is None else "quarantined"
    performance = (
        performance_frame(extracted, problems)
        if reason is None
        else pl.DataFrame(schema=columns.PROJECT_PERFORMANCE)
    )
    line_items = pl.DataFrame(items, schema=columns.LINE_ITEMS)
    narrative = (
        reconcile(narrative_frame(extracted), line_items)
        if reason is None
        else pl.DataFrame(schema=columns.NARRATIVE_FIGURES)
    )
    indicators = (
        indicators_frame(extracted)
        if reason is None
        else pl.DataFrame(schema=columns.PERFORMANCE_INDICATORS)
    )
    return NormalisedDocument(
        document=document_frame(extracted, status, reason),
        line_items=line_items,
        quantities=pl.DataFrame(quantities, schema=columns.LINE_ITEM_QUANTITIES),
        tables=pl.DataFrame(table_rows, schema=columns.DOCUMENT_TABLES),
        problems=pl.DataFrame(
            [
                {
                    "document_id": doc_id,
                    "table_key": p.table_key,
                    "row_no": p.row_no,
                    "message": p.message,
                }
                for p in problems
            ],
            schema=columns.EXTRACTION_PROBLEMS,
        ),
        ref=extracted.ref,
        performance=performance,
        narrative=narrative,
        indicators=indicators,
        mentions=tuple(extracted.mentions),
        listed=tuple(extracted.listed),
        placeholders=tuple(extracted.placeholders),
        form_faults=tuple(extracted.form_faults),
        explanations=tuple(extracted.explanations),
    )
