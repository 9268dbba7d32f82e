"""``fiscal ui`` serves the project: a real webserver and daemon, queried through GraphQL,
a run dequeued by the daemon, and every process it started gone when it stops.

Each ``fiscal ui`` gets a marker in its environment (inherited by everything it starts,
whatever process group or session that ends up in), so "nothing left" is checked by
scanning ``/proc/*/environ`` for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from pipelines.orchestration import webui
from tests.conftest import fiscal_env
from tests.test_definitions import ASSET_KEYS, CHECK_KEYS

MARKER = "FISCAL_TEST_MARKER"
START_TIMEOUT = 180  # fiscal ui's own start timeout is 120 s
STOP_SECONDS = 5  # SIGTERM, SIGINT or SIGHUP to exit, every process gone
ORPHAN_SECONDS = 8  # fiscal ui killed outright to every process gone
PARTITION_TIMEOUT = 90  # the raw-folder sensor ticks every minute
RUN_TIMEOUT = 240
SENSOR_TIMEOUT = 240  # a tick a minute, then the run queued behind any other
SCHEDULES = ["nightly_ingest", "weekly_maintenance"]
SENSORS = ["raw_folder_sensor", "record_failed_runs"]
JOB = "ingest_document"
# the webserver is on loopback: never through a proxy the environment may name
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def non_loopback_address() -> str | None:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except socket.gaierror:
        return None
    return next((i[4][0] for i in infos if not i[4][0].startswith("127.")), None)


def marked(marker: str) -> list[int]:
    """The running processes whose environment holds ``FISCAL_TEST_MARKER=marker``."""
    needle = f"{MARKER}={marker}".encode() + b"\0"
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                environ = Path(entry.path, "environ").read_bytes()
            except OSError:  # gone meanwhile, or not ours to read
                continue
            if needle in environ:  # a zombie's environment reads empty: it is done
                found.append(int(entry.name))
    return found


def describe(pids: list[int]) -> str:
    lines = []
    for pid in pids:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        lines.append(f"{pid}: {command.decode(errors='replace')[:160]}")
    return "\n".join(lines)


def kill_marked(marker: str) -> None:
    for pid in marked(marker):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@dataclass
class UI:
    """A ``fiscal ui`` started by a test, its output in files."""

    process: subprocess.Popen
    port: int
    marker: str
    out: Path
    err: Path
    repository: dict = field(default_factory=dict)
    raw: Path | None = None  # the raw folder it serves, where a test owns it
    warehouse: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def output(self) -> str:
        """The last lines of what it printed, for an assertion's message."""
        tails = []
        for path in (self.out, self.err):
            text = path.read_text(errors="replace") if path.exists() else ""
            tails.append(f"--- {path.name}\n" + "\n".join(text.splitlines()[-30:]))
        return "\n".join(tails)

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        request = urllib.request.Request(
            f"{self.url}/graphql",
            data=json.dumps({"query": query, "variables": variables or {}}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with DIRECT.open(request, timeout=30) as response:
            answer = json.loads(response.read())
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def wait_serving(self) -> None:
        """Until it prints its URL (which it does once the webserver answers)."""
        line = f"Dagster UI on {self.url}"
        deadline = time.monotonic() + START_TIMEOUT
        while line not in self.out.read_text(errors="replace"):
            code = self.process.poll()
            assert code is None, f"fiscal ui exited ({code}) before serving\n{self.output()}"
            assert time.monotonic() < deadline, f"not serving after {START_TIMEOUT} s"
            time.sleep(0.5)
        assert webui.answers(self.url), "fiscal ui printed its URL before serving"

    def stop(self, signum: int) -> float:
        """Send ``signum``; the seconds until it exited with 128 + signum, nothing left."""
        started = time.monotonic()
        self.process.send_signal(signum)
        try:
            code = self.process.wait(timeout=STOP_SECONDS)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"fiscal ui still running {STOP_SECONDS} s after {signal.Signals(signum).name}"
            ) from None
        seconds = time.monotonic() - started
        assert code == 128 + signum, self.output()
        left = marked(self.marker)
        assert not left, f"left running after fiscal ui exited:\n{describe(left)}"
        assert not webui.answers(self.url)
        return seconds

    def kill(self) -> None:
        """Whatever the test did, nothing of it is left running."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        kill_marked(self.marker)


def start_ui(raw_dir: Path, tmp: Path, port: int | None = None) -> UI:
    """``fiscal ui`` on a free port, with Dagster storage and a warehouse of its own."""
    port = port or free_port()
    marker = uuid.uuid4().hex
    env = {**fiscal_env(tmp / "dagster"), MARKER: marker}
    out, err = tmp / "ui.out", tmp / "ui.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pipelines.cli",
                "ui",
                "--port",
                str(port),
                "--raw",
                str(raw_dir),
                "--warehouse",
                str(tmp / "fiscal.duckdb"),
            ],
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
    return UI(process, port, marker, out, err)


@pytest.fixture(scope="module")
def ui(sample_raw_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[UI]:
    """One ``fiscal ui`` serving the sample, shared by the tests that query it and stopped
    by ``test_sigterm_stops_every_process``; its repository as first served."""
    base = tmp_path_factory.mktemp("ui")
    raw = base / "raw"  # a folder of its own: test_the_sensor_runs_a_new_file adds to it
    shutil.copytree(sample_raw_dir, raw)
    started = start_ui(raw, base)
    started.raw, started.warehouse = raw, base / "fiscal.duckdb"
    try:
        started.wait_serving()
        (started.repository,) = started.graphql(
            "{ repositoriesOrError { ... on RepositoryConnection { nodes { name "
            "location { name } jobs { name } schedules { name } sensors { name } } } } }"
        )["repositoriesOrError"]["nodes"]
        yield started
    finally:
        started.kill()


def asset_nodes(ui: UI) -> dict[str, dict]:
    """The asset nodes by key, once their partitions are registered (before the start or
    by the raw-folder sensor)."""
    query = (
        "{ assetNodes { assetKey { path } partitionKeys "
        "assetChecksOrError { ... on AssetChecks { checks { name } } } } }"
    )
    deadline = time.monotonic() + PARTITION_TIMEOUT
    while True:
        nodes = {"/".join(n["assetKey"]["path"]): n for n in ui.graphql(query)["assetNodes"]}
        if all(n["partitionKeys"] for n in nodes.values()) or time.monotonic() > deadline:
            return nodes
        time.sleep(1)


def test_fiscal_ui_serves_the_asset_graph(ui: UI) -> None:
    nodes = asset_nodes(ui)
    assert sorted(nodes) == ASSET_KEYS
    # the raw folder holds one file: one partition, the same for every asset
    keys = {tuple(n["partitionKeys"]) for n in nodes.values()}
    assert len(keys) == 1 and len(next(iter(keys))) == 1, keys
    checks = sorted(
        f"{key}:{check['name']}"
        for key, node in nodes.items()
        for check in node["assetChecksOrError"]["checks"]
    )
    assert checks == CHECK_KEYS
    assert JOB in {job["name"] for job in ui.repository["jobs"]}
    outside = non_loopback_address()
    if outside:  # served on 127.0.0.1 only
        with socket.socket() as probe:
            probe.settimeout(5)
            assert probe.connect_ex((outside, ui.port)) != 0


LAUNCH = """mutation($params: ExecutionParams!) { launchRun(executionParams: $params) {
  __typename
  ... on LaunchRunSuccess { run { runId } }
  ... on PythonError { message stack }
  ... on RunConfigValidationInvalid { errors { message } }
  ... on Error { message } } }"""
RUN = "query($id: ID!) { runOrError(runId: $id) { ... on Run { status } } }"
FAILURES = """query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events {
  __typename
  ... on ExecutionStepFailureEvent { stepKey error { message } }
  ... on RunFailureEvent { message } } } } }"""


def test_a_run_launched_through_graphql_succeeds(ui: UI) -> None:
    """One document's run, queued (the queued run coordinator) until the daemon starts it."""
    nodes = asset_nodes(ui)
    (partition,) = nodes["source_document"]["partitionKeys"]
    params = {
        "selector": {
            "repositoryLocationName": ui.repository["location"]["name"],
            "repositoryName": ui.repository["name"],
            "jobName": JOB,
        },
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": partition}]},
    }
    launched = ui.graphql(LAUNCH, {"params": params})["launchRun"]
    assert launched["__typename"] == "LaunchRunSuccess", launched
    run_id = launched["run"]["runId"]
    deadline = time.monotonic() + RUN_TIMEOUT
    status = None
    while time.monotonic() < deadline:
        status = ui.graphql(RUN, {"id": run_id})["runOrError"]["status"]
        if status in ("SUCCESS", "FAILURE", "CANCELED"):
            break
        time.sleep(1)
    if status != "SUCCESS":
        events = ui.graphql(FAILURES, {"id": run_id})["logsForRun"].get("events", [])
        failures = [
            f"{e.get('stepKey')}: {e['error']['message']}" if "error" in e else e["message"]
            for e in events
            if e["__typename"] in ("ExecutionStepFailureEvent", "RunFailureEvent")
        ]
        raise AssertionError(f"run {run_id} of {partition}: {status}; " + "; ".join(failures))


