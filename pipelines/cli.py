"""The ``fiscal`` command: ingest the raw folder, check what was loaded, start the Dagster UI."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from pipelines.paths import (
    RAW_DIR_ENV,
    WAREHOUSE_ENV,
    Lake,
    Warehouse,
    default_raw_dir,
    default_warehouse,
    default_workers,
    warehouse_location,
)

MAX_PRINTED = 20  # failed checks listed after an ingest
DEFAULT_WORKERS = default_workers()


def _print_outcome(position: int, total: int, outcome) -> None:
    name = outcome.ref.source_file
    if outcome.part == "same_bytes":
        detail = "the same bytes as a file already loaded: registered as another name of it"
    elif outcome.status == "loaded" and outcome.part == "narrative":
        detail = "loaded: the narrative part of a publication (no tables)"
    elif outcome.status == "loaded":
        detail = f"loaded {outcome.line_items} figures"
        if outcome.failed_checks:
            detail += f", {outcome.failed_checks} failed checks"
    else:
        detail = f"{outcome.status}: {outcome.reason}"
    print(f"[{position}/{total}] {name}: {detail}", flush=True)


def _print_read(position: int, total: int, ref) -> None:
    print(f"  read {position}/{total}: {ref.source_file}", flush=True)


def _print_report(report) -> None:
    print()
    print(f"Warehouse: {report.warehouse} ({report.seconds:.1f} s)")
    print(
        f"This ingest: {len(report.worked)} read or re-checked in {report.runs} runs, "
        f"{report.unchanged} unchanged, {report.retired} retired"
    )
    print(
        f"Documents: {len(report.outcomes)} found, {report.count('loaded')} loaded, "
        f"{report.count('quarantined')} quarantined, {report.count('failed')} failed"
    )
    if report.outcomes:
        print("Facts per table (line_items):")
        width = max(len(key) for key in report.facts_per_table)
        for key, count in report.facts_per_table.items():
            print(f"  {key:<{width}}  {count:>6}")
        total = sum(report.facts_per_table.values())
        print(f"  {'total':<{width}}  {total:>6}")
        print(f"Counts (line_item_quantities): {report.quantities}")
    if report.disagreements:
        print(
            f"Figures two files of one publication print differently: {report.disagreements} "
            "(SELECT * FROM v_publication_disagreements)"
        )
    if report.narrative_disagreements:
        print(
            "Narrative figures their table prints differently: "
            f"{report.narrative_disagreements} "
            "(SELECT * FROM v_narrative_reconciliation WHERE NOT agrees)"
        )
    errors = sum(severity == "error" for _, _, severity, _ in report.failed_checks)
    warnings = len(report.failed_checks) - errors
    print(f"Failed checks: {errors} errors, {warnings} warnings (fiscal check prints them all)")
    for source_file, rule, severity, message in report.failed_checks[:MAX_PRINTED]:
        print(f"  {severity}: {source_file}: {rule}: {message}")
    if len(report.failed_checks) > MAX_PRINTED:
        print(f"  … and {len(report.failed_checks) - MAX_PRINTED} more")


def _print_waiting(holder: str) -> None:
    print(
        f"Another ingest is writing this warehouse ({holder}); waiting for it to finish…",
        flush=True,
    )


def _print_plan(to_run: int, unchanged: int, retired: int) -> None:
    print(
        f"To read or re-check: {to_run} files; unchanged: {unchanged}; retired: {retired} "
        "(files gone or replaced)",
        flush=True,
    )


# fiscal ingest's exit codes (README: Using it)
EXIT_LOADED, EXIT_QUARANTINED, EXIT_USAGE, EXIT_FAILED = 0, 1, 2, 3


def cmd_ingest(args: argparse.Namespace) -> int:
    """``fiscal ingest``: bring the warehouse to what the raw folder holds."""
    raw_dir = Path(args.raw).resolve() if args.raw else default_raw_dir()
    warehouse = _warehouse_arg(args)
    if not raw_dir.is_dir():
        print(f"fiscal: raw folder not found: {raw_dir}", file=sys.stderr)
        return EXIT_USAGE
    mode = "everything read again" if args.full else "incremental"
    print(f"Ingesting {raw_dir} into {warehouse} ({mode}, {args.workers} workers)", flush=True)
    from pipelines.ingest import FINE, ingest
    from pipelines.warehouse.lock import WarehouseBusy

    try:
        report = ingest(
            raw_dir,
            warehouse,
            on_document=_print_outcome,
            workers=args.workers,
            on_read=_print_read,
            full=args.full,
            batch=args.batch,
            on_wait=_print_waiting,
            on_plan=_print_plan,
        )
    except WarehouseBusy as exc:
        print(f"fiscal: {exc}; try again later", file=sys.stderr)
        return EXIT_FAILED
    except OSError as exc:  # the raw folder cannot be listed, the warehouse cannot be written
        print(f"fiscal: the ingest failed: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # a bug: said in one line, the warehouse left as it was
        print(f"fiscal: the ingest failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED
    _print_report(report)
    for problem in report.sources_problems:
        print(f"Note: {problem}")
    if report.previous_raw_dir:
        print(
            f"Note: this warehouse mirrored {report.previous_raw_dir} until now; documents "
            "not in this folder were retired."
        )
    if not report.outcomes:
        print(f"fiscal: no documents in {raw_dir}", file=sys.stderr)
        return EXIT_LOADED
    if report.run_failures:
        print(
            f"fiscal: {len(report.run_failures)} runs failed: " + "; ".join(report.run_failures),
            file=sys.stderr,
        )
        return EXIT_FAILED
    if not report.ok:
        bad = [o for o in report.outcomes if o.status not in FINE]
        names = "; ".join(f"{o.ref.source_file} ({o.status}: {o.reason})" for o in bad)
        print(
            f"fiscal: {len(bad)} of {len(report.outcomes)} documents not loaded: {names}",
            file=sys.stderr,
        )
        return EXIT_QUARANTINED
    return EXIT_LOADED


def _yuan(value) -> str:
    return "-" if value is None else f"{value:,.2f}"


# v_documents.verification as fiscal check prints it
VERDICTS = {
    "unverified": "UNVERIFIED",
    "verified_with_warnings": "verified with warnings",
    "verified": "verified",
}


def _print_checks(checks) -> None:
    identity = " ".join(
        str(part) for part in (checks.department, checks.fiscal_year, checks.doc_kind) if part
    )
    errors, warnings = checks.failed("error"), checks.failed("warning")
    verdict = (
        f"{checks.status}: {checks.status_reason}"
        if checks.status != "loaded"
        else f"{VERDICTS[checks.verification]}: {checks.passed} checks passed, "
        f"{errors} errors, {warnings} warnings"
    )
    print(f"{checks.source_file} ({checks.document_id}; {identity or 'identity unknown'})")
    print(f"  {verdict}")
    for tally in checks.tallies:
        mark = "FAIL" if tally.failed else "ok"
        print(
            f"  {mark:<4} {tally.rule} ({tally.severity}): "
            f"{tally.passed} passed ({tally.rounding} within rounding), {tally.failed} failed"
        )
    for failure in checks.failures:
        where = ", ".join(
            part
            for part in (
                failure.table_key,
                f"row {failure.row}" if failure.row else None,
                f"page {failure.page}" if failure.page else None,
            )
            if part
        )
        figures = (
            f" [expected {_yuan(failure.expected)}, printed {_yuan(failure.actual)}, "
            f"difference {_yuan(failure.difference)}]"
            if failure.expected is not None or failure.actual is not None
            else ""
        )
        severity = failure.severity.upper()
        if failure.severity == "error" and not failure.material:
            severity += " (immaterial)"
        label = f"{severity:<7} {failure.rule}"
        print(f"  {label}: {where}: {failure.message}{figures}")


def cmd_check(args: argparse.Namespace) -> int:
    """``fiscal check [DOCUMENT]``: the rules each loaded document passed and failed."""
    from pipelines.warehouse.report import UnknownDocument, document_checks

    conn = _read_only(args)
    if conn is None:
        return 2
    try:
        with conn:
            found = document_checks(conn, args.document)
    except UnknownDocument as exc:
        print(f"fiscal: {exc}", file=sys.stderr)
        return 2
    for position, checks in enumerate(found):
        if position:
            print()
        _print_checks(checks)
    unverified = [c.source_file for c in found if c.verification == "unverified"]
    if unverified:
        print(
            f"\n{len(unverified)} of {len(found)} documents are unverified (a material failure "
            "of an error-level rule): " + ", ".join(unverified)
        )
        return 1
    return 0


def _warehouse_arg(args: argparse.Namespace) -> Warehouse:
    """The warehouse named by ``--warehouse`` (a file, or ``ducklake:<catalog>``), or the
    default one."""
    return warehouse_location(args.warehouse) if args.warehouse else default_warehouse()


def _published_warehouse(args: argparse.Namespace) -> Warehouse | None:
    """The published warehouse file (``--warehouse`` or the default), or the lake; None
    when there is no file (said so on stderr)."""
    warehouse = _warehouse_arg(args)
    if isinstance(warehouse, Path) and not warehouse.is_file():
        print(f"fiscal: no warehouse at {warehouse} (run `fiscal ingest` first)", file=sys.stderr)
        return None
    return warehouse


def _read_only(args: argparse.Namespace, *, files: bool = True):
    """A read-only connection to the published warehouse, or None (said why on stderr);
    without ``files``, one that can open no other file either (no ATTACH, no COPY TO)."""
    import duckdb

    warehouse = _published_warehouse(args)
    if warehouse is None:
        return None
    if isinstance(warehouse, Lake):
        from pipelines.warehouse.lake import LakeUnavailable, connect_lake

        try:
            return connect_lake(warehouse, read_only=True)
        except LakeUnavailable as exc:
            print(f"fiscal: {exc}", file=sys.stderr)
            return None
    config = {} if files else {"enable_external_access": False, "lock_configuration": True}
    try:
        return duckdb.connect(str(warehouse), read_only=True, config=config)
    except duckdb.IOException as exc:
        print(f"fiscal: {warehouse} cannot be opened read-only: {exc}", file=sys.stderr)
        return None


def cmd_sql(args: argparse.Namespace) -> int:
    """``fiscal sql QUERY``: a query's result, read-only, as a table, CSV or JSON lines."""
    import duckdb

    from pipelines.warehouse.exports import write_csv, write_json

    conn = _read_only(args, files=False)
    if conn is None:
        return 2
    with conn:
        try:
            relation = conn.sql(args.query)
            if relation is None:  # a statement without rows (SET, PRAGMA, …)
                return 0
            if args.csv:
                write_csv(relation, sys.stdout)
            elif args.json:
                write_json(relation, sys.stdout)
            else:
                relation.show(max_rows=args.max_rows, max_width=200)
        except duckdb.Error as exc:
            first = str(exc).strip().splitlines()[0]
            print(f"fiscal: {type(exc).__name__}: {first}", file=sys.stderr)
            return 2
    return 0


