"""A table breaks every code down as far as it breaks any: a 款 with figures and no 项
under it, in a table that prints 项, has lost its 项 row (and the 款 = sum of its 项 rule
has nothing to add up). Declared as a ``[[check]]`` of kind ``code_depth`` in
pipelines/catalog/rules.toml; ``tables`` names the tables it applies to.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

from pipelines.catalog.rulebook import CheckRule
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.results import result

LEVELS = {3: "类", 5: "款", 7: "项"}
STEP = 2  # each level adds two digits to its parent's code (201 > 20101 > 2010101)


def code_depth(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each code printing a figure other than 0, above its table's deepest level: broken
    down (a child printed) or not."""
    rows = document.line_items.filter(
        pl.col("table_key").is_in(rule.params["tables"]) & pl.col("row_code").is_not_null()
    )
    for (table, group), part in rows.group_by("table_key", "row_group", maintain_order=True):
        codes = set(part["row_code"])
        deepest = max(len(c) for c in codes)
        parents = (
            part.filter(
                (pl.col("row_code").str.len_chars() < deepest) & (pl.col("amount_yuan") != 0)
            )
            .group_by("row_code", maintain_order=True)
            .agg(pl.col("row_label").first(), pl.col("page").min(), pl.col("amount_yuan").first())
        )
        for code, label, page, amount in parents.iter_rows():
            children = [c for c in codes if len(c) == len(code) + STEP and c.startswith(code)]
            level, below = LEVELS.get(len(code), "code"), LEVELS.get(len(code) + STEP, "code")
            where = f" ({group})" if group else ""
            yield result(
                document.document_id,
                rule.name,
                rule.severity,
                passed=bool(children),
                table_key=table,
                row=code,
                page=page,
                message=f"{table}{where} prints {level} {code} {label}"
                + (
                    f" with {len(children)} {below} under it"
                    if children
                    else f" with figures ({amount / 10000:,.2f}万元 the first) and no {below} "
                    f"under it, while it prints {LEVELS.get(deepest, 'codes')} elsewhere: "
                    f"its {below} row is missing"
                ),
            )
