"""Which partitions a run holds: the keys to add and delete for the folder's files, and the
planned files as runs of adjacent partitions (plain functions: no Dagster import, so that
a night with nothing to do never loads it)."""

from __future__ import annotations

from pipelines.documents.discover import SourceFile

# Dagster's tags for a run over a range of partitions (one run, several files)
RANGE_START = "dagster/asset_partition_range_start"
RANGE_END = "dagster/asset_partition_range_end"
PARTITION = "dagster/partition"


def partition_changes(existing: list[str], files: list[SourceFile]) -> tuple[list[str], list[str]]:
    """The keys to add (files new to the partitions, in order of name) and to delete
    (partitions whose file is gone)."""
    current = [f.partition_key for f in files]
    known, wanted = set(existing), set(current)
    return [k for k in current if k not in known], [k for k in existing if k not in wanted]


def run_batches(ordered: list[str], wanted: list[str], size: int) -> list[list[str]]:
    """``wanted`` keys as runs: each a range of keys adjacent in the partitions' order, of
    ``size`` keys at most (a run targets one partition or one range)."""
    chosen = set(wanted)
    batches: list[list[str]] = []
    current: list[str] = []
    for key in ordered:
        if key in chosen and len(current) < size:
            current.append(key)
            continue
        if current:
            batches.append(current)
        current = [key] if key in chosen else []
    if current:
        batches.append(current)
    return batches


def run_tags(keys: list[str]) -> dict[str, str]:
    """The tags that make a run of these (adjacent) partitions."""
    if len(keys) == 1:
        return {PARTITION: keys[0]}
    return {RANGE_START: keys[0], RANGE_END: keys[-1]}
