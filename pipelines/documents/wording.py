"""How documents word who and what they are: the patterns of covers, headings and the
lines above tables, localities and organisations' names (shared by the readers of a
document's identity statements and of its restatements)."""

from __future__ import annotations

import re

# a cover: [department] 2024年度[区级]部门决算[公开] (nothing after, or 公开 / 草案)
COVER = re.compile(
    r"(?P<year>20\d\d)\s*年度?[^\d，。：:]{0,6}?(?P<scope>部门|单位)?(?P<kind>决算|预算)"
    r"(?:公开|草案)?(?:目录)?$"
)

PART = re.compile(r"^第[一二三四五六七八九十]+部分")

PAGE_NUMBER = re.compile(r"^[-—\d\s]+")

# an organisation named in the body: 江苏省政协办公厅, 孝义市行政审批服务管理局, …
ORGANISATION = re.compile(
    r"(?:[\u4e00-\u9fff]{2,6}?(?:省|自治区|市|区|县))+[\u4e00-\u9fff]{1,14}?"
    r"(?:办公厅|办公室|委员会|管理局|局|厅|办事处|中心)"
)

ORGANISATION_MENTIONS = 3

# a table's line naming who it is of (部门名称：江苏省政协办公厅 单位：万元): the label, the name
# (an organisation code may stand before the name: 主管部门：019-孝义市行政审批服务管理局)
_NAME_AFTER = (
    r"[：:]\s*(?:\d{2,9}\s*[-－—]\s*)?(?P<name>[^\d\s：:]{2,}?)(?=20\d\d年|(?:金额)?单位[：:]|$)"
)

_DEPARTMENT_LABELS = r"部门名称|单位名称|编制部门|预算主管部门|^部门"

NAMED = re.compile(rf"(?:{_DEPARTMENT_LABELS}|单位名称|预算单位|编制单位){_NAME_AFTER}")

TITLED = re.compile(r"(?P<year>20\d\d)年度?[^。，]{0,24}?(?P<kind>决算|预算)(?:总)?表")

PLACE = re.compile(r"^(?:[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗))+")

_LEVEL = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|自治县|旗)")

PLACEHOLDER = re.compile(r"X{2,}|×{2,}|x{2,}|＊{2,}|\*{2,}")

DOC_KINDS = {"决算": "final_accounts", "预算": "budget"}

SCOPES = {"部门": "department", "单位": "unit"}

# where a document restates its identity: a part's heading (第二部分 上海市普陀区财政局
# 2024年度部门决算表) and the date its assets are counted at (截至2024年12月31日)
HEADING = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分)?(?P<department>[^\d，。：:；…]{2,30}?)?"
    r"(?P<year>20\d\d)年度?(?:区级|省级|市级|县级)?(?P<scope>部门|单位)(?P<kind>决算|预算)"
    r"(?:表|情况说明|公开表|公开|编制说明)?(?:情况)?$"
)

AS_OF = re.compile(r"(?:截至|截止)(?P<year>20\d\d)年(?P<month>\d{1,2})月(?P<day>\d{1,2})日")

HEADING_LENGTH = 60

# a heading's department is taken for one only if it ends like an organisation's name (关于
# 2024年度部门预算 and 一、2024年度部门决算情况说明 name none)
ORGANISATION_END = re.compile(
    r"(?:局|厅|室|委员会|委|会|处|院|中心|部|所|站|队|馆|办|政府|大学|学校|学院|学|校|社|团|"
    r"[XＸ×]{2,})$"
)

# the lines of a table naming the department (not 单位名称: a unit's tables may be attached)
NAMED_DEPARTMENT = re.compile(rf"(?:{_DEPARTMENT_LABELS}){_NAME_AFTER}")
# a line naming the 主管部门 (an attached report's header): the department itself in a
# department's publication, the body above it in a unit's
NAMED_PARENT = re.compile(rf"^主管部门{_NAME_AFTER}")

TITLE_LENGTH = 40  # a dated table title; longer lines are prose

# what a table's heading prints around its title besides its name line: the numbering
# (公开01表, 表一, 附表1) and the unit (金额单位：万元), on lines of their own or beside the year
TABLE_FURNITURE = re.compile(
    r"公开\d{1,2}表?|公开表[一二三四五六七八九十]+|附表\d{1,2}|^表(?:[一二三四五六七八九十]+|\d{1,2})?$"
    r"|[（(]?(?:金额)?单位[：:](?:万元|元)[）)]?"
)

# a table's year on a line of its own by its title (2024年度, （2024年度）, 2024年度 公开01表)
# or after its name line's department (部门名称：孝义市行政审批服务管理局 2024年度); not a date
# (2024年12月: when an attached report was signed)
TABLE_YEAR = re.compile(r"^[（(]?(?P<year>20\d\d)年度?[）)]?$")


def region_of(department: str) -> str | None:
    """The locality a department's name starts with (孝义市…, 上海市普陀区…), if any."""
    match = PLACE.match(department)
    return match.group(0) if match else None


def names_same_department(printed: str, department: str) -> bool:
    """Whether a heading's department is the cover's: in full (with words around it, as
    in 上海市普陀区财政局（本级）), or shortened (省人大办公厅 for 江苏省人大常委会办公厅: its
    characters in the same order). A shortened name that names a locality names the
    department's own (普陀区财政局 for 上海市普陀区财政局, not 上海市财政局: the city's); one
    that names the department's kind of institution keeps its qualifier (not 南山大学 for
    南山农业大学: another university)."""
    if PLACEHOLDER.search(printed):
        return False
    if department in printed:
        return True
    if not _same_locality(printed, department) or not _same_kind(printed, department):
        return False
    remaining = iter(department)
    return all(char in remaining for char in printed)


# the kinds of institution a name's words before them qualify (南山农业大学, 孝义市人民医院,
# 四川省成都市中级人民法院): another qualifier, or none, names another institution
QUALIFIED_KINDS = ("大学", "学院", "学校", "中学", "小学", "医院", "人民法院", "法院",
                   "人民检察院", "检察院", "研究院", "研究所")  # fmt: skip


def _same_kind(printed: str, department: str) -> bool:
    """Whether a shortened name ending with the department's kind of institution keeps the
    word qualifying it (农业大学 or 南山农业大学 for 南山农业大学; not 南山大学: another
    university; not 成都市人民法院 for 四川省成都市中级人民法院). Other bodies' names may drop
    words before their kind (省人大办公厅 for 江苏省人大常委会办公厅)."""
    return all(
        printed[: -len(kind)][-1:] == department[: -len(kind)][-1:]
        for kind in QUALIFIED_KINDS
        if department.endswith(kind) and printed.endswith(kind)
    )


def _same_locality(printed: str, department: str) -> bool:
    """Whether the locality a name starts with, if any, is the department's: its last level
    the department's last (普陀区 or 上海市普陀区 for 上海市普陀区; not 上海市, nor 吕梁市 for
    孝义市), each level one of the department's."""
    ours = _LEVEL.findall(region_of(department) or "")
    theirs = _LEVEL.findall(region_of(printed) or "")
    if not ours or not theirs:
        return True
    return theirs[-1] == ours[-1] and all(level in ours for level in theirs)


def ends_like_body(name: str) -> bool:
    """Whether a name ends like an organisation's (…局, …办公厅, …大学, …中心)."""
    return bool(ORGANISATION_END.search(name))


def is_place(text: str) -> bool:
    """Whether a text is a locality's name and nothing more (上海市普陀区)."""
    match = PLACE.match(text)
    return bool(match) and match.group(0) == text
