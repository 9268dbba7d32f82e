"""The asset graph, one partition per source file: file -> tables -> facts -> warehouse.

Every run takes this path, whoever launches it (``fiscal ingest``, the UI, the sensor, the
schedule): one partition, or a range of up to ``FISCAL_RUN_BATCH`` partitions. Each step
does its work on the run's files (the reading in worker processes, within a time limit
each) and hands on one value per file, which the IO manager keeps per partition, so that
any step can be run again for one file from the UI. A file's trouble never stops the
others: it is quarantined with the reason.

The reading fans out into one step per shard of the run's files: one shard, read by the
step's own pool of reader processes, under the in-process executor (``fiscal ingest``, and
the default); a shard per reader under an executor that runs steps in parallel
(``$FISCAL_EXECUTOR``: multiprocess, celery, k8s), each step its own process, pod or task.
"""

import warnings
from typing import Any

import dagster as dg
import polars as pl

from pipelines.documents.discover import find_sources, ref_of
from pipelines.orchestration.history import launched_by, record_run
from pipelines.orchestration.partitions import documents_partitions
from pipelines.orchestration.progress import DocumentOutcome, Progress
from pipelines.orchestration.resources import STEP_VALUES, Extraction, RawFolder, WarehouseFile
from pipelines.paths import default_run_batch
from pipelines.validate.checks import CheckedDocument, RuleInfo, all_rules
from pipelines.versions import checker_version, pipeline_version, reader_version
from pipelines.warehouse.load import load_document, refresh_derived
from pipelines.warehouse.publish import mark_changed, publish, working_database
from pipelines.warehouse.sources import add_name, loaded_under_first_name, retire_sources

GROUP = "ingest"
FIGURES_PLACED = "every_figure_placed"
# Dagster 1.13 calls two parameters used here beta: backfill_policy (a backfill from the
# UI runs the files in batches) and Output's data_version
warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*backfill_policy")
warnings.filterwarnings("ignore", category=dg.BetaWarning, message=".*`data_version`")
BATCHES = dg.BackfillPolicy.multi_run(max_partitions_per_run=default_run_batch())
MAX_LISTED = 20
PREVIEW_ROWS = 8
PREVIEW_COLUMNS = ("table_key", "subject_code", "subject_name", "column_key", "amount_yuan", "page")


def _per_file(context: dg.AssetExecutionContext, value: Any) -> dict[str, Any]:
    keys = context.partition_keys
    return {keys[0]: value} if len(keys) == 1 else dict(value)


def _output(
    context: dg.AssetExecutionContext, values: dict[str, Any], metadata: dict, version: str
) -> dg.Output:
    keys = context.partition_keys
    single = len(keys) == 1
    return dg.Output(
        values[keys[0]] if single else values,
        metadata=metadata,
        data_version=dg.DataVersion(version) if single else None,
    )


def _content(value: Any) -> str:
    ref = getattr(value, "ref", None) or getattr(getattr(value, "document", None), "ref", None)
    return ref.sha256[:16] if ref is not None else "gone"


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=BATCHES,
    group_name=GROUP,
    kinds={"file"},
    description="A file of the raw folder, found by its partition (its path): its bytes' "
    "hash, or None when it is gone.",
)
def source_document(context: dg.AssetExecutionContext, raw_folder: RawFolder) -> dg.Output:
    files = find_sources(raw_folder.root, list(context.partition_keys))
    refs = {key: ref_of(file) if file else None for key, file in files.items()}
    gone = [key for key, ref in refs.items() if ref is None]
    (only,) = refs.values() if len(refs) == 1 else (None,)
    return _output(
        context,
        refs,
        {
            "files": len(refs),
            "gone": ", ".join(gone),
            "bytes": sum(ref.size for ref in refs.values() if ref),
        },
        only.sha256[:16] if only else "gone",
    )


