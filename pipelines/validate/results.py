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
    "material": pl.Boolean,
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
    material: bool | None = None,
) -> dict:
    """One check_results row: the rule's severity, or ``info`` for a pass within rounding.

    ``material``: whether a failure makes the document's figures untrustworthy
    (``unverified``); by default every failed ``error`` is, while an accounting identity
    passes its own judgement (``Materiality``).
    """
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
        "material": (not passed and severity == "error") if material is None else material,
    }


@dataclass(frozen=True)
class Materiality:
    """When a failed accounting identity makes a document ``unverified`` ([materiality] of
    the rulebook): its difference exceeds the rounding bound, ``share`` of the larger of
    the two figures, and ``yuan``, all three. A smaller slip is a finding of the rule's
    severity that leaves the document ``verified_with_warnings``."""

    share: Decimal
    yuan: Decimal

    def material(self, difference: Decimal, tolerance: Decimal, *figures: Decimal) -> bool:
        """Whether a difference beyond ``tolerance`` is material."""
        size = max((abs(f) for f in figures), default=Decimal(0))
        gap = abs(difference)
        return gap > tolerance and gap > self.share * size and gap > self.yuan


@cache
def materiality() -> Materiality:
    """The rulebook's materiality thresholds."""
    with RULES_FILE.open("rb") as handle:
        block = tomllib.load(handle)["materiality"]
    return Materiality(share=Decimal(str(block["share"])), yuan=Decimal(str(block["yuan"])))


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