def _is_script(path: str) -> bool:
    with open(path, "rb") as program:
        return program.read(2) == b"#!"


def _duckdb_shell() -> str | None:
    """DuckDB's shell program: the one the duckdb-cli package bundles, else ``duckdb`` in
    this Python's bin folder, else on PATH; None when there is none. The package's
    ``duckdb`` launcher script is passed over: it sets the extension directory after
    ``-safe`` has locked the configuration, and so stops the shell at once."""
    from importlib.util import find_spec

    spec = find_spec("duckdb_cli")
    folders = [str(Path(spec.origin).parent)] if spec and spec.origin else []
    folders += [str(Path(sys.executable).parent), None]  # None: PATH
    for folder in folders:
        found = shutil.which("duckdb", path=folder)
        if found and not _is_script(found):
            return found
    return None


def cmd_shell(args: argparse.Namespace) -> int:
    """``fiscal shell``: DuckDB's own interactive shell on the published warehouse, read-only
    and unable to open any other file; the process becomes the shell (its exit code is the
    command's), 2 when there is no warehouse or no shell."""
    warehouse = _published_warehouse(args)
    if warehouse is None:
        return 2
    if isinstance(warehouse, Lake):
        print(f"fiscal: the shell opens a DuckDB file; query {warehouse} with `fiscal sql`",
              file=sys.stderr)  # fmt: skip
        return 2
    shell = _duckdb_shell()
    if shell is None:
        print(
            "fiscal: DuckDB's shell (`duckdb`) is not installed: pip install duckdb-cli",
            file=sys.stderr,
        )
        return 2
    print(
        f"fiscal shell: {warehouse}, read-only (SQL can open no other file); "
        ".tables lists the tables and views, .quit or Ctrl-D leaves",
        file=sys.stderr,
        flush=True,
    )
    # -safe is enable_external_access=false and lock_configuration=true (set before any
    # statement runs, so a -cmd setting them again fails) and, beyond them, no dot command
    # that opens a file or runs a program (.open, .output, .read, .shell, …); -no-init: no
    # ~/.duckdbrc runs before that.
    sys.stdout.flush()
    os.execv(shell, [shell, "-readonly", "-safe", "-no-init", str(warehouse)])
    return 0  # not reached: execv returns only by raising


