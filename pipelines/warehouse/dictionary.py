"""The data dictionary, generated: every table, view and column with the warehouse's own
COMMENTs, every column_key with the headers it is read from, every rule of the rulebook,
and (for a warehouse with documents) the codes as its documents print them."""

from __future__ import annotations

import duckdb

from pipelines import catalog
from pipelines.validate.checks import all_rules

HEADER = (
    "# Data dictionary\n\n"
    "Generated from the warehouse's own `COMMENT`s and the catalog by `fiscal dictionary`; "
    "do not edit (`tests/test_dictionary.py` fails when it is stale: regenerate it with "
    "`.venv/bin/fiscal dictionary --schema-only --out docs/dictionary.md`).\n"
)


def _cell(text: object) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def _relations(conn: duckdb.DuckDBPyConnection, kind: str) -> list[tuple[str, str | None]]:
    if kind == "table":
        query = "SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal"
    else:
        query = "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal"
    return sorted(conn.execute(query).fetchall())


def _columns(conn: duckdb.DuckDBPyConnection, name: str) -> list[tuple[str, str, str | None]]:
    return conn.execute(
        "SELECT column_name, data_type, comment FROM duckdb_columns() "
        "WHERE table_name = ? ORDER BY column_index",
        [name],
    ).fetchall()


def _section(conn: duckdb.DuckDBPyConnection, kind: str) -> list[str]:
    lines = [f"\n## {'Tables' if kind == 'table' else 'Views'}\n"]
    for name, comment in _relations(conn, kind):
        lines.append(f"\n### `{name}`\n\n{_cell(comment)}\n")
        lines.append("| column | type | meaning |\n| --- | --- | --- |")
        lines += [
            f"| `{column}` | {kind_} | {_cell(meaning)} |"
            for column, kind_, meaning in _columns(conn, name)
        ]
    return lines


def _column_keys() -> list[str]:
    lines = [
        "\n## Column keys\n",
        "`line_items.column_key` of each standard table, and the printed headers it is read "
        "from (`pipelines/catalog/tables.toml`); a `其中：…` sub-column is "
        "`<parent>_<meaning>`, a header the catalog does not know is loaded as "
        "`col:<header>`.\n",
    ]
    for spec in catalog.tables():
        lines.append(f"\n### `{spec.key}`: {spec.titles[0]}\n")
        lines.append("| column_key | printed headers |\n| --- | --- |")
        lines += [
            f"| `{key}` | {_cell('、'.join(labels))} |"
            for key, labels in catalog.vocabulary(spec.vocabulary).items()
        ]
    return lines


def _rules() -> list[str]:
    lines = [
        "\n## Rules\n",
        "The rulebook (`pipelines/catalog/rules.toml`); `check_results.rule` names them.\n",
        "| rule | severity | checked on | what it checks |\n| --- | --- | --- | --- |",
    ]
    lines += [
        f"| `{rule.name}` | {rule.severity} | {rule.scope} | {_cell(rule.description)} |"
        for rule in sorted(all_rules(), key=lambda r: r.name)
    ]
    return lines


def _codes(conn: duckdb.DuckDBPyConnection) -> list[str]:
    lines: list[str] = []
    for table, title in (
        ("functional_codes", "Functional codes (支出功能分类) as printed"),
        ("economic_codes", "Economic codes (部门经济分类) as printed"),
    ):
        rows = conn.execute(
            f"SELECT code, level, string_agg(DISTINCT name, ' / ' ORDER BY name), "
            f"min(fiscal_year), max(fiscal_year) FROM {table} GROUP BY code, level "
            "ORDER BY code"
        ).fetchall()
        if not rows:
            continue
        lines.append(f"\n## {title}\n")
        lines.append("| code | level | names printed | years |\n| --- | --- | --- | --- |")
        lines += [
            f"| {code} | {level} | {_cell(names)} | {first}–{last} |"
            for code, level, names, first, last in rows
        ]
    return lines


def render(conn: duckdb.DuckDBPyConnection, *, codes: bool = True) -> str:
    """The dictionary of ``conn``'s warehouse as Markdown (``codes``: with the code lists
    its loaded documents print)."""
    lines = [HEADER]
    lines += _section(conn, "table")
    lines += _section(conn, "view")
    lines += _column_keys()
    lines += _rules()
    if codes:
        lines += _codes(conn)
    return "\n".join(lines) + "\n"
