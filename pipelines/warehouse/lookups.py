"""The lookups the star schema's refresh reads, computed in Python from the catalog: where
each loaded document stands (its level of government) and the canonical label of every
label printed on a row without a code."""

from __future__ import annotations

import duckdb
import polars as pl

from pipelines.catalog import canonical_row_label, income_source_by_label
from pipelines.catalog.regions import government_level


def refresh_lookups(conn: duckdb.DuckDBPyConnection) -> None:
    """Rebuild ``document_locations`` and ``row_labels`` from the loaded documents."""
    documents = conn.execute(
        "SELECT document_id, region, template FROM documents WHERE status = 'loaded'"
    ).fetchall()
    located = []
    for document_id, region, template in documents:
        place = government_level(region, template)
        fields = (place.government_level, place.code, place.province) if place else (None,) * 3
        located.append((document_id, *fields))
    locations = pl.DataFrame(  # noqa: F841 (read by the SQL below)
        located,
        schema={"document_id": pl.String, "government_level": pl.String,
                "region_code": pl.String, "province": pl.String},
        orient="row",
    )  # fmt: skip
    conn.execute("DELETE FROM document_locations")
    conn.execute("INSERT INTO document_locations BY NAME SELECT * FROM locations")

    printed = conn.execute(
        "SELECT DISTINCT row_label FROM line_items WHERE row_code IS NULL AND row_label IS NOT NULL"
    ).fetchall()
    sources = income_source_by_label()
    labels = pl.DataFrame(  # noqa: F841 (read by the SQL below)
        [
            (label, canonical, sources.get(canonical))
            for (label,) in printed
            if (canonical := canonical_row_label(label)) is not None
        ],
        schema={"row_label": pl.String, "row_label_canonical": pl.String,
                "income_source": pl.String},
        orient="row",
    )  # fmt: skip
    conn.execute("DELETE FROM row_labels")
    conn.execute("INSERT INTO row_labels BY NAME SELECT * FROM labels")