def cmd_maintain(args: argparse.Namespace) -> int:
    """``fiscal maintain``: a DuckLake's upkeep (the weekly job ``maintain_warehouse`` does
    the same); a DuckDB file needs none."""
    from pipelines.warehouse.lake import LakeUnavailable, connect_lake, maintain
    from pipelines.warehouse.transaction import retried

    warehouse = _warehouse_arg(args)
    if not isinstance(warehouse, Lake):
        print(f"{warehouse} is a DuckDB file: each publish writes it whole, it needs no upkeep")
        return EXIT_LOADED
    try:
        with connect_lake(warehouse) as conn:
            done = retried(maintain)(conn)
    except LakeUnavailable as exc:
        print(f"fiscal: {exc}", file=sys.stderr)
        return EXIT_FAILED
    print(
        f"{warehouse}: {done['files_merged']} files merged, {done['snapshots_expired']} "
        f"snapshots expired, {done['files_deleted']} files deleted"
    )
    return EXIT_LOADED


def cmd_export(args: argparse.Namespace) -> int:
    """``fiscal export --parquet DIR``: every table and view as a Parquet file;
    ``--datapackage DIR [--format csv|parquet]``: the same as a Frictionless (Fiscal) Data
    Package, ``DIR/datapackage.json`` describing them."""
    from pipelines.warehouse.datapackage import DATA_FOLDER, DESCRIPTOR, export_datapackage
    from pipelines.warehouse.exports import export_parquet

    if args.parquet and args.format:
        print("fiscal: --format goes with --datapackage (--parquet is Parquet)", file=sys.stderr)
        return 2
    fmt = args.format or "csv"
    conn = _read_only(args)
    if conn is None:
        return 2
    with conn:
        if args.parquet:
            written = export_parquet(conn, Path(args.parquet))
        else:
            written = export_datapackage(conn, Path(args.datapackage), fmt=fmt)
    if args.parquet:
        for name, count in written.items():
            print(f"{name}.parquet  {count} rows")
        print(f"{len(written)} files in {Path(args.parquet).resolve()}")
    else:
        for name, count in written.items():
            print(f"{DATA_FOLDER}/{name}.{fmt}  {count} rows")
        descriptor = Path(args.datapackage).resolve() / DESCRIPTOR
        print(f"{len(written)} resources in {descriptor}")
    return 0


