"""A load killed with SIGKILL leaves the warehouse exactly as it was before the run.

``fiscal ingest`` runs in a real subprocess. The test makes it stop inside a document's
load transaction (after the document's old rows were deleted and some new ones written),
then kills it with SIGKILL: no handler, no clean-up, as when the machine's memory killer or
a power cut ends a nightly run.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.paths import DAGSTER_STORAGE_ENV
from tests.conftest import SAMPLE, SAMPLE_NAME, fiscal

# Runs the real CLI, with one change: when the load has written line_items (inside its
# transaction), it writes a marker file and sleeps, so the test can kill it right there.
PAUSED_CLI = """
import sys, time
from pathlib import Path

import pipelines.warehouse.load as load

marker = Path(sys.argv[1])
original = load._insert


def paused(conn, table, frame):
    written = original(conn, table, frame)
    if table == "line_items":
        marker.write_text("inside the load transaction")
        time.sleep(120)
    return written


load._insert = paused

if __name__ == "__main__":
    from pipelines.cli import main

    sys.exit(main(sys.argv[2:]))
"""
SAMPLE_FIGURES = 208  # the figures the sample's ten tables print (tests/test_sample_figures.py)


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the warehouse."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
        ]
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            for table in tables
        }


def test_a_load_killed_mid_transaction_leaves_the_warehouse_as_it_was(
    tmp_path: Path, cli_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "fiscal.duckdb"
    ingest = ["ingest", "--raw", str(raw), "--warehouse", str(warehouse)]
    first = fiscal(*ingest, env=cli_env)
    assert first.returncode == 0, first.stderr
    before = snapshot(warehouse)
    assert len(before["line_items"]) == SAMPLE_FIGURES

    script = tmp_path / "paused_cli.py"
    script.write_text(PAUSED_CLI, encoding="utf-8")
    marker = tmp_path / "inside-load"
    killed = subprocess.Popen(
        [sys.executable, str(script), str(marker), *ingest, "--full"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=cli_env,
    )
    try:
        deadline = time.monotonic() + 240
        while not marker.exists():
            assert killed.poll() is None, "the ingest ended before it reached the load"
            assert time.monotonic() < deadline, "the ingest never reached the load"
            time.sleep(0.05)
        os.kill(killed.pid, signal.SIGKILL)
        assert killed.wait(timeout=30) == -signal.SIGKILL
    finally:
        if killed.poll() is None:
            killed.kill()

    assert snapshot(warehouse) == before

    again = fiscal(*ingest, "--full", env=cli_env)
    assert again.returncode == 0, again.stderr
    after = snapshot(warehouse)
    assert len(after["line_items"]) == SAMPLE_FIGURES
    assert len(after["documents"]) == 1

    # the killed run is not left "started" in Dagster: the next ingest marked it failed
    monkeypatch.setenv(DAGSTER_STORAGE_ENV, cli_env[DAGSTER_STORAGE_ENV])
    monkeypatch.setenv("DAGSTER_HOME", cli_env[DAGSTER_STORAGE_ENV])
    with dg.DagsterInstance.get() as instance:
        statuses = sorted(run.status.value for run in instance.get_runs())
    assert statuses == ["FAILURE", "SUCCESS", "SUCCESS"]
