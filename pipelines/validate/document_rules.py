"""Rules on a document as a whole: it restates its identity consistently, prints the
tables every publication of its kind prints, and says why a table is empty.

Declared as ``[[check]]`` entries of pipelines/catalog/rules.toml (kinds
``identity_restated``, ``table_present``, ``empty_explained``).
"""

from __future__ import annotations

from collections.abc import Iterator

from pipelines import catalog
from pipelines.catalog.rulebook import CheckRule
from pipelines.documents.wording import DOC_KINDS, names_same_department
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.results import result

KIND_NAMES = {kind: word for word, kind in DOC_KINDS.items()}


_STATED_FIELDS = {
    "department": "its department",
    "fiscal_year": "its fiscal year",
    "doc_kind": "its kind (预算/决算)",
}


def identity_stated(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """The document states its department, fiscal year and kind somewhere (cover, tables,
    headings, narrative; the file name last): each field, and where it was read."""
    row = document.document.row(0, named=True)
    for name, what in _STATED_FIELDS.items():
        value, source = row[name], row[f"{name}_source"]
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=value is not None,
            row=name,
            message=(
                f"{what}: {value} (read from {source})"
                if value is not None
                else f"the document states {what} nowhere (cover, tables, headings, narrative, "
                "file name): its figures cannot be placed"
            ),
        )


def identity_restated(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each heading and as-of date against the identity the document states."""
    row = document.document.row(0, named=True)
    year, department, kind = row["fiscal_year"], row["department"], row["doc_kind"]
    if year is None or department is None or kind is None:
        return  # identity_stated reports what is missing
    for mention in document.mentions:
        problems = []
        if mention.kind == "as_of":
            wanted = year + rule.params["as_of_offset"].get(kind, 0)
            if mention.fiscal_year != wanted:
                problems.append(
                    f"counts its assets at a date of {mention.fiscal_year}, not {wanted}"
                )
        else:
            if mention.fiscal_year is not None and mention.fiscal_year != year:
                problems.append(f"names the year {mention.fiscal_year}, not {year}")
            # a 主管部门 line names the department itself, or a unit's parent department
            unit_parent = mention.kind == "parent" and row["scope"] == "unit"
            wanted = row["parent_department"] if unit_parent else department
            if wanted is None:
                continue  # a unit whose cover names no parent: nothing to hold it against
            if mention.department and not names_same_department(mention.department, wanted):
                problems.append(f"names the department {mention.department}, not {wanted}")
            if mention.doc_kind and mention.doc_kind != kind:
                problems.append(
                    f"calls itself {KIND_NAMES[mention.doc_kind]}, not {KIND_NAMES[kind]}"
                )
        where = f"page {mention.page}" if mention.page else "the text"
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=not problems,
            row=mention.kind,
            page=mention.page,
            message=(
                f"{where} prints “{mention.text[:60]}”, which "
                + ("; ".join(problems) if problems else "agrees with the cover")
                + f" (cover: {department}, {year}, {KIND_NAMES[kind]})"
            ),
        )


def contents_tables_present(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each standard table the document's table of contents lists is printed in it (with
    figures, empty, or unread)."""
    found = {
        t["table_key"] for t in document.tables.iter_rows(named=True) if t["status"] != "absent"
    }
    for listed in document.listed:
        title = catalog.table(listed.table_key).titles[0]
        printed = listed.table_key in found
        where = f"page {listed.page}" if listed.page else "the text"
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=printed,
            table_key=listed.table_key,
            row=listed.table_key,
            page=listed.page,
            message=f"the contents ({where}) list “{listed.text}”: "
            + (f"{title} is printed" if printed else f"no {title} ({listed.table_key}) is printed"),
        )


def no_placeholders(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """No line of the document prints a template's placeholder (XX, ×××, 待填写): one row
    per line that does, and one passing row when none does."""
    for found in document.placeholders:
        where = f"page {found.page}" if found.page else "the text"
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=False,
            row=found.placeholder,
            page=found.page,
            message=f"{where} prints “{found.text[:80]}”: the placeholder {found.placeholder} "
            "of a template, not filled in",
        )
    if not document.placeholders:
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=True,
            message="no line prints a template's placeholder",
        )


def table_present(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each table of the document's template's list for its kind and fiscal year
    (templates.toml: `mandatory`, required; `expected`, printed by the template's
    publications though not required; a table with a `since` year from that year on):
    found (printed or empty) or not."""
    row = document.document.row(0, named=True)
    if row["part"] == "narrative":
        return  # the narrative half of a split publication: its tables are in the other file
    template = catalog.template(row["template"]) if row["template"] else catalog.default_template()
    requirement = rule.params.get("requirement", "mandatory")
    kind, year = row["doc_kind"], row["fiscal_year"]
    found = {t["table_key"]: t for t in document.tables.iter_rows(named=True)}
    for key in template.looks_for(requirement, kind, year):
        status = found[key]["status"] if key in found else "absent"
        titles = catalog.table(key).titles  # named as the document's kind names it
        title = next((t for t in titles if ("决算" in t) == (kind == "final_accounts")), titles[0])
        if status == "unread":
            yield result(
                document.document_id,
                rule.name,
                rule.severity,
                passed=False,
                table_key=key,
                row=key,
                page=found[key]["first_page"],
                message=f"{title} ({key}) is printed on page {found[key]['first_page']}, but "
                "its grid could not be read (no vertical ruling lines, or an image): its "
                "figures are not in the warehouse",
            )
            continue
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=status != "absent",
            table_key=key,
            row=key,
            message=(
                f"{title} ({key}) is {status}"
                if status != "absent"
                else f"{title} ({key}) was not found: "
                + _who_prints(template, requirement, kind, key)
                + ", so it was left out, or its title cannot be read"
            ),
        )


def _who_prints(template: catalog.Template, requirement: str, kind: str, key: str) -> str:
    """Which of the template's publications print a table: every one (of a year on), or
    those of the years it is expected."""
    since = template.since.get(kind, {}).get(key)
    years = f" since {since}" if since else ""
    if requirement == "mandatory":
        return f"every {KIND_NAMES[kind]} of the {template.key} template{years} prints it"
    return (
        f"the {template.key} template's {KIND_NAMES[kind]}{years} print it (empty, with a note, "
        "where there is none), though not every one must"
    )


def empty_explained(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each table printed without figures: does it say why (本表无数据)?"""
    empty = document.tables.filter(document.tables["status"] == "empty")
    for table in empty.iter_rows(named=True):
        title = table["title"] or catalog.table(table["table_key"]).titles[0]
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=bool(table["no_data_note"]),
            table_key=table["table_key"],
            row=table["table_key"],
            page=table["first_page"],
            message=(
                f"{title} is printed without figures and says why (本表无数据)"
                if table["no_data_note"]
                else f"{title} is printed without any figure and without a reason "
                "(本表无数据 or 本年度没有…): its figures may have been removed"
            ),
        )
