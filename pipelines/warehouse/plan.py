"""What an ingest has to do: the raw folder as it is now against the warehouse as loaded.

A file is read when its bytes are new to the warehouse, or its document was read with
another reader or catalog, and checked again when only the checking code or the rulebook
changed (the reading is reused: ``pipelines/orchestration/resources.py``); an unchanged
file under unchanged code needs nothing. Files gone from the folder are ``removed``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from pipelines.documents.discover import SourceFile
from pipelines.versions import checker_version, reader_version


@dataclass
class Plan:
    """The files to (re)process, with why, and the names gone from the folder."""

    work: list[SourceFile] = field(default_factory=list)
    why: dict[str, str] = field(default_factory=dict)  # source_file -> reason
    unchanged: list[SourceFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        """Whether the warehouse already is what the folder holds."""
        return not self.work and not self.removed


def plan_ingest(
    conn: duckdb.DuckDBPyConnection, files: list[SourceFile], *, full: bool = False
) -> Plan:
    """Compare the folder's ``files`` with what ``conn``'s warehouse holds."""
    sources = dict(conn.execute("SELECT source_file, document_id FROM document_sources").fetchall())
    documents = {
        doc: (status, version, read_as)
        for doc, status, version, read_as in conn.execute(
            "SELECT document_id, status, pipeline_version, source_file FROM documents"
        ).fetchall()
    }
    first_names: dict[str, str] = {}  # each content's first name in the folder
    for file in files:
        first_names.setdefault(file.document_id, file.source_file)
    reader, checker = reader_version(), checker_version()
    plan = Plan()
    current = {f.source_file for f in files}
    plan.removed = sorted(name for name in sources if name not in current)
    for file in files:
        why = _why(file, sources, documents, first_names, reader, checker, full)
        if why is None:
            plan.unchanged.append(file)
        else:
            plan.work.append(file)
            plan.why[file.source_file] = why
    return plan


def _why(
    file: SourceFile,
    sources: dict[str, str],
    documents: dict[str, tuple[str, str | None, str]],
    first_names: dict[str, str],
    reader: str,
    checker: str,
    full: bool,
) -> str | None:
    if full:
        return "a full ingest"
    held = sources.get(file.source_file)
    status, version, read_as = documents.get(file.document_id, (None, None, ""))
    if status is None or status == "retired":
        if held is None:
            return "a new file"
        return "its bytes changed" if held != file.document_id else "it came back"
    if held != file.document_id:
        return "a new name for a document already loaded"
    if first_names[file.document_id] == file.source_file != read_as:
        # a document is read under the first of its names: that name changed
        return "the name its document was read under is gone or no longer the first"
    read_with, _, checked_with = (version or "").partition("/")
    if read_with != reader:
        return "a new reader or catalog"
    if checked_with != checker:
        return "a new rulebook or checker"
    return None
