"""Figures the narrative (情况说明) states: totals, changes on the prior year, shares, rates.

The narrative restates the tables in sentences ("2024年度收入总计1,649.56万元 … 与上年相比，
收入总计增加366.75万元，增长28.59%"). A clause naming a metric and an amount in 万元 is a
figure; a stated change is a figure of its own and, where the paragraph also states the
current amount, gives the prior year's figure (derived), so that one publication already
feeds year-over-year views. Generic words (支出决算, 年初预算, 较上年决算) take the subject
the sentence opened with (一般公共服务支出年初预算…，支出决算…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines.normalise.labels import clean_label, strip_leading

_PART_START = re.compile(r"^第[一二三四五六七八九十]+部分\S*情况说明$")
_PART_END = re.compile(r"^第[一二三四五六七八九十]+部分")
_HEADING = re.compile(r"^#+")
_CJK = r"[\u4e00-\u9fff“”（）()]"
_AMOUNT = re.compile(rf"(?P<metric>{_CJK}{{2,40}}?)(?:为|是)?(?P<amount>\d[\d,]*(?:\.\d+)?)万元")
_CHANGE = re.compile(
    rf"(?P<metric>{_CJK}{{1,40}}?)(?P<direction>增加|减少)(?P<amount>\d[\d,]*(?:\.\d+)?)万元"
)
_TREND = re.compile(r"(?P<direction>增长|下降)(?P<value>\d+(?:\.\d+)?)%")
_SHARE = re.compile(r"占比(?P<value>\d+(?:\.\d+)?)%")
_RATE = re.compile(r"完成(?:年初|全年)?预算的(?P<value>\d+(?:\.\d+)?)%")
_CLAUSE = re.compile(r"[，；;：:]|(?<!\d),(?!\d)")
_LEADING = re.compile(
    r"^(?:20\d\d年度?|年度|年(?![初末])|与上年相比|其中|主要包括|主要是|比上年度|较上年度|上年度"
    r"|比上年|较上年|上年|[（(]?\d+[）)、.]|[）)]|[一二三四五六七八九十]+、)+"
)
_THRESHOLD = re.compile(r"^(?:（含）|\(含\))?(?:以上|以下)")
# generic metric words and the name they take after the sentence's subject
GENERIC = {
    "支出决算": "决算",
    "决算": "决算",
    "决算数": "决算",
    "年初预算": "年初预算",
    "全年预算": "全年预算",
    "预算": "年初预算",
}
WAN = Decimal(10000)
HUNDRED = Decimal(100)
CHANGE_SUFFIX = "较上年增减"
RATE_SUFFIX = "完成率"


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
    line: int


def _clean(metric: str) -> str:
    return strip_leading(_LEADING, metric)


def _subject(metric: str) -> str:
    for word in sorted(GENERIC, key=len, reverse=True):
        if metric.endswith(word) and len(metric) > len(word):
            return metric[: -len(word)]
    return metric


def _named(metric: str, subject: str | None) -> str:
    if metric in GENERIC and subject:
        return subject + GENERIC[metric]
    return metric


def read_narrative(text: str, fiscal_year: int) -> list[NarrativeFigure]:
    """The figures of the 情况说明 part of a text document."""
    figures: list[NarrativeFigure] = []
    inside = False
    section = ""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = clean_label(raw)
        if not line:
            continue
        heading = bool(_HEADING.match(raw.strip()))
        bare = line.lstrip("#")
        if _PART_START.match(bare):
            inside = True
            continue
        if not inside:
            continue
        if _PART_END.match(bare):
            break
        if heading:
            section = bare
            continue
        figures.extend(_paragraph(bare, section, fiscal_year, number))
    return figures


def _paragraph(paragraph: str, section: str, year: int, line: int) -> list[NarrativeFigure]:
    found: list[NarrativeFigure] = []
    current: dict[str, Decimal] = {}
    subject: str | None = None  # what the paragraph is about: its first metric
    for sentence in (s for s in re.split(r"(?<=。)", paragraph) if s):
        for clause in (c for c in _CLAUSE.split(sentence) if c):
            change, stated = _CHANGE.search(clause), _AMOUNT.search(clause)
            if change:
                metric = _named(_clean(change["metric"]), subject) or subject or "决算"
                amount = Decimal(change["amount"].replace(",", "")) * WAN
                signed = amount if change["direction"] == "增加" else -amount
                trend = _TREND.search(clause)
                found.append(
                    NarrativeFigure(
                        section,
                        metric + CHANGE_SUFFIX,
                        year,
                        signed,
                        _signed_ratio(trend),
                        False,
                        sentence,
                        line,
                    )
                )
                base = next((m for m in (metric, metric + "决算") if m in current), None)
                if base is not None:
                    found.append(
                        NarrativeFigure(
                            section,
                            base,
                            year - 1,
                            current[base] - signed,
                            None,
                            True,
                            sentence,
                            line,
                        )
                    )
            elif stated and not _THRESHOLD.match(clause[stated.end() :]):
                metric = _named(_clean(stated["metric"]), subject)
                subject = subject or _subject(metric)
                amount = Decimal(stated["amount"].replace(",", "")) * WAN
                current.setdefault(metric, amount)
                share = _SHARE.search(clause)
                found.append(
                    NarrativeFigure(
                        section,
                        metric,
                        year,
                        amount,
                        _ratio(share) if share else None,
                        False,
                        sentence,
                        line,
                    )
                )
            elif (
                (trend := _TREND.search(clause))
                and found
                and found[-1].metric.endswith(CHANGE_SUFFIX)
                and found[-1].ratio is None
            ):
                found[-1] = replace(found[-1], ratio=_signed_ratio(trend))
            elif (trend := _TREND.search(clause)) and len(found) > 1 and found[-1].derived:
                if found[-2].ratio is None:
                    found[-2] = replace(found[-2], ratio=_signed_ratio(trend))
            elif (share := _SHARE.search(clause)) and found and found[-1].ratio is None:
                found[-1] = replace(found[-1], ratio=_ratio(share))
            elif (rate := _RATE.search(clause)) and subject:
                found.append(
                    NarrativeFigure(
                        section,
                        subject + RATE_SUFFIX,
                        year,
                        None,
                        _ratio(rate),
                        False,
                        sentence,
                        line,
                    )
                )
    return found


def _ratio(match: re.Match) -> Decimal:
    return Decimal(match["value"]) / HUNDRED


def _signed_ratio(match: re.Match | None) -> Decimal | None:
    if match is None:
        return None
    value = _ratio(match)
    return value if match["direction"] == "增长" else -value
