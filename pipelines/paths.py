"""Where the project's files live, and the environment variables that move them."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"

RAW_DIR_ENV = "FISCAL_RAW_DIR"
WAREHOUSE_ENV = "FISCAL_WAREHOUSE"
DAGSTER_STORAGE_ENV = "FISCAL_DAGSTER_STORAGE"
CORPUS_ENV = "FISCAL_CORPUS_DIR"


def default_raw_dir() -> Path:
    """The raw folder: ``$FISCAL_RAW_DIR`` or ``data/raw`` of the project."""
    return Path(os.environ.get(RAW_DIR_ENV) or PROJECT_ROOT / "data" / "raw").resolve()


def default_warehouse() -> Path:
    """The DuckDB file: ``$FISCAL_WAREHOUSE`` or ``data/warehouse/fiscal.duckdb``."""
    default = PROJECT_ROOT / "data" / "warehouse" / "fiscal.duckdb"
    return Path(os.environ.get(WAREHOUSE_ENV) or default).resolve()


def default_dagster_storage() -> Path:
    """Where the Dagster instance keeps runs, events and intermediate outputs."""
    return Path(os.environ.get(DAGSTER_STORAGE_ENV) or PROJECT_ROOT / ".dagster").resolve()


def default_corpus_dir() -> Path:
    """The shared corpus of real publications: ``$FISCAL_CORPUS_DIR`` or ``../shared/corpus``."""
    return Path(os.environ.get(CORPUS_ENV) or PROJECT_ROOT.parent / "shared" / "corpus").resolve()


def default_workers() -> int:
    """Processes that read documents at once: both cores of the machines we run on."""
    return min(os.cpu_count() or 1, 2)
