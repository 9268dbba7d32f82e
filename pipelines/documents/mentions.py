"""Where a document restates its identity (headings, the tables' 部门名称 lines and dated
titles, as-of dates): the input of the identity rule."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines.documents.wording import (
    AS_OF,
    DOC_KINDS,
    HEADING,
    HEADING_LENGTH,
    NAMED_DEPARTMENT,
    NAMED_PARENT,
    ORGANISATION_END,
    TITLE_LENGTH,
    TITLED,
)
from pipelines.text.labels import clean_label, strip_ordinal


@dataclass(frozen=True)
class IdentityMention:
    """A place where a document states its department or year again.

    ``kind`` is ``heading`` (a part's or a table set's heading: department, year, kind),
    ``table`` (a table's 部门名称：/编制部门： line, or a dated table title such as
    2025年部门财务收支预算总表), ``parent`` (a 主管部门： line, as an attached report's
    header prints it) or ``as_of`` (the date the narrative counts assets and vehicles at).
    """

    kind: str
    page: int | None
    text: str
    fiscal_year: int | None
    department: str | None = None
    doc_kind: str | None = None


def read_mentions(pages: list[tuple[int | None, list[str]]]) -> list[IdentityMention]:
    """Every heading and as-of date of a document's pages (page number, lines)."""
    found: list[IdentityMention] = []
    for page, lines in pages:
        for line in lines:
            text = strip_ordinal(clean_label(line).lstrip("#"))
            if not text or "…" in text or "...." in text:
                continue  # a table of contents line, not a heading
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
                found.append(
                    IdentityMention(
                        kind="table",
                        page=page,
                        text=text,
                        fiscal_year=None,
                        department=named.group("name"),
                    )
                )
            titled = TITLED.search(text) if len(text) <= TITLE_LENGTH else None
            if titled and not heading and "。" not in text:
                found.append(
                    IdentityMention(
                        kind="table",
                        page=page,
                        text=text,
                        fiscal_year=int(titled.group("year")),
                        doc_kind=DOC_KINDS[titled.group("kind")],
                    )
                )
            for as_of in AS_OF.finditer(text):
                found.append(
                    IdentityMention(
                        kind="as_of", page=page, text=text, fiscal_year=int(as_of.group("year"))
                    )
                )
    return found
