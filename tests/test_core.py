"""The core entry point (pipelines/core.py): a document's file -> checked facts, no Dagster."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from pipelines.core import read_document
from pipelines.normalise.facts import NormalisedDocument
from pipelines.paths import PROJECT_ROOT
from tests.conftest import SAMPLE, SAMPLE_NAME

# run in a fresh interpreter: the test session itself has Dagster imported (conftest)
READ_WITHOUT_DAGSTER = """
import json, sys
from pathlib import Path
from pipelines.core import read_document
checked = read_document(Path(sys.argv[1]), Path(sys.argv[2]))
document = checked.document
print(json.dumps({
    "dagster_imported": any(m == "dagster" or m.startswith("dagster.") for m in sys.modules),
    "status": document.status,
    "source_file": document.document["source_file"][0],
    "line_items": document.line_items.height,
    "narrative": document.narrative.height,
    "checks": checked.checks.height,
    "material_failures": checked.checks.filter(checked.checks["material"]).height,
}))
"""


def test_the_sample_is_read_and_checked_without_dagster(
    sample_raw_dir: Path, sample_facts: NormalisedDocument
) -> None:
    path = sample_raw_dir / SAMPLE_NAME
    result = subprocess.run(
        [sys.executable, "-c", READ_WITHOUT_DAGSTER, str(path), str(sample_raw_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    read = json.loads(result.stdout)
    assert not read["dagster_imported"]
    assert read["status"] == "loaded"
    assert read["source_file"] == SAMPLE_NAME
    assert read["line_items"] == sample_facts.line_items.height > 0
    assert read["narrative"] == sample_facts.narrative.height > 0
    assert read["checks"] > 0
    assert read["material_failures"] == 0


def test_source_file_is_the_path_below_the_raw_folder(tmp_path: Path) -> None:
    (tmp_path / "2024").mkdir()
    path = tmp_path / "2024" / SAMPLE_NAME
    shutil.copy(SAMPLE, path)
    assert read_document(path, tmp_path).document.document["source_file"][0] == (
        f"2024/{SAMPLE_NAME}"
    )
    # by default the raw folder is the file's own
    assert read_document(path).document.document["source_file"][0] == SAMPLE_NAME


def test_a_file_it_cannot_read_comes_back_quarantined(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    checked = read_document(empty, tmp_path)
    assert checked.document.status == "quarantined"
    assert "empty" in checked.document.document["status_reason"][0]
    assert checked.document.line_items.is_empty()
    assert checked.checks.is_empty()
