"""The star schema on generated publications of varied layouts (tests/generator): every
coded figure of the truth is the fact of its code and fund scope, and every document is in
the analysts' view. Expected figures come from the generator's truth files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from tests.generator import plan, read_truth, write
from tests.generator.render import TTF_PATHS

# fully ruled (every figure is read exactly: tests/test_generated.py), the other axes drawn
# by seed; two of the central template (中央部门, university tables)
FULL = {"ruling": "full"}
CASES = [(seed, FULL) for seed in range(3000, 3006)] + [
    (seed, {**FULL, "template": "central"}) for seed in (3006, 3007)
]
# table_key -> fund scope of the fact its coded rows go to; the fact's measure is the
# truth's column_key (summary lines: their one figure is the total)
SCOPES = {
    "expenditure": "all_funds",
    "gpb_expenditure": "general_public_budget",
    "appropriation_expenditure": "fiscal_appropriation",
    "gov_fund": "government_fund",
    "state_capital": "state_capital_fund",
}
MEASURES = ("total", "basic", "project")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    from pipelines.ingest import ingest

    if not any(p.is_file() for p in TTF_PATHS) and any(
        plan(seed, overrides).axes["font"] == "ttf" for seed, overrides in CASES
    ):
        pytest.skip("font=ttf: fonts-wqy-microhei is not installed")
    base = tmp_path_factory.mktemp("star-generated")
    raw, truths = base / "raw", {}
    for seed, overrides in CASES:
        pdf, truth_path, _ = write(seed, raw, overrides)
        truths[pdf.name] = read_truth(truth_path)
        truth_path.unlink()  # the raw folder holds only the PDFs
    warehouse = base / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        report = ingest(raw, warehouse, instance=instance)
    assert report.ok, [(o.ref.source_file, o.status, o.reason) for o in report.outcomes]
    return warehouse, truths


def test_every_coded_figure_of_the_truth_is_a_fact(generated) -> None:
    warehouse, truths = generated
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        facts = {
            (source_file, code, scope): dict(zip(MEASURES, amounts, strict=True))
            for source_file, code, scope, *amounts in conn.execute(
                "SELECT d.source_file, f.subject_code, f.fund_scope, f.total_yuan, "
                "f.basic_yuan, f.project_yuan FROM fact_expenditure_by_function AS f "
                "JOIN dim_document AS d USING (document_id)"
            ).fetchall()
        }
    checked, wrong = 0, []
    for name, truth in truths.items():
        for fact in truth["facts"]:
            scope = SCOPES.get(fact["table_key"])
            if scope is None or not fact["row_code"] or fact["column_key"] not in MEASURES:
                continue
            checked += 1
            found = facts.get((name, fact["row_code"], scope), {}).get(fact["column_key"])
            if found != Decimal(fact["amount_yuan"]):
                wrong.append((name, fact, found))
    assert checked > 300
    assert wrong == []


def test_every_generated_document_is_in_the_view(generated) -> None:
    warehouse, truths = generated
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        shown = {
            row[0]
            for row in conn.execute(
                "SELECT DISTINCT d.source_file FROM v_expenditure_by_function "
                "JOIN dim_document AS d USING (document_id)"
            ).fetchall()
        }
        levels = dict(
            conn.execute("SELECT source_file, government_level FROM dim_document").fetchall()
        )
    assert shown == set(truths)
    central = [name for name, truth in truths.items() if truth["axes"]["template"] == "central"]
    assert central, "no central-template publication among the seeds"
    assert {levels[name] for name in central} == {"中央"}


def test_every_coded_income_and_basic_figure_of_the_truth_is_a_fact(generated) -> None:
    warehouse, truths = generated
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        income = {
            (name, code, source): amount
            for name, code, source, amount in conn.execute(
                "SELECT d.source_file, f.subject_code, f.income_source, f.amount_yuan "
                "FROM fact_income_by_source AS f JOIN dim_document AS d USING (document_id)"
            ).fetchall()
        }
        basic = {
            (name, table, code): {"amount": amount, "total": amount, "personnel": personnel,
                                  "public": public}
            for name, table, code, amount, personnel, public in conn.execute(
                "SELECT d.source_file, f.source_table, f.economic_code, f.amount_yuan, "
                "f.personnel_yuan, f.public_yuan FROM fact_basic_expenditure_by_economic AS f "
                "JOIN dim_document AS d USING (document_id)"
            ).fetchall()
        }  # fmt: skip
    checked, wrong = 0, []
    for name, truth in truths.items():
        for fact in truth["facts"]:
            table, code, column = fact["table_key"], fact["row_code"], fact["column_key"]
            if not code:
                continue
            if table == "income":
                found = income.get((name, code, column))
            elif table in ("gpb_basic_expenditure", "appropriation_basic_expenditure"):
                found = basic.get((name, table, code), {}).get(column)
            else:
                continue
            checked += 1
            if found != Decimal(fact["amount_yuan"]):
                wrong.append((name, fact, found))
    assert checked > 300
    assert wrong == []
