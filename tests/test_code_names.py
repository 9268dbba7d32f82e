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


def test_each_year_is_held_to_its_edition() -> None:
    """The 2018 edition renamed 303 07 医疗费 (so the Jiangsu 2017 budgets print it) to
    医疗费补助 and moved 住房公积金 from 30311 to 30113; before 2015 no edition is held."""
    assert catalog.economic_names(2017)["30307"] == "医疗费"
    assert catalog.economic_names(2017)["30311"] == "住房公积金"
    assert catalog.economic_names(2016)["310"] == "其他资本性支出"
    assert catalog.economic_names(2018)["30307"] == "医疗费补助"
    assert catalog.economic_names(2018)["30113"] == "住房公积金"
    assert catalog.economic_names(2025)["310"] == "资本性支出"
    assert catalog.economic_names(2014) == {}


def test_a_2017_budget_against_the_edition_before_2018(corpus_dir: Path) -> None:
    """The Jiangsu CPPCC office's 2017 budget tables print 30311 住房公积金 and 30307 医疗费,
    the earlier edition's names (pp. 6 and 9): no finding. The same table
    naming 30311 医疗费 puts it against that edition's 30311."""
    genuine = read_document(corpus_dir / "jiangsu-cppcc-office-2017-budget-tables.pdf")
    failed = genuine.checks.filter((genuine.checks["rule"] == RULE) & ~genuine.checks["passed"])
    assert failed.is_empty()
    items = genuine.document.line_items
    assert items.filter(pl.col("row_code") == "30311")["row_label"].unique().to_list() == [
        "住房公积金"
    ]
    slipped = items.with_columns(
        pl.when(pl.col("row_code") == "30311")
        .then(pl.lit("医疗费"))
        .otherwise(pl.col("row_label"))
        .alias("row_label")
    )
    checks = check_document(replace(genuine.document, line_items=slipped))
    messages = checks.filter((checks["rule"] == RULE) & ~checks["passed"])["message"].to_list()
    assert messages and all(
        m.endswith("the national list names 款 30311 住房公积金") for m in messages
    )


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


def test_genuine_publications_name_every_section_as_the_national_list(corpus_dir: Path) -> None:
    """The sample and the Putuo finance bureau's 2024 final accounts print each 款 with its
    name in the national list (20103 政府办公厅（室）及相关机构事务, 20106 财政事务, 20805
    行政事业单位养老支出, 21011 行政事业单位医疗, 22102 住房改革支出…): no finding, and the 款
    are held to the list."""
    assert catalog.functional_section_names()["21011"] == frozenset({"行政事业单位医疗"})
    assert "行政事业单位离退休" in catalog.functional_section_names()["20805"]
    assert _failed(SAMPLE) == []
    putuo = read_document(corpus_dir / "putuo-finance-bureau-2024-final.pdf").checks
    held = putuo.filter((putuo["rule"] == RULE) & (putuo["row"] == "20106"))
    assert held["passed"].all()
    assert sorted(zip(held["table_key"], held["page"], strict=True)) == [
        ("expenditure", 10),
        ("gpb_expenditure", 15),
        ("income", 8),
    ]
    assert putuo.filter((putuo["rule"] == RULE) & ~putuo["passed"]).is_empty()


def test_a_section_named_as_another_section_in_every_table(corpus_dir: Path) -> None:
    """Putuo finance bureau 2024 final: 201 06 财政事务 in its income (p. 8), expenditure
    (p. 10) and 一般公共预算 expenditure (p. 15) tables. Printed 税收事务 (the name of 20107)
    in all three, the tables agree with each other: only the national list tells."""
    genuine = read_document(corpus_dir / "putuo-finance-bureau-2024-final.pdf")
    slipped = genuine.document.line_items.with_columns(
        pl.when(pl.col("row_code") == "20106")
        .then(pl.lit("税收事务"))
        .otherwise(pl.col("row_label"))
        .alias("row_label")
    )
    checks = check_document(replace(genuine.document, line_items=slipped))
    failed = checks.filter((checks["rule"] == RULE) & ~checks["passed"])
    assert sorted(zip(failed["table_key"], failed["row"], failed["page"], strict=True)) == [
        ("expenditure", "20106", 10),
        ("gpb_expenditure", "20106", 15),
        ("income", "20106", 8),
    ]
    assert sorted(failed["message"].to_list()) == [
        f"{table} prints functional code 20106 as 税收事务: the national list names 款 20106 "
        "财政事务"
        for table in ("expenditure", "gpb_expenditure", "income")
    ]
