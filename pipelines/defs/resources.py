"""The resources every run of the graph uses, and its executor: ``$FISCAL_EXECUTOR``
(``pipelines/orchestration/executors.py``), by default one process per run, whose steps
share the run's warm reader processes."""

import dagster as dg

from pipelines.orchestration.executors import configured_executor
from pipelines.orchestration.resources import default_resources


@dg.definitions
def resources() -> dg.Definitions:
    """The raw folder, readers, warehouse and IO manager, from the environment."""
    return dg.Definitions(resources=default_resources(), executor=configured_executor())
