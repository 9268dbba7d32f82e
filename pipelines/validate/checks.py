"""The whole rulebook on one document, and the list of its rules.

pipelines/catalog/rules.toml declares four families, each with a severity:

- ``[[rule]]``: accounting identities within and across the tables (pipelines/validate/rules.py);
- ``[[report_total]]`` and ``[[narrative_coverage]]``: the performance reports against
  themselves and the narrative (pipelines/validate/performance.py);
- ``[[check]]``: the document as a whole, its identity, its tables' presence, its narrative
  (pipelines/validate/document_rules.py, narrative_rules.py), and, across documents, the
  carry-over between years (evaluated in the warehouse: sql/refresh/).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import polars as pl

from pipelines.catalog.rulebook import CheckRule, check_rules
from pipelines.columns import CHECK_RESULTS
from pipelines.extract.model import ExtractedDocument
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.validate import (
    code_depth,
    code_names,
    document_rules,
    explanations,
    form_rules,
    indicators,
    narrative_rules,
    units,
)
from pipelines.validate.performance import check_performance, narrative_coverage, report_totals
from pipelines.validate.rules import check_tables, rulebook

DOCUMENT_KINDS: dict[str, Callable[[CheckRule, NormalisedDocument], Iterator[dict]]] = {
    "identity_stated": document_rules.identity_stated,
    "identity_restated": document_rules.identity_restated,
    "table_present": document_rules.table_present,
    "contents_listed": document_rules.contents_tables_present,
    "placeholders": document_rules.no_placeholders,
    "doubled_words": form_rules.no_doubled_words,
    "percent_decimals": form_rules.percent_decimals,
    "scope_wording": form_rules.scope_wording,
    "empty_explained": document_rules.empty_explained,
    "narrative_agrees": narrative_rules.narrative_agrees,
    "narrative_change": narrative_rules.narrative_change,
    "narrative_rate": narrative_rules.narrative_rate,
    "narrative_direction": narrative_rules.narrative_direction,
    "narrative_share": narrative_rules.narrative_share,
    "narrative_shares_whole": narrative_rules.narrative_shares_whole,
    "narrative_split": narrative_rules.narrative_split,
    "narrative_reason": narrative_rules.narrative_reason,
    "narrative_comparison": narrative_rules.narrative_comparison,
    "narrative_comparison_reason": narrative_rules.narrative_comparison_reason,
    "code_names": code_names.code_names,
    "code_depth": code_depth.code_depth,
    "narrative_code_names": code_names.narrative_code_names,
    "indicator_met": indicators.indicator_met,
    "explanation_fits_code": explanations.explanation_fits_code,
    "unit_scale": units.unit_scale,
}
# kinds that compare documents with each other: evaluated in the warehouse after each load
WAREHOUSE_KINDS = {
    "narrative_publication": "a narrative half's figures against the tables of its "
    "publication's other files (sql/refresh/002_cross_document_checks.sql)",
    "carryover": "this year's 年初结转和结余 against last year's 年末结转和结余 "
    "(sql/refresh/002_cross_document_checks.sql)",
    "code_names_elsewhere": "a functional 项's name against the one name the other "
    "departments' publications of the year print (sql/refresh/002_cross_document_checks.sql)",
}


@dataclass
class CheckedDocument:
    """A document's facts and the outcome of the rulebook on them."""

    document: NormalisedDocument
    checks: pl.DataFrame


def normalise_and_check(extracted: ExtractedDocument) -> CheckedDocument:
    """A document read -> its facts, checked against the rulebook."""
    document = normalise_document(extracted)
    return CheckedDocument(document=document, checks=check_document(document))


@dataclass(frozen=True)
class RuleInfo:
    """A rule as the UI lists it: its name, severity, where it is evaluated, what it says."""

    name: str
    severity: str
    scope: str  # document (when the document is read) | warehouse (after it is loaded)
    description: str


def all_rules() -> list[RuleInfo]:
    """Every rule of the rulebook, once each, in the file's order of families."""
    found: dict[str, RuleInfo] = {}
    for rule in rulebook():
        tables = ", ".join(rule.tables)
        found[rule.name] = RuleInfo(
            rule.name, rule.severity, "document", f"{rule.kind} on {tables}"
        )
    for total in report_totals():
        found.setdefault(total.rule, RuleInfo(total.rule, total.severity, "document", total.what))
    for coverage in narrative_coverage():
        found.setdefault(
            coverage.rule,
            RuleInfo(
                coverage.rule,
                coverage.severity,
                "document",
                "the narrative's statement of the performance evaluations run against the "
                "attached reports",
            ),
        )
    for check in check_rules():
        if check.kind in WAREHOUSE_KINDS:
            found[check.name] = RuleInfo(
                check.name, check.severity, "warehouse", WAREHOUSE_KINDS[check.kind]
            )
        else:
            doc = DOCUMENT_KINDS[check.kind].__doc__ or check.kind
            found[check.name] = RuleInfo(
                check.name, check.severity, "document", " ".join(doc.split())
            )
    return list(found.values())


def check_document(document: NormalisedDocument) -> pl.DataFrame:
    """Every document-scope rule on a loaded document: one check_results row per place
    a rule was evaluated, passed or not (a quarantined document gets none)."""
    if document.status != "loaded":
        return pl.DataFrame(schema=CHECK_RESULTS)
    document_id = document.document_id
    records = [
        record
        for check in check_rules()
        if check.kind in DOCUMENT_KINDS
        for record in DOCUMENT_KINDS[check.kind](check, document)
    ]
    return pl.concat(
        [
            check_tables(document_id, document.line_items, document.document["doc_kind"][0]),
            check_performance(
                document_id, document.performance, document.indicators, document.narrative
            ),
            pl.DataFrame(records, schema=CHECK_RESULTS),
        ]
    )
