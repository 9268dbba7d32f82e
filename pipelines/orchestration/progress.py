"""What happened to each document of a run, reported as each one reaches the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from pipelines.documents.discover import DocumentRef


@dataclass(frozen=True)
class DocumentOutcome:
    """What happened to one document in a run."""

    ref: DocumentRef
    status: str  # loaded | quarantined | failed
    reason: str | None
    line_items: int
    failed_checks: int
    part: str | None = None


@dataclass
class Progress:
    """Collects the outcomes of a run and passes each to ``on_document`` as it comes.

    Used as the ``progress`` resource: ``fiscal ingest`` prints a line per document; the
    Dagster UI's runs use one that only collects.
    """

    on_document: Callable[[int, int, DocumentOutcome], None] | None = None
    on_read: Callable[[int, int, DocumentRef], None] | None = None
    expected: int = 0
    outcomes: list[DocumentOutcome] = field(default_factory=list)
    read: int = 0

    def document_read(self, ref: DocumentRef) -> None:
        """One document read (its tables extracted), before any is loaded."""
        self.read += 1
        if self.on_read:
            self.on_read(self.read, max(self.expected, self.read), ref)

    def document_done(self, outcome: DocumentOutcome) -> None:
        """Record one document's outcome."""
        self.outcomes.append(outcome)
        if self.on_document:
            self.on_document(len(self.outcomes), max(self.expected, len(self.outcomes)), outcome)
