"""A table breaks every code down as far as it breaks any (rules.toml code_broken_down): a
row removed from under a 款 that has no other 项 leaves the 款 without its parts."""

from __future__ import annotations

from pathlib import Path

from pipelines.core import read_document
from tests.conftest import SAMPLE, SAMPLE_NAME


def _failed(path: Path) -> list[str]:
    checks = read_document(path).checks
    rows = checks.filter((checks["rule"] == "code_broken_down") & ~checks["passed"])
    return rows["message"].to_list()


def test_the_samples_codes_are_broken_down() -> None:
    checks = read_document(SAMPLE).checks
    rows = checks.filter(checks["rule"] == "code_broken_down")
    assert rows.height > 20
    assert rows["passed"].all()


def test_a_kuan_whose_only_xiang_is_removed(tmp_path: Path) -> None:
    """Line 257 of the sample (公开04表, the 一般公共预算财政拨款支出 table): 2210201 住房公积金
    87.12, the only 项 under 22102 住房改革支出 87.12. Without it, 22102 has nothing to sum,
    so the 款 = sum of its 项 rule cannot see the loss; this rule does."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[256].startswith("2210201\t住房公积金\t87.12")
    path = tmp_path / SAMPLE_NAME
    path.write_text("\n".join(lines[:256] + lines[257:]) + "\n", encoding="utf-8")
    assert _failed(path) == [
        "gpb_expenditure prints 款 22102 住房改革支出 with figures (87.12万元 the first) and no "
        "项 under it, while it prints 项 elsewhere: its 项 row is missing"
    ]
