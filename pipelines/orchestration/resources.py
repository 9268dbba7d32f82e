"""Dagster resources: where the raw documents are, and the warehouse to write."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from dagster_duckdb import DuckDBResource

from pipelines.paths import default_raw_dir, default_warehouse


class RawFolder(dg.ConfigurableResource):
    """The folder the documents are found in (``$FISCAL_RAW_DIR`` or ``data/raw``)."""

    path: str

    @property
    def root(self) -> Path:
        """The folder as a resolved path."""
        return Path(self.path).resolve()


def default_resources(raw_dir: Path | None = None, warehouse: Path | None = None) -> dict:
    """The resources of a run: the raw folder and the DuckDB warehouse."""
    warehouse = Path(warehouse or default_warehouse()).resolve()
    return {
        "raw_folder": RawFolder(path=str(Path(raw_dir or default_raw_dir()).resolve())),
        "warehouse": DuckDBResource(database=str(warehouse)),
    }
