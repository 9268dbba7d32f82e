"""A table's printed unit against the sizes of its figures (rules.toml ``unit_fits_figures``,
pipelines/validate/units.py): on the sample, on copies of it with a table's 单位：万元
printed as 单位：元, on generated publications with a unit changed before they are drawn,
and on the genuine corpus."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import polars as pl

from pipelines.catalog.rulebook import check_rules
from pipelines.core import read_document
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.units import unit_scale
from tests.conftest import SAMPLE, altered_sample
from tests.generator import plan
from tests.generator.publication import Publication, write_publication

RULE = "unit_fits_figures"
# the sample's tables with a figure other than 0 (its 政府性基金 and 国有资本经营 tables are
# printed empty)
SAMPLE_TABLES = [
    "summary", "income", "expenditure", "appropriation_summary", "gpb_expenditure",
    "gpb_basic_expenditure", "three_public", "statistics",
]  # fmt: skip
# the sample's lines printing a table's unit
SUMMARY_UNIT, THREE_PUBLIC_UNIT = 57, 352


def _rows(checks: pl.DataFrame) -> pl.DataFrame:
    return checks.filter(pl.col("rule") == RULE)


def _failed(checks: pl.DataFrame) -> list[tuple[str, str]]:
    failed = _rows(checks).filter(~pl.col("passed"))
    return [(r["table_key"], r["message"]) for r in failed.iter_rows(named=True)]


def _rule():
    return next(rule for rule in check_rules() if rule.name == RULE)


def _judged(document: NormalisedDocument) -> dict[str, bool]:
    return {r["table_key"]: r["passed"] for r in unit_scale(_rule(), document)}


# -- the sample --------------------------------------------------------------------------


def test_the_samples_tables_fit_their_units() -> None:
    """Every table of the sample printing a figure is judged once and fits: its 三公 合计,
    0.42万元, is 0.025% of the 1,649.56万元 its summary and income table print."""
    checks = read_document(SAMPLE).checks
    rows = _rows(checks)
    assert sorted(rows["table_key"]) == sorted(SAMPLE_TABLES)
    assert rows["passed"].all()
    assert set(rows["severity"]) == {"warning"}
    (three,) = rows.filter(pl.col("table_key") == "three_public")["message"]
    assert three.startswith(
        "three_public's largest figure, 0.42万元 (合计; printed 万元), is 0.025% of the "
        "document's scale, 1,649.56万元"
    )


def test_a_three_public_table_printed_in_yuan(tmp_path: Path) -> None:
    """The 三公 table, which no identity ties to another, printed 单位：元: its 0.42 read as
    yuan is 0.0000025% of the document, below the 0.001% of the rule: one finding, which
    names 万元."""
    path = altered_sample(tmp_path, THREE_PUBLIC_UNIT, "金额单位：万元", "金额单位：元")
    checks = read_document(path).checks
    ((table, message),) = _failed(checks)
    assert table == "three_public"
    assert message == (
        "three_public's largest figure, 0.42元 (合计; printed 元), is 0.0000025% of the "
        "document's scale, 1,649.56万元 (summary, 一、一般公共预算财政拨款收入): less than the "
        "0.001% any three_public table is of its document's, which only a unit slip "
        "explains: they suggest 万元, not 元 (0.42万元, 0.025% of the scale)"
    )
    row = _rows(checks).filter(~pl.col("passed")).row(0, named=True)
    assert (row["actual"], row["expected"]) == (Decimal("0.42"), Decimal("16495600.00"))
    assert row["severity"] == "warning" and not row["material"]


def test_the_summary_printed_in_yuan_is_one_finding(tmp_path: Path) -> None:
    """The summary printed 单位：元 (the identities across tables find it too): this rule
    finds the summary alone, and holds the other tables against the income table."""
    path = altered_sample(tmp_path, SUMMARY_UNIT, "金额单位：万元", "金额单位：元")
    checks = read_document(path).checks
    ((table, message),) = _failed(checks)
    assert table == "summary"
    assert "is 0.01% of the document's scale, 1,649.56万元 (income, 合计)" in message
    assert message.endswith("they suggest 万元, not 元 (1,649.56万元, 100% of the scale)")
    assert _rows(checks).height == len(SAMPLE_TABLES)


# -- edge cases, on the sample's figures --------------------------------------------------


def _with(document: NormalisedDocument, table: str, expression: pl.Expr) -> NormalisedDocument:
    """The document with one table's amounts replaced by ``expression``."""
    items = document.line_items.with_columns(
        pl.when(pl.col("table_key") == table)
        .then(expression)
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )
    return replace(document, line_items=items)


