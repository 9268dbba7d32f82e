"""Where a document states who and what it is: one ``Statement`` per field per place, from
the cover, the lines above the tables, the tables' titles, the contents, headings, running
headers, the narrative and the file name (``SOURCES``)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines import catalog
from pipelines.catalog.titles import MAX_TITLE_LENGTH, match_title_variant
from pipelines.documents.wording import (
    COVER,
    DOC_KINDS,
    HEADING,
    HEADING_LENGTH,
    NAMED,
    ORGANISATION,
    ORGANISATION_MENTIONS,
    PAGE_NUMBER,
    PART,
    SCOPES,
    ends_like_body,
    is_place,
)
from pipelines.text.labels import canonical_label, clean_label, strip_ordinal

# The kinds of place a document states who and what it is, in the order that breaks a tie
# between values stated by as many kinds of place. A kind counts once however often it is
# printed (a running header on twenty pages is one source). The file name is the last
# resort: it decides a field only where nothing printed states it.
SOURCES = (
    "cover",
    "table_line",
    "table_title",
    "contents",
    "heading",
    "running_header",
    "narrative",
    "file_name",
)


@dataclass(frozen=True)
class Statement:
    """One place where a document states one field of its identity."""

    source: str  # one of SOURCES
    field: str  # one of FIELDS
    value: str | int
    page: int | None = None
    text: str = ""


# a department's name stated after the year on a cover: 2018年度江苏省高级人民法院预算公开
_COVER_AFTER = re.compile(
    r"(?P<year>20\d\d)年度?(?P<department>[^\d，。：:、]{2,30}?)(?P<scope>部门|单位)?"
    r"(?P<kind>决算|预算)(?:公开|草案)?(?:目录)?$"
)

_COVER_NAMED = re.compile(
    r"^(?:预算主管部门|主管部门|编制单位)[：:](?P<name>[^\d\s：:]{2,}?)(?=20\d\d年|(?:金额)?单位[：:]|$)"
)

_YEAR_LINE = re.compile(r"^(?P<year>20\d\d)年度?$")

_CONTENTS_LINE = re.compile(r"(?:\.{4,}|…{2,}|·{4,}|-{4,})\s*\d*\s*$|…+$")

_CONTENTS_TRAIL = re.compile(r"[.…·\-\s\d]+$")

_NUMBERED_TITLE = re.compile(
    r"^(?:表\s*\d{1,2}[：:、.]?|附表\s*\d{1,2}[：:、.]?|公开\d{1,2}表?|表[一二三四五六七八九十]+[：:、]?)"
)

_DATED = re.compile(r"(?P<year>20\d\d)年度?")

# the narrative naming the year and kind of its figures: 我校2021年收入预算…, 本部门2024年度收入决算
_NARRATIVE_KIND = re.compile(
    r"(?P<year>20\d\d)年度?(?:部门|单位)?(?:收支总?|收入|支出|财政拨款(?:收支|收入|支出)?)"
    r"(?:总)?(?P<kind>预算|决算)"
)

# where the narrative says the department is: 学校主体位于重庆市北碚区, 坐落于…
_LOCATED = re.compile(
    r"(?:位于|坐落于|坐落在|地处|地址[：:]|驻地|驻)(?P<place>(?:[\u4e00-\u9fff]{2,8}?"
    r"(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗))+)"
)

_FILE_KIND = (
    (re.compile(r"决算|final|accounts", re.IGNORECASE), "final_accounts"),
    (re.compile(r"预算|budget", re.IGNORECASE), "budget"),
)

_FILE_YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")

RUNNING_PAGES = 3  # a line printed on this many pages (or more) is a running header

COVER_LINES = 60  # text sources: the cover is within the first lines

CONTENTS_LINES = 80  # pages of a PDF, lines of a text: where a table of contents may be

Page = tuple[int | None, list[str]]

TableTitle = tuple[int | None, str, str]  # (page, title as printed, catalog title matched)


def read_statements(
    pages: list[Page], titles: list[TableTitle], source_file: str | None
) -> list[Statement]:
    """Every statement of an identity field, from every kind of place (``SOURCES``)."""
    found: list[Statement] = []
    cover_page, cover = _cover_lines(pages, titles) if pages else (None, [])
    found += _cover(cover_page, cover)
    found += _table_lines(pages)
    found += _table_titles(titles)
    found += _contents_and_headings(pages, len(cover))
    found += _running_headers(pages)
    found += _narrative(pages)
    found += _organisation(pages)
    if source_file:
        found += _file_name(source_file)
    return found


NOTICE_LENGTH = 40  # a cover line longer than this (or holding 。/；) is prose, not a notice


def read_edition_mark(
    pages: list[Page], titles: list[TableTitle], source_file: str | None
) -> str | None:
    """The word marking the document as a corrected edition of its publication (更正,
    修订…: ``catalog.edition_markers``), read where the document names itself: its cover's
    short lines, its running headers, its tables' printed titles, then its file name. None
    when none carries one. Prose and contents lines are not read: a sentence mentioning an
    update (设备更新) marks nothing."""
    markers = catalog.edition_markers()
    places: list[str] = []
    if pages:
        _, cover = _cover_lines(pages, titles)
        places += cover + sorted(_running_lines(pages))
    places = [
        line
        for line in places
        if len(line) <= NOTICE_LENGTH
        and not re.search(r"[。；;]", line)
        and not _CONTENTS_LINE.search(line)
    ]
    places += [clean_label(printed) for _, printed, _ in titles]
    if source_file:
        places.append(source_file.rsplit("/", 1)[-1])
    for text in places:
        found = markers.find(text)
        if found:
            return found
    return None


def _clean_lines(lines: list[str]) -> list[str]:
    return [clean_label(line).lstrip("#") for line in lines]


def _cover_lines(pages: list[Page], titles: list[TableTitle]) -> tuple[int | None, list[str]]:
    """The lines of the cover: a PDF's first page, a text's first lines; none of a page
    that prints a table, nor the lines from the first table's title on (a tables-only
    file has no cover)."""
    page, lines = pages[0]
    cleaned = [line for line in _clean_lines(lines) if line]
    if page is None:
        cleaned = cleaned[:COVER_LINES]
    elif any(title_page == page for title_page, _, _ in titles):
        return page, []
    printed = {clean_label(title).lstrip("#") for _, title, _ in titles}
    first_table = next(
        (
            i
            for i, line in enumerate(cleaned)
            if line in printed or (not _CONTENTS_LINE.search(line) and match_title_variant(line))
        ),
        len(cleaned),
    )
    return page, cleaned[:first_table]


def _cover(page: int | None, lines: list[str]) -> list[Statement]:
    """What the cover's lines (``_cover_lines``) state."""
    found: list[Statement] = []
    for index, line in enumerate(lines):
        if _CONTENTS_LINE.search(line):
            continue
        following = lines[index + 1] if index + 1 < len(lines) else ""
        for text in (line, line + following):
            if "。" in text or len(text) > 60:
                continue
            department = region = None
            after = _COVER_AFTER.search(text)
            # the department after the year (2025 年度江苏省教育厅决算公开) first: the
            # other form's gap for 区级 / 省级 would take a short name for such a word
            if after and ends_like_body(after.group("department")):
                match, department = after, after.group("department")
            else:
                match = COVER.search(text)
                if match:
                    before = PART.sub("", PAGE_NUMBER.sub("", text[: match.start()])).strip()
                    if before and is_place(before):
                        region = before  # 上海市普陀区2025年区级部门预算: a locality, no body
                    else:
                        later = (
                            lines[index + 1 : index + 3] if text == line else lines[index + 2 :][:1]
                        )
                        earlier = [p for p in reversed(lines[:index]) if _names_a_body(p)]
                        department = (
                            (before if _names_a_body(before) else None)
                            or (earlier[0] if earlier else None)
                            or next((name for name in later if _names_a_body(name)), None)
                        )
            if match:
                found += _fields(
                    "cover",
                    page,
                    text,
                    department=department,
                    region=region,
                    fiscal_year=int(match.group("year")),
                    doc_kind=DOC_KINDS[match.group("kind")],
                    scope=SCOPES.get(match.group("scope") or "部门"),
                )
                # a unit's cover names its 主管部门: the body above it, not the unit
                if match.group("scope") == "单位":
                    return found + _cover_parent(page, lines)
                return found + _cover_named(page, lines)
    return found + _cover_named(page, lines)


