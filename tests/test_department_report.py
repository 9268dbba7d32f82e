"""``fiscal report DEPARTMENT``: the bundled sample's page, its figures exact and linked.

Expected figures, typed from the sample (data/raw/xiaoyi-admin-approval-bureau-2024-final-
accounts.txt, 万元): the 支出决算表's line 151, ``201 一般公共服务支出 1132.76 753.12
379.63`` (total, basic, project); the 三公 table's 决算数 合计 0.42 (line 358); the narrative's
``一般公共服务支出年初预算1,563.75万元，支出决算1,132.76万元，完成年初预算的72.44%`` (line 444)
and ``社会保障和就业支出年初预算100.83万元，支出决算113.19万元，完成年初预算的112.26%``; the
performance report of 山西CA数字证书办理费, whose 权重 make 85 + 10 = 95 of the 100 required
(docs/warehouse.md).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.cli import main
from tests.conftest import SAMPLE_NAME

DEPARTMENT = "孝义市行政审批服务管理局"
OTHER = "孝义市行政审批服务管理局<分局>"  # holds the sample's name; '<>' must be escaped


@pytest.fixture(scope="module")
def page(loaded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("report") / "report.html"
    code = main(["report", "行政审批", "--warehouse", str(loaded_warehouse), "--out", str(out)])
    assert code == 0
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def two_departments(loaded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's warehouse and a document of a second department (no figures)."""
    copy = tmp_path_factory.mktemp("two") / "fiscal.duckdb"
    shutil.copy(loaded_warehouse, copy)
    with duckdb.connect(str(copy)) as conn:
        conn.execute(
            "INSERT INTO documents (document_id, source_file, sha256, department, region, "
            "fiscal_year, doc_kind, scope, status, ingested_at) VALUES ('0000000000000000', "
            "'other.pdf', 'x', ?, '孝义市', 2024, 'budget', 'department', 'loaded', now())",
            [OTHER],
        )
    return copy


def _row(page: str, first_cell: str) -> list[str]:
    """The text of the cells of the first table row whose first cell is ``first_cell``."""
    for row in re.findall(r"<tr>(.*?)</tr>", page, flags=re.S):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row starting {first_cell!r}")


