"""The core without Dagster: one document's file -> its facts, checked against the rulebook.

``read_document`` is the whole path of one document short of the warehouse: its bytes'
id (documents/), its tables as printed (extract/), its facts (normalise/) and the rulebook
on them (validate/). Nothing here imports Dagster or opens the warehouse; the orchestration
layer runs the same two steps (``extract_safely``, ``normalise_and_check``) per partition.

    from pathlib import Path
    from pipelines.core import read_document

    checked = read_document(Path("data/raw/xiaoyi-admin-approval-bureau-2024-final-accounts.txt"))
    checked.document.line_items  # polars, Decimal(18, 2) yuan
    checked.checks.filter(~checked.checks["passed"])  # the rules it failed
"""

from __future__ import annotations

from pathlib import Path

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_safely, quarantined
from pipelines.extract.model import ExtractedDocument
from pipelines.validate.checks import CheckedDocument, normalise_and_check


def read_document(path: Path, raw_dir: Path | None = None) -> CheckedDocument:
    """Read one document file into checked facts.

    ``raw_dir`` is the raw folder the file is in: its ``source_file`` is the path relative
    to it (by default the file's own folder, so the file name). Never raises for a bad
    file: a file that cannot be read comes back quarantined (``document.status``) with its
    reason, and no facts or checks.
    """
    path = Path(path)
    ref = document_ref(path, Path(raw_dir) if raw_dir is not None else path.parent)
    return normalise_and_check(extract_safely(ref))


def check_safely(extracted: ExtractedDocument) -> CheckedDocument:
    """A document read -> its facts, checked; a failure on this document's figures sets it
    aside alone (quarantined, the error named) instead of raising."""
    try:
        return normalise_and_check(extracted)
    except Exception as exc:
        reason = f"its facts could not be built ({type(exc).__name__}: {exc})"
        return normalise_and_check(quarantined(extracted.ref, reason, extracted.identity))
