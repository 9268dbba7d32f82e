"""Draw a department's ``fiscal report`` page in headless Chromium and save a PNG of it.

The screenshot of docs/report.md was made with (the Jiangsu CPPCC office's six PDFs of the
shared corpus, 2017-2019 budgets)::

    mkdir -p /tmp/rep/raw && cp ../shared/corpus/jiangsu-cppcc-office-*.pdf /tmp/rep/raw/
    .venv/bin/fiscal ingest --raw /tmp/rep/raw --warehouse /tmp/rep/fiscal.duckdb
    .venv/bin/python scripts/report_screenshot.py 江苏省政协办公厅 \\
        --warehouse /tmp/rep/fiscal.duckdb --out docs/images/report-jiangsu-cppcc.png

It uses Debian's chromium (``/usr/bin/chromium``, or ``--chromium PATH``) through
playwright, a dev dependency; the page is opened from a file and loads nothing else.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import duckdb
from playwright.sync_api import sync_playwright

from pipelines.warehouse.department_report import department_report, find_department

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, DRAWN, find_chromium  # noqa: E402


def screenshot(page_html: Path, out: Path, *, chromium: str, width: int, height: int) -> None:
    """A PNG of the page at ``width`` CSS pixels, its top ``height`` pixels (0: all of it)."""
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height or 900})
            page.goto(page_html.as_uri(), wait_until="load")
            page.wait_for_function(DRAWN)
            page.screenshot(path=str(out), full_page=not height)
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``report_screenshot.py DEPARTMENT --warehouse FILE [--out PNG]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("department", help="as fiscal report takes it")
    parser.add_argument("--warehouse", required=True, metavar="FILE")
    parser.add_argument("--raw", metavar="DIR", help="raw folder (default: the warehouse's)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "report-jiangsu-cppcc.png"))
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument(
        "--height", type=int, default=1800, help="top part drawn, in pixels (0: full page)"
    )
    parser.add_argument("--chromium", default=find_chromium())
    args = parser.parse_args(argv)
    with duckdb.connect(args.warehouse, read_only=True) as conn:
        department = find_department(conn, args.department)
        report = department_report(
            conn,
            department,
            raw_dir=Path(args.raw) if args.raw else None,
            warehouse=Path(args.warehouse).name,
        )
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        page_html = Path(tmp) / "report.html"
        page_html.write_text(report.html, encoding="utf-8")
        screenshot(page_html, out, chromium=args.chromium, width=args.width, height=args.height)
    print(f"wrote {out} ({out.stat().st_size // 1024} KB, {report.charts} charts)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