def _names_a_body(line: str) -> bool:
    """A cover line that is an organisation's name alone (not a date, not a heading, not
    its name in another script)."""
    return (
        2 <= len(line) <= 40
        and ends_like_body(line)
        and not _DATED.search(line)
        and not re.search(r"[，。：:；、A-WYZa-wyz]", line)  # XX: a template's placeholder
    )


def _cover_named(page: int | None, lines: list[str]) -> list[Statement]:
    """预算主管部门：上海市普陀区财政局 printed on a cover."""
    return [
        Statement("cover", "department", m.group("name"), page, line)
        for line in lines
        if (m := _COVER_NAMED.match(line)) and not _PLACEHOLDER_ONLY.match(m.group("name"))
    ]


def _cover_parent(page: int | None, lines: list[str]) -> list[Statement]:
    """主管部门：孝义市人民政府 printed on a unit's cover: the body the unit reports to."""
    return [
        Statement("cover", "parent_department", m.group("name"), page, line)
        for line in lines
        if (m := _COVER_NAMED.match(line))
        and not line.startswith("编制单位")
        and not _PLACEHOLDER_ONLY.match(m.group("name"))
    ]


_PLACEHOLDER_ONLY = re.compile(r"^[\s_—－-]*$")


def _fields(
    source: str, page: int | None, text: str, **values: str | int | None
) -> list[Statement]:
    return [
        Statement(source, name, value, page, text)
        for name, value in values.items()
        if value is not None and value != ""
    ]


