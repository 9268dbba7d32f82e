"""Who published a document, for which year, of which kind: read from its own text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines.normalise.labels import clean_label, strip_ordinal

# a cover: [department] 2024年度[区级]部门决算[公开] (nothing after, or 公开 / 草案)
_COVER = re.compile(
    r"(?P<year>20\d\d)\s*年度?[^\d，。：:]{0,6}?(?P<scope>部门|单位)?(?P<kind>决算|预算)"
    r"(?:公开|草案)?(?:目录)?$"
)
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_PAGE_NUMBER = re.compile(r"^[-—\d\s]+")
# an organisation named in the body: 江苏省政协办公厅, 孝义市行政审批服务管理局, …
_ORGANISATION = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区|市|区|县))+[\u4e00-\u9fff]{1,14}?"
    r"(?:办公厅|办公室|委员会|管理局|局|厅|办事处|中心)"
)
ORGANISATION_MENTIONS = 3
# a table's line naming who it is of (部门名称：江苏省政协办公厅 单位：万元): the label, the name
_NAME_AFTER = r"[：:](?P<name>[^\d\s：:]{2,}?)(?=20\d\d年|(?:金额)?单位[：:]|$)"
_DEPARTMENT_LABELS = r"部门名称|编制部门|预算主管部门|^部门"
_NAMED = re.compile(rf"(?:{_DEPARTMENT_LABELS}|单位名称|预算单位|编制单位){_NAME_AFTER}")
_TITLED = re.compile(r"(?P<year>20\d\d)年度?[^。，]{0,24}?(?P<kind>决算|预算)(?:总)?表")
_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗))+"
)
_PLACEHOLDER = re.compile(r"X{2,}|×{2,}|x{2,}|＊{2,}|\*{2,}")
COVER_LINES = 60

DOC_KINDS = {"决算": "final_accounts", "预算": "budget"}
SCOPES = {"部门": "department", "单位": "unit"}


@dataclass(frozen=True)
class DocumentIdentity:
    """What the document says about itself."""

    department: str | None
    region: str | None
    fiscal_year: int | None
    doc_kind: str | None
    scope: str | None

    def missing(self) -> list[str]:
        """The fields the document did not state."""
        return [
            name for name in ("department", "fiscal_year", "doc_kind") if not getattr(self, name)
        ]

    @property
    def is_template(self) -> bool:
        """A blank template: the department is a placeholder such as 上海市XX局."""
        return bool(self.department and _PLACEHOLDER.search(self.department))


def region_of(department: str) -> str | None:
    """The locality a department's name starts with (孝义市…, 上海市普陀区…), if any."""
    match = _PLACE.match(department)
    return match.group(0) if match else None


def read_identity(lines: list[str]) -> DocumentIdentity:
    """Read department, region, fiscal year, kind and scope from a document's lines.

    The cover (a line such as ``2024年度部门决算公开``, the department's name on it or just
    above it) decides; the ``部门名称：`` lines of the tables back it up.
    """
    cleaned = [clean_label(line).lstrip("#") for line in lines]
    department = year = kind = scope = None
    seen = 0
    for index, line in enumerate(cleaned):
        if not line:
            continue
        seen += 1
        if seen > COVER_LINES:
            break
        following = next((p for p in cleaned[index + 1 :] if p), "")
        # the cover may break its line: 江苏省政协办公厅 2018 年度 / 部门预算公开
        for text in (line, line + following):
            match = _COVER.search(text)
            if match and "。" not in text and len(text) <= 60:
                break
        else:
            continue
        year = int(match.group("year"))
        kind = DOC_KINDS[match.group("kind")]
        scope = SCOPES.get(match.group("scope") or "部门")
        before = _PART.sub("", _PAGE_NUMBER.sub("", text[: match.start()])).strip()
        department = before or next((p for p in reversed(cleaned[:index]) if p), None)
        break
    if year is None:
        # a tables-only document has no cover: a title such as 2019年政府采购预算表 dates it
        for line in cleaned:
            match = _TITLED.search(line)
            if match and "。" not in line and len(line) <= 40:
                year, kind = int(match.group("year")), DOC_KINDS[match.group("kind")]
                scope = "department"
                break
    named = Counter(
        m.group("name") for line in cleaned for m in [_NAMED.search(line)] if m is not None
    )
    if named:
        department = named.most_common(1)[0][0]
    if not department:
        # no cover text (a scanned cover) and no 部门名称: the organisation the text names
        mentions = Counter(m for line in cleaned for m in _ORGANISATION.findall(line))
        if mentions and mentions.most_common(1)[0][1] >= ORGANISATION_MENTIONS:
            department = mentions.most_common(1)[0][0]
    return DocumentIdentity(
        department=department,
        region=region_of(department) if department else None,
        fiscal_year=year,
        doc_kind=kind,
        scope=scope,
    )