def _shard_keys(keys: list[str], shards: int) -> list[list[str]]:
    """The run's files dealt into ``shards`` groups of adjacent partitions (none empty)."""
    size = -(-len(keys) // max(1, shards))
    return [keys[start : start + size] for start in range(0, len(keys), size)] or [[]]


@dg.op(
    out=dg.DynamicOut(io_manager_key=STEP_VALUES),
    description="The run's files dealt into one shard per reading step "
    "(Extraction.shards; one unless the executor runs steps in parallel).",
)
def deal_files(context: dg.OpExecutionContext, source_document: Any, extraction: Extraction):
    refs = _per_file(context, source_document)
    for position, keys in enumerate(_shard_keys(list(refs), extraction.shards)):
        yield dg.DynamicOutput({key: refs[key] for key in keys}, mapping_key=f"shard_{position}")


@dg.op(
    out=dg.Out(io_manager_key=STEP_VALUES),
    description="One shard's files read in worker processes within FISCAL_DOCUMENT_TIMEOUT "
    "seconds each.",
)
def read_files(
    context: dg.OpExecutionContext,
    shard: dict[str, Any],
    extraction: Extraction,
    progress: dg.ResourceParam[Progress],
) -> dict[str, Any]:
    present = {key: ref for key, ref in shard.items() if ref is not None}

    def on_read(extracted) -> None:
        # progress for fiscal ingest's lines; the UI shows each document's observation (a
        # log line per document here would cost an event-log write each)
        progress.document_read(extracted.ref)

    read = extraction.read(present, context.instance.storage_directory(), on_read)
    return {key: read.get(key) for key in shard}


@dg.op(description="The shards' readings as the asset's value, one per file.")
def gather_reads(context: dg.OpExecutionContext, shards: list[dict[str, Any]]) -> dg.Output:
    found = {key: value for shard in shards for key, value in shard.items()}
    values = {key: found[key] for key in context.partition_keys}
    read = [e for e in values.values() if e is not None]
    quarantined = [e for e in read if e.quarantine_reason]
    return _output(
        context,
        values,
        {
            "files": len(values),
            "tables": sum(len(e.tables) for e in read),
            "quarantined": "\n".join(
                f"{e.ref.source_file}: {e.quarantine_reason}" for e in quarantined
            )[:4000],
        },
        f"{_content(next(iter(values.values())))}/{reader_version()}",
    )


@dg.graph_asset(
    partitions_def=documents_partitions,
    backfill_policy=BATCHES,
    group_name=GROUP,
    kinds={"python"},
    code_version=reader_version(),
    description="Each file's identity and its standard tables as printed (grids of cells), "
    "read in worker processes within FISCAL_DOCUMENT_TIMEOUT seconds each: in one step, or "
    "in a step per shard of the run's files when the executor runs steps in parallel "
    "(FISCAL_EXECUTOR=multiprocess, celery, k8s).",
)
def extracted_tables(source_document):
    return gather_reads(deal_files(source_document).map(read_files).collect())


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
            "failing_documents": ", ".join(
                sorted({names.get(d, d) for d in failed["document_id"]})
            ),
            "failures": "\n".join(
                f"{names.get(r['document_id'], r['document_id'])}: "
                + (f"page {r['page']}: " if r["page"] is not None else "")
                + r["message"]
                for r in failed.head(MAX_LISTED).iter_rows(named=True)
            ),
        },
    )


def _facts_per_table(items: pl.DataFrame) -> dict[str, int]:
    if items.is_empty():
        return {}
    counts = items.group_by("table_key").len().sort("table_key")
    return {f"facts/{key}": count for key, count in counts.iter_rows()}