def _table_lines(pages: list[Page]) -> list[Statement]:
    """部门名称：…/单位名称：… lines and a bare 2024年度 line above the tables."""
    found: list[Statement] = []
    for page, lines in pages:
        for line in _clean_lines(lines):
            if not line or len(line) > 80:
                continue
            named = NAMED.search(line)
            if named and not _PLACEHOLDER_ONLY.match(named.group("name")):
                found.append(Statement("table_line", "department", named.group("name"), page, line))
            year = _YEAR_LINE.match(line)
            if year:
                found.append(
                    Statement("table_line", "fiscal_year", int(year.group("year")), page, line)
                )
    return found


def title_identity(printed: str, catalog_title: str) -> dict[str, str | int]:
    """What a table's title says of the document: its year (2018年度…), the department
    named before the title (西南大学收入预算表, 2018年度X收支预算总表) and the kind its
    catalog title names (收入决算表: final accounts)."""
    text = _NUMBERED_TITLE.sub("", canonical_label(printed))
    position = text.rfind(catalog_title)
    prefix = text[:position] if position >= 0 else ""
    values: dict[str, str | int] = {}
    dated = _DATED.search(prefix)
    if dated:
        values["fiscal_year"] = int(dated.group("year"))
        before, after = prefix[: dated.start()], prefix[dated.end() :]
    else:
        before, after = prefix, ""
    institutions = catalog.title_institution_words()
    for piece in (after, before):
        piece = re.sub(r"(?:部门|单位)$", "", piece)
        if piece in institutions:
            continue
        if len(piece) >= 2 and ends_like_body(piece):
            values["department"] = piece
            break
    named = _TITLE_KIND.search(catalog_title)
    if named:
        values["doc_kind"] = DOC_KINDS[named.group("kind")]
    return values


# the kind a title names is the word before 表 (一般公共预算财政拨款支出决算表 is 决算: its
# 预算 is the fund's name); a title without one (部门收支总表) names none
_TITLE_KIND = re.compile(r"(?P<kind>决算|预算)(?:明细)?总?表$")


def _table_titles(titles: list[TableTitle]) -> list[Statement]:
    found: list[Statement] = []
    for page, printed, catalog_title in titles:
        found += _fields("table_title", page, printed, **title_identity(printed, catalog_title))
    return found


def _contents_and_headings(pages: list[Page], cover_lines: int = 0) -> list[Statement]:
    """The table of contents' lines and the parts' headings that name the department, the
    year and the kind (一、2018 年度江苏省高级人民法院收支预算总表 ……3; 第二部分 上海市普陀区
    财政局2024年度部门决算表)."""
    found: list[Statement] = []
    seen = 0
    running = _running_lines(pages)
    for page, lines in pages:
        for raw in _clean_lines(lines):
            if not raw:
                continue
            seen += 1
            contents = bool(_CONTENTS_LINE.search(raw)) and seen <= CONTENTS_LINES * 40
            if (seen <= cover_lines and not contents) or raw in running:
                continue  # the cover and a running header are sources of their own
            text = strip_ordinal(_CONTENTS_TRAIL.sub("", raw) if contents else raw)
            source = "contents" if contents else "heading"
            if not text or len(text) > HEADING_LENGTH:
                continue
            heading = HEADING.match(text)
            if heading:
                named = heading.group("department")
                found += _fields(
                    source,
                    page,
                    text,
                    department=named if named and ends_like_body(named) else None,
                    fiscal_year=int(heading.group("year")),
                    doc_kind=DOC_KINDS[heading.group("kind")],
                    scope=SCOPES[heading.group("scope")],
                )
                continue
            if not contents:
                continue  # a table's own title is read with its table
            titled = match_title_variant(text)
            if titled:
                found += _fields(source, page, text, **title_identity(text, titled[1]))
    return found


