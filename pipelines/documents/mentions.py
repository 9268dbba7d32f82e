"""Where a document restates its identity (headings, the tables' titles, 部门名称 lines and
year lines, as-of dates): the input of the identity rule."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.catalog.titles import match_title_variant
from pipelines.documents.statements import title_identity
from pipelines.documents.wording import (
    AS_OF,
    DOC_KINDS,
    HEADING,
    HEADING_LENGTH,
    NAMED_DEPARTMENT,
    NAMED_PARENT,
    ORGANISATION_END,
    TABLE_FURNITURE,
    TABLE_YEAR,
    TITLE_LENGTH,
    TITLED,
)
from pipelines.text.labels import clean_label, strip_ordinal


@dataclass(frozen=True)
class IdentityMention:
    """A place where a document states its department or year again.

    ``kind`` is ``heading`` (a part's or a table set's heading: department, year, kind),
    ``table`` (a table's 部门名称：/编制部门： line, its title where it names the year or
    the department, as 2025年部门财务收支预算总表 and 2022年度云南省财政厅收入支出决算总表,
    or its year line, 2024年度 under the title), ``parent`` (a 主管部门： line, as an
    attached report's header prints it) or ``as_of`` (the date the narrative counts assets
    and vehicles at).
    """

    kind: str
    page: int | None
    text: str
    fiscal_year: int | None
    department: str | None = None
    doc_kind: str | None = None


def read_mentions(pages: list[tuple[int | None, list[str]]]) -> list[IdentityMention]:
    """Every heading, table heading line and as-of date of a document's pages (page
    number, lines)."""
    found: list[IdentityMention] = []
    for page, lines in pages:
        texts = [_text(line) for line in lines]
        by_title = _by_titles(texts)
        for index, text in enumerate(texts):
            if text:
                found += _mentions(page, text, index in by_title)
    return found


def _text(line: str) -> str | None:
    """A line cleaned for reading; None for a table of contents' line (not a heading)."""
    text = strip_ordinal(clean_label(line).lstrip("#"))
    return None if "…" in text or "...." in text else text


def _mentions(page: int | None, text: str, by_title: bool) -> list[IdentityMention]:
    """What one line restates (``by_title``: it stands in a table's heading, by its title)."""
    found: list[IdentityMention] = []
    heading = HEADING.match(text) if len(text) <= HEADING_LENGTH else None
    if heading:
        named_in_heading = heading.group("department")
        found.append(
            IdentityMention(
                kind="heading",
                page=page,
                text=text,
                fiscal_year=int(heading.group("year")),
                department=named_in_heading
                if named_in_heading and ORGANISATION_END.search(named_in_heading)
                else None,
                doc_kind=DOC_KINDS[heading.group("kind")],
            )
        )
    parent = NAMED_PARENT.match(text)
    if parent:
        found.append(
            IdentityMention(
                kind="parent",
                page=page,
                text=text,
                fiscal_year=None,
                department=parent.group("name"),
            )
        )
    named = NAMED_DEPARTMENT.search(text)
    if named:
        # the table's year may follow the name (部门名称：孝义市行政审批服务管理局 2024年度)
        year = TABLE_YEAR.match(TABLE_FURNITURE.sub("", text[named.end() :]))
        found.append(
            IdentityMention(
                kind="table",
                page=page,
                text=text,
                fiscal_year=int(year.group("year")) if year else None,
                department=named.group("name"),
            )
        )
    if not heading and "。" not in text:
        found += _title(page, text)
    year = TABLE_YEAR.match(TABLE_FURNITURE.sub("", text)) if by_title else None
    if year:
        found.append(
            IdentityMention(kind="table", page=page, text=text, fiscal_year=int(year.group("year")))
        )
    for as_of in AS_OF.finditer(text):
        found.append(
            IdentityMention(
                kind="as_of", page=page, text=text, fiscal_year=int(as_of.group("year"))
            )
        )
    return found


def _title(page: int | None, text: str) -> list[IdentityMention]:
    """A table title naming the year or the department: a standard table's (the catalog's
    titles; the department before or after the year where its words end like a body's,
    2022年度云南省财政厅收入支出决算总表, 西南大学收入预算表), or another dated one
    (2017年政府采购预算表)."""
    variant = match_title_variant(text)
    if variant:
        stated = title_identity(text, variant[1])
        if "fiscal_year" not in stated and "department" not in stated:
            return []  # 收入支出决算总表: the kind alone, which the catalog's title decides
        return [
            IdentityMention(
                kind="table",
                page=page,
                text=text,
                fiscal_year=int(stated["fiscal_year"]) if "fiscal_year" in stated else None,
                department=str(stated["department"]) if "department" in stated else None,
                doc_kind=str(stated["doc_kind"]) if "doc_kind" in stated else None,
            )
        ]
    titled = TITLED.search(text) if len(text) <= TITLE_LENGTH else None
    if not titled:
        return []
    return [
        IdentityMention(
            kind="table",
            page=page,
            text=text,
            fiscal_year=int(titled.group("year")),
            doc_kind=DOC_KINDS[titled.group("kind")],
        )
    ]


def _by_titles(texts: list[str | None]) -> set[int]:
    """The lines of a page that stand in a table's heading with its title: each run of
    consecutive heading lines (a standard table's title, its numbering, its unit, its
    部门名称 line, a year line) holding a title. A year line elsewhere (a cover's date, a
    report's 2024年12月, a year in prose) is in none."""
    found: set[int] = set()
    run: list[int] = []
    titled = False
    for index, text in enumerate([*texts, None]):
        if text == "":
            continue  # an empty line of a text: the heading goes on
        title = text is not None and match_title_variant(text) is not None
        if text is not None and (title or _heading_line(text)):
            run.append(index)
            titled = titled or title
            continue
        if titled:
            found.update(run)
        run, titled = [], False
    return found


def _heading_line(text: str) -> bool:
    """Whether a line is one a table's heading prints by its title: its numbering or unit
    alone, its year, or its 部门名称 line."""
    rest = TABLE_FURNITURE.sub("", text)
    return not rest or bool(TABLE_YEAR.match(rest) or NAMED_DEPARTMENT.search(text))
