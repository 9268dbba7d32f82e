"""carryover_matches_prior_year (pipelines/catalog/rules.toml, evaluated across documents in
sql/refresh/002_cross_document_checks.sql): this year's 年初结转和结余 against last year's
年末结转和结余 in the summaries (收入支出决算总表) of one department's final accounts.

The later year is the bundled sample moved on by a year (2024 -> 2025, 2023 -> 2024), its
summary's 年初结转和结余 given an amount. The sample's summary (公开01表) prints

    年初结转和结余	29		年末结转和结余	60

with both amount cells empty: the 2024 sample prints no 年末结转和结余, so the 2025 copy's
opening balance is compared with 0.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from pipelines.ingest import ingest
from tests.conftest import SAMPLE, SAMPLE_NAME
from tests.test_pdf_sample import RENDERED

RULE = "carryover_matches_prior_year"
LATER_NAME = "xiaoyi-admin-approval-bureau-2025-final-accounts.txt"
SUMMARY_LINE = "年初结转和结余\t29\t\t年末结转和结余\t60\t"  # 公开01表, line 91 of the sample
WAN = Decimal(10000)
DECIMAL = re.compile(r"\d[\d,]*\.\d+")


def next_year(text: str) -> str:
    """The text a year on: 2024 -> 2025 and 2023 -> 2024 (at once, so 2023 stays 2024)."""
    return re.sub(r"202[34]", lambda year: str(int(year.group()) + 1), text)


def with_balances(text: str, opening: str = "", closing: str = "") -> str:
    """The text with its summary's 年初结转和结余 / 年末结转和结余 cells filled."""
    assert text.count(SUMMARY_LINE) == 1
    return text.replace(
        SUMMARY_LINE, f"年初结转和结余\t29\t{opening}\t年末结转和结余\t60\t{closing}"
    )


def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


def run_ingest(raw: Path, warehouse: Path, instance: dg.DagsterInstance) -> None:
    report = ingest(raw, warehouse, instance=instance)
    assert report.ok, [(o.ref.source_file, o.status, o.reason) for o in report.outcomes]


def raw_folder(base: Path, files: dict[str, str | Path]) -> Path:
    """A raw folder holding ``files`` (a text, or a file to copy)."""
    raw = base / "raw"
    raw.mkdir(parents=True)
    for name, content in files.items():
        if isinstance(content, Path):
            shutil.copy(content, raw / name)
        else:
            (raw / name).write_text(content, encoding="utf-8")
    return raw


def ingested(base: Path, files: dict[str, str | Path]) -> Path:
    """A warehouse ``files`` were ingested into in one run."""
    raw = raw_folder(base, files)
    warehouse = base / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        run_ingest(raw, warehouse, instance)
    return warehouse


def carryover_rows(warehouse: Path) -> list[tuple]:
    """(source_file, severity, passed, expected, actual, difference, table_key, row, message)
    of every carryover_matches_prior_year row."""
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(
            "SELECT d.source_file, c.severity, c.passed, c.expected, c.actual, c.difference, "
            'c.table_key, c."row", c.message FROM check_results AS c '
            "JOIN documents AS d USING (document_id) WHERE c.rule = ? "
            "ORDER BY d.source_file, c.message",
            [RULE],
        ).fetchall()


# -- the text the tests build -----------------------------------------------------------------


def test_moving_the_sample_on_a_year_touches_no_figure() -> None:
    text = sample_text()
    later = next_year(text)
    # every 2024 and 2023 of the sample (50 + 3) is a year on its own, never part of a figure
    years = re.findall(r"202[34]", text)
    assert len(years) == 53
    assert len(re.findall(r"(?<![\d.,])202[34](?![\d.,])", text)) == len(years)
    assert DECIMAL.findall(later) == DECIMAL.findall(text)
    assert "2023" not in later and "\n2025年度部门决算公开\n" in later
    # the summary's two balances: both amount cells empty in the sample
    assert text.count(SUMMARY_LINE + "\n") == 1


# -- a 2025 opening balance the 2024 closing does not carry -------------------------------------


