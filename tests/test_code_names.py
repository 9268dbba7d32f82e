"""Names against codes (rules.toml ``code_named_as_everywhere``): a code printed with a name
that is not its name, in a copy of the sample with one name changed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl

from pipelines import catalog
from pipelines.core import read_document
from pipelines.validate.checks import check_document
from tests.conftest import SAMPLE, altered_sample

RULE = "code_named_as_everywhere"


def _failed(path: Path) -> list[tuple[str, str, str]]:
    checks = read_document(path).checks
    rows = checks.filter((checks["rule"] == RULE) & ~checks["passed"])
    return [(r["table_key"], r["row"], r["message"]) for r in rows.iter_rows(named=True)]


def test_the_genuine_sample_names_every_code_as_everywhere() -> None:
    assert _failed(SAMPLE) == []


def test_a_functional_code_with_another_codes_name(tmp_path: Path) -> None:
    """The sample prints 2210201 住房公积金 in its income, expenditure and 一般公共预算
    tables (lines 133, 171, 257); the expenditure table's copy named 提租补贴 is the odd one."""
    path = altered_sample(tmp_path, 171, "2210201\t住房公积金", "2210201\t提租补贴")
    assert [(t, r) for t, r, _ in _failed(path)] == [("expenditure", "2210201")]
    assert "gpb_expenditure prints 住房公积金" in _failed(path)[0][2]


def test_an_economic_code_against_the_national_list(tmp_path: Path) -> None:
    """The basic-expenditure table (line 284) prints 30113 住房公积金; printed 公务员医疗补助缴费
    (the name of 30111) it is not the national list's 30113."""
    path = altered_sample(tmp_path, 284, "30113\t住房公积金", "30113\t公务员医疗补助缴费")
    assert _failed(path) == [
        (
            "gpb_basic_expenditure",
            "30113",
            "gpb_basic_expenditure prints economic code 30113 as 公务员医疗补助缴费: the "
            "national list names 款 30113 住房公积金",
        )
    ]


def test_the_list_holds_from_its_edition_on() -> None:
    """The 2018 edition renamed 303 07 医疗费 (so the Jiangsu 2017 budgets print it) to
    医疗费补助: a 2017 document is not held against the 2018 list."""
    assert catalog.economic_names(2017) == {}
    assert catalog.economic_names(2018)["30307"] == "医疗费补助"


def test_the_narratives_class_section_and_item_names(corpus_dir: Path) -> None:
    """Putuo finance bureau 2024 final, p. 22: 住房保障支出（类）住房改革支出（款）住房公积金（项）,
    as its tables print 2210201 under 22102 住房改革支出. Named 住房保障支出（款）, the 款 the
    narrative names is not the one above 住房公积金."""
    genuine = read_document(corpus_dir / "putuo-finance-bureau-2024-final.pdf")
    rule = "narrative_names_codes_right"

    def failed(checks: pl.DataFrame) -> list[str]:
        return checks.filter((checks["rule"] == rule) & ~checks["passed"])["message"].to_list()

    assert failed(genuine.checks) == []
    assert genuine.checks.filter(genuine.checks["rule"] == rule).height == 11
    slipped = "住房保障支出（类）住房保障支出（款）住房公积金（项）"
    narrative = genuine.document.narrative.with_columns(
        pl.col(c).str.replace("住房保障支出（类）住房改革支出（款）住房公积金（项）", slipped)
        for c in ("metric", "sentence")
    )
    checks = check_document(replace(genuine.document, narrative=narrative))
    assert failed(checks) == [
        f"the narrative names {slipped}; the tables print 住房公积金 as 2210201 under 22102 "
        "住房改革支出: no 款 住房保障支出 above it"
    ]
