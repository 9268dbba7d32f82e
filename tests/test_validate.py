from decimal import Decimal

import polars as pl

from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.rules import check_tables, rulebook


def test_the_sample_passes_every_rule(sample_facts: NormalisedDocument) -> None:
    results = check_tables(sample_facts.document_id, sample_facts.line_items, "final_accounts")
    assert results.filter(~pl.col("passed")).is_empty()
    assert set(results["rule"]) == {rule.name for rule in rulebook()}


def test_rounding_differences_are_info(sample_facts: NormalisedDocument) -> None:
    results = check_tables(sample_facts.document_id, sample_facts.line_items)
    # 201: 本年支出合计 1132.76 against 基本支出 753.12 + 项目支出 379.63 = 1132.75 万元
    row = results.filter(
        (pl.col("rule") == "total_equals_basic_plus_project")
        & (pl.col("table_key") == "expenditure")
        & (pl.col("row") == "201")
    )
    assert row.select("severity", "passed", "difference").row(0) == (
        "info",
        True,
        Decimal("100.00"),
    )


def test_an_altered_figure_fails_its_rules(sample_facts: NormalisedDocument) -> None:
    altered = sample_facts.line_items.with_columns(
        pl.when(
            (pl.col("table_key") == "expenditure")
            & (pl.col("row_code") == "2010302")
            & (pl.col("column_key") == "basic")
        )
        .then(pl.lit(Decimal("118500.00")).cast(pl.Decimal(18, 2)))  # 11.85 for the printed 10.85
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )
    failed = check_tables("x", altered).filter(~pl.col("passed"))
    assert set(failed["rule"]) == {
        "total_equals_basic_plus_project",
        "parent_equals_sum_of_children",
    }
    row = failed.filter(pl.col("rule") == "total_equals_basic_plus_project")
    assert row.select("row", "expected", "actual", "severity").row(0) == (
        "2010302",
        Decimal("3914800.00"),
        Decimal("3904800.00"),
        "error",
    )


def _with_basic(sample_facts: NormalisedDocument, code: str, amount: str) -> pl.DataFrame:
    return sample_facts.line_items.with_columns(
        pl.when(
            (pl.col("table_key") == "expenditure")
            & (pl.col("row_code") == code)
            & (pl.col("column_key") == "basic")
        )
        .then(pl.lit(Decimal(amount)).cast(pl.Decimal(18, 2)))
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )


def test_the_tolerance_is_the_printed_rounding(sample_facts: NormalisedDocument) -> None:
    """A total and its 2 parts printed to 0.01万元 may differ by 3 x 50 = 150 yuan: the
    sample's 2010302 prints 390.48 = 10.85 + 379.63 (line 240); 10.84 leaves 100 yuan, within
    the bound; 10.83 leaves 200 yuan, which no rounding of three figures explains."""

    def verdict(amount: str) -> tuple:
        results = check_tables("x", _with_basic(sample_facts, "2010302", amount))
        row = results.filter(
            (pl.col("rule") == "total_equals_basic_plus_project")
            & (pl.col("table_key") == "expenditure")
            & (pl.col("row") == "2010302")
        )
        return row.select("severity", "passed", "difference").row(0)

    assert verdict("108400.00") == ("info", True, Decimal("100.00"))
    assert verdict("108300.00") == ("error", False, Decimal("200.00"))
