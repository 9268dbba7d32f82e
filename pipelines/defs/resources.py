"""The resources every run of the graph uses, and its executor (one process per run: the
steps share the run's warm reader processes)."""

import dagster as dg

from pipelines.orchestration.resources import default_resources


@dg.definitions
def resources() -> dg.Definitions:
    """The raw folder, readers, warehouse and IO manager, from the environment."""
    return dg.Definitions(resources=default_resources(), executor=dg.in_process_executor)