def cmd_dictionary(args: argparse.Namespace) -> int:
    """``fiscal dictionary``: the data dictionary of the warehouse (or of the schema alone)."""
    import duckdb

    from pipelines.warehouse.dictionary import render
    from pipelines.warehouse.schema import apply_schema

    if args.schema_only:  # the tables and views as sql/ defines them, no documents
        conn = duckdb.connect()
        apply_schema(conn)
    else:
        conn = _read_only(args)
        if conn is None:
            return 2
    with conn:
        text = render(conn, codes=not args.schema_only)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"fiscal: wrote {args.out}")
    else:
        sys.stdout.write(text)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    """``fiscal report DEPARTMENT``: one department's figures, charts and failed checks as a
    static HTML page that works offline, each figure linked to the page it was printed on;
    2 when no department, or more than one, matches, or the warehouse's schema is older
    than the views the page reads."""
    from pipelines.warehouse.department_report import (
        OutdatedSchema,
        UnknownDepartment,
        department_report,
        find_department,
    )

    conn = _read_only(args, files=False)
    if conn is None:
        return 2
    warehouse = _warehouse_arg(args)
    with conn:
        try:
            department = find_department(conn, args.department)
            report = department_report(
                conn,
                department,
                raw_dir=Path(args.raw).resolve() if args.raw else None,
                warehouse=str(warehouse),
            )
        except (UnknownDepartment, OutdatedSchema) as exc:
            print(f"fiscal: {exc}", file=sys.stderr)
            return 2
    out = Path(args.out or f"report-{department.replace('/', '_')}.html")
    out.write_text(report.html, encoding="utf-8")
    files = f"{report.documents} file{'s' if report.documents != 1 else ''}"
    print(f"fiscal: wrote {out} ({department}: {files}, {report.charts} charts)")
    return 0


