"""Jobs: the whole path of the documents as one job (one partition per document; a run
may hold one document or a range of them)."""

import dagster as dg

ingest_document_job = dg.define_asset_job(
    name="ingest_document",
    selection=dg.AssetSelection.groups("ingest"),
    description="Read documents and replace their rows in the warehouse.",
)
