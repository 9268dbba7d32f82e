"""The document rules of the rulebook (``[[check]]`` of pipelines/catalog/rules.toml) and
the check_results rows they give."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipelines.validate.rules import RULES_FILE


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
    with RULES_FILE.open("rb") as handle:
        raw = tomllib.load(handle).get("check", [])
    return tuple(
        CheckRule(
            name=r["name"],
            kind=r["kind"],
            severity=r["severity"],
            params={k: v for k, v in r.items() if k not in ("name", "kind", "severity")},
        )
        for r in raw
    )


def result(
    document_id: str,
    rule: CheckRule,
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
        "rule": rule.name,
        "severity": "info" if passed and within_rounding else rule.severity,
        "passed": passed,
        "expected": expected,
        "actual": actual,
        "difference": actual - expected if actual is not None and expected is not None else None,
        "table_key": table_key,
        "row": row,
        "page": page,
        "message": message,
    }
