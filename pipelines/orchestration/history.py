"""The ingests' history in the warehouse (``ingest_runs``), and the alert a failed or
partly failed night sends.

``FISCAL_ALERT_COMMAND``, when set, is run by the shell for each failed or partial ingest
(mail, chat: ``mail -s fiscal ops@example.org``, ``curl -d @- https://chat/hook``), with
the message on its standard input and in ``$FISCAL_ALERT_MESSAGE``, and
``$FISCAL_ALERT_OUTCOME`` (``failed`` or ``partial``). It gets a minute; its failure is
logged, never raised.
"""

from __future__ import annotations

import logging
import os
import subprocess
from collections.abc import Mapping
from datetime import UTC, datetime

import duckdb

from pipelines.warehouse.transaction import retried, transaction

ALERT_ENV = "FISCAL_ALERT_COMMAND"
ALERT_SECONDS = 60
LAUNCHED_BY_TAG = "fiscal/launched_by"
MAX_MESSAGE = 4000
log = logging.getLogger("fiscal.history")


def launched_by(tags: Mapping[str, str]) -> str:
    """``cli``, ``sensor``, ``schedule`` or ``ui``, from a Dagster run's tags."""
    if LAUNCHED_BY_TAG in tags:
        return tags[LAUNCHED_BY_TAG]
    if "dagster/schedule_name" in tags:
        return "schedule"
    if "dagster/sensor_name" in tags:
        return "sensor"
    return "ui"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def record_run(
    conn: duckdb.DuckDBPyConnection,
    run_id: str,
    who: str,
    *,
    read: int = 0,
    loaded: int = 0,
    quarantined: int = 0,
    retired: int = 0,
    problems: list[str] | None = None,
    failure: str | None = None,
    started_at: datetime | None = None,
) -> str:
    """Record one ingest's outcome (and alert if it failed or was partial); returns the
    outcome: success, partial, failed or nothing_to_do."""
    if failure:
        outcome, message = "failed", failure
    elif quarantined:
        outcome, message = "partial", "; ".join(problems or [])
    elif read or retired:
        outcome, message = "success", None
    else:
        outcome, message = "nothing_to_do", None
    _write_run(
        conn,
        [
            run_id,
            who,
            started_at or _now(),
            _now(),
            outcome,
            read,
            loaded,
            quarantined,
            retired,
            message[:MAX_MESSAGE] if message else None,
        ],
    )
    if outcome in {"failed", "partial"}:
        alert(outcome, f"fiscal-warehouse: {who} ingest {run_id} {outcome}: {message}")
    return outcome


@retried
def _write_run(conn: duckdb.DuckDBPyConnection, row: list) -> None:
    with transaction(conn):
        conn.execute("DELETE FROM ingest_runs WHERE run_id = ?", [row[0]])
        conn.execute("INSERT INTO ingest_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)


def alert(outcome: str, message: str) -> bool:
    """Run ``$FISCAL_ALERT_COMMAND`` with the message, if it is set; returns whether it ran
    and exited 0."""
    command = os.environ.get(ALERT_ENV)
    if not command:
        return False
    env = {**os.environ, "FISCAL_ALERT_MESSAGE": message, "FISCAL_ALERT_OUTCOME": outcome}
    try:
        done = subprocess.run(
            command,
            shell=True,
            input=message,
            text=True,
            env=env,
            timeout=ALERT_SECONDS,
            capture_output=True,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.error("the alert command %r failed: %s", command, exc)
        return False
    if done.returncode != 0:
        log.error(
            "the alert command %r exited %s: %s", command, done.returncode, done.stderr.strip()
        )
    return done.returncode == 0
