"""The asset graph, one partition per document: file -> tables -> facts -> warehouse.

A run may hold one document (the UI, a sensor) or many (``fiscal ingest``: one run for
the whole raw folder, ``BackfillPolicy.single_run``); each asset then works on every
document of the run, and one document's trouble never stops the others. A value passes
between assets as itself for one partition, as ``{document_id: value}`` for several.
"""

import warnings
from pathlib import Path
from typing import Any

import dagster as dg
import polars as pl
from dagster_duckdb import DuckDBResource

from pipelines.documents.discover import find_documents
from pipelines.orchestration.partitions import documents_partitions
from pipelines.orchestration.progress import DocumentOutcome, Progress
from pipelines.orchestration.resources import Extraction, RawFolder
from pipelines.validate.checks import RuleInfo, all_rules
from pipelines.warehouse.load import load_document, refresh_derived
from pipelines.warehouse.lock import writer_lock

GROUP = "ingest"
FIGURES_PLACED = "every_figure_placed"
ONE_RUN = dg.BackfillPolicy.single_run()
# backfill_policy is marked beta in Dagster 1.13; the project relies on single_run only
warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*backfill_policy.*")
MAX_LISTED = 20


def _per_document(context: dg.AssetExecutionContext, value: Any) -> dict[str, Any]:
    keys = context.partition_keys
    return {keys[0]: value} if len(keys) == 1 else dict(value)


def _output(context: dg.AssetExecutionContext, values: dict[str, Any], metadata: dict) -> dg.Output:
    keys = context.partition_keys
    return dg.Output(values[keys[0]] if len(keys) == 1 else values, metadata=metadata)


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=ONE_RUN,
    group_name=GROUP,
    kinds={"file"},
    description="The source file of each document, found in the raw folder by its id.",
)
def source_document(context: dg.AssetExecutionContext, raw_folder: RawFolder) -> dg.Output:
    found = {ref.document_id: ref for ref in find_documents(raw_folder.root)}
    missing = [key for key in context.partition_keys if key not in found]
    if missing:
        raise LookupError(f"no file in {raw_folder.root} has document id {', '.join(missing)}")
    refs = {key: found[key] for key in context.partition_keys}
    return _output(
        context,
        refs,
        {
            "documents": len(refs),
            "source_files": ", ".join(ref.source_file for ref in refs.values())[:2000],
            "bytes": sum(ref.size for ref in refs.values()),
        },
    )


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=ONE_RUN,
    group_name=GROUP,
    kinds={"python"},
    description="Each document's identity and its standard tables as printed (grids of cells).",
)
def extracted_tables(
    context: dg.AssetExecutionContext,
    source_document: Any,
    extraction: Extraction,
    progress: dg.ResourceParam[Progress],
) -> dg.Output:
    refs = _per_document(context, source_document)
    extracted = dict(zip(refs, extraction.extract(list(refs.values()), progress), strict=True))
    quarantined = {k: e for k, e in extracted.items() if e.quarantine_reason}
    return _output(
        context,
        extracted,
        {
            "documents": len(extracted),
            "tables": sum(len(e.tables) for e in extracted.values()),
            "quarantined": "\n".join(
                f"{e.ref.source_file}: {e.quarantine_reason}" for e in quarantined.values()
            )[:4000],
        },
    )


# document rules check the facts as read; rules across documents, the warehouse they are in
CHECKED_ASSET = {"document": "document_facts", "warehouse": "warehouse_document"}


def _check_specs(scope: str) -> list[dg.AssetCheckSpec]:
    asset = CHECKED_ASSET[scope]
    specs = [
        dg.AssetCheckSpec(
            name=rule.name,
            asset=asset,
            description=f"{rule.description} ({rule.severity}; pipelines/catalog/rules.toml)",
        )
        for rule in all_rules()
        if rule.scope == scope
    ]
    if scope == "document":
        specs.append(
            dg.AssetCheckSpec(
                name=FIGURES_PLACED,
                asset=asset,
                description="Every number printed in a standard table was placed under a "
                "known column.",
            )
        )
    return specs