def _frames(facts: list[CheckedDocument], name: str) -> pl.DataFrame:
    return pl.concat([getattr(f.document, name) for f in facts], how="vertical_relaxed")


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=BATCHES,
    group_name=GROUP,
    kinds={"polars"},
    code_version=checker_version(),
    check_specs=_check_specs("document"),
    description=(
        "Each document's figures as facts keyed by classification codes, in exact yuan, "
        "with the rulebook checked (a check fails when any document of the run fails it; "
        "its metadata names them)."
    ),
)
def document_facts(
    context: dg.AssetExecutionContext, extracted_tables: Any, extraction: Extraction
):
    read = _per_file(context, extracted_tables)
    checked = extraction.check({key: e for key, e in read.items() if e is not None})
    facts = {key: checked.get(key) for key in read}
    present = [f for f in facts.values() if f is not None]
    items = _frames(present, "line_items") if present else pl.DataFrame()
    yield _output(
        context,
        facts,
        {
            "documents": len(present),
            "quarantined": sum(f.document.status != "loaded" for f in present),
            "line_items": items.height,
            **_facts_per_table(items),
        },
        f"{_content(next(iter(facts.values())))}/{pipeline_version()}",
    )
    names = {f.document.document_id: f.document.ref.source_file for f in present}
    checks = pl.concat([f.checks for f in present]) if present else None
    problems = _frames(present, "problems") if present else None
    for rule in all_rules():
        if rule.scope == "document":
            if checks is None:
                yield dg.AssetCheckResult(check_name=rule.name, passed=True)
            else:
                yield _check_results(rule, checks, names)
    yield dg.AssetCheckResult(
        check_name=FIGURES_PLACED,
        passed=problems is None or problems.is_empty(),
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={}
        if problems is None
        else {
            "problems": problems.height,
            "failing_documents": ", ".join(
                sorted({names.get(d, d) for d in problems["document_id"]})
            ),
            "details": "\n".join(
                f"{names.get(r['document_id'], r['document_id'])}: {r['table_key']} row "
                f"{r['row_no']}: {r['message']}"
                for r in problems.head(MAX_LISTED).iter_rows(named=True)
            ),
        },
    )


