"""Documents as Dagster partitions: one dynamic partition per document id."""

from __future__ import annotations

import dagster as dg

from pipelines.documents.discover import DocumentRef

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")


def register_documents(instance: dg.DagsterInstance, refs: list[DocumentRef]) -> list[str]:
    """Add the documents' ids as partitions; returns the ids that were new."""
    existing = set(instance.get_dynamic_partitions(documents_partitions.name))
    new = [ref.document_id for ref in refs if ref.document_id not in existing]
    if new:
        instance.add_dynamic_partitions(documents_partitions.name, new)
    return new