def _running_lines(pages: list[Page]) -> set[str]:
    """The lines printed on several pages: running headers and footers."""
    numbered = [_clean_lines(lines) for page, lines in pages if page is not None]
    if len(numbered) < RUNNING_PAGES:
        return set()
    counts = Counter(line for lines in numbered for line in set(lines) if line)
    return {line for line, count in counts.items() if count >= RUNNING_PAGES}


def _running_headers(pages: list[Page]) -> list[Statement]:
    """A line printed on several pages (a running header or footer) that states the
    identity: one source, however many pages print it."""
    found: list[Statement] = []
    for line in _running_lines(pages):
        if len(line) > 60 or "。" in line:
            continue
        for pattern in (COVER, _COVER_AFTER):
            match = pattern.search(line)
            if not match:
                continue
            if pattern is COVER:
                department = PART.sub("", PAGE_NUMBER.sub("", line[: match.start()])).strip()
            else:
                department = match.group("department")
            found += _fields(
                "running_header",
                None,
                line,
                department=department if department and ends_like_body(department) else None,
                fiscal_year=int(match.group("year")),
                doc_kind=DOC_KINDS[match.group("kind")],
                scope=SCOPES.get(match.group("scope") or "") if match.group("scope") else None,
            )
            break
    return found


def _narrative(pages: list[Page]) -> list[Statement]:
    """The year and kind the narrative gives its figures (我校2021年收入预算…), and where it
    says the department is (学校主体位于重庆市北碚区)."""
    found: list[Statement] = []
    for page, text in _prose(pages):
        for match in _NARRATIVE_KIND.finditer(text):
            found += _fields(
                "narrative",
                page,
                match.group(0),
                fiscal_year=int(match.group("year")),
                doc_kind=DOC_KINDS[match.group("kind")],
            )
        for match in _LOCATED.finditer(text):
            place = match.group("place")
            if _ADMINISTRATIVE.search(place):  # 重庆市北碚区, not 西部地区 or 中心城区
                found.append(Statement("narrative", "region", place, page, match.group(0)))
    return found


# a locality of a province or prefecture (or above) names itself with one of these
_ADMINISTRATIVE = re.compile(r"省|自治区|市|自治州|盟")


def _prose(pages: list[Page]) -> list[tuple[int | None, str]]:
    """The narrative's text, page by page: every line but those other kinds of place read
    already (tables' titles, the 部门名称 / 2024年度 lines above them, contents lines)."""
    found = []
    for page, lines in pages:
        kept = [
            line
            for line in _clean_lines(lines)
            if line
            and not _CONTENTS_LINE.search(line)
            and not NAMED.search(line)
            and not _YEAR_LINE.match(line)
            and not (len(line) <= MAX_TITLE_LENGTH and match_title_variant(line))
        ]
        found.append((page, "".join(kept)))
    return found


def _organisation(pages: list[Page]) -> list[Statement]:
    """The organisation the text names most often (a scanned cover, no 部门名称 line)."""
    mentions = Counter(m for _, text in _prose(pages) for m in ORGANISATION.findall(text))
    if not mentions:
        return []
    name, count = mentions.most_common(1)[0]
    if count < ORGANISATION_MENTIONS:
        return []
    return [Statement("narrative", "department", name, None, name)]


def _file_name(source_file: str) -> list[Statement]:
    """The file name: a year and a kind (…-2024-final.pdf, 2021年部门预算.pdf)."""
    name = source_file.rsplit("/", 1)[-1]
    found: list[Statement] = []
    year = _FILE_YEAR.findall(name)
    if len(set(year)) == 1:
        found.append(Statement("file_name", "fiscal_year", int(year[0]), None, name))
    kinds = {kind for pattern, kind in _FILE_KIND if pattern.search(name)}
    if len(kinds) == 1:
        found.append(Statement("file_name", "doc_kind", kinds.pop(), None, name))
    return found
