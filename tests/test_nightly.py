"""Every night over a changing raw folder, beside the analysts: ``fiscal ingest`` in real
processes, the warehouse compared with a fresh ingest of the folder's final state.

The documents are the bundled sample (孝义市 2024 final accounts, text), the sample a year
on, the sample with its summary's 年初结转和结余 given 12.34 万元 (a corrected edition), and
the sample drawn as a PDF (tests/fixtures).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SAMPLE, SAMPLE_NAME, fiscal, fiscal_env
from tests.generator.pathological import pathological_grid_pdf
from tests.test_carryover import next_year, sample_text, with_balances
from tests.test_pdf_sample import RENDERED
from tests.test_pool import still_running, workers_started

# columns that say when, not what: left out of the comparison with a fresh ingest
TIMESTAMPS = {"ingested_at", "retired_at", "first_seen_at", "started_at", "finished_at"}
SKIPPED_TABLES = {"ingest_runs", "warehouse_meta"}
SAMPLE_FIGURES = 208  # the figures the sample's ten tables print (tests/test_sample_figures.py)
GBK_NAME = "孝义市行政审批服务管理局2025年决算.txt"


def contents(warehouse: Path) -> dict[str, list[tuple]]:
    """Every current row of every table (retired documents and timestamps aside)."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        tables = [
            name
            for (name,) in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_type = 'BASE TABLE' ORDER BY table_name"
            ).fetchall()
            if name not in SKIPPED_TABLES
        ]
        found = {}
        for table in tables:
            columns = [
                c
                for (c,) in conn.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if c not in TIMESTAMPS
            ]
            where = " WHERE status <> 'retired'" if table == "documents" else ""
            listed = ", ".join(f'"{c}"' for c in columns)
            found[table] = conn.execute(
                f"SELECT {listed} FROM {table}{where} ORDER BY ALL"
            ).fetchall()
        return found


def ingest(raw: Path, warehouse: Path, env: dict[str, str], *extra: str):
    return fiscal("ingest", "--raw", str(raw), "--warehouse", str(warehouse), *extra, env=env)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return fiscal_env(tmp_path / "dagster")


