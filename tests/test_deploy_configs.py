"""The example deployments of docs/deploy/: each executor's run config is valid for the
ingest job as the definitions resolve with ``$FISCAL_EXECUTOR`` set to it, and the
instance configurations load: Dagster's run storage on a real PostgreSQL, runs in pods.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import dagster as dg
import pytest
import yaml

from pipelines.orchestration.executors import EXECUTOR_ENV, UnknownExecutor, configured_executor
from pipelines.paths import PROJECT_ROOT
from tests.test_ducklake import POSTGRES_ENV, _postgres, _server

DEPLOY = PROJECT_ROOT / "docs" / "deploy"
# each example's executor, as Dagster names it
EXECUTOR_NAMES = {"multiprocess": "multiprocess", "celery": "celery", "k8s": "k8s"}


def _definitions() -> dg.Definitions:
    from pipelines.definitions import defs

    return defs()


@pytest.mark.parametrize("example", sorted(EXECUTOR_NAMES))
def test_each_executor_example_resolves_with_the_definitions(
    example: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(EXECUTOR_ENV, example)
    monkeypatch.setenv("FISCAL_CELERY_BROKER", "pyamqp://guest@rabbitmq:5672//")
    monkeypatch.setenv("FISCAL_CELERY_BACKEND", "redis://redis:6379/0")
    job = _definitions().resolve_job_def("ingest_document")
    assert job.executor_def.name == EXECUTOR_NAMES[example]
    config = yaml.safe_load((DEPLOY / example / "run_config.yaml").read_text(encoding="utf-8"))
    dg.validate_run_config(job, config)
    wrong = {"execution": {"config": {"no_such_setting": 1}}}
    with pytest.raises(dg.DagsterInvalidConfigError):
        dg.validate_run_config(job, wrong)


def test_the_default_executor_is_one_process_per_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(EXECUTOR_ENV, raising=False)
    job = _definitions().resolve_job_def("ingest_document")
    assert job.executor_def.name == "in_process"


def test_an_unknown_executor_is_said_so() -> None:
    with pytest.raises(UnknownExecutor, match="choose one of in_process, multiprocess"):
        configured_executor("spark")


def _instance_folder(tmp_path: Path, example: str) -> Path:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(
        (DEPLOY / example / "dagster.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    return home


def test_the_kubernetes_instance_launches_runs_in_pods(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The K8sRunLauncher of docs/deploy/k8s/dagster.yaml, built from it (its run storage
    left to the PostgreSQL test below: here SQLite, no cluster needed to build it)."""
    from dagster_k8s import K8sRunLauncher

    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        yaml.safe_dump(
            {
                "apiVersion": "v1",
                "kind": "Config",
                "current-context": "test",
                "clusters": [{"name": "c", "cluster": {"server": "https://127.0.0.1:6443"}}],
                "contexts": [{"name": "test", "context": {"cluster": "c", "user": "u"}}],
                "users": [{"name": "u", "user": {"token": "t"}}],
            }
        ),
        encoding="utf-8",
    )
    home = _instance_folder(tmp_path, "k8s")
    settings = yaml.safe_load((home / "dagster.yaml").read_text(encoding="utf-8"))
    settings.pop("storage")
    # outside a cluster, as the example's comment says
    settings["run_launcher"]["config"].update(
        load_incluster_config=False, kubeconfig_file=str(kubeconfig)
    )
    (home / "dagster.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    monkeypatch.setenv("FISCAL_IMAGE", "registry.example.org/fiscal-warehouse:1")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        launcher = instance.run_launcher
        assert isinstance(launcher, K8sRunLauncher)
        assert launcher.job_namespace == "fiscal"
        assert launcher.job_image == "registry.example.org/fiscal-warehouse:1"


def test_the_postgres_instance_keeps_an_ingests_runs_in_postgresql(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sample_raw_dir: Path
) -> None:
    """docs/deploy/postgres/dagster.yaml on a real server: an ingest of the sample through
    the asset graph records its run and events there."""
    from pipelines.ingest import ingest

    dsn = dict(part.split("=", 1) for part in _server().split())
    name = f"fiscal_dagster_{uuid.uuid4().hex[:12]}"
    with _postgres(_server()) as server:
        server.execute(
            f"CALL postgres_execute('server', 'CREATE DATABASE {name}', use_transaction := false)"
        )
    user, host, port = dsn.get("user", "postgres"), dsn.get("host", "127.0.0.1"), dsn.get("port")
    url = (  # a host that is a folder is the server's unix socket, given as a parameter
        f"postgresql+psycopg2://{user}@/{name}?host={host}" + (f"&port={port}" if port else "")
    )
    monkeypatch.setenv("FISCAL_DAGSTER_POSTGRES_URL", url)
    home = _instance_folder(tmp_path, "postgres")
    with dg.DagsterInstance.from_config(str(home)) as instance:
        report = ingest(sample_raw_dir, tmp_path / "fiscal.duckdb", instance=instance)
        assert report.ok, report.outcomes
        runs = instance.get_runs()
        assert len(runs) == 1 and runs[0].status == dg.DagsterRunStatus.SUCCESS
        materialized = instance.get_latest_materialization_event(dg.AssetKey("warehouse_document"))
        assert materialized is not None
    # the runs are in the server, not in a file of the instance's folder
    with _postgres(_server()) as server:
        server.execute(f"ATTACH '{_server()} dbname={name}' AS dagster (TYPE postgres)")
        assert server.execute("SELECT count(*) FROM dagster.public.runs").fetchone() == (1,)
        drop = f"DROP DATABASE {name} WITH (FORCE)"
        server.execute("DETACH dagster")
        server.execute(f"CALL postgres_execute('server', '{drop}', use_transaction := false)")
    assert POSTGRES_ENV