SENSOR_RUNS = """{ runsOrError(filter: {tags: [{key: "dagster/sensor_name",
  value: "raw_folder_sensor"}]}) { ... on Runs { results { runId status
  tags { key value } } } } }"""


def test_the_sensor_runs_a_new_file(ui: UI) -> None:
    """The daemon ticks the raw-folder sensor: a file added to the folder is ingested by a
    run the sensor launched, without anyone asking."""
    from tests.test_carryover import next_year, sample_text

    (ui.raw / "next-year.txt").write_text(next_year(sample_text()), encoding="utf-8")
    deadline = time.monotonic() + SENSOR_TIMEOUT
    done = []
    while time.monotonic() < deadline and not done:
        runs = ui.graphql(SENSOR_RUNS)["runsOrError"]["results"]
        done = [
            r
            for r in runs
            if r["status"] == "SUCCESS"
            and {"key": "dagster/partition", "value": "next-year.txt"} in r["tags"]
        ]
        time.sleep(2)
    assert done, f"no successful sensor run for next-year.txt within {SENSOR_TIMEOUT} s"
    with duckdb.connect(str(ui.warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT status FROM documents WHERE source_file = 'next-year.txt'"
        ).fetchall() == [("loaded",)]


def test_sigterm_stops_every_process(ui: UI) -> None:
    assert ui.process.poll() is None, "the shared fiscal ui is not running"
    assert len(marked(ui.marker)) >= 5  # fiscal ui, its watchdog, dagster dev and its servers
    assert ui.stop(signal.SIGTERM) < STOP_SECONDS


@pytest.mark.parametrize("signum", [signal.SIGHUP, signal.SIGINT], ids=["SIGHUP", "SIGINT"])
def test_sighup_and_sigint_stop_every_process(
    signum: int, sample_raw_dir: Path, tmp_path: Path
) -> None:
    started = start_ui(sample_raw_dir, tmp_path)
    try:
        started.wait_serving()
        assert started.stop(signum) < STOP_SECONDS
    finally:
        started.kill()


def test_a_killed_fiscal_ui_leaves_no_process(sample_raw_dir: Path, tmp_path: Path) -> None:
    """SIGKILL: fiscal ui cannot stop anything itself; its watchdog does."""
    started = start_ui(sample_raw_dir, tmp_path)
    try:
        started.wait_serving()
        started.process.kill()
        started.process.wait(timeout=10)
        deadline = time.monotonic() + ORPHAN_SECONDS
        while (left := marked(started.marker)) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not left, f"{ORPHAN_SECONDS} s after SIGKILL:\n{describe(left)}"
    finally:
        started.kill()


def test_a_port_in_use_is_refused(sample_raw_dir: Path, tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        started = start_ui(sample_raw_dir, tmp_path, port=port)
        try:
            code = started.process.wait(timeout=20)
        finally:
            started.kill()
    assert code == 1
    message = started.err.read_text().splitlines()
    assert len(message) == 1 and f"port {port}" in message[0] and "in use" in message[0]
    assert not marked(started.marker)


def test_a_server_that_never_answers_is_stopped(monkeypatch: pytest.MonkeyPatch) -> None:
    """The start timeout: the command, and what it started, stopped; a one-line reason."""
    marker = uuid.uuid4().hex
    monkeypatch.setenv(MARKER, marker)
    sleeper = "import time; time.sleep(60)"
    command = [
        sys.executable,
        "-c",
        f"import subprocess, sys; subprocess.Popen([sys.executable, '-c', {sleeper!r}]); "
        + sleeper,
    ]
    started = time.monotonic()
    with webui.StopSignals() as signals, pytest.raises(webui.CannotServe) as raised:
        webui.serve(command, free_port(), signals, start_timeout=2)
    assert "did not answer" in str(raised.value) and "\n" not in str(raised.value)
    assert time.monotonic() - started < 2 + STOP_SECONDS
    assert not marked(marker), describe(marked(marker))


def test_a_command_that_exits_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    marker = uuid.uuid4().hex
    monkeypatch.setenv(MARKER, marker)
    with webui.StopSignals() as signals, pytest.raises(webui.CannotServe) as raised:
        webui.serve([sys.executable, "-c", "raise SystemExit(3)"], free_port(), signals)
    assert str(raised.value) == "dagster dev exited with status 3 before serving"
    assert not marked(marker), describe(marked(marker))


def test_the_ui_has_the_schedule_and_the_sensors(ui: UI) -> None:
    """As first served (the shared fiscal ui is stopped by now)."""
    assert sorted(s["name"] for s in ui.repository["schedules"]) == SCHEDULES
    assert sorted(s["name"] for s in ui.repository["sensors"]) == SENSORS
