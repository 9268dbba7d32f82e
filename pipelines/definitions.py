"""The project's Dagster definitions (``dagster dev -m pipelines.definitions``)."""

import dagster as dg

from pipelines.orchestration.assets import ASSETS
from pipelines.orchestration.jobs import ingest_document_job
from pipelines.orchestration.resources import default_resources

defs = dg.Definitions(
    assets=ASSETS,
    jobs=[ingest_document_job],
    resources=default_resources(),
    executor=dg.in_process_executor,
)
