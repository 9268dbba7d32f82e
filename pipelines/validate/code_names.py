"""Names against codes: a classification code printed with a name that is not its name.

Within one document, every table printing a code prints it with one name: a table giving
it another (住房改革支出 for 2210201 where the others print 住房公积金) names a code it
does not mean, or puts figures on the wrong code. A functional 类, and a functional 款 the
national list holds, is held against that list too (pipelines/catalog/classifications.toml,
with the names of earlier editions), and an economic 类 or 款 against its list
(economic_classification.toml).
Declared as a ``[[check]]`` of kind ``code_names`` in pipelines/catalog/rules.toml, whose
``functional`` and ``economic`` lists name the tables of each classification.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator

from pipelines import catalog
from pipelines.catalog.rulebook import CheckRule
from pipelines.documents.explanations import MENTION
from pipelines.normalise.facts import NormalisedDocument
from pipelines.text.labels import canonical_label, strip_ordinal
from pipelines.validate.results import result


def code_names(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each code printed in two tables or more (and each 类) with the same name throughout."""
    economic = catalog.economic_names(document.document["fiscal_year"][0])
    national = {
        "functional": catalog.functional_national_names(),
        "economic": {code: {name} for code, name in economic.items()},
    }
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
            listed = national[classification].get(code)
            yield from _one_code(rule, document.document_id, classification, code, by_table, listed)


def _one_code(
    rule: CheckRule,
    document_id: str,
    classification: str,
    code: str,
    by_table: dict[str, tuple[str, int | None]],
    national: frozenset[str] | set[str] | None,
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


def narrative_code_names(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each X（类）Y（款）Z（项） of the narrative against the document's own tables: the 项 it
    names stands under a 款 of that name, in that 类. A mention whose 项 no table prints is
    not judged (the narrative may name what the tables leave out)."""
    names: dict[str, str] = {}
    for r in document.line_items.filter(
        document.line_items["table_key"].is_in(rule.params["functional"])
        & document.line_items["row_code"].is_not_null()
    ).iter_rows(named=True):
        names.setdefault(r["row_code"], strip_ordinal(canonical_label(r["row_label"])))
    classes = catalog.functional_class_by_name()
    seen = set()
    # a paragraph about one 项 names it in its heading: its figures' metrics carry the names
    texts = [
        (text, page)
        for column in ("sentence", "metric")
        for text, page in document.narrative.select(column, "page").unique().iter_rows()
    ]
    for text, page in texts:
        for m in MENTION.finditer(re.sub(r"[“”\"]", "", text)):
            if not (m["cls"] and m["section"]):
                continue  # the 类 or the 款 left to a heading: not judged here
            mention = tuple(canonical_label(m[g]) for g in ("cls", "section", "item"))
            if mention in seen:
                continue
            seen.add(mention)
            yield from _one_mention(rule, document.document_id, mention, page, names, classes)


def _one_mention(
    rule: CheckRule,
    document_id: str,
    mention: tuple[str, str, str],
    page: int | None,
    names: dict[str, str],
    classes: dict[str, str],
) -> Iterator[dict]:
    cls, section, item = mention
    class_codes = {c for c, n in names.items() if len(c) == 3 and n == cls}
    if cls in classes:
        class_codes.add(classes[cls])
    items = [c for c, n in names.items() if len(c) == 7 and n == item and c[:3] in class_codes]
    if not items:
        return  # the 项 is not in the tables (or the 类 name is not a 类's)
    under = [c for c in items if names.get(c[:5]) == section]
    text = f"{cls}（类）{section}（款）{item}（项）"
    where = ", ".join(f"{c} under {c[:5]} {names.get(c[:5], '(not printed)')}" for c in items)
    yield result(
        document_id,
        rule.name,
        rule.severity,
        passed=bool(under),
        row=text,
        page=page,
        message=f"the narrative names {text}; the tables print {item} as {where}"
        + ("" if under else f": no 款 {section} above it"),
    )
