"""What the warehouse says about a document's checks: the rules it passed and failed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import duckdb


@dataclass(frozen=True)
class RuleTally:
    """How often one rule held and failed on a document."""

    rule: str
    severity: str
    passed: int
    rounding: int  # of the passed: held only within the rule's rounding tolerance
    failed: int


@dataclass(frozen=True)
class Failure:
    """One place where a rule failed, with the figures."""

    rule: str
    severity: str
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    table_key: str | None
    row: str | None
    page: int | None
    message: str
    material: bool = True  # whether it makes the document unverified


@dataclass
class DocumentChecks:
    """A document and the outcome of every rule on it."""

    document_id: str
    source_file: str
    department: str | None
    fiscal_year: int | None
    doc_kind: str | None
    status: str
    status_reason: str | None
    verification: str | None  # v_documents: unverified, verified_with_warnings, verified
    tallies: list[RuleTally] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)

    def failed(self, severity: str) -> int:
        """How many checks of this severity failed."""
        return sum(f.severity == severity for f in self.failures)

    @property
    def passed(self) -> int:
        """How many checks held."""
        return sum(t.passed for t in self.tallies)


class UnknownDocument(LookupError):
    """No document of the warehouse matches what was asked for."""


def _selected(conn: duckdb.DuckDBPyConnection, selector: str | None) -> list[tuple]:
    rows = conn.execute(
        "SELECT document_id, source_file, department, fiscal_year, doc_kind, status, "
        "status_reason, verification FROM v_documents WHERE status <> 'retired' "
        "ORDER BY source_file"
    ).fetchall()
    if selector is None:
        return rows
    # a document is named by any of its files (identical bytes under several names)
    names: dict[str, set[str]] = {}
    for source, doc in conn.execute(
        "SELECT source_file, document_id FROM document_sources"
    ).fetchall():
        names.setdefault(doc, set()).add(source)
    wanted = selector.rstrip("/")
    last = wanted.rsplit("/", 1)[-1]
    chosen = [
        row
        for row in rows
        if row[0].startswith(selector)
        or any(
            path == wanted or path.rsplit("/", 1)[-1] == last
            for path in names.get(row[0], {row[1]})
        )
    ]
    if not chosen:
        raise UnknownDocument(
            f"no document in the warehouse is {selector!r} (give a file name as listed by "
            "`SELECT source_file FROM documents`, or the start of a document_id)"
        )
    return chosen


def document_checks(
    conn: duckdb.DuckDBPyConnection, selector: str | None = None
) -> list[DocumentChecks]:
    """Every document (or those ``selector`` names: a file name, a path ending in it, or
    the start of a document_id) with its rules' tallies and failures."""
    found = []
    for row in _selected(conn, selector):
        checks = DocumentChecks(*row)
        tallies = conn.execute(
            "SELECT rule, coalesce(any_value(severity) FILTER (WHERE severity <> 'info'), 'info'), "
            "count(*) FILTER (WHERE passed), count(*) FILTER (WHERE passed AND severity = 'info'), "
            "count(*) FILTER (WHERE NOT passed) FROM check_results WHERE document_id = ? "
            "GROUP BY rule ORDER BY rule",
            [checks.document_id],
        ).fetchall()
        checks.tallies = [RuleTally(*tally) for tally in tallies]
        failures = conn.execute(
            'SELECT rule, severity, expected, actual, difference, table_key, "row", page, '
            "message, coalesce(material, severity = 'error') FROM check_results "
            "WHERE document_id = ? AND NOT passed "
            "ORDER BY CASE severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
            'page NULLS LAST, rule, table_key, "row"',
            [checks.document_id],
        ).fetchall()
        checks.failures = [Failure(*failure) for failure in failures]
        found.append(checks)
    return found