def test_it_exits_0_and_says_what_it_wrote(
    loaded_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", DEPARTMENT, "--warehouse", str(loaded_warehouse), "--out", str(out)])
    assert code == 0
    assert out.is_file()
    assert f"wrote {out} ({DEPARTMENT}: 1 file, " in capsys.readouterr().out


def test_it_is_a_chinese_page_with_plotly_inlined_once(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh">')
    assert '<meta charset="utf-8">' in page
    assert page.count("* plotly.js v") == 1  # the library's banner
    assert "<script src" not in page and "<link" not in page
    charts = page.count('class="plotly-graph-div"')
    assert charts >= 4 and page.count("Plotly.newPlot(") == charts


def test_the_header_lists_the_document(page: str, loaded_warehouse: Path) -> None:
    assert f"<h1>{DEPARTMENT}</h1>" in page
    assert "孝义市" in page
    cells = _row(page, "2024")
    assert cells[:5] == ["2024", "决算", "complete", "department", "verified with warnings (0 "
                         "errors, 17 warnings)"]  # fmt: skip
    assert cells[6] == SAMPLE_NAME


def test_the_expenditure_table_prints_the_figures_exactly(page: str) -> None:
    cells = _row(page, "201")
    assert cells[:6] == ["201", "一般公共服务支出", "类", "11,327,600.00", "7,531,200.00",
                         "3,796,300.00"]  # fmt: skip
    assert cells[-1] == "line 151"  # the 支出决算表's row, a text source has no pages


def test_figures_link_to_the_raw_file(page: str, sample_raw_dir: Path) -> None:
    uri = (sample_raw_dir / SAMPLE_NAME).resolve().as_uri()
    links = re.findall(r'<a class="src" href="([^"]+)">line 151</a>', page)
    assert links and set(links) == {uri}  # a text source: no #page=


def test_the_three_public_total(page: str) -> None:
    cells = _row(page, "合计")
    assert cells[:5] == ["合计", "决算", "actual", "2024", "4,200.00"]
    assert cells[-1] == "line 358"


def test_budget_execution_from_the_narrative(page: str) -> None:
    rows = [
        [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", page[page.index('id="execution"') :], re.S)
    ]
    by_code = {cells[1]: cells for cells in rows if cells and cells[0] == "2024"}
    assert by_code["201"][5:] == ["15,637,500.00", "line 444", "11,327,600.00", "line 151",
                                  "72.44%", "年初预算 · narrative"]  # fmt: skip
    assert by_code["208"][5] == "1,008,300.00" and by_code["208"][9] == "112.26%"


def test_the_findings_with_their_figures(page: str) -> None:
    findings = page[page.index('id="findings"') :]
    assert findings.count("<tr>") == 1 + 17  # the header and the sample's 17 failed checks
    assert "performance_weights_make_100" in findings
    assert re.search(r"山西CA数字证书办理费.*?>100\.00<.*?>95\.00<.*?>-5\.00<", findings, re.S)
    assert "narrative_agrees_with_tables" in findings


def test_personnel_and_public_shares(page: str) -> None:
    """公开06表 (万元): 人员经费 301 工资福利支出 926.10 + 303 对个人和家庭的补助 12.28 =
    938.38 (its 人员经费合计), 公用经费 302 商品和服务支出 59.42 + 310 资本性支出 0.72 = 60.14
    (its 公用经费合计 prints 60.13, rounded); 938.38 / 998.52 = 93.98%."""
    section = page[page.index('id="economic"') : page.index('id="execution"')]
    cells = _row(section, "2024 决算")
    assert cells[1:5] == ["9,985,200.00", "9,383,800.00", "93.98%", "601,400.00"]
    assert cells[-1] == "line 273"  # 301 工资福利支出, the table's first class


@pytest.mark.parametrize(
    ("older", "missing"),
    [
        ("DROP VIEW v_economic_structure", "no v_economic_structure"),
        (
            "CREATE TABLE old_trend AS SELECT * EXCLUDE (page, document_id) "
            "FROM v_three_public_trend; DROP VIEW v_three_public_trend; "
            "CREATE VIEW v_three_public_trend AS SELECT * FROM old_trend",
            "v_three_public_trend has no page, document_id",
        ),
    ],
    ids=["view", "columns"],
)
def test_a_warehouse_older_than_the_views_is_refused_in_one_message(
    loaded_warehouse: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture,
    older: str,
    missing: str,
) -> None:
    """A warehouse built before a view (or a view's column) existed: exit 2 and say to
    ingest again (apply_schema brings it up to date), writing no page."""
    copy = tmp_path / "fiscal.duckdb"
    shutil.copy(loaded_warehouse, copy)
    with duckdb.connect(str(copy)) as conn:
        conn.execute(older)
    out = tmp_path / "r.html"
    code = main(["report", DEPARTMENT, "--warehouse", str(copy), "--out", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and missing in err
    assert err.endswith("run `fiscal ingest` to bring the warehouse's schema up to date")


def test_unknown_department_exits_2_listing_the_departments(
    loaded_warehouse: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", "财政部", "--warehouse", str(loaded_warehouse), "--out", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "no department matches '财政部'" in err and DEPARTMENT in err


def test_an_ambiguous_part_exits_2_listing_the_candidates(
    two_departments: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", "孝义市", "--warehouse", str(two_departments), "--out", str(out)])
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "'孝义市' matches 2 departments" in err
    assert DEPARTMENT in err and OTHER in err


def test_an_exact_name_wins_over_the_names_holding_it(
    two_departments: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", DEPARTMENT, "--warehouse", str(two_departments), "--out", str(out)])
    assert code == 0
    assert f"<h1>{DEPARTMENT}</h1>" in out.read_text(encoding="utf-8")


def test_text_is_escaped_and_a_department_without_figures_has_notes(
    two_departments: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.html"
    code = main(["report", "分局", "--warehouse", str(two_departments), "--out", str(out)])
    assert code == 0
    page = out.read_text(encoding="utf-8")
    assert "<h1>孝义市行政审批服务管理局&lt;分局&gt;</h1>" in page
    assert "<分局>" not in page
    assert 'class="plotly-graph-div"' not in page
    assert "No expenditure by functional code" in page
    assert "Every check held" in page