def cmd_ui(args: argparse.Namespace) -> int:
    """``fiscal ui``: Dagster's webserver and daemon for this project, on 127.0.0.1 only,
    until SIGTERM, SIGINT or SIGHUP (then exit 128 + the signal's number, nothing left
    running); 1 with a one-line reason when it cannot serve."""
    from pipelines.orchestration import webui

    with webui.StopSignals() as signals:
        try:
            if args.raw:
                os.environ[RAW_DIR_ENV] = str(Path(args.raw).resolve())
            if args.warehouse:
                os.environ[WAREHOUSE_ENV] = str(warehouse_location(args.warehouse))
            webui.check_port(args.port)  # before the seconds Dagster's import takes
            from pipelines.ingest import prepare_dagster_environment, project_instance
            from pipelines.orchestration.nightly import reconcile
            from pipelines.orchestration.partitions import sync_partitions
            from pipelines.warehouse.lock import WarehouseBusy

            raw_dir, warehouse = default_raw_dir(), default_warehouse()
            prepare_dagster_environment(warehouse)
            if raw_dir.is_dir():  # the folder's files as partitions before the UI starts,
                try:  # files gone retired first (else the sensor's first tick does it)
                    work = reconcile(raw_dir, warehouse, wait_seconds=0)
                    sync_partitions(project_instance(warehouse), work.files)
                except WarehouseBusy:
                    pass
            command = webui.dagster_dev_command(args.port)
            return webui.serve(command, args.port, signals)
        except webui.CannotServe as exc:
            print(f"fiscal: {exc}", file=sys.stderr)
            return 1
        except webui.Stopped as stopped:
            return 128 + stopped.signum


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``fiscal ingest``, ``fiscal check`` and ``fiscal ui``."""
    parser = argparse.ArgumentParser(
        prog="fiscal",
        description="Department budget and final-accounts disclosures into a DuckDB warehouse.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    ingest = commands.add_parser(
        "ingest", help="read every document of the raw folder into the warehouse"
    )
    check = commands.add_parser(
        "check", help="print the rules each document passed and failed, with the figures"
    )
    check.add_argument(
        "document",
        nargs="?",
        help="a file name (or path ending in it) or the start of a document_id; default all",
    )
    ui = commands.add_parser("ui", help="start the Dagster UI on 127.0.0.1")
    sql = commands.add_parser(
        "sql", help="run a query on the warehouse, read-only: a table, CSV or JSON lines"
    )
    sql.add_argument("query", help="the SQL (quote it): SELECT … FROM v_expenditure_yoy …")
    shape = sql.add_mutually_exclusive_group()
    shape.add_argument("--csv", action="store_true", help="every row as CSV, with a header")
    shape.add_argument("--json", action="store_true", help="every row as a JSON object a line")
    sql.add_argument(
        "--max-rows", type=int, default=40, metavar="N", help="rows the table shows (40)"
    )
    shell = commands.add_parser(
        "shell", help="DuckDB's interactive SQL shell on the warehouse, read-only"
    )
    export = commands.add_parser("export", help="write every table and view for other tools")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--parquet", metavar="DIR", help="one Parquet file per table and view")
    target.add_argument(
        "--datapackage",
        metavar="DIR",
        help="a Frictionless Data Package (datapackage.json, Fiscal Data Package model)",
    )
    export.add_argument(
        "--format",
        choices=("csv", "parquet"),
        help="the data package's files (default csv)",
    )
    dictionary = commands.add_parser(
        "dictionary", help="print the data dictionary: tables, views, columns, rules, codes"
    )
    dictionary.add_argument("--out", metavar="FILE", help="write it to FILE (Markdown)")
    dictionary.add_argument(
        "--schema-only",
        action="store_true",
        help="the schema as sql/ defines it, without a warehouse's codes (docs/dictionary.md)",
    )
    report = commands.add_parser(
        "report", help="write a department's figures, charts and findings as an HTML page"
    )
    report.add_argument(
        "department", help="its name as v_documents has it, or a part of it naming only it"
    )
    report.add_argument(
        "--out", metavar="FILE", help="the page to write (default report-DEPARTMENT.html)"
    )
    report.add_argument(
        "--raw",
        metavar="DIR",
        help="raw folder the figures link to (default the one the warehouse mirrors)",
    )
    report.add_argument(
        "--warehouse",
        metavar="FILE",
        help=f"DuckDB file (default ${WAREHOUSE_ENV} or data/warehouse/fiscal.duckdb)",
    )
    report.set_defaults(handler=cmd_report)
    maintain = commands.add_parser(
        "maintain", help="a DuckLake's upkeep: merge small files, expire week-old snapshots"
    )
    for sub in (ingest, check, ui, sql, shell, export, dictionary, maintain):
        sub.add_argument(
            "--raw", metavar="DIR", help=f"raw folder (default ${RAW_DIR_ENV} or data/raw)"
        )
        sub.add_argument(
            "--warehouse",
            metavar="FILE",
            help=f"DuckDB file or ducklake:CATALOG (default ${WAREHOUSE_ENV} or "
            "data/warehouse/fiscal.duckdb)",
        )
    ui.add_argument("--port", type=int, default=3000, help="port (default 3000)")
    ingest.add_argument(
        "--workers",
        type=int,
        default=DEFAULT_WORKERS,
        metavar="N",
        help=f"documents read at once, one process each (default {DEFAULT_WORKERS})",
    )
    ingest.add_argument(
        "--full",
        action="store_true",
        help="read every document again (default: only new, changed or re-versioned ones)",
    )
    ingest.add_argument(
        "--batch",
        type=int,
        metavar="N",
        help="documents per Dagster run (default $FISCAL_RUN_BATCH or 20)",
    )
    ingest.set_defaults(handler=cmd_ingest)
    check.set_defaults(handler=cmd_check)
    ui.set_defaults(handler=cmd_ui)
    sql.set_defaults(handler=cmd_sql)
    shell.set_defaults(handler=cmd_shell)
    export.set_defaults(handler=cmd_export)
    dictionary.set_defaults(handler=cmd_dictionary)
    maintain.set_defaults(handler=cmd_maintain)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``fiscal`` command."""
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
