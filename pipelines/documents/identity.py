"""Who published a document, for which year, of which kind: decided from every place the
document states it (``pipelines/documents/statements.py``), the majority of kinds of place
deciding."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from pipelines.documents.mentions import IdentityMention
from pipelines.documents.statements import (
    SOURCES,
    Page,
    Statement,
    TableTitle,
    read_edition_mark,
    read_statements,
)
from pipelines.documents.wording import (
    PLACEHOLDER,
    names_same_department,
    region_of,
)

FIELDS = ("department", "region", "fiscal_year", "doc_kind", "scope")


@dataclass(frozen=True)
class DocumentIdentity:
    """What the document says about itself, and where (``sources``: field -> the kinds of
    place that state the value chosen, joined by ``+``)."""

    department: str | None
    region: str | None
    fiscal_year: int | None
    doc_kind: str | None
    scope: str | None
    sources: tuple[tuple[str, str], ...] = ()
    # what the cover, the contents or a running header state against the majority
    dissent: tuple[Statement, ...] = ()
    # the word marking it a corrected edition of its publication (更正…), if any
    edition_mark: str | None = None
    # a unit's 主管部门, as its cover names it
    parent_department: str | None = None

    def missing(self) -> list[str]:
        """The fields the document did not state."""
        return [
            name for name in ("department", "fiscal_year", "doc_kind") if not getattr(self, name)
        ]

    def source_of(self, name: str) -> str | None:
        """Where the value of field ``name`` was read (``cover+table_line``…), if anywhere."""
        return dict(self.sources).get(name)

    @property
    def is_template(self) -> bool:
        """A blank template: the department is a placeholder such as 上海市XX局."""
        return bool(self.department and PLACEHOLDER.search(self.department))


def read_identity(
    pages: list[Page] | list[str],
    titles: list[TableTitle] | None = None,
    source_file: str | None = None,
) -> DocumentIdentity:
    """Read department, region, fiscal year, kind and scope from every place a document
    states them: the cover (in any order and line breaking), the lines above the tables
    (部门名称：…, a bare 2024年度), the tables' titles, the table of contents, part headings,
    running headers and the narrative; the file name last.

    ``pages`` are (page number, lines) pairs, or just the lines of a text source. For each
    field the value stated by the most kinds of place wins (``SOURCES`` breaks ties);
    ``DocumentIdentity.sources`` records where each was read. ``edition_mark`` is the word
    of its cover, running headers, titles or file name marking it a corrected edition
    (``read_edition_mark``).
    """
    if pages and isinstance(pages[0], str):
        pages = [(None, list(pages))]  # type: ignore[list-item]
    statements = read_statements(pages, titles or [], source_file)  # type: ignore[arg-type]
    mark = read_edition_mark(pages, titles or [], source_file)  # type: ignore[arg-type]
    return replace(decide(statements), edition_mark=mark)


def decide(statements: list[Statement]) -> DocumentIdentity:
    """The identity the statements agree on: per field, the value stated by the most kinds
    of place; the file name only where nothing else states the field."""
    chosen: dict[str, str | int | None] = {}
    sources: list[tuple[str, str]] = []
    for name in FIELDS:
        stated = [s for s in statements if s.field == name]
        printed = [s for s in stated if s.source != "file_name"]
        value, kinds = _vote(printed or stated, name)
        chosen[name] = value
        if kinds:
            sources.append((name, "+".join(kinds)))
    department = chosen["department"]
    named_place = region_of(department) if isinstance(department, str) else None
    if named_place:
        # the department's own name states its locality: it outranks the narrative
        chosen["region"] = named_place
        sources = [(k, v) for k, v in sources if k != "region"]
        sources.append(("region", f"department_name({dict(sources).get('department', '')})"))
    if chosen["scope"] is None and chosen["doc_kind"] is not None:
        chosen["scope"] = "department"
    year = chosen["fiscal_year"]
    dissent = tuple(
        s
        for s in statements
        if s.source in DISSENTING_SOURCES
        and s.field in ("department", "fiscal_year", "doc_kind")
        and chosen[s.field] is not None
        and not _same_value(s.field, s.value, chosen[s.field])
    )
    parents = [
        str(s.value) for s in statements if s.field == "parent_department" and s.value != department
    ]
    return DocumentIdentity(
        department=department if isinstance(department, str) else None,
        parent_department=parents[0] if parents and chosen["scope"] == "unit" else None,
        region=chosen["region"] if isinstance(chosen["region"], str) else None,
        fiscal_year=int(year) if year is not None else None,
        doc_kind=chosen["doc_kind"] if isinstance(chosen["doc_kind"], str) else None,
        scope=chosen["scope"] if isinstance(chosen["scope"], str) else None,
        sources=tuple(sources),
        dissent=dissent,
    )


# The places whose disagreement with the majority becomes a finding: the other places a
# document restates itself (headings, table lines, dated titles) are read_mentions'.
DISSENTING_SOURCES = ("cover", "contents", "running_header")


def _same_value(name: str, value: str | int, other: str | int) -> bool:
    if value == other:
        return True
    if name == "department":
        return names_same_department(str(value), str(other)) or names_same_department(
            str(other), str(value)
        )
    return False


def dissent_mentions(identity: DocumentIdentity) -> list[IdentityMention]:
    """The cover, contents lines and running headers that state another identity than the
    one the document's other places agree on, as mentions the identity rule reports."""
    found = []
    for statement in identity.dissent:
        value = statement.value
        found.append(
            IdentityMention(
                kind=statement.source,
                page=statement.page,
                text=statement.text,
                fiscal_year=int(value) if statement.field == "fiscal_year" else None,
                department=str(value) if statement.field == "department" else None,
                doc_kind=str(value) if statement.field == "doc_kind" else None,
            )
        )
    return found


def _vote(stated: list[Statement], name: str) -> tuple[str | int | None, list[str]]:
    """The value the most kinds of place state, and those kinds in ``SOURCES`` order.

    Each kind votes once, for the value it states most often. Department names that name
    the same body (省人大办公厅 and 江苏省人大常委会办公厅) are one value, spelt as the
    kind of place first in ``SOURCES`` spells it.
    """
    votes: dict[str, str | int] = {}
    for source in SOURCES:
        values = Counter(s.value for s in stated if s.source == source)
        if values:
            votes[source] = values.most_common(1)[0][0]
    if not votes:
        return None, []
    groups: list[list[str]] = []  # kinds of place, grouped by the value they state
    for source, value in votes.items():
        for group in groups:
            if _same_value(name, value, votes[group[0]]):
                group.append(source)
                break
        else:
            groups.append([source])
    best = max(groups, key=lambda g: (len(g), -SOURCES.index(g[0])))
    return votes[best[0]], best
