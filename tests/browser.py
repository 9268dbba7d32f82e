"""Debian's chromium, as the report's browser test and scripts/report_screenshot.py start it:
headless, as root, with the background traffic a closed network refuses turned off."""

from __future__ import annotations

import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# every chart div drawn by plotly.js (classed js-plotly-plot, holding its SVG)
DRAWN = (
    "[...document.querySelectorAll('.plotly-graph-div')].every("
    "d => d.classList.contains('js-plotly-plot') && d.querySelector('.main-svg'))"
)


def find_chromium() -> str | None:
    """Debian's /usr/bin/chromium, else a chromium on PATH, else None."""
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    return shutil.which("chromium")
