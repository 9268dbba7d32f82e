"""The asset graph, one partition per document: file -> tables -> facts -> warehouse."""

from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines.documents.discover import DocumentRef, locate
from pipelines.extract.document import extract_document
from pipelines.extract.model import ExtractedDocument
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.orchestration.partitions import documents_partitions
from pipelines.orchestration.resources import RawFolder
from pipelines.validate.rules import CHECK_SCHEMA, check_document, rulebook
from pipelines.warehouse.load import load_document
from pipelines.warehouse.lock import writer_lock

GROUP = "ingest"
WRITER_POOL = "duckdb_writer"
FIGURES_PLACED = "every_figure_placed"


@dataclass
class DocumentFacts:
    """A document's facts and the outcome of the rulebook on them."""

    document: NormalisedDocument
    checks: pl.DataFrame


@dg.asset(
    partitions_def=documents_partitions,
    group_name=GROUP,
    kinds={"file"},
    description="The source file of the partition's document, found in the raw folder by its id.",
)
def source_document(context: dg.AssetExecutionContext, raw_folder: RawFolder) -> dg.Output:
    ref = locate(raw_folder.root, context.partition_key)
    return dg.Output(
        ref,
        metadata={"source_file": ref.source_file, "bytes": ref.size, "sha256": ref.sha256},
    )


@dg.asset(
    partitions_def=documents_partitions,
    group_name=GROUP,
    kinds={"python"},
    description="The document's identity and its standard tables as printed (grids of cells).",
)
def extracted_tables(source_document: DocumentRef) -> dg.Output:
    extracted = extract_document(source_document)
    identity = extracted.identity
    return dg.Output(
        extracted,
        metadata={
            "department": identity.department or "",
            "fiscal_year": identity.fiscal_year or 0,
            "doc_kind": identity.doc_kind or "",
            "tables": ", ".join(t.table_key for t in extracted.tables),
            "quarantine_reason": extracted.quarantine_reason or "",
        },
    )


def _check_specs() -> list[dg.AssetCheckSpec]:
    specs = [
        dg.AssetCheckSpec(
            name=rule.name,
            asset="document_facts",
            description=f"{rule.kind} on {', '.join(rule.tables)} (pipelines/catalog/rules.toml)",
        )
        for rule in rulebook()
    ]
    specs.append(
        dg.AssetCheckSpec(
            name=FIGURES_PLACED,
            asset="document_facts",
            description="Every number printed in a standard table was placed under a known column.",
        )
    )
    return specs


def _severity(name: str) -> dg.AssetCheckSeverity:
    rule = next((r for r in rulebook() if r.name == name), None)
    if rule is None or rule.severity == "error":
        return dg.AssetCheckSeverity.ERROR
    return dg.AssetCheckSeverity.WARN


@dg.asset(
    partitions_def=documents_partitions,
    group_name=GROUP,
    kinds={"polars"},
    check_specs=_check_specs(),
    description=(
        "The document's figures as facts keyed by classification codes, in exact yuan, "
        "with the accounting identities checked."
    ),
)
def document_facts(context: dg.AssetExecutionContext, extracted_tables: ExtractedDocument):
    document = normalise_document(extracted_tables)
    if document.status == "loaded":
        checks = check_document(document.document_id, document.line_items)
    else:
        checks = pl.DataFrame(schema=CHECK_SCHEMA)
    counts = document.line_items.group_by("table_key").len()
    yield dg.Output(
        DocumentFacts(document=document, checks=checks),
        metadata={
            "status": document.status,
            "line_items": document.line_items.height,
            "quantities": document.quantities.height,
            **{f"facts/{row['table_key']}": row["len"] for row in counts.iter_rows(named=True)},
        },
    )
    for rule in rulebook():
        results = checks.filter(pl.col("rule") == rule.name)
        failed = results.filter(~pl.col("passed"))
        yield dg.AssetCheckResult(
            check_name=rule.name,
            passed=failed.is_empty(),
            severity=_severity(rule.name),
            metadata={
                "checked": results.height,
                "failed": failed.height,
                "within_rounding": results.filter(pl.col("severity") == "info").height,
                "failures": "\n".join(failed["message"].head(20).to_list()),
            },
        )
    problems = document.problems
    yield dg.AssetCheckResult(
        check_name=FIGURES_PLACED,
        passed=problems.is_empty(),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "problems": problems.height,
            "details": "\n".join(
                f"{r['table_key']} row {r['row_no']}: {r['message']}"
                for r in problems.head(20).iter_rows(named=True)
            ),
        },
    )
    if document.status != "loaded":
        context.log.info(f"quarantined: {document.document['status_reason'][0]}")


@dg.asset(
    partitions_def=documents_partitions,
    group_name=GROUP,
    kinds={"duckdb"},
    pool=WRITER_POOL,
    description=(
        "The document's rows in the DuckDB warehouse (documents, line_items, …), "
        "replaced in one transaction."
    ),
)
def warehouse_document(
    document_facts: DocumentFacts, warehouse: DuckDBResource
) -> dg.MaterializeResult:
    path = Path(warehouse.database)
    with writer_lock(path), warehouse.get_connection() as conn:
        result = load_document(conn, document_facts.document, document_facts.checks)
    return dg.MaterializeResult(
        metadata={
            "status": result.status,
            "warehouse": str(path),
            **{f"rows/{table}": count for table, count in result.rows.items()},
        }
    )


ASSETS = [source_document, extracted_tables, document_facts, warehouse_document]
