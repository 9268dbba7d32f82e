"""Which Dagster executor runs the steps of a run, by configuration (``$FISCAL_EXECUTOR``):
the same definitions run in one process (the default: the reading step keeps its own
pool of reader processes), in a process per step, on Celery workers or as Kubernetes jobs.

Each executor's settings (a broker, an image, how many steps at once) are run config, under
``execution:``; examples that a test loads are in ``docs/deploy/``.
"""

from __future__ import annotations

import importlib
import os

import dagster as dg

EXECUTOR_ENV = "FISCAL_EXECUTOR"
DEFAULT_EXECUTOR = "in_process"
# name -> (module, attribute) of the executor; celery and k8s come with the `deploy` extra
EXECUTORS = {
    "in_process": ("dagster", "in_process_executor"),
    "multiprocess": ("dagster", "multiprocess_executor"),
    "celery": ("dagster_celery", "celery_executor"),
    "k8s": ("dagster_k8s", "k8s_job_executor"),
}


class UnknownExecutor(ValueError):
    """``$FISCAL_EXECUTOR`` names no executor, or one whose package is not installed."""


def configured_executor(name: str | None = None) -> dg.ExecutorDefinition:
    """The executor ``name`` (default ``$FISCAL_EXECUTOR``, else in_process)."""
    name = name or os.environ.get(EXECUTOR_ENV) or DEFAULT_EXECUTOR
    if name not in EXECUTORS:
        raise UnknownExecutor(
            f"{EXECUTOR_ENV}={name!r} is not an executor: choose one of {', '.join(EXECUTORS)}"
        )
    module, attribute = EXECUTORS[name]
    try:
        return getattr(importlib.import_module(module), attribute)
    except ImportError as exc:
        package = module.replace("_", "-")
        raise UnknownExecutor(
            f"the {name} executor needs {package}: pip install 'fiscal-warehouse[deploy]'"
        ) from exc


def steps_in_parallel(name: str | None = None) -> bool:
    """Whether executor ``name`` (default ``$FISCAL_EXECUTOR``) runs a run's steps at once."""
    return (name or os.environ.get(EXECUTOR_ENV) or DEFAULT_EXECUTOR) != "in_process"
