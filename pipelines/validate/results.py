"""What every rule of the rulebook gives: ``check_results`` rows (their columns are
pipelines/columns.py's ``CHECK_RESULTS``)."""

from __future__ import annotations

from decimal import Decimal


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
