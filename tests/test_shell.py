"""``fiscal shell``: DuckDB's own shell on the published warehouse, run for real, with SQL on
stdin and on a terminal (a pty): it answers from the warehouse and can write nothing. The
expected figure is the sample's income table (收入决算表), row 201 一般公共服务支出:
1132.76 万元 in 本年收入合计."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import duckdb

from pipelines import cli
from tests.conftest import fiscal_env

INCOME_201 = (
    "SELECT amount_yuan FROM line_items WHERE table_key = 'income' AND row_code = '201' "
    "AND column_key = 'total';"
)


def shell(warehouse: Path, sql: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``fiscal shell --warehouse WAREHOUSE`` with ``sql`` on its stdin (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", "shell", "--warehouse", str(warehouse)],
        input=sql,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_the_shell_answers_from_the_warehouse(loaded_warehouse: Path, tmp_path: Path) -> None:
    done = shell(loaded_warehouse, f".mode csv\n{INCOME_201}\n", fiscal_env(tmp_path / "d"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["amount_yuan", "11327600.00"]
    banner = done.stderr.splitlines()[0]
    assert "read-only" in banner and str(loaded_warehouse) in banner


def test_the_shell_cannot_write_or_open_other_files(loaded_warehouse: Path, tmp_path: Path) -> None:
    env = fiscal_env(tmp_path / "dagster")
    before = loaded_warehouse.read_bytes()
    other = tmp_path / "other.duckdb"
    out = tmp_path / "out.csv"
    for statement in (
        "CREATE TABLE scratch (a INTEGER);",
        "INSERT INTO warehouse_meta VALUES ('x', 'y');",
        "DROP VIEW v_documents;",
        f"COPY (SELECT 1) TO '{out}';",
        f"COPY line_items TO '{out}';",
        f"ATTACH '{other}' AS other;",
        f"SELECT * FROM read_csv('{loaded_warehouse}');",
        "SET enable_external_access = true;",
        "SET lock_configuration = false;",
        f".output {out}",
        f".once {out}",
        f".open {other}",
        f".shell touch {out}",
        f".system touch {out}",
    ):
        done = shell(loaded_warehouse, statement + "\n", env)
        assert done.returncode == 1, (statement, done.stdout, done.stderr)
        assert "Error" in done.stderr or "-safe mode" in done.stderr, (statement, done.stderr)
    assert loaded_warehouse.read_bytes() == before
    assert not out.exists() and not other.exists()
    assert not loaded_warehouse.with_name(loaded_warehouse.name + ".wal").exists()


def test_the_shell_opens_a_warehouse_another_process_reads(
    loaded_warehouse: Path, tmp_path: Path
) -> None:
    env = fiscal_env(tmp_path / "dagster")
    with duckdb.connect(str(loaded_warehouse), read_only=True) as held:  # this process
        assert held.execute("SELECT count(*) FROM documents").fetchone() == (1,)
        done = shell(loaded_warehouse, f".mode csv\n{INCOME_201}\n", env)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[-1] == "11327600.00"


def test_without_a_warehouse_it_says_so(tmp_path: Path) -> None:
    done = shell(tmp_path / "none.duckdb", "SELECT 1;\n", fiscal_env(tmp_path / "dagster"))
    assert done.returncode == 2
    assert done.stderr.startswith("fiscal: no warehouse at ") and "fiscal ingest" in done.stderr


def test_the_shell_is_duckdbs_program_or_a_clear_error(
    loaded_warehouse: Path, monkeypatch, capsys
) -> None:
    program = cli._duckdb_shell()  # the binary itself: the package's launcher script cannot
    assert program and not cli._is_script(program)  # start a -safe shell
    monkeypatch.setattr(cli, "_duckdb_shell", lambda: None)
    assert cli.main(["shell", "--warehouse", str(loaded_warehouse)]) == 2
    assert "pip install duckdb-cli" in capsys.readouterr().err


# What a terminal answers to the shell's questions: the cursor's place, its kind (the device
# attributes) and its background colour; without answers the line editor waits.
ANSWERS = {
    b"\x1b[6n": b"\x1b[24;120R",
    b"\x1b[c": b"\x1b[?62;22c",
    b"\x1b]11;?\x07": b"\x1b]11;rgb:0000/0000/0000\x07",
}
QUESTIONS = re.compile(b"|".join(re.escape(question) for question in ANSWERS))
LONGEST = max(map(len, ANSWERS))
ESCAPES = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07)")


class Terminal:
    """A program on a pseudo-terminal of 24 x 120, answering its terminal queries."""

    def __init__(self, argv: list[str], env: dict[str, str]) -> None:
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: the program on the terminal
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 120, 0, 0))
        self.seen = b""
        self.asked = 0  # where in seen the questions not yet answered can start

    def read_until(self, pattern: bytes, seconds: float = 60) -> bytes:
        """What the program printed (escapes left out) once it shows ``pattern``."""
        deadline = time.monotonic() + seconds
        while pattern not in self.text():
            assert time.monotonic() < deadline, f"no {pattern!r} in {self.seen[-2000:]!r}"
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:  # the program ended
                break
            self.seen += chunk
            for question in QUESTIONS.finditer(self.seen, self.asked):  # in their order
                os.write(self.fd, ANSWERS[question.group()])
                self.asked = question.end()
            self.asked = max(self.asked, len(self.seen) - LONGEST + 1)  # a question's start
        return self.text()

    def text(self) -> bytes:
        return ESCAPES.sub(b"", self.seen)

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\r")

    def exit_code(self, seconds: float = 30) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:  # keep reading so that the program never blocks on a full terminal
                if select.select([self.fd], [], [], 0.1)[0]:
                    self.seen += os.read(self.fd, 65536)
            except OSError:
                pass
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"still running: {self.seen[-2000:]!r}")


def test_on_a_terminal_the_prompt_appears_and_quit_exits_0(
    loaded_warehouse: Path, tmp_path: Path
) -> None:
    env = fiscal_env(tmp_path / "dagster") | {"TERM": "xterm-256color", "HOME": str(tmp_path)}
    argv = [sys.executable, "-m", "pipelines.cli", "shell", "--warehouse", str(loaded_warehouse)]
    terminal = Terminal(argv, env)
    prompt = f"{loaded_warehouse.stem} D ".encode()  # the database's name, then DuckDB's D
    shown = terminal.read_until(prompt)
    assert b"read-only" in shown and b"DuckDB v1.5" in shown
    terminal.type(INCOME_201)
    assert b"11327600.00" in terminal.read_until(b"11327600.00")
    terminal.type(".quit")
    assert terminal.exit_code() == 0
