"""Every example question of ``sql/examples/`` runs on a loaded warehouse and answers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from pipelines.paths import SQL_DIR

EXAMPLES = sorted((SQL_DIR / "examples").glob("*.sql"))


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.stem for e in EXAMPLES])
def test_the_example_runs(example: Path, loaded_warehouse: Path) -> None:
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        rows = conn.execute(example.read_text(encoding="utf-8")).fetchall()
    # the sample loads (nothing quarantined) and is one year (nothing rose on a prior year)
    if example.stem not in {"07_quarantined_documents", "08_three_public_rose"}:
        assert rows, f"{example.name} answered nothing on the sample"


def test_examples_of_figures_read_the_views() -> None:
    """A publication in two forms, a superseded edition: line_items counts them; the views
    do not. Only the provenance example reads the printed record itself."""
    readers = [
        e.name
        for e in EXAMPLES
        if "FROM line_items" in e.read_text(encoding="utf-8")
        and e.stem != "05_where_did_a_figure_come_from"
    ]
    assert readers == []
