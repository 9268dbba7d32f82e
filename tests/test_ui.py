"""``fiscal ui`` serves the asset graph: a real webserver, queried through GraphQL."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from pipelines.documents.discover import find_documents
from tests.test_definitions import ASSET_KEYS

START_TIMEOUT = 180


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


def graphql(port: int, query: str) -> dict:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/graphql",
        data=json.dumps({"query": query}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def wait_until_up(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "fiscal ui exited before serving"
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=5):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(1)
    raise AssertionError(f"the UI did not answer within {START_TIMEOUT} s")


def test_fiscal_ui_serves_the_asset_graph(
    sample_raw_dir: Path, tmp_path: Path, cli_env: dict[str, str]
) -> None:
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines.cli",
            "ui",
            "--port",
            str(port),
            "--raw",
            str(sample_raw_dir),
            "--warehouse",
            str(tmp_path / "fiscal.duckdb"),
        ],
        env=cli_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until_up(port, process)
        nodes = graphql(port, "{ assetNodes { assetKey { path } partitionKeys } }")
        found = {
            "/".join(n["assetKey"]["path"]): n["partitionKeys"] for n in nodes["data"]["assetNodes"]
        }
        assert sorted(found) == ASSET_KEYS
        (ref,) = find_documents(sample_raw_dir)
        assert all(keys == [ref.document_id] for keys in found.values())
        jobs = graphql(
            port,
            "{ repositoriesOrError { ... on RepositoryConnection { nodes { jobs { name } } } } }",
        )
        names = {j["name"] for r in jobs["data"]["repositoriesOrError"]["nodes"] for j in r["jobs"]}
        assert "ingest_document" in names
        outside = non_loopback_address()
        if outside:  # served on 127.0.0.1 only
            with socket.socket() as probe:
                probe.settimeout(5)
                assert probe.connect_ex((outside, port)) != 0
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)  # raises when fiscal ui does not stop on SIGTERM
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the webserver went down with it
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/server_info", timeout=2)
            time.sleep(1)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return
    raise AssertionError("the webserver kept running after fiscal ui was stopped")
