"""``fiscal ui``'s processes: ``dagster dev`` served on 127.0.0.1 and stopped whole.

``dagster dev`` (Dagster 1.13) starts, all in its own process group (none of them calls
``setsid`` or ``setpgid``): the code-server proxy (``dagster code-server start``) and the
code server it runs (``dagster api grpc``), the webserver (``dagster_webserver``) and the
daemon (``dagster._daemon run``). The code server starts each run's worker (a
multiprocessing ``spawn`` child, with multiprocessing's resource tracker); a run worker
starts the ``tail -F`` mirrors of its step logs with their ``watch_orphans.py`` watchers,
and the document readers. So ``dagster dev`` is started in a session of its own and stopped
by signalling its whole group: SIGINT first (its own Ctrl-C path: the webserver and the
daemon shut down, a run in progress is interrupted and recorded so), SIGKILL for whatever is
left after a grace.

The group outlives ``fiscal ui`` only if ``fiscal ui`` is killed outright (SIGKILL, the OOM
killer). For that, a watchdog (this file run as a script, standard library only) holds the
read end of a pipe whose only writer is ``fiscal ui``: a clean stop writes one byte to stand
it down; end of file without it means ``fiscal ui`` is gone, and the watchdog stops the
group itself. (``PR_SET_PDEATHSIG`` would not do: it only reaches the direct child, and it
fires when the creating thread ends, not the process.)

This module imports nothing from Dagster or the project: the watchdog runs it under
``python -I -S``, and ``fiscal ui`` checks its port before importing Dagster.
"""

from __future__ import annotations

import contextlib
import errno
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType

HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 120.0  # dagster dev takes 5-10 s on an idle 2-core machine
# SIGINT, then SIGKILL after GRACE_SECONDS: a whole stop stays within 5 s
GRACE_SECONDS = 2.5
KILL_WAIT_SECONDS = 1.0
POLL_SECONDS = 0.1
PROBE_INTERVAL_SECONDS = 0.5
PROBE_TIMEOUT_SECONDS = 2.0
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
STAND_DOWN = b"."  # fiscal ui to the watchdog: the group is stopped, nothing to do
PROC = Path("/proc")

# the webserver is on loopback: a proxy from the environment must not be asked for it
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class CannotServe(Exception):
    """The UI cannot be served; the message says why, in one line."""


