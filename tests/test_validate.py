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


def test_a_row_taken_away_leaves_its_children_without_a_parent(
    sample_facts: NormalisedDocument,
) -> None:
    """The sample's expenditure table (公开03表, lines 152-155) prints 20103 政府办公厅（室）及相关
    机构事务 above its 项 2010301, 2010302, 2010350: without the 款 row, its 项 have no
    parent, and the missing 款 is 0 against their sums: 本年支出 228.67 + 390.48 + 513.61 =
    1132.76, 基本支出 228.67 + 10.85 + 513.61 = 753.13, 项目支出 379.63 (万元)."""
    without = sample_facts.line_items.filter(
        ~((pl.col("table_key") == "expenditure") & (pl.col("row_code") == "20103"))
    )
    failed = check_tables("x", without).filter(~pl.col("passed"))
    row = failed.filter(
        (pl.col("rule") == "parent_equals_sum_of_children")
        & (pl.col("table_key") == "expenditure")
        & (pl.col("row") == "20103")
    )
    assert sorted(row.select("actual", "expected").rows()) == [
        (Decimal("0.00"), Decimal("3796300.00")),
        (Decimal("0.00"), Decimal("7531300.00")),
        (Decimal("0.00"), Decimal("11327600.00")),
    ]


def test_the_appropriation_summary_columns_and_classes(sample_facts: NormalisedDocument) -> None:
    """The sample's 财政拨款收入支出决算总表 (line 187): 一般公共服务支出 1132.76 in 合计 and in
    一般公共预算财政拨款; printed as 1087.44 in the second column it fails both new rules."""
    results = check_tables("x", sample_facts.line_items)
    assert results.filter(
        pl.col("rule").is_in(
            [
                "appropriation_total_equals_sum_of_budgets",
                "appropriation_summary_classes_equal_gpb_table",
            ]
        )
        & ~pl.col("passed")
    ).is_empty()
    altered = sample_facts.line_items.with_columns(
        pl.when(
            (pl.col("table_key") == "appropriation_summary")
            & (pl.col("row_code") == "201")
            & (pl.col("column_key") == "expenditure_gpb")
        )
        .then(pl.lit(Decimal("10874400.00")).cast(pl.Decimal(18, 2)))
        .otherwise(pl.col("amount_yuan"))
        .alias("amount_yuan")
    )
    failed = check_tables("x", altered).filter(~pl.col("passed"))
    assert {
        "appropriation_total_equals_sum_of_budgets",
        "appropriation_summary_classes_equal_gpb_table",
    } <= set(failed["rule"])