@pytest.fixture(scope="module")
def mismatch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 2024 sample and its 2025 copy printing 年初结转和结余 12.34 (万元)."""
    return ingested(
        tmp_path_factory.mktemp("mismatch"),
        {
            SAMPLE_NAME: SAMPLE,
            LATER_NAME: with_balances(next_year(sample_text()), opening="12.34"),
        },
    )


def test_an_opening_balance_last_year_did_not_close_with_is_flagged(mismatch: Path) -> None:
    rows = carryover_rows(mismatch)
    assert [row[:8] for row in rows] == [
        (
            LATER_NAME,
            "warning",
            False,
            Decimal("0.00"),  # the 2024 sample prints no 年末结转和结余
            Decimal("12.34") * WAN,  # 123,400.00 yuan
            Decimal("123400.00"),
            "summary",
            "年初结转和结余",
        )
    ]
    message = rows[0][8]
    assert "123,400.00" in message and SAMPLE_NAME in message


def test_the_later_copy_prints_the_sample_figures(mismatch: Path) -> None:
    """Moving the year on changed no figure: the 2025 copy's figures are the sample's, plus
    its 年初结转和结余."""
    with duckdb.connect(str(mismatch), read_only=True) as conn:
        figures = {
            name: Counter(
                conn.execute(
                    "SELECT table_key, row_label, column_key, amount_yuan FROM line_items "
                    "JOIN documents USING (document_id) WHERE source_file = ?",
                    [name],
                ).fetchall()
            )
            for name in (SAMPLE_NAME, LATER_NAME)
        }
        years = dict(conn.execute("SELECT source_file, fiscal_year FROM documents").fetchall())
    assert years == {SAMPLE_NAME: 2024, LATER_NAME: 2025}
    assert sum(figures[SAMPLE_NAME].values()) == 208
    added = figures[LATER_NAME] - figures[SAMPLE_NAME]
    assert figures[SAMPLE_NAME] - figures[LATER_NAME] == Counter()
    assert list(added) == [("summary", "年初结转和结余", "income", Decimal("123400.00"))]


def test_the_earlier_year_gets_no_carryover_row(mismatch: Path) -> None:
    """The 2024 sample has no 2023 accounts in the warehouse to compare with."""
    assert SAMPLE_NAME not in {row[0] for row in carryover_rows(mismatch)}


# -- no opening balance: nothing to flag --------------------------------------------------------


@pytest.fixture(scope="module")
def no_opening(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return ingested(
        tmp_path_factory.mktemp("no-opening"),
        {SAMPLE_NAME: SAMPLE, LATER_NAME: next_year(sample_text())},
    )


def test_no_opening_balance_against_no_closing_balance_is_not_flagged(no_opening: Path) -> None:
    assert [row for row in carryover_rows(no_opening) if not row[2]] == []
    with duckdb.connect(str(no_opening), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


# -- balances that carry over, within the rounding -----------------------------------------------


@pytest.fixture(scope="module")
def carried(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2024 closes with 12.34万元; 2025 opens with 12.35万元 (one printed step, 100 yuan)."""
    return ingested(
        tmp_path_factory.mktemp("carried"),
        {
            SAMPLE_NAME: with_balances(sample_text(), closing="12.34"),
            LATER_NAME: with_balances(next_year(sample_text()), opening="12.35"),
        },
    )


def test_a_balance_carried_over_within_rounding_passes(carried: Path) -> None:
    assert [row[:8] for row in carryover_rows(carried)] == [
        (
            LATER_NAME,
            "info",  # held within the tolerance (100 yuan), not exactly
            True,
            Decimal("123400.00"),
            Decimal("123500.00"),
            Decimal("100.00"),
            "summary",
            "年初结转和结余",
        )
    ]


# -- order independence --------------------------------------------------------------------------


def test_the_rule_is_rederived_when_the_earlier_year_arrives_later(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    base = tmp_path_factory.mktemp("order")
    later = raw_folder(
        base / "later", {LATER_NAME: with_balances(next_year(sample_text()), opening="12.34")}
    )
    warehouse = base / "fiscal.duckdb"
    with dg.instance_for_test() as instance:
        run_ingest(later, warehouse, instance)
        assert carryover_rows(warehouse) == []  # no 2024 accounts yet
        (later / SAMPLE_NAME).write_bytes(SAMPLE.read_bytes())  # the 2024 accounts arrive
        run_ingest(later, warehouse, instance)
    rows = carryover_rows(warehouse)
    assert [row[:5] for row in rows] == [
        (LATER_NAME, "warning", False, Decimal("0.00"), Decimal("123400.00"))
    ]


# -- a prior year published as two files ----------------------------------------------------------


def test_a_prior_year_in_two_files_is_compared_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The 2024 publication as its text and its rendered PDF (one publication_id, both
    verified, the same summary): the 2025 document has one 年初结转和结余, so one finding,
    not one per file of last year's publication (v_line_items counts a publication once)."""
    warehouse = ingested(
        tmp_path_factory.mktemp("two-files"),
        {
            SAMPLE_NAME: SAMPLE,
            RENDERED.name: RENDERED,
            LATER_NAME: with_balances(next_year(sample_text()), opening="12.34"),
        },
    )
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        publications = conn.execute(
            "SELECT fiscal_year, count(*) FROM documents GROUP BY fiscal_year ORDER BY 1"
        ).fetchall()
    assert publications == [(2024, 2), (2025, 1)]
    rows = carryover_rows(warehouse)
    assert [row[:5] for row in rows] == [
        (LATER_NAME, "warning", False, Decimal("0.00"), Decimal("123400.00"))
    ], [row[8] for row in rows]
