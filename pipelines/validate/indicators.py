"""A performance indicator given full marks meets its target.

A 项目支出绩效自评 report scores each 绩效指标 out of its 权重; one scored its whole weight
was met, so its 实际完成值 must satisfy its 年度指标值 (≥12000份 met by 2800份 cannot earn
full marks). Declared as a ``[[check]]`` of kind ``indicator_met`` in
pipelines/catalog/rules.toml; only indicators whose target is one comparison with a number
and whose actual value is a number are judged.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator
from decimal import Decimal

from pipelines.catalog.rulebook import CheckRule
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.results import result

TABLE = "performance_indicators"
COMPARE: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge, "<=": operator.le, "=": operator.eq, "<": operator.lt, ">": operator.gt,
}  # fmt: skip


def indicator_met(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each indicator scored its whole weight, against its target."""
    for r in document.indicators.iter_rows(named=True):
        weight, score = r["weight"], r["score"]
        target, actual, comparator = r["target_value"], r["actual_value"], r["target_comparator"]
        if None in (weight, score, target, actual, comparator) or score != weight or not weight:
            continue
        passed = COMPARE[comparator](actual, target)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            expected=target,
            actual=actual,
            table_key=TABLE,
            row=f"{r['project_name']}: {r['indicator']}",
            page=r["page"],
            message=(
                f"{r['project_name']}: {r['indicator']} scored {score} of {weight} with "
                f"{r['actual_text']} against a target of {r['target_text']}"
                + ("" if passed else ": full marks for a target not met")
            ),
        )