def test_a_changed_folder_ends_as_a_fresh_ingest_of_it(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    text = sample_text()
    (raw / SAMPLE_NAME).write_text(text, encoding="utf-8")
    (raw / "next-year.txt").write_text(next_year(text), encoding="utf-8")
    shutil.copy(RENDERED, raw / RENDERED.name)
    (raw / "broken.txt").write_bytes(b"")
    (raw / "two-years-on.txt").write_text(next_year(next_year(text)), encoding="utf-8")
    warehouse = tmp_path / "fiscal.duckdb"
    first = ingest(raw, warehouse, env)
    assert first.returncode == 1, first.stderr  # broken.txt is quarantined
    assert "broken.txt (quarantined: the file is empty (0 bytes))" in first.stderr

    # the night's changes: a corrected edition under the same name, a file removed, the
    # broken one fixed, identical bytes under a second name, a symbolic link to a file
    # outside the folder, a GBK-named file, a dangling link and a link looping on itself
    (raw / SAMPLE_NAME).write_text(with_balances(text, opening="12.34"), encoding="utf-8")
    (raw / "two-years-on.txt").unlink()
    (raw / "broken.txt").write_text(next_year(next_year(text)), encoding="utf-8")
    shutil.copy(raw / "next-year.txt", raw / "next-year-copy.txt")
    outside = tmp_path / "elsewhere" / "linked.pdf"
    outside.parent.mkdir()
    shutil.copy(RENDERED, outside)
    (raw / "linked.pdf").symlink_to(outside)
    gbk = os.path.join(os.fsencode(raw), GBK_NAME.encode("gb18030"))
    with open(gbk, "wb") as handle:
        handle.write(next_year(text).replace("孝义市", "孝义市 ").encode("utf-8"))
    (raw / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    (raw / "loop.pdf").symlink_to(raw / "loop.pdf")

    second = ingest(raw, warehouse, env)
    assert second.returncode == 1, second.stderr  # the two bad links
    assert "Traceback" not in second.stderr
    # nothing retired before the runs: the removed file's bytes are still in the folder (now
    # broken.txt); the documents replaced under their names are retired by the loads
    assert "To read or re-check: 7 files; unchanged: 2; retired: 0" in second.stdout

    fresh = tmp_path / "fresh.duckdb"
    assert ingest(raw, fresh, fiscal_env(tmp_path / "fresh-dagster")).returncode == 1
    assert contents(warehouse) == contents(fresh)

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        documents = dict(
            conn.execute(
                "SELECT source_file || ':' || sha256[:8], status FROM documents"
            ).fetchall()
        )
        sources = dict(
            conn.execute("SELECT source_file, document_id FROM document_sources").fetchall()
        )
        # the corrected file replaced its document: the superseded figure is gone
        opening = conn.execute(
            "SELECT column_key, amount_yuan FROM line_items JOIN documents USING (document_id) "
            "WHERE status = 'loaded' AND source_file = ? AND table_key = 'summary' "
            "AND row_label = '年初结转和结余'",
            [SAMPLE_NAME],
        ).fetchall()
        problems = dict(
            conn.execute(
                "SELECT source_file, status_reason FROM documents WHERE status = 'quarantined'"
            ).fetchall()
        )
        retired = conn.execute(
            "SELECT status_reason FROM documents WHERE status = 'retired' ORDER BY ALL"
        ).fetchall()
        line_items_of_retired = conn.execute(
            "SELECT count(*) FROM line_items WHERE document_id IN "
            "(SELECT document_id FROM documents WHERE status = 'retired')"
        ).fetchone()[0]
    assert sorted(sources) == sorted(
        [
            SAMPLE_NAME,
            "broken.txt",
            "dangling.pdf",
            "linked.pdf",
            "loop.pdf",
            "next-year-copy.txt",
            "next-year.txt",
            RENDERED.name,
            GBK_NAME,
        ]
    )
    assert sources["next-year.txt"] == sources["next-year-copy.txt"]  # one document
    # the corrected sample, the year on (two names), the PDF (two names: the link is the
    # same bytes), two years on (back under broken.txt), the GBK-named file
    assert sum(status == "loaded" for status in documents.values()) == 5
    # 12.34 万元, where the first edition printed nothing
    assert [(column, amount) for column, amount in opening] == [("income", Decimal("123400.00"))]
    assert problems == {
        "dangling.pdf": f"a symbolic link to {tmp_path / 'nowhere.pdf'}, which does not exist",
        "loop.pdf": "a symbolic link that loops back on itself",
    }
    # the first edition and the empty file, replaced under their names; two years on, whose
    # file was removed, is loaded again: its bytes came back as broken.txt
    assert [reason.split(" (")[0] for (reason,) in retired] == [
        "its file now holds other bytes"
    ] * 2
    assert line_items_of_retired == 0
    # fiscal check finds a document by either of its names
    for name in ("next-year.txt", "next-year-copy.txt"):
        check = fiscal("check", name, "--warehouse", str(warehouse), env=env)
        # named by the first of its files in order of name
        assert check.stdout.startswith("next-year-copy.txt ("), check.stderr

    # a night without changes reads nothing and launches no run
    third = ingest(raw, warehouse, env)
    assert "To read or re-check: 0 files; unchanged: 9; retired: 0" in third.stdout
    assert "This ingest: 0 read or re-checked in 0 runs" in third.stdout
    assert contents(warehouse) == contents(fresh)


# An analyst's process: ``held`` keeps one connection (read-only or read-write) and reads
# through it; ``reconnect`` opens a new read-only connection for each read.
READER = """
import sys, time, duckdb
path, log, mode, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
held = duckdb.connect(path, read_only=(mode != "read_write")) if mode != "reconnect" else None
with open(log, "w") as out:
    print("open", flush=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if held is not None:
                count = held.execute("SELECT count(*) FROM line_items").fetchone()[0]
            else:
                with duckdb.connect(path, read_only=True) as fresh:
                    count = fresh.execute("SELECT count(*) FROM line_items").fetchone()[0]
        except duckdb.Error as exc:
            count = type(exc).__name__
        out.write(f"{count}\\n")
        out.flush()
        time.sleep(0.1)
"""


def _reader(warehouse: Path, log: Path, mode: str) -> subprocess.Popen:
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(warehouse), str(log), mode, "120"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout.readline().strip() == "open"
    return reader


@pytest.mark.parametrize("mode", ["read_only", "read_write"])
def test_an_analysts_open_connection_never_fails_the_ingest(tmp_path: Path, env, mode: str) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "fiscal.duckdb"
    assert ingest(raw, warehouse, env).returncode == 0
    (raw / "next-year.txt").write_text(next_year(sample_text()), encoding="utf-8")

    held_log, fresh_log = tmp_path / "held.log", tmp_path / "fresh.log"
    readers = [_reader(warehouse, held_log, mode)]
    if mode == "read_only":
        readers.append(_reader(warehouse, fresh_log, "reconnect"))
    try:
        second = ingest(raw, warehouse, env)
        time.sleep(1.0)  # a few reads after the publish
    finally:
        for reader in readers:
            reader.kill()
            reader.wait()
    assert second.returncode == 0, second.stderr
    assert "Documents: 2 found, 2 loaded" in second.stdout
    # the held connection reads the snapshot it opened, whole, for as long as it is open
    held = held_log.read_text().split()
    assert held and set(held) == {str(SAMPLE_FIGURES)}
    if mode == "read_only":  # a new connection reads the old warehouse or the new, never half
        fresh = fresh_log.read_text().split()
        assert set(fresh) <= {str(SAMPLE_FIGURES), str(2 * SAMPLE_FIGURES)}
        assert fresh[-1] == str(2 * SAMPLE_FIGURES)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 2 * SAMPLE_FIGURES


def test_two_ingests_at_once_take_turns(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    shutil.copy(RENDERED, raw / RENDERED.name)
    warehouse = tmp_path / "fiscal.duckdb"
    command = [
        sys.executable, "-m", "pipelines.cli", "ingest", "--raw", str(raw),
        "--warehouse", str(warehouse),
    ]  # fmt: skip
    runs = [
        subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        for _ in range(2)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, err
        assert "Traceback" not in err
        assert "Documents: 2 found, 2 loaded" in out
    # one of them waited for the other, saying so, and then had nothing left to do
    waited = [out for out, _ in outputs if "Another ingest is writing this warehouse" in out]
    assert len(waited) == 1
    assert "To read or re-check: 0 files" in waited[0]


def test_a_hanging_document_is_stopped_and_the_others_load(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    pathological_grid_pdf(raw / "grid.pdf")
    started = time.monotonic()
    done = ingest(raw, tmp_path / "fiscal.duckdb", {**env, "FISCAL_DOCUMENT_TIMEOUT": "4"})
    assert time.monotonic() - started < 25  # not the half minute the grid takes
    assert done.returncode == 1
    assert (
        "grid.pdf (quarantined: reading it took longer than the time limit of 4 s "
        "(FISCAL_DOCUMENT_TIMEOUT)"
    ) in done.stderr
    assert f"{SAMPLE_NAME}: loaded {SAMPLE_FIGURES} figures" in done.stdout


def test_kill_9_of_an_ingest_leaves_no_reader_behind(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    pathological_grid_pdf(raw / "grid.pdf")
    pathological_grid_pdf(raw / "grid-2.pdf", rows=199)
    parent = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "ingest",
            "--raw",
            str(raw),
            "--warehouse",
            str(tmp_path / "fiscal.duckdb"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        workers = workers_started(parent.pid, 2, 120)
        assert len(workers) >= 2, "the ingest started no readers"
        time.sleep(2)  # the readers are reading
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        alive = still_running(workers, 10)
        assert alive == [], f"readers {alive} outlived the killed ingest"
    finally:
        if parent.poll() is None:
            parent.kill()


def test_exit_codes(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    assert ingest(raw, tmp_path / "ok.duckdb", env).returncode == 0
    assert ingest(tmp_path / "missing", tmp_path / "ok.duckdb", env).returncode == 2
    (raw / "empty.txt").write_bytes(b"")
    assert ingest(raw, tmp_path / "ok.duckdb", env).returncode == 1
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    failed = ingest(raw, blocked / "fiscal.duckdb", env)
    assert failed.returncode == 3
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith("fiscal: the ingest failed:"), failed.stderr


def test_a_partial_night_runs_the_alert_command(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    (raw / "empty.txt").write_bytes(b"")
    alerts = tmp_path / "alerts.txt"
    command = f'cat >> {alerts}; echo " [$FISCAL_ALERT_OUTCOME]" >> {alerts}'
    done = ingest(raw, tmp_path / "fiscal.duckdb", {**env, "FISCAL_ALERT_COMMAND": command})
    assert done.returncode == 1
    sent = alerts.read_text(encoding="utf-8")
    assert "partial: empty.txt: the file is empty (0 bytes)" in sent
    assert sent.strip().endswith("[partial]")
    with duckdb.connect(str(tmp_path / "fiscal.duckdb"), read_only=True) as conn:
        (row,) = conn.execute(
            "SELECT launched_by, outcome, documents_read, documents_loaded, "
            "documents_quarantined FROM ingest_runs"
        ).fetchall()
    assert row == ("cli", "partial", 2, 1, 1)


def test_workers_print_nothing_of_their_libraries(tmp_path: Path, env) -> None:
    """A PDF library's parser complaints (playa's "Resources missing or invalid from Page
    id …") do not reach the person running the ingest."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(RENDERED, raw / RENDERED.name)
    done = ingest(raw, tmp_path / "fiscal.duckdb", env)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", textwrap.shorten(done.stderr, 500)


def test_a_renamed_file_stays_loaded_and_takes_its_new_name(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / "a.txt")
    shutil.copy(SAMPLE, raw / "b.txt")  # the same bytes under a second name
    warehouse = tmp_path / "fiscal.duckdb"
    assert ingest(raw, warehouse, env).returncode == 0
    (raw / "a.txt").rename(raw / "c.txt")  # the first name goes; b.txt is now the first
    from pipelines.orchestration.nightly import reconcile

    reconcile(raw, warehouse)  # what a night publishes before its runs
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT count(*) FROM line_items JOIN documents USING (document_id) "
            "WHERE status = 'loaded'"
        ).fetchone() == (SAMPLE_FIGURES,)
    again = ingest(raw, warehouse, env)
    assert again.returncode == 0, again.stderr
    fresh = tmp_path / "fresh.duckdb"
    assert ingest(raw, fresh, fiscal_env(tmp_path / "fresh-dagster")).returncode == 0
    assert contents(warehouse) == contents(fresh)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT source_file, status FROM documents").fetchall() == [
            ("b.txt", "loaded")
        ]


def test_a_named_pipe_is_quarantined_not_waited_on(tmp_path: Path, env) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    os.mkfifo(raw / "pipe.pdf")
    done = ingest(raw, tmp_path / "fiscal.duckdb", env)
    assert done.returncode == 1
    assert "pipe.pdf (quarantined: not a regular file (a named pipe, socket or device))" in (
        done.stderr
    )


WRITER = """
import sys, time, duckdb
conn = duckdb.connect(sys.argv[1])
conn.execute("CREATE TABLE analyst_scratch AS SELECT 42 AS answer")
print("written", flush=True)
time.sleep(120)
"""


def test_what_a_read_write_connection_wrote_is_not_grafted_onto_the_new_warehouse(
    tmp_path: Path, env
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "fiscal.duckdb"
    assert ingest(raw, warehouse, env).returncode == 0
    (raw / "next-year.txt").write_text(next_year(sample_text()), encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(warehouse)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert writer.stdout.readline().strip() == "written"
        assert ingest(raw, warehouse, env).returncode == 0
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            tables = {name for (name,) in conn.execute("SHOW TABLES").fetchall()}
            count = conn.execute("SELECT count(*) FROM line_items").fetchone()[0]
    finally:
        writer.kill()
        writer.wait()
    assert "analyst_scratch" not in tables
    assert count == 2 * SAMPLE_FIGURES


def test_the_published_file_is_the_truth(tmp_path: Path, env) -> None:
    """Deleted, the warehouse is rebuilt from the folder; replaced by an older copy (a
    backup restored), the next ingest starts from that copy."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "fiscal.duckdb"
    assert ingest(raw, warehouse, env).returncode == 0
    backup = tmp_path / "backup.duckdb"
    shutil.copy(warehouse, backup)
    (raw / "next-year.txt").write_text(next_year(sample_text()), encoding="utf-8")
    assert ingest(raw, warehouse, env).returncode == 0

    warehouse.unlink()
    rebuilt = ingest(raw, warehouse, env)
    assert "To read or re-check: 2 files; unchanged: 0" in rebuilt.stdout

    shutil.copy(backup, warehouse)  # the state before next-year.txt arrived
    restored = ingest(raw, warehouse, env)
    assert "To read or re-check: 1 files; unchanged: 1" in restored.stdout
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 2 * SAMPLE_FIGURES


def test_an_ingest_of_several_runs_publishes_the_folder_once_whole(tmp_path: Path, env) -> None:
    """Three files in runs of one (--batch 1), into a fresh warehouse and again after it
    was deleted: the runs write on in the working copy and the ingest publishes at its
    end, with every document's facts and the star schema built from all three."""
    raw = tmp_path / "raw"
    raw.mkdir()
    text = sample_text()
    (raw / SAMPLE_NAME).write_text(text, encoding="utf-8")
    (raw / "next-year.txt").write_text(next_year(text), encoding="utf-8")
    other = text.replace("孝义市行政审批服务管理局", "孝义市统计局")
    (raw / "xiaoyi-statistics-bureau-2024-final-accounts.txt").write_text(other, encoding="utf-8")
    warehouse = tmp_path / "fiscal.duckdb"
    for _ in range(2):
        done = ingest(raw, warehouse, env, "--batch", "1")
        assert done.returncode == 0, done.stdout + done.stderr
        assert "3 read or re-checked in 3 runs" in done.stdout
        with duckdb.connect(str(warehouse), read_only=True) as conn:
            assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == (
                3 * SAMPLE_FIGURES
            )
            years = conn.execute(
                "SELECT d.fiscal_year, count(DISTINCT d.department) "
                "FROM fact_expenditure_by_function AS f "
                "JOIN dim_document AS d USING (document_id) GROUP BY 1 ORDER BY 1"
            ).fetchall()
            stale = conn.execute("SELECT count(*) FROM warehouse_meta WHERE key = 'derived_stale'")
            assert stale.fetchone()[0] == 0
        assert years == [(2024, 2), (2025, 1)]
        warehouse.unlink()  # the second time round: a fresh start
