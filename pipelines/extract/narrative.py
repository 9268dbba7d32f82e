"""Figures the narrative (情况说明) states: totals, changes on the prior year, shares, rates.

The narrative restates the tables in sentences ("2024年度收入总计1,649.56万元 … 与上年相比，
收入总计增加366.75万元，增长28.59%"). A clause naming a metric and an amount in 万元 is a
figure; a stated change is a figure of its own and, where the paragraph also states the
current amount, gives the prior year's figure (derived), so that one publication already
feeds year-over-year views. Generic words (支出决算, 年初预算, 较上年决算) take the subject
the sentence opened with (一般公共服务支出年初预算…，支出决算…); a change that names no
metric (比上年预算增加…, 与上年相比增加…) is the change of the figure stated before it.

The reader works on paragraphs, whatever the source: a text document's lines
(``read_narrative``) or the paragraphs a PDF's pages are joined into
(``pipelines/extract/pdf_source.py``), which carry the page each part of them is printed
on. Where the narrative is, the words around a metric's name and the spellings made one
are the catalog's (``[reading]`` in ``pipelines/catalog/narrative.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines import catalog
from pipelines.catalog.narrative import reading
from pipelines.text.labels import NAME_CHAR, clean_label, strip_leading

_HEADING = re.compile(r"^#+")
# a printed amount: 1,649.56, 87.12, 350
NUMBER = r"\d[\d,]*(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?P<metric>{NAME_CHAR}{{2,80}}?)(?:为|是)?(?P<amount>{NUMBER})万元")
_CHANGE = re.compile(
    rf"(?P<metric>{NAME_CHAR}{{0,80}}?)(?P<direction>增加|减少|大于|小于)(?:上年(?:预算)?数?)?"
    rf"(?P<amount>{NUMBER})万元"
)
_TREND = re.compile(r"(?P<direction>增长|下降|增加|减少)(?P<value>\d+(?:\.\d+)?)%")
_SHARE = re.compile(r"占(?:比|[^%，。；0-9]{0,16}?的)?(?P<value>\d+(?:\.\d+)?)%")
# a completion rate: 完成年初预算的72.44%, 执行全年预算的100%, 预算执行率为95.89%
_RATE = re.compile(
    r"(?:(?:完成|执行)(?:年初|全年|调整)?预算数?的|(?:年初|全年|调整)?预算(?:执行|完成)率(?:为|是|达)?)"
    r"(?P<value>\d+(?:\.\d+)?)%"
)
_CLAUSE = re.compile(r"[，；;：:、]|(?<!\d),(?!\d)")
_SENTENCE = re.compile(r"(?<=。)")
_SEMICOLON = re.compile(r"[；;]")
# characters before 原因 in a sentence that opens with the reason (主要原因是…, 其主要原因是…)
_REASON_OPENS_WITHIN = 4
_THRESHOLD = re.compile(r"^(?:（含）|\(含\))?(?:以上|以下)")
_YEAR = re.compile(r"^(?P<year>20\d\d)年")
# a paragraph opening with a name and a full stop, no figure: what the paragraph is about
_ITEM = re.compile(rf"^(?:\d{{1,2}}[、.．]|[（(]\d{{1,2}}[）)])?(?P<name>{NAME_CHAR}{{2,60}})。$")
WAN = Decimal(10000)
HUNDRED = Decimal(100)
CHANGE_SUFFIX = "较上年增减"
RATE_SUFFIX = "完成率"
MAX_HEADING = 40  # characters: a longer line without a sentence is prose, not a heading


@dataclass(frozen=True)
class NarrativeFigure:
    """One figure a sentence states (amount in yuan and/or a ratio), or one derived."""

    section: str
    metric: str
    fiscal_year: int
    amount_yuan: Decimal | None
    ratio: Decimal | None
    derived: bool
    sentence: str
    line: int | None
    page: int | None = None
    quantity: Decimal | None = None  # a count the sentence states (项目4个), where read


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose (whitespace removed) or a heading, and where it is printed.

    ``pages`` lists (offset in ``text``, page) where each of its pages begins: a paragraph
    of a PDF may run over a page break.
    """

    text: str
    heading: bool = False
    line: int | None = None
    pages: tuple[tuple[int, int], ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The page the character at ``offset`` is printed on."""
        page = None
        for start, number in self.pages:
            if start > offset:
                break
            page = number
        return page


def looks_like_heading(text: str) -> bool:
    """A line that names a section: short, no sentence, no amount (一、收入决算情况说明)."""
    cleaned = clean_label(text)
    return bool(cleaned) and len(cleaned) <= MAX_HEADING and not re.search(r"。|万元|%", cleaned)


def text_paragraphs(text: str) -> list[Paragraph]:
    """A text document's lines as paragraphs; markdown headings (``#``) are headings."""
    paragraphs = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_label(raw)
        if line:
            heading = bool(_HEADING.match(raw.strip()))
            paragraphs.append(Paragraph(line.lstrip("#"), heading, line=number))
    return paragraphs


def read_narrative(
    text: str, fiscal_year: int, department: str | None = None
) -> list[NarrativeFigure]:
    """The figures of the 情况说明 part of a text document."""
    return read_paragraphs(text_paragraphs(text), fiscal_year, department)


def read_paragraphs(
    paragraphs: Iterable[Paragraph], fiscal_year: int, department: str | None = None
) -> list[NarrativeFigure]:
    """The figures of the narrative parts among ``paragraphs`` (a document's, in order).

    A paragraph matching one of the catalog's ``starts`` opens a narrative part (第三部分
    情况说明, 2024年部门预算编制说明, 其他相关情况说明); one matching an ``end`` closes it.
    ``department``, where known, is removed where a sentence names it before a metric.
    """
    rules = reading()
    figures: list[NarrativeFigure] = []
    inside = False
    section = ""
    for paragraph in paragraphs:
        text = paragraph.text
        if any(p.match(text) for p in rules.starts):
            inside, section = True, ""
            continue
        if not inside:
            continue
        if any(p.match(text) for p in rules.ends):
            inside = False
            continue
        if paragraph.heading:
            section = text
            continue
        found = _Paragraph(paragraph, section, fiscal_year, department).figures()
        evaluated = evaluation_figures(paragraph, section, fiscal_year)
        if evaluated:  # its sentences' 资金 / 项目支出 are the evaluations' (read below)
            found = [f for f in found if not _names_evaluation(f.sentence)]
        figures.extend(
            [
                *found,
                *evaluated,
                *count_figures(paragraph, section, fiscal_year),
                *comparison_figures(paragraph, found),
            ]
        )
    return figures


COMPARED_SUFFIX = "决算与年初预算比较"
BUDGET_SUFFIX = "年初预算"


def comparison_figures(paragraph: Paragraph, found: list[NarrativeFigure]) -> list[NarrativeFigure]:
    """The paragraph's statement, in words, of how its subject's 决算 compares with its
    年初预算 (决算数小于预算数), as a figure whose ratio is the sign stated."""
    rules = reading()
    match = rules.compared.search(paragraph.text)
    budgets = [f for f in found if f.metric.endswith(BUDGET_SUFFIX) and not f.derived]
    if match is None or not budgets:
        return []
    budget = budgets[0]
    subject = budget.metric.removesuffix(BUDGET_SUFFIX)
    sentences = [s for _, s in _pieces(paragraph.text, _SENTENCE)]
    at = next(i for i, s in enumerate(sentences) if match.group() in s)
    sentence = sentences[at]
    reason = rules.explanation.search(sentence, sentence.find(match.group()))
    if reason is None and at + 1 < len(sentences):
        following = rules.explanation.search(sentences[at + 1])
        if following is not None and following.start() <= _REASON_OPENS_WITHIN:
            sentence += sentences[at + 1]  # 决算数小于预算数。主要原因是…: the reason with it
    return [
        NarrativeFigure(
            budget.section,
            subject + COMPARED_SUFFIX,
            budget.fiscal_year,
            None,
            Decimal(rules.compared_words[match["word"]]),
            False,
            sentence,
            paragraph.line,
            paragraph.page_at(match.start()),
        )
    ]


COUNT_GROUPS = ("n", "m")


def count_figures(paragraph: Paragraph, section: str, year: int) -> list[NarrativeFigure]:
    """The counts a paragraph states (共有车辆2辆, 共接待3批次，12人次, 设备0台（套）), as
    ``quantity`` figures named by the catalog's ``[[reading.count]]``."""
    found = []
    for offset, sentence in _pieces(paragraph.text, _SENTENCE):
        for pattern, metrics, qualify in reading().counts:
            prefix = qualify[1] if qualify and qualify[0] in sentence else ""
            for match in pattern.finditer(sentence):
                names = {k: v for k, v in match.groupdict().items() if v is not None}
                for group, metric in zip(COUNT_GROUPS, metrics, strict=False):
                    found.append(
                        NarrativeFigure(
                            section,
                            prefix + metric.format(**names),
                            year,
                            None,
                            None,
                            False,
                            sentence,
                            paragraph.line,
                            paragraph.page_at(offset + match.start(group)),
                            Decimal(match[group]),
                        )
                    )
    return found


def _pieces(text: str, separator: re.Pattern, offset: int = 0) -> Iterator[tuple[int, str]]:
    """``text`` cut at ``separator`` (dropped), each piece with its offset."""
    start = 0
    for match in separator.finditer(text):
        if match.start() > start:
            yield offset + start, text[start : match.start()]
        start = max(match.end(), start)
    if start < len(text):
        yield offset + start, text[start:]


class _Paragraph:
    """One paragraph read clause by clause."""

    def __init__(self, paragraph: Paragraph, section: str, year: int, department: str | None):
        self.paragraph = paragraph
        self.section = section
        self.year = year
        self.department = department
        self.found: list[NarrativeFigure] = []
        self.current: dict[str, Decimal] = {}
        self.subject: str | None = None  # what the paragraph is about: its first metric
        self.stated: str | None = None  # the metric of the last amount stated

    def figures(self) -> list[NarrativeFigure]:
        """The paragraph's figures, in the order its sentences state them."""
        text = self.paragraph.text
        # (a spelling made one may shift the offsets by a character or two: a figure's
        # page is looked up at most that far from its amount)
        for pattern, spelling in reading().spellings:
            text = pattern.sub(spelling, text)
        for number, (offset, sentence) in enumerate(_pieces(text, _SENTENCE)):
            if number == 0 and (named := _ITEM.match(sentence)):
                # 1、一般公共服务支出（类）财政事务（款）行政运行（项）。…年初预算为…
                self.subject = self._clean(named["name"]) or None
                continue
            for start, part in _pieces(sentence, _SEMICOLON, offset):
                for at, clause in _pieces(part, _CLAUSE, start):
                    if reading().explanation.search(clause):
                        break  # 主要原因是…调减403.75万元: the reason's amounts are not figures
                    self._clause(clause, sentence, at)
        return self.found

    # -- names --

    def _clean(self, metric: str) -> str:
        rules = reading()
        if self.department:
            metric = metric.replace(self.department, "")
        metric = strip_leading(rules.leading, metric)
        metric = rules.organisation.sub("", metric, count=1)
        metric = strip_leading(rules.leading, metric)
        for pattern, name in rules.aliases:
            metric = pattern.sub(name, metric)
        return metric

    def _named(self, metric: str) -> str:
        generic = reading().generic
        if metric in generic and self.subject:
            return self.subject + generic[metric]
        return metric

    def _subject_of(self, metric: str) -> str | None:
        """What a metric is of: 一般公共服务支出 for 一般公共服务支出年初预算; None for a
        generic word alone (年初预算)."""
        generic = reading().generic
        if metric in generic:
            return None
        for word in sorted({name for name in generic.values() if name}, key=len, reverse=True):
            if metric.endswith(word) and len(metric) > len(word):
                return metric[: -len(word)]
        return metric

    def _change_metric(self, raw: str) -> str:
        metric = self._clean(raw)
        if not metric or reading().comparison.match(metric):
            # 比上年预算增加…, 与上年相比增加…: the change of the figure stated before
            return self.stated or self.subject or "决算"
        return self._named(metric)

    # -- clauses --

    def _figure(
        self,
        metric: str,
        year: int,
        amount: Decimal | None,
        ratio: Decimal | None,
        derived: bool,
        sentence: str,
        at: int,
    ) -> NarrativeFigure:
        return NarrativeFigure(
            self.section,
            metric,
            year,
            amount,
            ratio,
            derived,
            sentence,
            self.paragraph.line,
            self.paragraph.page_at(at),
        )

    def _base(self, metric: str) -> str | None:
        """The figure of this paragraph a change of ``metric`` is on: the same metric, its
        决算, or the same words but 预算 (财政拨款收入支出总计 / 财政拨款收入支出预算总计)."""
        for candidate in (metric, metric + "决算"):
            if candidate in self.current:
                return candidate
        bare = metric.replace("预算", "")
        return next((m for m in self.current if m.replace("预算", "") == bare), None)

    def _change(self, metric: str, signed: Decimal, ratio: Decimal | None, sentence: str, at: int):
        self.found.append(
            self._figure(metric + CHANGE_SUFFIX, self.year, signed, ratio, False, sentence, at)
        )
        base = self._base(metric)
        if base is not None:
            self.found.append(
                self._figure(
                    base, self.year - 1, self.current[base] - signed, None, True, sentence, at
                )
            )

    def _clause(self, clause: str, sentence: str, at: int) -> None:
        change, stated = _CHANGE.search(clause), _AMOUNT.search(clause)
        if change:
            metric = self._change_metric(change["metric"])
            amount = Decimal(change["amount"].replace(",", "")) * WAN
            signed = amount if change["direction"] in ("增加", "大于") else -amount
            self._change(
                metric,
                signed,
                _signed_ratio(_TREND.search(clause)),
                sentence,
                at + change.start("amount"),
            )
        elif (flat := reading().flat.search(clause)) and _compares_years(sentence, self.year):
            # 与上年持平, 与2024年预算一致0万元: no change, where the figure was stated
            metric = self._change_metric(flat["metric"])
            if self._base(metric) is not None:
                self._change(metric, Decimal(0), None, sentence, at + flat.start())
        elif stated and not _THRESHOLD.match(clause[stated.end() :]):
            year = self.year
            if (explicit := _YEAR.match(clause)) and int(explicit["year"]) == self.year - 1:
                year = self.year - 1  # 2023年当年预算执行数为60.13万元
            metric = self._named(self._clean(stated["metric"]))
            if not metric:
                return
            self.subject = self.subject or self._subject_of(metric)
            amount = Decimal(stated["amount"].replace(",", "")) * WAN
            if year == self.year:
                if self.current.get(metric) == amount:
                    self.stated = metric
                    return  # 2024年预算安排25.77万元: the item's amount stated again
                self.current.setdefault(metric, amount)
                self.stated = metric
            share = _SHARE.search(clause)
            self.found.append(
                self._figure(
                    metric,
                    year,
                    amount,
                    _ratio(share) if share else None,
                    False,
                    sentence,
                    at + stated.start("amount"),
                )
            )
        elif (
            (trend := _TREND.search(clause))
            and self.found
            and self.found[-1].metric.endswith(CHANGE_SUFFIX)
            and self.found[-1].ratio is None
        ):
            self.found[-1] = replace(self.found[-1], ratio=_signed_ratio(trend))
        elif (trend := _TREND.search(clause)) and len(self.found) > 1 and self.found[-1].derived:
            if self.found[-2].ratio is None:
                self.found[-2] = replace(self.found[-2], ratio=_signed_ratio(trend))
        elif (share := _SHARE.search(clause)) and self.found and self.found[-1].ratio is None:
            self.found[-1] = replace(self.found[-1], ratio=_ratio(share))
        elif (rate := _RATE.search(clause)) and (
            of := (self._subject_of(self.stated) if self.stated else None) or self.subject
        ):
            # the rate of the figure stated before it (因公出国（境）费决算为0.00万元，完成预算的0%)
            self.found.append(
                self._figure(of + RATE_SUFFIX, self.year, None, _ratio(rate), False, sentence, at)
            )


def _compares_years(sentence: str, year: int) -> bool:
    """Whether a sentence compares with the prior year (not 决算数与预算数基本持平)."""
    return "上年" in sentence or f"{year - 1}年" in sentence


def _ratio(match: re.Match) -> Decimal:
    return Decimal(match["value"]) / HUNDRED


def _signed_ratio(match: re.Match | None) -> Decimal | None:
    if match is None:
        return None
    value = _ratio(match)
    return value if match["direction"] in ("增长", "增加") else -value


# -- the evaluations the department ran (预算绩效管理工作开展情况) --

_EVALUATED = re.compile(
    r"项目[“\"]?(?P<count>\d+)[”\"]?个|[“\"]?(?P<before>\d+)[”\"]?个(?:二级)?项目"
)
_EVALUATED_MONEY = re.compile(rf"资金(?P<amount>{NUMBER})万元")
_GRADED = re.compile(
    r"(?P<count>\d+)个(?:二级)?项目(?:自评|评价)?等级为[“\"]?(?P<grade>[优良中差])"
)
EVALUATED_SUFFIX = "项目数"
MONEY_SUFFIX = "资金"


def _names_evaluation(sentence: str) -> str | None:
    """The evaluation (绩效自评, 部门评价) a sentence names first, if any."""
    named = [
        (sentence.find(word), evaluation)
        for evaluation, words in catalog.evaluations().items()
        for word in words
        if word in sentence
    ]
    return min(named)[1] if named else None


def evaluation_figures(paragraph: Paragraph, section: str, year: int) -> list[NarrativeFigure]:
    """What the narrative says of the performance evaluations run, as figures.

    "开展了绩效自评，涉及二级项目31个，资金651.05万元 … 自评结果为：28个项目自评等级为“优”":
    per evaluation the catalog names (pipelines/catalog/performance.toml), the projects
    evaluated (``绩效自评项目数``, a quantity), their money (``绩效自评资金``, yuan) and the
    projects per grade (``绩效自评等级优项目数``). A sentence naming no evaluation continues
    the one named before it in the paragraph (自评结果为：…).
    """
    found: list[NarrativeFigure] = []
    current: str | None = None

    def add(metric: str, amount: Decimal | None, quantity: Decimal | None, at: int) -> None:
        found.append(
            NarrativeFigure(
                section,
                metric,
                year,
                amount,
                None,
                False,
                sentence,
                paragraph.line,
                paragraph.page_at(at),
                quantity,
            )
        )

    for offset, sentence in _pieces(paragraph.text, _SENTENCE):
        named = _names_evaluation(sentence)
        current = named or current
        if current is None:
            continue
        for graded in _GRADED.finditer(sentence):
            metric = f"{current}等级{graded['grade']}{EVALUATED_SUFFIX}"
            add(metric, None, Decimal(graded["count"]), offset + graded.start())
        if named is None:
            continue
        rest = _GRADED.sub(lambda m: " " * len(m.group()), sentence)
        evaluated = _EVALUATED.search(rest)
        if evaluated is None:
            continue
        count = evaluated["count"] or evaluated["before"]
        add(current + EVALUATED_SUFFIX, None, Decimal(count), offset + evaluated.start())
        money = _EVALUATED_MONEY.search(rest, evaluated.end())
        if money:
            amount = Decimal(money["amount"].replace(",", "")) * WAN
            add(current + MONEY_SUFFIX, amount, None, offset + money.start())
    return found
