"""Templates (catalog/templates.toml): a document is matched by its tables' title forms and
numbering, never by which tables it prints, and the template decides which are required."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from pipelines import catalog
from pipelines.core import read_document
from pipelines.extract.model import RawTable
from pipelines.extract.template import match_template
from tests.conftest import SAMPLE
from tests.generator import plan
from tests.generator.publication import Publication, write_publication


def titled(title: str, variant: str, number: str | None = None, key: str = "income") -> RawTable:
    return RawTable(key, title, number, "万元", (), variant=variant)


def test_numbered_central_titles_follow_the_central_template() -> None:
    tables = [
        titled("表1：高等学校收支决算总表", "收支决算总表", key="summary"),
        titled("表2：高等学校收入决算表", "收入决算表"),
    ]
    assert match_template(tables, "西南大学").key == "central_department"


def test_titles_led_by_the_department_follow_the_central_template() -> None:
    tables = [
        titled("西南大学收入预算表", "收入预算表"),
        titled("西南大学支出预算表", "支出预算表"),
    ]
    assert match_template(tables, "西南大学").key == "central_department"
    # the same titles are no signal for another department
    assert match_template(tables, "某某县教育局").key == "local_department"


def test_local_numbering_and_bare_titles_follow_the_local_template() -> None:
    assert match_template([titled("收入决算表", "收入决算表", "公开02表")], None).key == (
        "local_department"
    )
    assert match_template([titled("收入支出决算总表", "收入支出决算总表")], None).key == (
        "local_department"
    )
    dated = titled("2025年部门收入预算总表", "收入预算总表")
    assert match_template([dated], "上海市普陀区财政局").key == "local_department"


def test_the_set_of_tables_found_does_not_choose_the_template() -> None:
    # a local 决算 that prints only four tables is still held to the local seven
    tables = [
        titled("收入支出决算总表", "收入支出决算总表", "公开01表", "summary"),
        titled("收入决算表", "收入决算表", "公开02表"),
        titled("支出决算表", "支出决算表", "公开03表", "expenditure"),
        titled("财政拨款支出决算表", "财政拨款支出决算表", "公开04表", "appropriation_expenditure"),
    ]
    template = match_template(tables, "某某县教育局")
    assert template.key == "local_department"
    assert "three_public" in template.mandatory["final_accounts"]


def test_required_tables_per_template() -> None:
    central = catalog.template("central_department")
    assert central.mandatory["final_accounts"] == (
        "summary",
        "income",
        "expenditure",
        "appropriation_expenditure",
    )
    # the seven, and the 政府性基金 table (budgets), the 国有资本经营 table too (final accounts)
    assert len(catalog.template("local_department").mandatory["budget"]) == 8
    assert len(catalog.template("local_department").mandatory["final_accounts"]) == 9


def test_local_numbering_and_scope_words_are_not_the_central_template() -> None:
    # numbered 附表1：, or titled with the department and the word 部门, or 事业单位
    for tables, department in (
        ([titled("附表1：部门收支总表", "部门收支总表")], "某局"),
        ([titled("孝义市教育局部门收支总表", "部门收支总表")], "孝义市教育局"),
        ([titled("事业单位收入支出决算总表", "收入支出决算总表")], "某局"),
        ([titled("表1：收入支出决算总表", "收入支出决算总表")], "某局"),
        ([titled("2024年水利部收支预算总表", "收支预算总表")], "水利部"),
    ):
        assert match_template(tables, department).key == "local_department", tables[0].title


def test_a_local_body_named_before_its_titles_and_a_central_unit_dating_them() -> None:
    local = [titled("上海市普陀区财政局收支预算总表", "收支预算总表")]
    assert match_template(local, "上海市普陀区财政局").key == "local_department"
    central = [
        titled("表1：西南大学2024年收支决算总表", "收支决算总表"),
        titled("表2：西南大学2024年收入决算表", "收入决算表"),
    ]
    assert match_template(central, "西南大学").key == "central_department"


# -- the 政府性基金 and 国有资本经营 tables: required, expected, from which year -------------

FUNDS = ("gov_fund", "state_capital")


def test_the_local_template_requires_the_fund_tables_from_their_years() -> None:
    local = catalog.template("local_department")
    final = local.looks_for("mandatory", "final_accounts", 2024)
    assert final[-2:] == FUNDS and len(final) == 9
    assert "state_capital" not in local.looks_for("mandatory", "final_accounts", 2019)
    assert "gov_fund" in local.looks_for("mandatory", "final_accounts", 2016)
    assert not set(FUNDS) & set(local.looks_for("mandatory", "final_accounts", 2015))
    budget = local.looks_for("mandatory", "budget", 2025)
    assert "gov_fund" in budget and "state_capital" not in budget
    assert "gov_fund" not in local.looks_for("mandatory", "budget", 2016)
    assert local.looks_for("expected", "budget", 2023) == ("state_capital",)
    assert local.looks_for("expected", "budget", 2022) == ()
    assert local.looks_for("expected", "final_accounts", 2024) == ()
    # a document of unknown year is held to the tables required every year only
    assert not set(FUNDS) & set(local.looks_for("mandatory", "final_accounts", None))
    assert len(local.looks_for("mandatory", "final_accounts", None)) == 7


def test_the_central_template_prints_no_fund_table() -> None:
    central = catalog.template("central_department")
    for kind in ("final_accounts", "budget"):
        for requirement in ("mandatory", "expected"):
            assert not set(FUNDS) & set(central.looks_for(requirement, kind, 2024))


def _presence(checks: pl.DataFrame) -> dict[tuple[str, str], tuple[bool, str, str]]:
    rows = checks.filter(
        pl.col("rule").is_in(["mandatory_table_present", "expected_table_present"])
    )
    return {
        (r["rule"], r["table_key"]): (r["passed"], r["severity"], r["message"])
        for r in rows.iter_rows(named=True)
    }


def _without(tmp_path: Path, first: int, last: int, contents: int) -> Path:
    """A copy of the sample without its lines ``first``..``last`` (a table, its title to
    the line before the next one's) and its contents line ``contents`` (1-based)."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    kept = [line for n, line in enumerate(lines, 1) if n != contents and not first <= n <= last]
    path = tmp_path / SAMPLE.name
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    return path


def test_the_sample_prints_its_fund_tables_empty() -> None:
    found = _presence(read_document(SAMPLE).checks)
    assert found[("mandatory_table_present", "gov_fund")] == (
        True, "error", "政府性基金预算财政拨款收入支出决算表 (gov_fund) is empty",
    )  # fmt: skip
    assert found[("mandatory_table_present", "state_capital")][:2] == (True, "error")
    assert not [key for key in found if key[0] == "expected_table_present"]


@pytest.mark.parametrize(
    ("first", "last", "contents", "key", "title"),
    [
        (306, 324, 19, "gov_fund", "七、政府性基金预算财政拨款收入支出决算表"),
        (325, 343, 20, "state_capital", "八、国有资本经营预算财政拨款支出决算表"),
    ],
)
def test_the_sample_without_a_fund_table(
    tmp_path: Path, first: int, last: int, contents: int, key: str, title: str
) -> None:
    """The sample's 公开07表 or 公开08表 taken away with its line of the contents (which
    alone would tell of it): a required table missing, an error."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    assert lines[contents - 1].startswith(title)
    assert lines[last].startswith(("## 国有资本经营", "### 财政拨款“三公”"))
    checks = read_document(_without(tmp_path, first, last, contents)).checks
    failed = checks.filter(~pl.col("passed") & (pl.col("table_key") == key))
    assert failed["rule"].to_list() == ["mandatory_table_present"]
    row = failed.row(0, named=True)
    assert (row["severity"], row["material"]) == ("error", True)
    since = {"gov_fund": 2016, "state_capital": 2020}[key]
    assert (
        f"every 决算 of the local_department template since {since} prints it" in (row["message"])
    )


def _local_budget(after: bool) -> Publication:
    """The first generated local budget (seeds from 0) of a year from 2023 (``after``), or
    of one before."""
    for seed in range(200):
        publication = plan(seed, {"template": "local", "doc_kind": "budget", **GENERATED})
        if (publication.identity["fiscal_year"] >= 2023) == after:
            return publication
    raise AssertionError("no such seed")


GENERATED = {"ruling": "full", "font": "cid", "gov_fund": "empty"}


@pytest.mark.parametrize("after", [True, False])
def test_a_generated_budget_without_its_state_capital_table(tmp_path: Path, after: bool) -> None:
    """A local budget from 2023 on without its 国有资本经营 table: expected, a warning (not
    material); one of an earlier year is not held to it."""
    publication = _local_budget(after)
    year = publication.identity["fiscal_year"]
    pdf, truth, _ = write_publication(publication, tmp_path / "original")
    truth.unlink()
    assert all(passed for passed, _, _ in _presence(read_document(pdf).checks).values())
    publication.tables = [t for t in publication.tables if t.key != "state_capital"]
    pdf, truth, _ = write_publication(publication, tmp_path / "removed")
    truth.unlink()
    checks = read_document(pdf).checks
    failed = checks.filter(~pl.col("passed") & (pl.col("table_key") == "state_capital"))
    if not after:
        assert failed.is_empty(), (year, failed["message"].to_list())
        return
    assert failed["rule"].to_list() == ["expected_table_present"], year
    row = failed.row(0, named=True)
    assert (row["severity"], row["material"]) == ("warning", False)
    assert row["message"] == (
        "国有资本经营预算支出表 (state_capital) was not found: the local_department "
        "template's 预算 since 2023 print it (empty, with a note, where there is none), though "
        "not every one must, so it was left out, or its title cannot be read"
    )
    assert checks.filter(pl.col("rule") == "mandatory_table_present")["passed"].all()


def test_no_genuine_corpus_document_lacks_a_table_its_template_looks_for(
    corpus_dir: Path,
) -> None:
    """Every genuine corpus document prints the tables its template requires and expects of
    its kind and year (the local ones their 政府性基金 tables, those from 2023 their 国有资本
    经营 tables, empty with a note), and is held to the fund tables where its template and
    year say so."""
    held = set()
    for path in sorted(corpus_dir.rglob("*.pdf")):
        if "altered" in path.name:
            continue
        name = path.relative_to(corpus_dir).as_posix()
        found = _presence(read_document(path, corpus_dir).checks)
        assert all(passed for passed, _, _ in found.values()), (name, found)
        held |= {(name, key) for _, key in found if key in FUNDS}
    assert ("putuo-finance-bureau-2024-final.pdf", "state_capital") in held
    assert ("putuo-wanli-subdistrict-2023-budget.pdf", "state_capital") in held
    assert ("jiangsu-npc-office-2017-budget.pdf", "gov_fund") in held
    assert ("jiangsu-npc-office-2017-budget.pdf", "state_capital") not in held
    assert not {name for name, _ in held if name.startswith("central/")}
