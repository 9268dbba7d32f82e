"""Jobs: the whole per-document path as one job (one run per document partition)."""

import dagster as dg

ingest_document_job = dg.define_asset_job(
    name="ingest_document",
    selection=dg.AssetSelection.groups("ingest"),
    description="Read one document and replace its rows in the warehouse.",
)