def test_a_table_of_zeros_is_not_judged() -> None:
    document = read_document(SAMPLE).document
    zeros = _with(document, "three_public", pl.lit(Decimal(0)).cast(pl.Decimal(18, 2)))
    assert "three_public" not in _judged(zeros)
    assert all(_judged(zeros).values())


def test_a_table_ten_thousand_times_the_others() -> None:
    """万元 printed where 元 is meant: the expenditure table 10^4 times the others is found,
    and is no scale for them (they pass against the summary)."""
    document = read_document(SAMPLE).document
    inflated = _with(document, "expenditure", pl.col("amount_yuan") * 10000)
    judged = _judged(inflated)
    assert [key for key, passed in judged.items() if not passed] == ["expenditure"]
    (row,) = [r for r in unit_scale(_rule(), inflated) if r["table_key"] == "expenditure"]
    assert row["message"].startswith(
        "expenditure's largest figure, 16,495,600.00万元 (合计; printed 万元), is 1000000% of "
        "the document's scale, 1,649.56万元 (summary, 一、一般公共预算财政拨款收入): more than "
        "100 times it, as no table is, which only a unit slip explains: they suggest 元, not "
        "万元 (16,495,600.00元, 100% of the scale)"
    )


def test_a_part_is_no_scale() -> None:
    """With only the summary and the 三公 table, the summary has nothing to be held against
    (a part is no scale for the whole); the 三公 table is held against the summary."""
    document = read_document(SAMPLE).document
    kept = document.line_items.filter(pl.col("table_key").is_in(["summary", "three_public"]))
    assert _judged(replace(document, line_items=kept)) == {"three_public": True}


# -- generated publications ---------------------------------------------------------------

MIXED = 5004  # a local final account in 元 with its 三公 table in 万元 (axis units=mixed)


def _unit_changed(publication: Publication, table: str, old: str, new: str) -> Publication:
    """``table``'s heading line printing ``old`` printed with ``new``."""
    lines = publication.headings[table]
    n, line = next((n, line) for n, line in enumerate(lines) if old in line.right)
    lines[n] = replace(line, right=line.right.replace(old, new))
    return publication


def _generated_checks(publication: Publication, folder: Path) -> pl.DataFrame:
    pdf, truth, _ = write_publication(publication, folder)
    truth.unlink()
    return read_document(pdf).checks


AXES = {"ruling": "full", "font": "cid"}


def test_a_generated_publication_fits_its_units(tmp_path: Path) -> None:
    publication = plan(MIXED, AXES)
    assert (publication.axes["template"], publication.axes["units"]) == ("local", "mixed")
    rows = _rows(_generated_checks(publication, tmp_path))
    assert "three_public" in set(rows["table_key"])
    assert rows["passed"].all()


def test_a_generated_three_public_table_printed_in_yuan(tmp_path: Path) -> None:
    publication = plan(MIXED, AXES)
    _unit_changed(publication, "three_public", "单位：万元", "单位：元")
    failed = _failed(_generated_checks(publication, tmp_path))
    assert [table for table, _ in failed] == ["three_public"]
    assert "they suggest 万元, not 元" in failed[0][1]


def test_a_generated_table_printed_in_wanyuan_among_tables_in_yuan(tmp_path: Path) -> None:
    publication = plan(MIXED, AXES)
    _unit_changed(publication, "gpb_basic_expenditure", "单位：元", "单位：万元")
    failed = _failed(_generated_checks(publication, tmp_path))
    assert [table for table, _ in failed] == ["gpb_basic_expenditure"]
    assert "more than 100 times it" in failed[0][1]
    assert "they suggest 元, not 万元" in failed[0][1]


# -- the genuine corpus -------------------------------------------------------------------


def test_the_corpus_prints_every_table_in_a_unit_that_fits(corpus_dir: Path) -> None:
    """Every loaded corpus document (budgets and final accounts, local and central, in 元
    and in 万元, 三公 tables with 会议费 and 培训费): every table judged fits its unit."""
    judged = 0
    for path in sorted(corpus_dir.rglob("*.pdf")):
        rows = _rows(read_document(path, corpus_dir).checks)
        assert rows["passed"].all(), (path.name, _failed(rows))
        judged += rows.height
    assert judged > 60
