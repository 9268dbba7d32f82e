"""``fiscal report`` pages drawn by a real browser: Debian's headless chromium through
playwright. Every chart is drawn, nothing is fetched but the page's own file, the console
stays clean.

The richer page is the Jiangsu CPPCC office's (six PDFs, budgets 2017-2019: charts across
years, every figure on a PDF page); the sample's (a text source, final accounts with the
narrative's budgets) draws the budget-execution chart. Expected figures, typed from the
Jiangsu budget tables: 2019's summary (公开01表) line 一、一般公共服务支出 10,271.56 万元, page 1 of
jiangsu-cppcc-office-2019-budget-tables.pdf.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pypdfium2
import pytest

from pipelines.warehouse.department_report import department_report
from tests.browser import CHROMIUM_ARGS, DRAWN, find_chromium

JIANGSU = "江苏省政协办公厅"
SAMPLE = "孝义市行政审批服务管理局"
CHARTS = """() => [...document.querySelectorAll('.plotly-graph-div')].map(d => ({
    id: d.id,
    drawn: d.classList.contains('js-plotly-plot'),
    svgs: d.querySelectorAll('.main-svg').length,
    traces: (d._fullData || []).length,
    drawnTraces: d.querySelectorAll('.trace').length,
    points: d.querySelectorAll('.point').length,
}))"""


@pytest.fixture(scope="module")
def chromium() -> str:
    """The chromium to run (skips when it or playwright is not installed)."""
    path = find_chromium() or ""
    if not path:
        pytest.skip("no chromium (/usr/bin/chromium or on PATH): apt-get install chromium")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    return path


@dataclass
class Rendered:
    """What the browser saw of one page."""

    charts_made: int
    charts: list[dict]
    text: str
    links: list[str]
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _render(chromium: str, warehouse: Path, department: str, out: Path) -> Rendered:
    """Open the department's page in a browser of its own (playwright's event loop lives only
    as long as it, never around an ingest)."""
    from playwright.sync_api import sync_playwright

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        report = department_report(conn, department)
    out.write_text(report.html, encoding="utf-8")
    errors: list[str] = []
    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("request", lambda request: requests.append(request.url))
            page.goto(out.as_uri(), wait_until="load")
            page.wait_for_function(DRAWN, timeout=30_000)
            return Rendered(
                charts_made=report.charts,
                charts=page.evaluate(CHARTS),
                text=page.inner_text("body"),
                links=page.eval_on_selector_all("a.src", "as => as.map(a => a.href)"),
                errors=errors,
                requests=requests,
            )
        finally:
            browser.close()


@pytest.fixture(scope="module")
def jiangsu_page(
    chromium: str, jiangsu_cppcc_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Rendered:
    return _render(
        chromium, jiangsu_cppcc_warehouse, JIANGSU, tmp_path_factory.mktemp("page") / "jiangsu.html"
    )


@pytest.fixture(scope="module")
def sample_page(
    chromium: str, loaded_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Rendered:
    return _render(chromium, loaded_warehouse, SAMPLE, tmp_path_factory.mktemp("page") / "s.html")


@pytest.fixture(params=["jiangsu", "sample"])
def rendered(request: pytest.FixtureRequest) -> Rendered:
    return request.getfixturevalue(f"{request.param}_page")


def test_no_console_or_page_errors(rendered: Rendered) -> None:
    assert rendered.errors == []


def test_every_chart_is_drawn_with_its_traces(rendered: Rendered) -> None:
    assert rendered.charts_made >= 4
    assert len(rendered.charts) == rendered.charts_made
    for chart in rendered.charts:
        assert chart["drawn"] and chart["svgs"] >= 1, chart
        assert chart["traces"] >= 1 and chart["drawnTraces"] >= chart["traces"], chart
        assert chart["points"] >= 1, chart  # bars and markers drawn


def test_nothing_but_the_file_is_requested(rendered: Rendered) -> None:
    assert rendered.requests  # the page itself
    assert [url for url in rendered.requests if not url.startswith("file://")] == []


def test_the_jiangsu_page_has_three_years_of_classes(jiangsu_page: Rendered) -> None:
    text = jiangsu_page.text
    assert "102,715,600.00" in text  # 2019 一般公共服务支出, 10271.56 万元
    assert "+24,441,000.00" in text and "+31.22%" in text  # on 2018's 7827.46 万元
    # a chart per 类 (201, 208, 221), the composition, 三公, the shares
    assert jiangsu_page.charts_made >= 6


def test_jiangsu_figures_link_to_their_pdf_page(
    jiangsu_cppcc_warehouse: Path, jiangsu_page: Rendered
) -> None:
    """The link of a figure opens the PDF at a page printing it (checked on the PDF's own
    text, not the warehouse's)."""
    links = [url for url in jiangsu_page.links if "2019-budget-tables.pdf#page=" in url]
    assert links
    raw = jiangsu_cppcc_warehouse.parent / "raw"
    pdf = pypdfium2.PdfDocument(raw / "jiangsu-cppcc-office-2019-budget-tables.pdf")
    try:
        pages = {int(url.rsplit("=", 1)[1]) for url in links}
        assert all(1 <= page <= len(pdf) for page in pages)
        texts = {page: pdf[page - 1].get_textpage().get_text_range() for page in pages}
    finally:
        pdf.close()
    assert any("10,271.56" in text for text in texts.values())
    assert all(url.startswith(raw.resolve().as_uri()) for url in links)
