"""``fiscal ingest`` in a real subprocess, as a user runs it."""

import re
import shutil
from pathlib import Path

import duckdb

from tests.conftest import SAMPLE, SAMPLE_NAME, fiscal
from tests.test_sample_figures import PRINTED_PER_TABLE


def counts(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "documents",
                "line_items",
                "line_item_quantities",
                "document_tables",
                "check_results",
                "functional_codes",
                "economic_codes",
            )
        }


def test_ingest_twice_gives_identical_counts(tmp_path: Path, cli_env: dict[str, str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "out" / "fiscal.duckdb"
    first = fiscal("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=cli_env)
    assert first.returncode == 0, first.stderr
    assert f"[1/1] {SAMPLE_NAME}: loaded 208 figures" in first.stdout
    assert "1 found, 1 loaded, 0 quarantined, 0 failed" in first.stdout
    for table, count in PRINTED_PER_TABLE.items():
        assert re.search(rf"^\s+{table}\s+{count}$", first.stdout, re.M), table
    # the sample's own findings: its narrative says 31 projects were evaluated (28 优, 1 中,
    # 2 差, 651.05万元) where 16 reports are attached (5 warnings); one report's 权重 and 得分
    # fall short (2); its narrative's 商品和服务支出 59.41万元 against 59.42 in its table (1);
    # an indicator given full marks, 证照印制数量 2800份 against ≥12000份 (line 1654) (1)
    assert "Failed checks: 0 errors, 17 warnings" in first.stdout
    after_first = counts(warehouse)
    second = fiscal("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=cli_env)
    assert second.returncode == 0, second.stderr
    assert counts(warehouse) == after_first
    assert after_first["line_items"] == 208 and after_first["documents"] == 1


def test_environment_variables_choose_the_folders(tmp_path: Path, cli_env: dict[str, str]) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    warehouse = tmp_path / "env.duckdb"
    env = {**cli_env, "FISCAL_RAW_DIR": str(raw), "FISCAL_WAREHOUSE": str(warehouse)}
    result = fiscal("ingest", env=env)
    assert result.returncode == 0, result.stderr
    assert counts(warehouse)["line_items"] == 208


def test_bad_files_are_quarantined_and_the_good_one_loads(
    tmp_path: Path, cli_env: dict[str, str]
) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    (raw / "empty.txt").write_bytes(b"")
    (raw / "minutes.txt").write_text("会议纪要\n\n今天开会讨论了工作安排。\n", encoding="utf-8")
    (raw / "budget.xlsx").write_bytes(b"PK\x03\x04 not really a spreadsheet")
    warehouse = tmp_path / "fiscal.duckdb"
    result = fiscal("ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=cli_env)
    assert result.returncode == 1
    reason = result.stderr.strip()
    assert len(reason.splitlines()) == 1
    for name in ("empty.txt", "minutes.txt", "budget.xlsx"):
        assert name in reason
    assert SAMPLE_NAME not in reason
    assert "Traceback" not in result.stderr + result.stdout
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        statuses = dict(conn.execute("SELECT source_file, status FROM documents").fetchall())
        reasons = dict(conn.execute("SELECT source_file, status_reason FROM documents").fetchall())
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
    assert statuses == {
        SAMPLE_NAME: "loaded",
        "empty.txt": "quarantined",
        "minutes.txt": "quarantined",
        "budget.xlsx": "quarantined",
    }
    assert reasons["empty.txt"] == "the file is empty (0 bytes)"
    assert "not recognised as a budget or final-accounts disclosure" in reasons["minutes.txt"]
    assert "unsupported file type .xlsx" in reasons["budget.xlsx"]


def test_a_missing_raw_folder_is_a_clear_error(tmp_path: Path, cli_env: dict[str, str]) -> None:
    result = fiscal("ingest", "--raw", str(tmp_path / "nope"), env=cli_env)
    assert result.returncode == 2
    assert result.stderr.strip() == f"fiscal: raw folder not found: {tmp_path / 'nope'}"


def test_two_workers_load_every_document(tmp_path: Path, cli_env: dict[str, str]) -> None:
    from tests.test_pdf_sample import RENDERED

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    shutil.copy(RENDERED, raw / RENDERED.name)
    warehouse = tmp_path / "fiscal.duckdb"
    result = fiscal(
        "ingest", "--raw", str(raw), "--warehouse", str(warehouse), "--workers", "2", env=cli_env
    )
    assert result.returncode == 0, result.stderr
    assert "2 found, 2 loaded, 0 quarantined, 0 failed" in result.stdout
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 416
        assert conn.execute("SELECT count(*) FROM v_line_items").fetchone()[0] == 208