def _check_results(
    rule: RuleInfo, checks: pl.DataFrame, names: dict[str, str]
) -> dg.AssetCheckResult:
    """A rule's outcome over the run's documents: failed if it failed on any of them."""
    results = checks.filter(pl.col("rule") == rule.name)
    failed = results.filter(~pl.col("passed"))
    return dg.AssetCheckResult(
        asset_key=dg.AssetKey(CHECKED_ASSET[rule.scope]),
        check_name=rule.name,
        passed=failed.is_empty(),
        severity=dg.AssetCheckSeverity.ERROR
        if rule.severity == "error"
        else dg.AssetCheckSeverity.WARN,
        metadata={
            "severity": rule.severity,
            "checked": results.height,
            "failed": failed.height,
            "within_rounding": results.filter(pl.col("severity") == "info").height,
            "failing_documents": ", ".join(sorted({names[d] for d in failed["document_id"]})),
            "failures": "\n".join(
                f"{names[r['document_id']]}: "
                + (f"page {r['page']}: " if r["page"] is not None else "")
                + r["message"]
                for r in failed.head(MAX_LISTED).iter_rows(named=True)
            ),
        },
    )


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=ONE_RUN,
    group_name=GROUP,
    kinds={"polars"},
    check_specs=_check_specs("document"),
    description=(
        "Each document's figures as facts keyed by classification codes, in exact yuan, "
        "with the accounting identities checked (a check fails when any document of the "
        "run fails it; its metadata names them)."
    ),
)
def document_facts(
    context: dg.AssetExecutionContext, extracted_tables: Any, extraction: Extraction
):
    facts = {
        key: extraction.checked(e) for key, e in _per_document(context, extracted_tables).items()
    }
    items = pl.concat([f.document.line_items for f in facts.values()])
    yield _output(
        context,
        facts,
        {
            "documents": len(facts),
            "quarantined": sum(f.document.status != "loaded" for f in facts.values()),
            "line_items": items.height,
            **{
                f"facts/{key}": count
                for key, count in items.group_by("table_key").len().sort("table_key").iter_rows()
            },
        },
    )
    names = {key: f.document.document["source_file"][0] for key, f in facts.items()}
    checks = pl.concat([f.checks for f in facts.values()])
    for rule in all_rules():
        if rule.scope == "document":
            yield _check_results(rule, checks, names)
    problems = pl.concat([f.document.problems for f in facts.values()])
    yield dg.AssetCheckResult(
        check_name=FIGURES_PLACED,
        passed=problems.is_empty(),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "problems": problems.height,
            "failing_documents": ", ".join(sorted({names[d] for d in problems["document_id"]})),
            "details": "\n".join(
                f"{names[r['document_id']]}: {r['table_key']} row {r['row_no']}: {r['message']}"
                for r in problems.head(MAX_LISTED).iter_rows(named=True)
            ),
        },
    )


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=ONE_RUN,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=_check_specs("warehouse"),
    description=(
        "Each document's rows in the DuckDB warehouse (documents, line_items, …), "
        "replaced in one transaction per document."
    ),
)
def warehouse_document(
    context: dg.AssetExecutionContext,
    document_facts: Any,
    warehouse: DuckDBResource,
    progress: dg.ResourceParam[Progress],
) -> dg.MaterializeResult:
    path = Path(warehouse.database)
    totals: dict[str, int] = {}
    statuses: dict[str, int] = {}
    loaded = _per_document(context, document_facts)
    with writer_lock(path), warehouse.get_connection() as conn:
        for facts in loaded.values():
            result = load_document(conn, facts.document, facts.checks, refresh=False)
            for table, count in result.rows.items():
                totals[table] = totals.get(table, 0) + count
            statuses[result.status] = statuses.get(result.status, 0) + 1
            row = facts.document.document.row(0, named=True)
            progress.document_done(
                DocumentOutcome(
                    ref=facts.document.ref,
                    status=result.status,
                    reason=row["status_reason"],
                    line_items=result.rows["line_items"],
                    failed_checks=facts.checks.filter(~pl.col("passed")).height,
                    part=row["part"],
                )
            )
        refresh_derived(conn)  # code dimensions and the rules across documents
        across = [rule for rule in all_rules() if rule.scope == "warehouse"]
        checks = conn.execute(
            "SELECT * FROM check_results WHERE document_id IN (SELECT unnest(?)) "
            "AND rule IN (SELECT unnest(?))",
            [list(loaded), [rule.name for rule in across]],
        ).pl()
    names = {key: f.document.document["source_file"][0] for key, f in loaded.items()}
    return dg.MaterializeResult(
        metadata={
            "warehouse": str(path),
            **{f"documents/{status}": count for status, count in statuses.items()},
            **{f"rows/{table}": count for table, count in totals.items()},
        },
        check_results=[_check_results(rule, checks, names) for rule in across],
    )


ASSETS = [source_document, extracted_tables, document_facts, warehouse_document]
