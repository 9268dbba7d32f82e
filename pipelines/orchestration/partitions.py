"""Source files as Dagster partitions: one dynamic partition per file of the raw folder,
keyed by its path (``pipelines.documents.discover.partition_key``)."""

from __future__ import annotations

import dagster as dg

from pipelines.documents.discover import SourceFile
from pipelines.orchestration.batches import partition_changes

documents_partitions = dg.DynamicPartitionsDefinition(name="source_files")


def sync_partitions(instance: dg.DagsterInstance, files: list[SourceFile]) -> list[str]:
    """Make the partitions the folder's files; returns every key, in the instance's order."""
    name = documents_partitions.name
    added, deleted = partition_changes(instance.get_dynamic_partitions(name), files)
    for key in deleted:
        instance.delete_dynamic_partition(name, key)
    if added:
        instance.add_dynamic_partitions(name, added)
    return list(instance.get_dynamic_partitions(name))
