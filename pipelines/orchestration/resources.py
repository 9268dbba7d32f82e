"""Dagster resources: where the raw documents are, and the warehouse to write."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.documents.discover import DocumentRef
from pipelines.extract.document import extract_safely, quarantined
from pipelines.extract.model import ExtractedDocument
from pipelines.orchestration.progress import Progress
from pipelines.orchestration.storage import document_pickles
from pipelines.paths import default_raw_dir, default_warehouse, default_workers
from pipelines.validate.checks import CheckedDocument, normalise_and_check
from pipelines.workers import checked_by_readers, reader_pool

DEFAULT_WORKERS = default_workers()


class RawFolder(dg.ConfigurableResource):
    """The folder the documents are found in (``$FISCAL_RAW_DIR`` or ``data/raw``)."""

    path: str

    @property
    def root(self) -> Path:
        """The folder as a resolved path."""
        return Path(self.path).resolve()


class Extraction(dg.ConfigurableResource):
    """Reads documents, in ``workers`` processes when a run holds several."""

    workers: int = DEFAULT_WORKERS

    def extract(
        self, refs: list[DocumentRef], progress: Progress | None = None
    ) -> list[ExtractedDocument]:
        """The documents read, in the order given (a reader's failure quarantines its file)."""
        workers = max(1, min(self.workers, len(refs)))
        if workers == 1:
            return [_reported(extract_safely(ref), progress) for ref in refs]
        return reader_pool(workers).extract(refs, lambda done: _reported(done, progress))

    def checked(self, extracted: ExtractedDocument) -> CheckedDocument:
        """A document's facts checked against the rulebook: as its reader process did it
        (in-process runs with several workers), else here."""
        done = checked_by_readers(extracted)
        if done is not None:
            return done
        try:
            return normalise_and_check(extracted)
        except Exception as exc:  # a bug on this document's figures: it alone is set aside
            reason = f"its facts could not be built ({type(exc).__name__}: {exc})"
            return normalise_and_check(quarantined(extracted.ref, reason, extracted.identity))


def _reported(extracted: ExtractedDocument, progress: Progress | None) -> ExtractedDocument:
    if progress is not None:
        progress.document_read(extracted.ref)
    return extracted


def default_resources(
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    workers: int = DEFAULT_WORKERS,
    progress: Progress | None = None,
) -> dict:
    """The resources of a run: the raw folder, the readers, the warehouse, progress, and
    where intermediate values are kept."""
    warehouse = Path(warehouse or default_warehouse()).resolve()
    return {
        "raw_folder": RawFolder(path=str(Path(raw_dir or default_raw_dir()).resolve())),
        "extraction": Extraction(workers=workers),
        "warehouse": DuckDBResource(database=str(warehouse)),
        "progress": progress or Progress(),
        "io_manager": document_pickles,
    }
