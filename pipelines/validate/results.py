"""What every rule of the rulebook shares: the rulebook file, the check_results rows it
gives, and the document rules (``[[check]]`` of pipelines/catalog/rules.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import polars as pl

RULES_FILE = Path(__file__).resolve().parents[1] / "catalog" / "rules.toml"
MONEY = pl.Decimal(18, 2)

CHECK_SCHEMA = {
    "document_id": pl.Utf8,
    "rule": pl.Utf8,
    "severity": pl.Utf8,
    "passed": pl.Boolean,
    "expected": MONEY,
    "actual": MONEY,
    "difference": MONEY,
    "table_key": pl.Utf8,
    "row": pl.Utf8,
    "page": pl.Int32,
    "message": pl.Utf8,
}


@cache
def rulebook_entries(family: str) -> tuple[dict, ...]:
    """The entries of one family of the rulebook file (``rule``, ``check``, …), in order."""
    with RULES_FILE.open("rb") as handle:
        return tuple(tomllib.load(handle).get(family, []))


def result(
    document_id: str,
    rule: str,
    severity: str,
    *,
    passed: bool,
    message: str,
    expected: Decimal | None = None,
    actual: Decimal | None = None,
    table_key: str | None = None,
    row: str | None = None,
    page: int | None = None,
    within_rounding: bool = False,
) -> dict:
    """One check_results row: the rule's severity, or ``info`` for a pass within rounding."""
    return {
        "document_id": document_id,
        "rule": rule,
        "severity": "info" if passed and within_rounding else severity,
        "passed": passed,
        "expected": expected,
        "actual": actual,
        "difference": actual - expected if actual is not None and expected is not None else None,
        "table_key": table_key,
        "row": row,
        "page": page,
        "message": message,
    }


@dataclass(frozen=True)
class CheckRule:
    """A rule on a document as a whole (identity, presence, narrative, across years)."""

    name: str
    kind: str
    severity: str
    params: dict


@cache
def check_rules() -> tuple[CheckRule, ...]:
    """The ``[[check]]`` rules, in the order of the rulebook file."""
    return tuple(
        CheckRule(
            name=r["name"],
            kind=r["kind"],
            severity=r["severity"],
            params={k: v for k, v in r.items() if k not in ("name", "kind", "severity")},
        )
        for r in rulebook_entries("check")
    )
