"""Who published a document, for which year, of which kind: read from its own text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from pipelines.normalise.labels import clean_label

_COVER = re.compile(
    r"(?P<year>20\d\d)\s*年度?[^\d，。：:]{0,6}?(?P<scope>部门|单位)?(?P<kind>决算|预算)"
)
_NAMED = re.compile(
    r"(?:部门名称|单位名称|预算单位|编制单位|编制部门|预算主管部门|^部门)[：:]"
    r"(?P<name>[^\d\s：:]{2,}?)(?=20\d\d年|(?:金额)?单位[：:]|$)"
)
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
        match = _COVER.search(line)
        if not match or "。" in line or len(line) > 60:
            continue
        year = int(match.group("year"))
        kind = DOC_KINDS[match.group("kind")]
        scope = SCOPES.get(match.group("scope") or "部门")
        before = line[: match.start()].strip()
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
    return DocumentIdentity(
        department=department,
        region=region_of(department) if department else None,
        fiscal_year=year,
        doc_kind=kind,
        scope=scope,
    )
