"""Shared fixtures: the bundled sample, a warehouse loaded through Dagster, the corpus."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
import pytest

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.paths import DAGSTER_STORAGE_ENV, PROJECT_ROOT, default_corpus_dir

SAMPLE_NAME = "xiaoyi-admin-approval-bureau-2024-final-accounts.txt"
SAMPLE = PROJECT_ROOT / "data" / "raw" / SAMPLE_NAME


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    """The shared corpus (``$FISCAL_CORPUS_DIR`` or ``../shared/corpus``)."""
    path = default_corpus_dir()
    assert path.is_dir(), f"corpus not found at {path}; set FISCAL_CORPUS_DIR"
    return path


@pytest.fixture(scope="session")
def sample_raw_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw folder holding only the bundled sample."""
    raw = tmp_path_factory.mktemp("raw")
    shutil.copy(SAMPLE, raw / SAMPLE_NAME)
    return raw


@pytest.fixture(scope="session")
def sample_facts(sample_raw_dir: Path) -> NormalisedDocument:
    """The sample read by the pure core (no Dagster, no warehouse)."""
    ref = document_ref(sample_raw_dir / SAMPLE_NAME, sample_raw_dir)
    return normalise_document(extract_document(ref))


@pytest.fixture(scope="session")
def loaded_warehouse(
    sample_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A warehouse the sample was ingested into through the Dagster asset graph."""
    from pipelines.ingest import ingest

    warehouse = tmp_path_factory.mktemp("warehouse") / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(sample_raw_dir, warehouse, instance=instance)
    assert report.ok, report.outcomes
    yield warehouse


def fiscal_env(dagster_storage: Path) -> dict[str, str]:
    """Environment for running ``fiscal`` in a subprocess with its own Dagster storage."""
    env = dict(os.environ)
    env[DAGSTER_STORAGE_ENV] = str(dagster_storage)
    env.pop("FISCAL_RAW_DIR", None)
    env.pop("FISCAL_WAREHOUSE", None)
    return env


def fiscal(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``fiscal ARGS`` in a real subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    """``fiscal_env`` with a Dagster storage of the test's own."""
    return fiscal_env(tmp_path / "dagster")


@pytest.fixture(scope="session")
def corpus_warehouse(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse the whole corpus was ingested into through the Dagster asset graph (its
    MANIFEST.csv, README.md and blank template quarantined)."""
    from pipelines.ingest import ingest

    raw = tmp_path_factory.mktemp("corpus") / "raw"
    shutil.copytree(corpus_dir, raw)
    warehouse = raw.parent / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, warehouse, instance=instance)
    failed = [o for o in report.outcomes if o.status not in ("loaded", "superseded", "quarantined")]
    assert not failed, [(o.ref.source_file, o.status, o.reason) for o in failed]
    return warehouse


JIANGSU_CPPCC = [f"jiangsu-cppcc-office-{year}-budget-{part}.pdf" for year in (2017, 2018, 2019)
                 for part in ("tables", "text")]  # fmt: skip


@pytest.fixture(scope="session")
def jiangsu_cppcc_warehouse(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the Jiangsu CPPCC office's six PDFs (budgets 2017-2019, each a tables
    half and a narrative half), its raw folder beside it."""
    from pipelines.ingest import ingest

    raw = tmp_path_factory.mktemp("jiangsu") / "raw"
    raw.mkdir()
    for name in JIANGSU_CPPCC:
        shutil.copy(corpus_dir / name, raw / name)
    warehouse = raw.parent / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, warehouse, instance=instance)
    assert report.ok, [(o.ref.source_file, o.status, o.reason) for o in report.outcomes]
    return warehouse


def altered_sample(folder: Path, line: int, old: str, new: str) -> Path:
    """A copy of the sample in ``folder`` with ``old`` replaced by ``new`` on its line
    ``line`` (1-based; the line must print ``old``)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path = folder / SAMPLE_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
