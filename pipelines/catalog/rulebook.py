"""The rulebook (rules.toml): its families of entries, the document rules and materiality.

``[[rule]]`` accounting identities, ``[[report_total]]`` and ``[[narrative_coverage]]``
performance rules, ``[[check]]`` rules on a document as a whole or across documents, and
``[materiality]``, when a failed identity makes a document ``unverified``. What each rule
means, and how it is checked, is the validate step's.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from pipelines.catalog import read_file

FILE = "rules.toml"


def entries(family: str) -> tuple[dict, ...]:
    """The entries of one family of the rulebook (``rule``, ``check``, …), in order."""
    return tuple(read_file(FILE).get(family, []))


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
    block = read_file(FILE)["materiality"]
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
        for r in entries("check")
    )
