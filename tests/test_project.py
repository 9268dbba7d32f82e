"""The project's promises about itself: the Quick start, CI, style."""

import re
import subprocess
import sys

from pipelines.paths import PROJECT_ROOT


def quick_start_commands() -> list[str]:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```[a-z]*\n(.*?)```", section, re.S)
    assert block, "no fenced block under Quick start"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_quick_start_has_exactly_two_commands_and_ci_runs_them() -> None:
    setup, tests = quick_start_commands()
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup in ci and tests in ci


def test_ruff_is_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "pipelines", "tests", "scripts", "benchmarks"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_required_layout() -> None:
    for name in (
        "pyproject.toml",
        "pipelines",
        "sql",
        "data/raw",
        "data/warehouse",
        "tests",
        "dagster.yaml",
        "requirements.lock",
        ".ci/run",
    ):
        assert (PROJECT_ROOT / name).exists(), name
