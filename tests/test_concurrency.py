"""One writer at a time: a second writer waits for the first instead of failing."""

import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.warehouse.lock import WarehouseBusy, writer_lock

LOADER = """
import sys
from pathlib import Path
import duckdb
from pipelines.documents.discover import find_documents
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import normalise_document
from pipelines.warehouse.load import load_document
from pipelines.warehouse.lock import writer_lock
raw, warehouse = Path(sys.argv[1]), Path(sys.argv[2])
(ref,) = find_documents(raw)
document = normalise_document(extract_document(ref))
with writer_lock(warehouse), duckdb.connect(str(warehouse)) as conn:
    load_document(conn, document)
"""


def test_a_second_writer_waits_for_the_first(sample_raw_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "fiscal.duckdb"
    with writer_lock(warehouse), duckdb.connect(str(warehouse)) as held:
        held.execute("CREATE TABLE marker AS SELECT 1 AS x")  # the first writer holds the file
        child = subprocess.Popen(
            [sys.executable, "-c", LOADER, str(sample_raw_dir), str(warehouse)],
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(3)
        assert child.poll() is None, f"the second writer did not wait: {child.stderr.read()}"
    assert child.wait(timeout=120) == 0, child.stderr.read()
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
        assert conn.execute("SELECT x FROM marker").fetchone() == (1,)


def test_a_writer_that_waits_too_long_gets_a_clear_error(tmp_path: Path) -> None:
    warehouse = tmp_path / "fiscal.duckdb"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from pipelines.warehouse.lock import writer_lock\n"
            "with writer_lock(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)",
            str(warehouse),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(WarehouseBusy, match="another process"),
            writer_lock(warehouse, wait_seconds=0.5),
        ):
            pass
    finally:
        holder.kill()
        holder.wait()