def _preview(facts: CheckedDocument) -> str:
    items = facts.document.line_items
    if items.is_empty():
        return "(no figures)"
    columns = [
        c
        for c in ("table_key", "subject_code", "subject_name", "column_key", "amount_yuan", "page")
        if c in items.columns
    ]
    rows = items.select(columns).head(PREVIEW_ROWS).iter_rows()
    lines = ["| " + " | ".join(columns) + " |", "|" + " --- |" * len(columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _observation(facts: CheckedDocument, partition: str) -> dg.AssetObservation:
    document = facts.document
    failed = facts.checks.filter(~pl.col("passed"))
    per_table = document.line_items.group_by("table_key").len().sort("table_key").iter_rows()
    row = document.document.row(0, named=True)
    return dg.AssetObservation(
        asset_key="warehouse_document",
        partition=partition,
        metadata={
            "source_file": row["source_file"],
            "document_id": row["document_id"],
            "status": row["status"],
            "reason": row["status_reason"] or "",
            "department": row["department"] or "",
            "fiscal_year": row["fiscal_year"] or 0,
            "doc_kind": row["doc_kind"] or "",
            "line_items": document.line_items.height,
            **{f"facts/{key}": count for key, count in per_table},
            "failed_errors": failed.filter(pl.col("severity") == "error").height,
            "failed_warnings": failed.filter(pl.col("severity") == "warning").height,
            "failed_checks": "\n".join(
                f"{r['severity']}: {r['rule']}: {r['message']}"
                for r in failed.head(MAX_LISTED).iter_rows(named=True)
            ),
            "preview": dg.MetadataValue.md(_preview(facts)),
            "pipeline_version": pipeline_version(),
        },
    )


SAME_BYTES = "same_bytes"  # DocumentOutcome.part of a file holding a loaded document's bytes


def _outcome(
    facts: CheckedDocument, status: str, line_items: int, part: str | None = None
) -> DocumentOutcome:
    row = facts.document.document.row(0, named=True)
    return DocumentOutcome(
        ref=facts.document.ref,
        status=status,
        reason=row["status_reason"],
        line_items=line_items,
        failed_checks=facts.checks.filter(~pl.col("passed")).height,
        part=part or row["part"],
    )


@dg.asset(
    partitions_def=documents_partitions,
    backfill_policy=BATCHES,
    group_name=GROUP,
    kinds={"duckdb"},
    check_specs=_check_specs("warehouse"),
    description=(
        "Each document's rows in the DuckDB warehouse (documents, line_items, …), "
        "replaced in one transaction per document in the working copy, then published "
        "by an atomic rename (a run of `fiscal ingest` leaves the star schema and the "
        "publish to the ingest's end); a file gone from the raw folder is retired."
    ),
)
def warehouse_document(
    context: dg.AssetExecutionContext,
    document_facts: Any,
    warehouse: WarehouseFile,
    progress: dg.ResourceParam[Progress],
) -> dg.MaterializeResult:
    loaded = _per_file(context, document_facts)
    totals: dict[str, int] = {}
    statuses: dict[str, int] = {}
    present = {key: f for key, f in loaded.items() if f is not None}

    def waiting(holder: str) -> None:
        context.log.info(f"waiting for the warehouse, which another writer holds ({holder})")

    # fiscal ingest's runs write on from where its start left the working copy; a run
    # alone follows the published file
    who = launched_by(context.run.tags)
    alone = who != "cli"
    with working_database(warehouse.file, on_wait=waiting, follow_published=alone) as conn:
        gone = [key for key, f in loaded.items() if f is None]
        if gone:
            statuses["retired"] = len(retire_sources(conn, gone))
            mark_changed(conn)
        for key, facts in present.items():
            if loaded_under_first_name(conn, facts.document.ref, pipeline_version()):
                add_name(conn, facts.document.ref)  # another name of bytes already loaded
                mark_changed(conn)
                statuses["same_bytes"] = statuses.get("same_bytes", 0) + 1
                progress.document_done(_outcome(facts, facts.document.status, 0, SAME_BYTES))
                continue
            result = load_document(
                conn,
                facts.document,
                facts.checks,
                refresh=False,
                pipeline_version=pipeline_version(),
            )
            mark_changed(conn)
            for table, count in result.rows.items():
                totals[table] = totals.get(table, 0) + count
            statuses[result.status] = statuses.get(result.status, 0) + 1
            progress.document_done(_outcome(facts, result.status, result.rows["line_items"]))
            context.log_event(_observation(facts, key))
        # fiscal ingest's runs leave the star schema and the publish to the ingest's end:
        # it publishes the folder once, whole (the rules across documents, which this run's
        # checks report, are refreshed here)
        refresh_derived(conn, star=alone)
        across = [rule for rule in all_rules() if rule.scope == "warehouse"]
        ids = [f.document.document_id for f in present.values()]
        checks = conn.execute(
            "SELECT * FROM check_results WHERE document_id IN (SELECT unnest(?)) "
            "AND rule IN (SELECT unnest(?))",
            [ids, [rule.name for rule in across]],
        ).pl()
        if alone:  # fiscal ingest records its ingest as a whole
            outcome = record_run(
                conn,
                context.run.run_id,
                who,
                read=len(present),
                loaded=statuses.get("loaded", 0),
                quarantined=statuses.get("quarantined", 0),
                retired=statuses.get("retired", 0),
                problems=[
                    f"{f.document.ref.source_file}: {f.document.document['status_reason'][0]}"
                    for f in present.values()
                    if f.document.status != "loaded"
                ],
            )
            if outcome in {"partial", "failed"}:
                context.log.warning(f"ingest run {context.run.run_id} ({who}): {outcome}")
    if alone:
        publish(warehouse.file)
    names = {f.document.document_id: f.document.ref.source_file for f in present.values()}
    return dg.MaterializeResult(
        metadata={
            "warehouse": str(warehouse.file),
            **{f"documents/{status}": count for status, count in statuses.items()},
            **{f"rows/{table}": count for table, count in totals.items()},
        },
        check_results=[_check_results(rule, checks, names) for rule in across],
    )


ASSETS = [source_document, extracted_tables, document_facts, warehouse_document]
