"""Where the project's files live, and the environment variables that move them."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SQL_DIR = PROJECT_ROOT / "sql"

RAW_DIR_ENV = "FISCAL_RAW_DIR"
WAREHOUSE_ENV = "FISCAL_WAREHOUSE"
DAGSTER_STORAGE_ENV = "FISCAL_DAGSTER_STORAGE"
CORPUS_ENV = "FISCAL_CORPUS_DIR"
TIMEOUT_ENV = "FISCAL_DOCUMENT_TIMEOUT"
BATCH_ENV = "FISCAL_RUN_BATCH"
LAKE_DATA_ENV = "FISCAL_LAKE_DATA_PATH"
LAKE_SCHEME = "ducklake:"
DEFAULT_TIMEOUT_SECONDS = 300.0
DEFAULT_RUN_BATCH = 20


def default_raw_dir() -> Path:
    """The raw folder: ``$FISCAL_RAW_DIR`` or ``data/raw`` of the project."""
    return Path(os.environ.get(RAW_DIR_ENV) or PROJECT_ROOT / "data" / "raw").resolve()


@dataclass(frozen=True)
class Lake:
    """A DuckLake warehouse: its catalog (``postgres:<libpq connection string>``, or a
    DuckDB or SQLite file) and the folder its Parquet data files are written to."""

    catalog: str
    data_path: Path

    def __str__(self) -> str:
        return f"{LAKE_SCHEME}{self.catalog}"

    @property
    def stem(self) -> str:
        """A short name for the warehouse's own folders (its Dagster storage)."""
        return "ducklake"


Warehouse = Path | Lake  # where the warehouse is: a DuckDB file, or a DuckLake


def warehouse_location(text: str | Path | Lake) -> Warehouse:
    """``ducklake:<catalog>`` as a ``Lake`` (its data in ``$FISCAL_LAKE_DATA_PATH``, else
    ``data/warehouse/lake/``), anything else as the path of a DuckDB file."""
    if isinstance(text, Lake):
        return text
    if isinstance(text, str) and text.startswith(LAKE_SCHEME):
        data = os.environ.get(LAKE_DATA_ENV) or PROJECT_ROOT / "data" / "warehouse" / "lake"
        return Lake(catalog=text.removeprefix(LAKE_SCHEME), data_path=Path(data).resolve())
    return Path(text).resolve()


def default_warehouse() -> Warehouse:
    """The warehouse: ``$FISCAL_WAREHOUSE`` (a DuckDB file, or ``ducklake:<catalog>``) or
    ``data/warehouse/fiscal.duckdb``."""
    default = PROJECT_ROOT / "data" / "warehouse" / "fiscal.duckdb"
    return warehouse_location(os.environ.get(WAREHOUSE_ENV) or default)


def default_dagster_storage(warehouse: Warehouse | None = None) -> Path:
    """Where the Dagster instance keeps runs, events and intermediate values:
    ``$FISCAL_DAGSTER_STORAGE``, else a folder of the project's ``.dagster/`` for this
    warehouse (``<name>-<hash of its path>``), so that ingests into different warehouses
    never share partitions."""
    if os.environ.get(DAGSTER_STORAGE_ENV):
        return Path(os.environ[DAGSTER_STORAGE_ENV]).resolve()
    warehouse = warehouse or default_warehouse()
    if not isinstance(warehouse, Lake):
        warehouse = Path(warehouse).resolve()
    digest = hashlib.sha256(str(warehouse).encode()).hexdigest()[:8]
    return (PROJECT_ROOT / ".dagster" / f"{warehouse.stem}-{digest}").resolve()


def default_document_timeout() -> float:
    """Seconds a document may take to read: ``$FISCAL_DOCUMENT_TIMEOUT`` or 300."""
    return float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT_SECONDS)


def default_run_batch() -> int:
    """Documents per Dagster run: ``$FISCAL_RUN_BATCH`` or 20 (a run holds that many
    documents' values at most)."""
    return max(1, int(os.environ.get(BATCH_ENV) or DEFAULT_RUN_BATCH))


def default_corpus_dir() -> Path:
    """The shared corpus of real publications: ``$FISCAL_CORPUS_DIR`` or ``../shared/corpus``."""
    return Path(os.environ.get(CORPUS_ENV) or PROJECT_ROOT.parent / "shared" / "corpus").resolve()


def default_workers() -> int:
    """Processes that read documents at once: both cores of the machines we run on."""
    return min(os.cpu_count() or 1, 2)