class Stopped(BaseException):
    """A stop signal arrived while ``fiscal ui`` had not started anything yet."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class StopSignals:
    """SIGTERM, SIGINT and SIGHUP caught while in the ``with`` block.

    Until :meth:`defer` a signal raises :class:`Stopped` where the program is (nothing to
    clean up yet); after it, a signal is only recorded in :attr:`received`, for the loop
    that watches the processes to stop them.
    """

    def __init__(self) -> None:
        self.received: int | None = None
        self._raise = True
        self._previous: dict[int, object] = {}

    def __enter__(self) -> StopSignals:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        _value: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        if self.received is None:
            self.received = signum
        if self._raise:
            raise Stopped(signum)

    def defer(self) -> None:
        """From now on record the signals instead of raising them."""
        self._raise = False


def check_port(port: int, host: str = HOST) -> None:
    """Raise :class:`CannotServe` unless ``host:port`` can be listened on now."""
    if not 0 < port < 65536:  # dagster's webserver would take 0 for "3000 or any free port"
        raise CannotServe(f"port {port} is not a TCP port (1-65535)")
    with socket.socket() as probe:
        # as uvicorn binds: a connection of an earlier server still closing does not count
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CannotServe(
                    f"port {port} of {host} is already in use (choose another with --port)"
                ) from None
            raise CannotServe(f"cannot listen on {host}:{port}: {exc.strerror}") from None


def dagster_dev_command(port: int, host: str = HOST) -> list[str]:
    """``dagster dev`` for the project of its working directory (pyproject.toml's
    ``[tool.dagster]``: the definitions module and the code location's name), its webserver
    on ``host:port``."""
    return [
        sys.executable,
        "-m",
        "dagster",
        "dev",
        "--host",
        host,
        "--port",
        str(port),
    ]


def answers(url: str) -> bool:
    """Whether the Dagster webserver at ``url`` answers ``/server_info``."""
    try:
        with _DIRECT.open(f"{url}/server_info", timeout=PROBE_TIMEOUT_SECONDS) as response:
            return response.status == 200
    except (OSError, http.client.HTTPException):
        return False


def group_members(pgid: int) -> list[int]:
    """The processes of process group ``pgid`` still running (zombies are done)."""
    if not (PROC / "self" / "stat").exists():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        except PermissionError:
            pass
        return [pgid]
    members = []
    for entry in os.scandir(PROC):
        if not entry.name.isdigit():
            continue
        try:
            stat = (PROC / entry.name / "stat").read_bytes()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may hold spaces and parentheses
        fields = stat[stat.rindex(b")") + 2 :].split()
        if int(fields[2]) == pgid and fields[0] != b"Z":
            members.append(int(entry.name))
    return members


def _wait_for_empty(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while group_members(pgid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def stop_group(pgid: int, grace: float = GRACE_SECONDS) -> bool:
    """Stop every process of group ``pgid``: SIGINT, then SIGKILL to what is left after
    ``grace`` seconds. Returns whether none is left."""
    for signum, wait in ((signal.SIGINT, grace), (signal.SIGKILL, KILL_WAIT_SECONDS)):
        if not group_members(pgid):
            return True
        try:
            os.killpg(pgid, signum)
        except ProcessLookupError:
            return True
        if _wait_for_empty(pgid, wait):
            return True
    return False


class Supervised:
    """``command`` running in a session (and process group) of its own, with a watchdog
    that stops the group if this process dies without :meth:`stop`."""

    def __init__(self, command: Sequence[str]) -> None:
        self.process = subprocess.Popen(list(command), start_new_session=True)
        # Started after the group so that the group's processes never hold the pipe's write
        # end (the watchdog would not see end of file); close_fds keeps it to this process.
        try:
            self._watchdog = subprocess.Popen(
                [sys.executable, "-I", "-S", str(Path(__file__).resolve()), str(self.process.pid)],
                stdin=subprocess.PIPE,
                start_new_session=True,
            )
        except BaseException:
            stop_group(self.process.pid)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=KILL_WAIT_SECONDS)
            raise

    def poll(self) -> int | None:
        """The command's exit status, or None while it runs."""
        return self.process.poll()

    def stop(self) -> None:
        """Stop the whole group, then stand the watchdog down."""
        stop_group(self.process.pid)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=KILL_WAIT_SECONDS)
        with contextlib.suppress(OSError):  # the watchdog is gone already
            self._watchdog.stdin.write(STAND_DOWN)
            self._watchdog.stdin.close()
        try:
            self._watchdog.wait(timeout=KILL_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            self._watchdog.kill()
            self._watchdog.wait()


def serve(
    command: Sequence[str],
    port: int,
    signals: StopSignals,
    *,
    host: str = HOST,
    start_timeout: float = START_TIMEOUT_SECONDS,
) -> int:
    """Run ``command`` (``dagster dev`` serving on ``host:port``) until a stop signal, print
    the URL once it answers, and stop every process it started before returning.

    Returns 128 + the signal's number. Raises :class:`CannotServe` when the webserver does
    not answer within ``start_timeout`` seconds or the command exits by itself.
    """
    signals.defer()
    url = f"http://{host}:{port}"
    supervised = Supervised(command)
    try:
        deadline = time.monotonic() + start_timeout
        serving = False
        next_probe = time.monotonic()
        while signals.received is None:
            status = supervised.poll()
            if status is not None:
                how = (
                    f"was killed by {signal.Signals(-status).name}"
                    if status < 0
                    else f"exited with status {status}"
                )
                raise CannotServe(f"dagster dev {how}{'' if serving else ' before serving'}")
            if not serving and time.monotonic() >= next_probe:
                if answers(url):
                    serving = True
                    print(f"Dagster UI on {url} (Ctrl-C stops it)", flush=True)
                elif time.monotonic() >= deadline:
                    raise CannotServe(
                        f"the Dagster webserver did not answer {url}/server_info "
                        f"within {start_timeout:g} s"
                    )
                next_probe = time.monotonic() + PROBE_INTERVAL_SECONDS
            time.sleep(POLL_SECONDS)
        return 128 + signals.received
    finally:
        supervised.stop()


def _watchdog(pgid: int) -> None:
    """Wait for ``fiscal ui``'s word on standard input; at end of file without it, stop
    the group ``fiscal ui`` left behind."""
    for signum in STOP_SIGNALS:  # only fiscal ui's end (or a SIGKILL) ends the watch
        signal.signal(signum, signal.SIG_IGN)
    if os.read(0, 1) != STAND_DOWN:
        stop_group(pgid)


if __name__ == "__main__":
    _watchdog(int(sys.argv[1]))
