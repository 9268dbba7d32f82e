"""The same definitions under Dagster's multiprocess executor (FISCAL_EXECUTOR=multiprocess):
the run's files are read in a step per shard, each in a process of its own, and the
warehouse holds what an ingest in one process gives."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.documents.discover import scan_raw_folder
from pipelines.orchestration.batches import run_tags
from pipelines.orchestration.executors import EXECUTOR_ENV
from pipelines.orchestration.partitions import sync_partitions
from pipelines.paths import RAW_DIR_ENV, WAREHOUSE_ENV
from tests.conftest import SAMPLE

CORPUS_FILES = [
    "jiangsu-npc-office-2019-budget-tables.pdf",
    "putuo-wanli-subdistrict-2024-budget.pdf",
]


def ingest_job() -> dg.JobDefinition:
    """The ingest job as the code location loads it (rebuilt so in each step's process)."""
    from pipelines.definitions import defs

    return defs().resolve_job_def("ingest_document")


def _line_items(warehouse: Path) -> Counter:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute(
            "SELECT d.source_file, li.table_key, li.row_no, li.column_key, li.amount_yuan "
            "FROM line_items AS li JOIN documents AS d USING (document_id)"
        ).fetchall()
    return Counter(rows)


def test_the_multiprocess_executor_reads_the_shards_in_processes_of_their_own(
    corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipelines.ingest import ingest

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE.name)
    for name in CORPUS_FILES:
        shutil.copy(corpus_dir / name, raw / name)
    warehouse = tmp_path / "fiscal.duckdb"
    # the environment every step's process loads the definitions with
    monkeypatch.setenv(EXECUTOR_ENV, "multiprocess")
    monkeypatch.setenv(RAW_DIR_ENV, str(raw))
    monkeypatch.setenv(WAREHOUSE_ENV, str(warehouse))
    home = tmp_path / "dagster_home"
    home.mkdir()
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        keys = sync_partitions(instance, scan_raw_folder(raw))
        result = dg.execute_job(
            dg.reconstructable(ingest_job),
            instance=instance,
            run_config={"execution": {"config": {"max_concurrent": 2}}},
            tags=run_tags(keys),
        )
        assert result.success
        starts = {
            event.step_key: event.pid
            for event in result.all_events
            if event.event_type_value == "STEP_START"
        }
    readers = {key: pid for key, pid in starts.items() if ".read_files[" in key}
    assert sorted(readers) == [
        "extracted_tables.read_files[shard_0]",
        "extracted_tables.read_files[shard_1]",
    ]
    assert len(set(starts.values())) == len(starts)  # every step a process of its own

    alone = tmp_path / "alone.duckdb"
    monkeypatch.delenv(EXECUTOR_ENV)
    with dg.instance_for_test() as other:
        assert ingest(raw, alone, instance=other).ok
    found, expected = _line_items(warehouse), _line_items(alone)
    assert {name for name, *_ in expected} == {SAMPLE.name, *CORPUS_FILES}
    assert found == expected
