"""What extraction hands to normalisation: tables as printed, whatever the source format."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from pipelines.documents.contents import ListedTable
from pipelines.documents.discover import DocumentRef
from pipelines.documents.explanations import CodeExplanation
from pipelines.documents.form import FormFault
from pipelines.documents.identity import DocumentIdentity
from pipelines.documents.mentions import IdentityMention
from pipelines.documents.placeholders import Placeholder
from pipelines.extract.narrative import NarrativeFigure
from pipelines.text.grid import GridRow


@dataclass(frozen=True)
class RawTable:
    """A standard table as printed: title, numbering, unit, and the grid of its rows."""

    table_key: str
    title: str
    number: str | None
    unit: str | None
    rows: tuple[GridRow, ...]
    no_data_note: bool = False
    variant: str | None = None  # the catalog title matched, for titles with a layout of their own
    page: int | None = None  # the page of a table printed without a grid (no rows)

    @property
    def first_page(self) -> int | None:
        """The page the table starts on (None for text sources)."""
        return next((row.page for row in self.rows if row.page is not None), self.page)

    @property
    def width(self) -> int:
        """The number of columns of the widest row."""
        return max((len(row.cells) for row in self.rows), default=0)


@dataclass(frozen=True)
class PerformanceIndicator:
    """One row of a report's 绩效指标 table, as printed (whitespace removed)."""

    level1: str | None  # 一级指标
    level2: str | None  # 二级指标
    indicator: str | None  # 指标名称; None where the table prints none
    target_text: str | None  # 年度指标值: 调整后指标 where printed, else 年初指标
    target_comparator: str | None  # >=, <=, =, <, > where the target is a number
    target_value: Decimal | None
    target_unit: str | None  # %, 套, 万元… (None for a bare number)
    actual_text: str | None  # 实际完成值
    actual_value: Decimal | None  # where actual_text is a number
    weight: Decimal | None  # 权重
    score: Decimal | None  # 得分
    line: int | None = None  # text sources
    page: int | None = None  # PDFs


@dataclass(frozen=True)
class PerformanceReport:
    """One project's self-evaluation: the budget execution (合计 row), indicators, result."""

    project_name: str
    project_unit: str | None
    amounts: dict[str, Decimal]  # column key of vocabulary.performance_budget -> value
    total_score: Decimal | None
    grade: str | None
    line: int
    problems: tuple[str, ...] = ()
    indicators: tuple[PerformanceIndicator, ...] = ()


@dataclass
class ExtractedDocument:
    """A document read: its identity and its tables, or why it cannot be loaded."""

    ref: DocumentRef
    identity: DocumentIdentity
    tables: list[RawTable] = field(default_factory=list)
    page_count: int | None = None
    quarantine_reason: str | None = None
    notes: list[str] = field(default_factory=list)  # what extraction saw but did not read
    sentences: int = 0  # full stops (。) in the text: how much narrative the file carries
    part: str | None = None  # complete | tables | narrative: which part of a publication
    performance: list[PerformanceReport] = field(default_factory=list)
    narrative: list[NarrativeFigure] = field(default_factory=list)
    # headings and as-of dates restating the department and year (the identity rules' input)
    mentions: list[IdentityMention] = field(default_factory=list)
    # the standard tables the document's table of contents lists (the contents rule's input)
    listed: list[ListedTable] = field(default_factory=list)
    # lines printing a template's placeholder (上海市XX局, 待填写)
    placeholders: list[Placeholder] = field(default_factory=list)
    # faults of form (doubled words, over-precise percentages, 部门/单位 wording)
    form_faults: list[FormFault] = field(default_factory=list)
    # the narrative's explanations of a 项 (主要用于…)
    explanations: list[CodeExplanation] = field(default_factory=list)
    template: str | None = None  # the catalog template the document follows (templates.toml)
    # (table_key, title, page) of tables whose title is printed but whose grid was not read
    unread: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def loadable(self) -> bool:
        """Whether the document's figures may go to the warehouse."""
        return self.quarantine_reason is None


class ExtractionError(Exception):
    """A document cannot be read; the message is the reason a person is shown."""
