"""The project's Dagster definitions: everything under ``pipelines/defs/``
(``dg check defs``, ``dg dev``, ``dagster dev -m pipelines.definitions``)."""

from pathlib import Path

import dagster as dg


@dg.definitions
def defs() -> dg.Definitions:
    """The assets, checks, job, sensors, schedule and resources of ``pipelines/defs``."""
    return dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
