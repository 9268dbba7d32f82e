"""The data dictionary is generated, and docs/dictionary.md is what the generator writes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.paths import PROJECT_ROOT
from pipelines.warehouse.dictionary import render
from pipelines.warehouse.schema import apply_schema
from tests.conftest import fiscal, fiscal_env


def test_docs_dictionary_is_current() -> None:
    conn = duckdb.connect()
    apply_schema(conn)
    current = (PROJECT_ROOT / "docs" / "dictionary.md").read_text(encoding="utf-8")
    assert render(conn, codes=False) == current, (
        "docs/dictionary.md is stale: .venv/bin/fiscal dictionary --schema-only "
        "--out docs/dictionary.md"
    )


def test_the_dictionary_names_every_table_view_rule_and_printed_code(
    loaded_warehouse: Path, tmp_path: Path
) -> None:
    done = fiscal(
        "dictionary", "--warehouse", str(loaded_warehouse), env=fiscal_env(tmp_path / "d")
    )
    assert done.returncode == 0, done.stderr
    text = done.stdout
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        names = [
            n
            for (n,) in conn.execute("SELECT table_name FROM information_schema.tables").fetchall()
        ]
    assert all(f"### `{name}`" in text for name in names)
    assert "| `amount_yuan` | DECIMAL(18,2) |" in text
    assert "| `carryover_matches_prior_year` | warning | warehouse |" in text
    # the sample's expenditure table prints 201 一般公共服务支出 and 30201 办公费
    assert "| 201 | 类 | 一般公共服务支出 | 2024–2024 |" in text
    assert "| 30201 | 款 | 办公费 | 2024–2024 |" in text
