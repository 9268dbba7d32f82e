"""Names against codes: a classification code printed with a name that is not its name.

Within one document, every table printing a code prints it with one name: a table giving
it another (住房改革支出 for 2210201 where the others print 住房公积金) names a code it
does not mean, or puts figures on the wrong code. A functional 类 is held against the
national list too (pipelines/catalog/classifications.toml, with the names of earlier
editions), and an economic 类 or 款 against its list (economic_classification.toml).
Declared as a ``[[check]]`` of kind ``code_names`` in pipelines/catalog/rules.toml, whose
``functional`` and ``economic`` lists name the tables of each classification.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from pipelines import catalog
from pipelines.catalog.rulebook import CheckRule
from pipelines.normalise.facts import NormalisedDocument
from pipelines.text.labels import canonical_label, strip_ordinal
from pipelines.validate.results import result


def code_names(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each code printed in two tables or more (and each 类) with the same name throughout."""
    national: dict[str, set[str]] = defaultdict(set)
    for name, code in catalog.functional_class_by_name().items():
        national[code].add(name)
    for code, name in catalog.economic_names(document.document["fiscal_year"][0]).items():
        national[code].add(name)
    for classification in ("functional", "economic"):
        tables = set(rule.params[classification])
        printed: dict[str, dict[str, tuple[str, int | None]]] = defaultdict(dict)
        for r in document.line_items.filter(
            document.line_items["table_key"].is_in(tables)
            & document.line_items["row_code"].is_not_null()
        ).iter_rows(named=True):
            name = strip_ordinal(canonical_label(r["row_label"]))
            if name and r["table_key"] not in printed[r["row_code"]]:
                printed[r["row_code"]][r["table_key"]] = (name, r["page"])
        for code, by_table in sorted(printed.items()):
            listed = national.get(code) if classification == "economic" or len(code) == 3 else None
            yield from _one_code(rule, document.document_id, classification, code, by_table, listed)


def _one_code(
    rule: CheckRule,
    document_id: str,
    classification: str,
    code: str,
    by_table: dict[str, tuple[str, int | None]],
    national: set[str] | None,
) -> Iterator[dict]:
    counts = Counter(name for name, _ in by_table.values())
    if len(by_table) < 2 and not national:
        return
    usual, times = counts.most_common(1)[0]
    tied = len(counts) > 1 and counts.most_common(2)[1][1] == times
    for table, (name, page) in sorted(by_table.items()):
        problems = []
        if national and name not in national:
            level = {3: "类", 5: "款", 7: "项"}.get(len(code), "code")
            problems.append(f"the national list names {level} {code} {'/'.join(sorted(national))}")
        if len(counts) > 1 and (tied or name != usual):
            others = "; ".join(
                f"{t} prints {n}" for t, (n, _) in sorted(by_table.items()) if n != name
            )
            problems.append(f"the same code stands with another name elsewhere ({others})")
        yield result(
            document_id,
            rule.name,
            rule.severity,
            passed=not problems,
            table_key=table,
            row=code,
            page=page,
            message=f"{table} prints {classification} code {code} as {name}"
            + (": " + "; ".join(problems) if problems else ", as every table and list does"),
        )
