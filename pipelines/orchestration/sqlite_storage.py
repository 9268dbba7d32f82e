"""Dagster's SQLite storage, with an event log that keeps its database connections.

Dagster's ``SqliteEventLogStorage`` creates a SQLAlchemy engine, opens a connection, commits
and disposes of it for every event it stores. A run of ``fiscal ingest`` over the corpus
stores about 250 events (materialisations per document partition, asset check results);
that alone took 2.2-3.1 s of a 10 s ingest, against 0.8-1.0 s with pooled connections
(docs/benchmarks.md). This storage keeps a small connection pool per database file, for the
files used most recently (a webserver reads many runs' files over its life: older pools are
disposed). Everything else is Dagster's own SQLite storage, in the same folders.

``dagster.yaml`` selects it (``storage: custom``). It subclasses Dagster classes that are not
public API; Dagster is pinned to one exact version (pyproject.toml), and
tests/test_definitions.py checks that the project's instance uses it.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Self

from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.runs import SqliteRunStorage
from dagster._core.storage.schedules import SqliteScheduleStorage
from dagster._core.storage.sqlite_storage import (
    DagsterSqliteStorage,
    _event_logs_directory,
    _runs_directory,
    _schedule_directory,
)
from dagster._serdes import ConfigurableClassData
from dagster._utils import mkdir_p
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

POOLED_FILES = 8  # database files with a pool of open connections at once
POOL_SIZE = 1  # connections kept open per file (more are opened when threads need them)
POOL_OVERFLOW = 4


class PooledSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's SQLite event log, keeping open connections to its most used files."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        self._engines: OrderedDict[str, Engine] = OrderedDict()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData | None, config_value: Any
    ) -> PooledSqliteEventLogStorage:
        """The event log a run launched in another process opens (``event_storage_data``)."""
        return cls(config_value["base_dir"], inst_data=inst_data)

    def _engine(self, shard: str) -> Engine:
        """The pooled engine of one database file (the index, or a run's)."""
        if shard in self._engines:
            self._engines.move_to_end(shard)
            return self._engines[shard]
        engine = create_engine(
            self.conn_string_for_shard(shard),
            poolclass=QueuePool,
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
        )
        self._engines[shard] = engine
        if len(self._engines) > POOLED_FILES:
            _, oldest = self._engines.popitem(last=False)
            oldest.dispose()
        return engine

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        with self._db_lock:
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def dispose(self) -> None:
        """Stop watching and close every pooled connection."""
        super().dispose()
        with self._db_lock:
            while self._engines:
                _, engine = self._engines.popitem()
                engine.dispose()


class PooledSqliteStorage(DagsterSqliteStorage):
    """Dagster's SQLite storage (runs, event logs, schedules under ``base_dir``), its event
    log pooled."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None) -> None:
        # DagsterSqliteStorage.__init__, with the pooled event log in place of Dagster's
        self.base_dir = base_dir
        self._run_storage = SqliteRunStorage.from_local(_runs_directory(base_dir))
        self._event_log_storage = PooledSqliteEventLogStorage(_event_logs_directory(base_dir))
        self._schedule_storage = SqliteScheduleStorage.from_local(_schedule_directory(base_dir))
        self._inst_data = inst_data
        super(DagsterSqliteStorage, self).__init__()

    @classmethod
    def from_config_value(
        cls, inst_data: ConfigurableClassData, config_value: Any
    ) -> PooledSqliteStorage:
        """The storage dagster.yaml describes."""
        mkdir_p(config_value["base_dir"])
        return cls(config_value["base_dir"], inst_data=inst_data)

    @classmethod
    def from_local(cls, base_dir: str, inst_data: ConfigurableClassData | None = None) -> Self:
        """The storage in ``base_dir``."""
        mkdir_p(base_dir)
        return cls(base_dir, inst_data=inst_data)

    @property
    def event_storage_data(self) -> ConfigurableClassData | None:
        """How a run launched in another process opens the same event log."""
        return ConfigurableClassData(
            __name__,
            "PooledSqliteEventLogStorage",
            # the config is YAML, of which JSON is a part
            json.dumps({"base_dir": _event_logs_directory(self.base_dir)}),
        )
