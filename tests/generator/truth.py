"""The truth file of a generated publication, and comparing the pipeline's facts with it.

``NAME.truth.json``::

    {"identity": {"department", "region", "fiscal_year", "doc_kind", "scope"},
     "axes": {axis: value}, "details": {...},
     "facts": [{"table_key", "row_code", "row_label", "column_key", "amount_yuan"}]}

``amount_yuan`` is a string with two decimals; ``row_label`` is the label as printed with
whitespace removed. Facts are compared as multisets of (table_key, row_code, normalised
row_label, column_key, Decimal amount): every figure must be found exactly, once.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.generator.tables import Fact

Key = tuple[str, str | None, str, str, Decimal]
_HALF_TO_FULL = str.maketrans({"(": "（", ")": "）", ":": "："})


def yuan(cents: int) -> str:
    """Cents as the truth file's amount string (two decimals, exact)."""
    return f"{Decimal(cents) / 100:.2f}"


def truth_document(
    identity: dict[str, Any], axes: dict[str, str], details: dict[str, Any], facts: list[Fact]
) -> dict[str, Any]:
    """The JSON-ready truth of one publication."""
    return {
        "identity": identity,
        "axes": axes,
        "details": details,
        "facts": [
            {
                "table_key": f.table_key,
                "row_code": f.row_code,
                "row_label": f.row_label,
                "column_key": f.column_key,
                "amount_yuan": yuan(f.cents),
            }
            for f in facts
        ],
    }


def write_truth(path: Path, truth: dict[str, Any]) -> None:
    """Write a truth file (UTF-8, stable key order)."""
    path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def read_truth(path: Path) -> dict[str, Any]:
    """Read a truth file."""
    return json.loads(path.read_text(encoding="utf-8"))


def normalise_label(label: str | None) -> str:
    """A label for comparison: whitespace removed, half-width brackets and colons full-width."""
    return re.sub(r"\s+", "", label or "").translate(_HALF_TO_FULL)


def key_of(table_key: str, row_code: Any, row_label: Any, column_key: str, amount: Any) -> Key:
    """The comparison key of one fact."""
    code = str(row_code) if row_code not in (None, "") else None
    return (table_key, code, normalise_label(row_label), column_key, Decimal(str(amount)))


def expected_facts(truth: dict[str, Any]) -> Counter[Key]:
    """The truth's facts as a multiset."""
    return Counter(
        key_of(f["table_key"], f["row_code"], f["row_label"], f["column_key"], f["amount_yuan"])
        for f in truth["facts"]
    )


def found_facts(rows: Iterable[dict[str, Any]]) -> Counter[Key]:
    """The pipeline's ``line_items`` rows (dicts) as a multiset."""
    return Counter(
        key_of(r["table_key"], r["row_code"], r["row_label"], r["column_key"], r["amount_yuan"])
        for r in rows
    )


@dataclass(frozen=True)
class Comparison:
    """Truth against the pipeline: what matched, what is missing, what is extra."""

    expected: Counter[Key]
    found: Counter[Key]

    @property
    def missing(self) -> Counter[Key]:
        """Truth facts the pipeline did not produce exactly."""
        return self.expected - self.found

    @property
    def extra(self) -> Counter[Key]:
        """Facts the pipeline produced that the truth does not have."""
        return self.found - self.expected

    @property
    def matched(self) -> int:
        """How many truth facts were found exactly."""
        return sum((self.expected & self.found).values())

    @property
    def exact(self) -> bool:
        """Every truth fact found, nothing extra."""
        return not self.missing and not self.extra

    def describe(self, limit: int = 8) -> str:
        """A few missing and extra facts, for a failure message."""

        def show(counter: Counter[Key]) -> str:
            items = sorted(counter.elements(), key=lambda k: (k[0], k[1] or "", k[2], k[3]))
            return "\n".join(f"    {k[0]} {k[1]} {k[2]} {k[3]} {k[4]}" for k in items[:limit])

        total = sum(self.expected.values())
        return (
            f"{self.matched}/{total} truth facts exact; "
            f"{sum(self.missing.values())} missing, {sum(self.extra.values())} extra\n"
            f"  missing:\n{show(self.missing)}\n  extra:\n{show(self.extra)}"
        )