# where a document restates its identity: a part's heading (第二部分 上海市普陀区财政局
# 2024年度部门决算表) and the date its assets are counted at (截至2024年12月31日)
_HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?P<department>[^\d，。：:；…]{2,30}?)?"
    r"(?P<year>20\d\d)年度?(?:区级|省级|市级|县级)?(?P<scope>部门|单位)(?P<kind>决算|预算)"
    r"(?:表|情况说明|公开表|公开|编制说明)?(?:情况)?$"
)
_AS_OF = re.compile(r"(?:截至|截止)(?P<year>20\d\d)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")
HEADING_LENGTH = 60
# a heading's department is taken for one only if it ends like an organisation's name (关于
# 2024年度部门预算 and 一、2024年度部门决算情况说明 name none)
_ORGANISATION_END = re.compile(
    r"(?:局|厅|室|委员会|委|会|处|院|中心|部|所|站|队|馆|办|政府|[XＸ×]{2,})$"
)
# the lines of a table naming the department (not 单位名称: a unit's tables may be attached)
_NAMED_DEPARTMENT = re.compile(rf"(?:{_DEPARTMENT_LABELS}){_NAME_AFTER}")
TITLE_LENGTH = 40  # a dated table title; longer lines are prose


@dataclass(frozen=True)
class IdentityMention:
    """A place where a document states its department or year again.

    ``kind`` is ``heading`` (a part's or a table set's heading: department, year, kind),
    ``table`` (a table's 部门名称：/编制部门： line, or a dated table title such as
    2025年部门财务收支预算总表) or ``as_of`` (the date the narrative counts assets and
    vehicles at).
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
            heading = _HEADING.match(text) if len(text) <= HEADING_LENGTH else None
            if heading:
                named_in_heading = heading.group("department")
                found.append(
                    IdentityMention(
                        kind="heading",
                        page=page,
                        text=text,
                        fiscal_year=int(heading.group("year")),
                        department=named_in_heading
                        if named_in_heading and _ORGANISATION_END.search(named_in_heading)
                        else None,
                        doc_kind=DOC_KINDS[heading.group("kind")],
                    )
                )
            named = _NAMED_DEPARTMENT.search(text)
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
            titled = _TITLED.search(text) if len(text) <= TITLE_LENGTH else None
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
            for as_of in _AS_OF.finditer(text):
                found.append(
                    IdentityMention(
                        kind="as_of", page=page, text=text, fiscal_year=int(as_of.group("year"))
                    )
                )
    return found


def names_same_department(printed: str, department: str) -> bool:
    """Whether a heading's department is the cover's: in full (with words around it, as
    in 上海市普陀区财政局（本级）), or shortened (省人大办公厅 for 江苏省人大常委会办公厅: its
    characters in the same order)."""
    if _PLACEHOLDER.search(printed):
        return False
    if department in printed:
        return True
    remaining = iter(department)
    return all(char in remaining for char in printed)
