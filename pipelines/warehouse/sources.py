"""Which files of the raw folder are which document: ``document_sources``, where each was
published (``sources.csv``: ``apply_sources_table``), and the documents that leave the
folder (retired, their figures out of every table and view; an older edition of their
publication they superseded is loaded again)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime

import duckdb

from pipelines.documents.discover import DocumentRef, SourceFile, partition_key
from pipelines.warehouse.schema import FACT_TABLES, apply_schema, refresh_editions
from pipelines.warehouse.transaction import retried, transaction


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def register_sources(conn: duckdb.DuckDBPyConnection, ref: DocumentRef | None) -> list[str]:
    """Point each of ``ref``'s source files at its document (inside the caller's
    transaction); the documents those files held before, if no file holds them any more,
    are retired. Returns the ids retired."""
    if ref is None:
        return []
    names = list(ref.source_files or (ref.source_file,))
    before = conn.execute(
        "SELECT source_file, document_id FROM document_sources WHERE source_file IN "
        "(SELECT unnest(?))",
        [names],
    ).fetchall()
    replaced = {doc for _, doc in before if doc != ref.document_id}
    # documents loaded before sources were recorded, under one of these names
    replaced |= {
        doc
        for (doc,) in conn.execute(
            "SELECT document_id FROM documents AS d WHERE source_file IN (SELECT unnest(?)) "
            "AND document_id <> ? AND status <> 'retired' AND NOT EXISTS "
            "(SELECT 1 FROM document_sources AS s WHERE s.document_id = d.document_id)",
            [names, ref.document_id],
        ).fetchall()
    }
    seen = {name for name, doc in before if doc == ref.document_id}
    conn.execute(
        "DELETE FROM document_sources WHERE source_file IN (SELECT unnest(?)) AND document_id <> ?",
        [names, ref.document_id],
    )
    for name in names:
        if name not in seen:  # where it was published: the last sources.csv read says
            conn.execute(
                "INSERT INTO document_sources (source_file, document_id, sha256, size_bytes, "
                "first_seen_at, source_url, published_on) SELECT ?, ?, ?, ?, ?, "
                "c.source_url, c.published_on FROM (SELECT 1) LEFT JOIN sources_csv AS c "
                "ON c.source_file = ?",
                [name, ref.document_id, ref.sha256, ref.size, _now(), name],
            )
    return retire_orphans(
        conn,
        replaced,
        lambda doc: f"its file now holds other bytes (document {ref.document_id})",
    )


@retried
def add_name(conn: duckdb.DuckDBPyConnection, ref: DocumentRef) -> None:
    """Register ``ref``'s file as another name of its loaded document, in one transaction
    (what that file held before, if no file holds it any more, is retired)."""
    with transaction(conn):
        register_sources(conn, ref)


def loaded_under_first_name(
    conn: duckdb.DuckDBPyConnection, ref: DocumentRef, pipeline_version: str
) -> bool:
    """Whether ``ref``'s document is loaded, with this pipeline version, from a file of
    the folder whose name sorts before ``ref``'s: another name of the same bytes needs
    only registering (a document is always read under the first of its names, as a
    fresh ingest reads it)."""
    found = conn.execute(
        "SELECT 1 FROM documents AS d JOIN document_sources AS s "
        "ON s.document_id = d.document_id AND s.source_file = d.source_file "
        "WHERE d.document_id = ? AND d.status <> 'retired' AND d.pipeline_version = ? "
        "AND d.source_file < ?",
        [ref.document_id, pipeline_version, ref.source_file],
    ).fetchone()
    return found is not None


def retire_orphans(conn: duckdb.DuckDBPyConnection, ids: Iterable[str], reason) -> list[str]:
    """Retire those of ``ids`` that no source file holds any more: their figures leave
    every table, their ``documents`` row stays with status ``retired``, the reason and
    when. ``reason(document_id)`` words why. The editions are then decided again
    (``refresh_editions``): an older edition a retired document superseded is loaded."""
    retired = []
    for doc in sorted(set(ids)):
        held = conn.execute(
            "SELECT 1 FROM document_sources WHERE document_id = ? LIMIT 1", [doc]
        ).fetchone()
        if held:
            continue
        for table in FACT_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc])
        # (no RETURNING: DuckLake has none for UPDATE or DELETE)
        live = conn.execute(
            "SELECT 1 FROM documents WHERE document_id = ? AND status <> 'retired'", [doc]
        ).fetchone()
        if live:
            conn.execute(
                "UPDATE documents SET status = 'retired', status_reason = ?, retired_at = ? "
                "WHERE document_id = ?",
                [reason(doc), _now(), doc],
            )
            retired.append(doc)
    if retired:
        refresh_editions(conn)
    return retired


@retried
def retire_removed(conn: duckdb.DuckDBPyConnection, current: list[SourceFile]) -> list[str]:
    """Forget the source files that are no longer in the raw folder and retire the
    documents left with none, in one transaction; returns the ids retired.

    Documents loaded before sources were recorded (no ``document_sources`` row at all)
    are retired when their ``source_file`` is gone too. The editions follow at once
    (``retire_orphans``); the rest of what is derived from all documents is the caller's
    to refresh (``pipelines.warehouse.load.refresh_derived``).
    """
    names = [f.source_file for f in current]
    present = {f.document_id for f in current}  # bytes still in the folder, maybe renamed
    with transaction(conn):
        gone = conn.execute(
            "SELECT source_file, document_id FROM document_sources "
            "WHERE source_file NOT IN (SELECT unnest(?))",
            [names],
        ).fetchall()
        if gone:
            conn.execute(
                "DELETE FROM document_sources WHERE source_file NOT IN (SELECT unnest(?))",
                [names],
            )
        unrecorded = conn.execute(
            "SELECT source_file, document_id FROM documents AS d WHERE status <> 'retired' "
            "AND source_file NOT IN (SELECT unnest(?)) AND NOT EXISTS "
            "(SELECT 1 FROM document_sources AS s WHERE s.document_id = d.document_id)",
            [names],
        ).fetchall()
        files = {doc: name for name, doc in [*gone, *unrecorded] if doc not in present}
        retired = retire_orphans(
            conn, files, lambda doc: f"its file {files[doc]} was removed from the raw folder"
        )
    return retired


@retried
def retire_sources(conn: duckdb.DuckDBPyConnection, partition_keys: list[str]) -> list[str]:
    """Forget the source files of these Dagster partitions (their files are gone) and
    retire the documents left with none, in one transaction; returns the ids retired.
    The editions follow at once, the rest of what is derived is the caller's, as in
    ``retire_removed``."""
    keys = set(partition_keys)
    rows = conn.execute("SELECT source_file, document_id FROM document_sources").fetchall()
    gone = {name: doc for name, doc in rows if partition_key(name) in keys}
    with transaction(conn):
        conn.execute(
            "DELETE FROM document_sources WHERE source_file IN (SELECT unnest(?))", [list(gone)]
        )
        retired = retire_orphans(
            conn,
            set(gone.values()),
            lambda doc: (
                "its file "
                + ", ".join(name for name, held in gone.items() if held == doc)
                + " was removed from the raw folder"
            ),
        )
    return retired


@retried
def apply_sources_table(
    conn: duckdb.DuckDBPyConnection,
    entries: Mapping[str, tuple[str | None, date | None]],
) -> int:
    """Record the raw folder's ``sources.csv`` (``pipelines.documents.sources_table``:
    source_file -> (source_url, published_on)), in one transaction: it replaces
    ``sources_csv``, and every current ``document_sources`` row takes its file's URL and
    date from it (NULL where the table has none). No document is read again. Files loaded
    later take theirs from ``sources_csv`` (``register_sources``).

    A publication date can decide which edition of a publication is loaded: when a row
    changed, the editions are decided again at once (``refresh_editions``), and the rest
    of what is derived from all documents is the caller's to refresh
    (``pipelines.warehouse.load.refresh_derived``). Returns the number of
    ``document_sources`` rows changed (0: nothing to refresh or publish).
    """
    apply_schema(conn)
    names = list(entries)
    with transaction(conn):
        conn.execute("DELETE FROM sources_csv")
        if names:
            conn.execute(
                "INSERT INTO sources_csv (source_file, source_url, published_on) "
                "SELECT unnest(?), unnest(?), CAST(unnest(?) AS DATE)",
                [
                    names,
                    [entries[name][0] for name in names],
                    [entries[name][1] for name in names],
                ],
            )
        changed = conn.execute(
            "SELECT d.source_file FROM document_sources AS d "
            "LEFT JOIN sources_csv AS c USING (source_file) "
            "WHERE d.source_url IS DISTINCT FROM c.source_url "
            "OR d.published_on IS DISTINCT FROM c.published_on"
        ).fetchall()
        if changed:
            conn.execute(
                "UPDATE document_sources AS s SET source_url = n.source_url, "
                "published_on = n.published_on FROM ("
                "  SELECT d.source_file, c.source_url, c.published_on FROM document_sources AS d "
                "  LEFT JOIN sources_csv AS c USING (source_file)"
                ") AS n WHERE s.source_file = n.source_file "
                "AND (s.source_url IS DISTINCT FROM n.source_url "
                "OR s.published_on IS DISTINCT FROM n.published_on)"
            )
            refresh_editions(conn)
    return len(changed)
