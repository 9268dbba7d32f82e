"""The form of a publication: the table of contents against the tables printed (rules.toml
``contents_tables_printed``) and no template placeholder left (``no_placeholder_left``), on
the sample and on copies of it with one table taken away or one figure left as XX."""

from __future__ import annotations

from pathlib import Path

from pipelines.core import read_document
from tests.conftest import SAMPLE, altered_sample

RULE = "contents_tables_printed"


def _results(path: Path) -> list[tuple[str, bool]]:
    checks = read_document(path).checks
    rows = checks.filter(checks["rule"] == RULE)
    return [(r["table_key"], r["passed"]) for r in rows.iter_rows(named=True)]


def test_the_sample_prints_every_table_its_contents_list() -> None:
    """The sample's 目录 (lines 13-22) lists its ten tables, 一、收入支出决算总表 to 十、部门决算
    公开相关信息统计表, and prints each (the 国有资本经营 one empty, with its note)."""
    assert _results(SAMPLE) == [
        (key, True)
        for key in (
            "summary", "income", "expenditure", "appropriation_summary", "gpb_expenditure",
            "gpb_basic_expenditure", "gov_fund", "state_capital", "three_public", "statistics",
        )
    ]  # fmt: skip


def test_a_table_taken_away_is_missing_from_the_contents(tmp_path: Path) -> None:
    """The 国有资本经营预算财政拨款支出决算表 (lines 325-343, empty) taken away: listed, not
    printed."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[324] == "## 国有资本经营预算财政拨款支出决算表"
    assert lines[343] == "### 财政拨款“三公”经费支出决算表"
    path = tmp_path / SAMPLE.name
    path.write_text("\n".join(lines[:324] + lines[343:]) + "\n", encoding="utf-8")
    assert [key for key, passed in _results(path) if not passed] == ["state_capital"]


def test_a_placeholder_left_in_the_narrative(tmp_path: Path) -> None:
    """Line 452 of the sample states 住房保障支出年初预算92.77万元; printed 年初预算XX万元 it is
    a template's sentence not filled in. The genuine sample has none (its text's ** bold
    marks are no placeholder)."""
    checks = read_document(SAMPLE).checks
    assert checks.filter((checks["rule"] == "no_placeholder_left") & ~checks["passed"]).is_empty()
    path = altered_sample(tmp_path, 452, "年初预算92.77万元", "年初预算XX万元")
    checks = read_document(path).checks
    failed = checks.filter((checks["rule"] == "no_placeholder_left") & ~checks["passed"])
    assert failed.select("row").rows() == [("XX",)]
    assert failed["message"][0].startswith("the text prints “住房保障支出年初预算XX万元")
