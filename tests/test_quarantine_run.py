"""One ``fiscal ingest`` run over a raw folder of one good document and seven bad files:
every bad file is quarantined with a reason a person understands, the good one loads, and
the run says which files it did not load (exit code 1) without a traceback.

The bad files are built here (tests/test_bad_input.py builds the same kinds inline in its
tests, with no helper to import).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from reportlab.lib import pdfencrypt
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pipelines.paths import default_corpus_dir
from tests.conftest import SAMPLE, SAMPLE_NAME, fiscal, fiscal_env

TEMPLATE = "shanghai-final-accounts-template-2024.pdf"


# -- the bad files ----------------------------------------------------------------------------


def truncated_pdf(path: Path) -> None:
    """The first third of the genuine Putuo final accounts."""
    source = (default_corpus_dir() / "putuo-finance-bureau-2024-final.pdf").read_bytes()
    path.write_bytes(source[: len(source) // 3])


def encrypted_pdf(path: Path) -> None:
    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret"))
    pdf.drawString(100, 700, "2024")
    pdf.save()


def scanned_pdf(path: Path) -> None:
    """One page that is an image only (no text layer)."""
    image = path.with_suffix(".png")
    Image.new("RGB", (600, 800), "white").save(image)
    pdf = canvas.Canvas(str(path))
    pdf.drawImage(str(image), 0, 0, 595, 842)
    pdf.save()
    image.unlink()


def empty_pdf(path: Path) -> None:
    path.write_bytes(b"")


def html_pdf(path: Path) -> None:
    path.write_text("<html><body>not a pdf</body></html>", encoding="utf-8")


def minutes_pdf(path: Path) -> None:
    """A real PDF with a CJK text layer, but meeting minutes: no 预算, no 决算."""
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    pdf = canvas.Canvas(str(path))
    pdf.setFont("STSong-Light", 12)
    for number, line in enumerate(["会议纪要", "今天开会讨论了工作安排。"] * 20):
        pdf.drawString(50, 800 - number * 18, line)
    pdf.save()


def blank_template(path: Path) -> None:
    shutil.copy(default_corpus_dir() / TEMPLATE, path)


@dataclass(frozen=True)
class Bad:
    name: str
    build: Callable[[Path], None]
    reason: str  # what status_reason must say


BAD = [
    Bad("truncated.pdf", truncated_pdf, "the file is not a readable PDF"),
    Bad("encrypted.pdf", encrypted_pdf, "encrypted"),
    Bad("scanned.pdf", scanned_pdf, "no text layer"),
    Bad("empty.pdf", empty_pdf, "empty (0 bytes)"),
    Bad("webpage.pdf", html_pdf, "the file is not a readable PDF"),
    Bad("minutes.pdf", minutes_pdf, "not recognised as a budget or final-accounts disclosure"),
    Bad(TEMPLATE, blank_template, "blank template"),
]


# -- the run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    warehouse: Path
    result: subprocess.CompletedProcess


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    base = tmp_path_factory.mktemp("quarantine")
    raw = base / "raw"
    raw.mkdir()
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    for bad in BAD:
        bad.build(raw / bad.name)
    assert sorted(p.name for p in raw.iterdir()) == sorted([SAMPLE_NAME, *(b.name for b in BAD)])
    warehouse = base / "fiscal.duckdb"
    result = fiscal(
        "ingest", "--raw", str(raw), "--warehouse", str(warehouse), env=fiscal_env(base / "dagster")
    )
    return Run(warehouse, result)


def documents(warehouse: Path) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {
            name: (status, reason)
            for name, status, reason in conn.execute(
                "SELECT source_file, status, status_reason FROM documents"
            ).fetchall()
        }


def test_the_run_exits_1_without_a_traceback(run: Run) -> None:
    assert run.result.returncode == 1, run.result.stdout + run.result.stderr
    assert "Traceback" not in run.result.stdout + run.result.stderr
    assert "8 found, 1 loaded, 7 quarantined, 0 failed" in run.result.stdout


def test_stderr_names_each_bad_file(run: Run) -> None:
    stderr = run.result.stderr
    assert stderr.startswith("fiscal: 7 of 8 documents not loaded: ")
    for bad in BAD:
        assert f"{bad.name} (quarantined: " in stderr, bad.name
    assert SAMPLE_NAME not in stderr


def test_stdout_reports_each_file(run: Run) -> None:
    stdout = run.result.stdout
    for bad in BAD:
        assert f"] {bad.name}: quarantined: " in stdout, bad.name
    assert f"] {SAMPLE_NAME}: loaded 208 figures" in stdout


@pytest.mark.parametrize("bad", BAD, ids=[bad.name for bad in BAD])
def test_each_bad_file_is_quarantined_with_its_reason(run: Run, bad: Bad) -> None:
    status, reason = documents(run.warehouse)[bad.name]
    assert status == "quarantined"
    assert reason and bad.reason in reason, reason
    assert "Traceback" not in reason


def test_the_reasons_in_full(run: Run) -> None:
    """The reasons a person reads (the PDF library's own words only after the colon of a
    damaged file)."""
    reasons = {name: reason for name, (_, reason) in documents(run.warehouse).items()}
    assert reasons["empty.pdf"] == "the file is empty (0 bytes)"
    assert reasons["encrypted.pdf"] == (
        "the PDF is encrypted (password protected): its text cannot be read"
    )
    assert reasons["scanned.pdf"].startswith("the PDF has no text layer")
    for name in ("truncated.pdf", "webpage.pdf"):
        assert reasons[name].startswith(
            "the file is not a readable PDF (damaged, truncated or not a PDF at all)"
        ), name
    assert reasons["minutes.pdf"].startswith(
        "not recognised as a budget or final-accounts disclosure"
    )
    assert reasons[TEMPLATE].startswith("a blank template")
    assert "上海市XX局" in reasons[TEMPLATE]


def test_the_sample_loads_all_its_figures(run: Run) -> None:
    assert documents(run.warehouse)[SAMPLE_NAME] == ("loaded", None)
    with duckdb.connect(str(run.warehouse), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM line_items").fetchone()[0] == 208
        assert (
            conn.execute(
                "SELECT count(*) FROM line_items JOIN documents USING (document_id) "
                "WHERE status = 'quarantined'"
            ).fetchone()[0]
            == 0
        )
        # a quarantined document is not checked and not verified
        assert (
            conn.execute(
                "SELECT count(*) FROM v_documents WHERE status = 'quarantined' "
                "AND verification IS NULL"
            ).fetchone()[0]
            == 7
        )
        assert (
            conn.execute(
                "SELECT count(*) FROM check_results JOIN documents USING (document_id) "
                "WHERE status = 'quarantined'"
            ).fetchone()[0]
            == 0
        )
