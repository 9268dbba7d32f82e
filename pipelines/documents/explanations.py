"""What a publication says a 项, a 款 or a 类 is used for: the explanation printed after a
narrative's X（类）Y（款）Z（项） (主要用于…), or in a paragraph about a 类 named by itself
(住房保障支出年初预算…，用于缴纳在职人员住房公积金), the input of the rule that an explanation
does not contradict its code's meaning.

A 项 is mentioned in two shapes: by its names, X（类）Y（款）Z（项） (the 类, or the 类 and
the 款, may be left to a heading above: ``（三）住房保障支出（类）`` then ``1.住房改革支出（款）
住房公积金（项）``), or by its name and code, ``住房公积金（2210201）``. The words after a
mention, up to the next mention or the next heading or numbered item, are its passage;
within it the explanation proper is the sentence's words after 主要用于 / 用于 / 反映 / 主要是
/ 主要为 / 主要包括, up to the sentence's end. A sentence giving a reason (主要原因是…, 由于…)
explains a change, not the 项, and is passed over. The lines are visual lines: a paragraph
wraps across lines and pages, so the lines are read as one text, cut at headings, numbered
items and blank lines (a text document's paragraph breaks), page numbers left out.

A 类 (or a listed 款) is explained by a paragraph opening with its name and its figures:
``一般公共服务支出年初预算1,563.75万元，…，用于…`` (the sample), ``1.一般公共服务（类）支出
6,543.55万元，主要用于…`` (Jiangsu: the name may leave out its 支出 when it prints （类）),
``住房保障支出（类）87.12万元，…`` (Shanghai). The paragraph opens a segment, a sentence, or
the words after 其中：; its explanation is in its first sentence only (the next may be another
paragraph's, a PDF's paragraphs not being cut), before any change it states (较上年减少…，
主要是… gives a reason), and a sentence naming another 类 or 款 before the explanation ends
explains several at once and is not taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache

from pipelines import catalog
from pipelines.text.labels import canonical_label, clean_label, strip_ordinal

# a narrative's mention of a 项 by its names: 住房保障支出（类）住房改革支出（款）住房公积金（项）;
# the 类 and the 款 may be left to a heading (``cls`` / ``section`` None then)
_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff、]{1,29}?"
MENTION = re.compile(
    rf"(?:(?P<cls>{_NAME})[（(]类[)）])?(?:(?P<section>{_NAME})[（(]款[)）])?"
    r"(?P<item>[\u4e00-\u9fff][\u4e00-\u9fff、（）()]{1,39}?)[（(]项[)）]"
)
# a 项 by its name and its code: 住房公积金（2210201）
_CODED = re.compile(r"(?P<item>[\u4e00-\u9fff][\u4e00-\u9fff、]{1,39}?)[（(](?P<code>\d{7})[)）]")
# a 类 heading over the 款 and 项 below it: （三）住房保障支出（类）
_CLASS_HEADING = re.compile(rf"^(?P<cls>{_NAME})[（(]类[)）]$")
# the words introducing what a 项 is (for): 主要用于：…, 反映…, 主要是…
_CUE = re.compile(r"(?:主要|专项|专门|全部|均)?用于|反映|主要(?:是|为)(?!由|因|受|了)|主要包括")
# a sentence giving a reason for a change, not what the 项 is
_REASON = re.compile(r"原因|由于|因为")
_QUOTES = re.compile(r"[“”\"'‘’]")
# a page's furniture: its number (25, - 13 -, ─ 12 ─, 第3页)
_FURNITURE = re.compile(r"^[-－─—–\s]*(?:第)?\d{1,3}(?:页)?[-－─—–\s]*$")
# a line opening a section: a part (第三部分…), a markdown heading, a top-level ordinal (六、…)
# or a heading without a number (财政拨款基本支出预算表情况说明)
_SECTION = re.compile(
    r"^(?:第[一二三四五六七八九十]+部分|#|[一二三四五六七八九十]+[、.．])|^[^。，,；;：:]{2,30}说明$"
)
_SENTENCE_END = "。！？"
SENTENCES = 2  # the explanation is in the first sentences after the mention (reasons apart)
# where a paragraph about a 类 may open: a segment, a sentence, the words after 其中：
_OPENS = r"(?:^|(?<=[。！？])|(?<=其中[：:]))"
# a 类's or 款's figure right after its name: 年初预算1,563.75万元, （类）支出 6,543.55 万元
_FIGURE_AFTER = r"(?=[\u4e00-\u9fff：:]{0,10}?\d[\d,]*(?:\.\d+)?万?元)"
# a change stated: a 类's paragraph states what it is for before it (较上年减少5.99万元，
# 主要是… is a reason, without the word 原因)
_CHANGE = re.compile(r"上年|同比|增加|减少|增长|下降|上升|持平")


def _alternation(names) -> str:
    return "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))


@cache
def _openings() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """The opening of a paragraph about a 类 of the national list (its name, or its name
    without 支出 before （类）) or a 款 of explanations.toml, followed by its figures; any
    name of a 类 or 款 (a sentence explaining several); the code of each name."""
    classes = catalog.functional_class_by_name()
    short = {n.removesuffix("支出"): c for n, c in classes.items() if n.endswith("支出")}
    sections = {
        name: code
        for bound in catalog.explanation_bounds()
        for code in bound.codes
        if len(code) == 5
        for name in bound.names
    }
    opening = re.compile(
        rf"{_OPENS}(?:(?P<cls>{_alternation(classes)})(?:[（(]类[)）])?"
        rf"|(?P<short>{_alternation(short)})[（(]类[)）]"
        rf"|(?P<section>{_alternation(sections)})(?:[（(]款[)）])?){_FIGURE_AFTER}"
    )
    named = re.compile(
        rf"{_alternation([*classes, *sections])}|(?:{_alternation(short)})[（(]类[)）]"
        r"|[（(][类款项][)）]"
    )
    return opening, named, {**classes, **short, **sections}


@dataclass(frozen=True)
class CodeExplanation:
    """The words explaining one 项 (or 款, or 类), named by its 类, 款 and 项 names, and
    where printed.

    ``names`` are as printed (canonical), a name the mention leaves out empty (a 类 left to
    a heading is taken from it; a 类's paragraph names no 款 or 项, a 款's no 项; a 类
    printed without its 支出 has it back); ``code`` is the 项's code when the mention prints
    it, a 类's or 款's always; ``text`` the explanation proper, ``passage`` all the words
    after the mention."""

    page: int | None
    names: tuple[str, str, str]
    text: str
    code: str | None = None
    mention: str = ""
    passage: str = ""


@dataclass
class _Segment:
    """A run of lines read as one text: a heading or a numbered item and what follows."""

    section: bool = False  # it opens a section (六、…, 第三部分, a markdown heading)
    text: str = ""
    starts: list[tuple[int, int | None]] = field(default_factory=list)  # (offset, page) of lines

    def add(self, text: str, page: int | None) -> None:
        self.starts.append((len(self.text), page))
        self.text += text

    def page_at(self, offset: int) -> int | None:
        """The page the text at ``offset`` is printed on."""
        page = None
        for start, number in self.starts:
            if start > offset:
                break
            page = number
        return page


def _segments(pages: list[tuple[int | None, list[str]]]) -> list[_Segment]:
    """The pages' lines as runs of text cut at headings, numbered items and blank lines."""
    segments: list[_Segment] = [_Segment()]
    for page, lines in pages:
        for raw in lines:
            if "\t" in raw:  # a text document's table row
                segments.append(_Segment())
                continue
            line = _QUOTES.sub("", clean_label(raw))
            if not line:
                segments.append(_Segment())  # a paragraph break
                continue
            if _FURNITURE.match(raw.strip()):
                continue
            if _SECTION.match(line) or strip_ordinal(line) != line:
                segments.append(_Segment(section=bool(_SECTION.match(line))))
                line = strip_ordinal(line.lstrip("#"))
            segments[-1].add(line, page)
    return [s for s in segments if s.text]


def _explanation(passage: str) -> str:
    """The explanation proper within a passage: after the first cue of one of its first
    ``SENTENCES`` sentences that are not reasons, to the sentence's end ('' when there is
    none: words further on are about something else, 本表反映… of a section not told)."""
    start = 0
    told = 0
    while start < len(passage) and told < SENTENCES:
        ends = [i for c in _SENTENCE_END if (i := passage.find(c, start)) >= 0]
        end = min(ends, default=len(passage))
        sentence = passage[start:end]
        start = end + 1
        if not sentence:
            continue
        reason = _REASON.search(sentence)
        if reason:  # the words before a reason may explain; the reason does not
            sentence = sentence[: max(0, *(sentence.rfind(c, 0, reason.start()) for c in "，,；;"))]
        if (cue := _CUE.search(sentence)) and (text := sentence[cue.end() :].lstrip("：:，,")):
            return text
        told += not reason  # a reason is not counted: the explanation may follow it
    return ""


def _mentions(text: str) -> list[re.Match]:
    """The 项 a segment mentions, in order; a mention inside another (a 项 name printing a
    code) is not one."""
    mentions = sorted([*MENTION.finditer(text), *_CODED.finditer(text)], key=lambda m: m.start())
    kept: list[re.Match] = []
    for m in mentions:
        if not kept or m.start() >= kept[-1].end():
            kept.append(m)
    return kept


def _item(m: re.Match, passage: str, heading_class: str) -> CodeExplanation | None:
    """A 项 mentioned and the words explaining it, if they do."""
    if re.search(r"[（(][类款][)）]", m["item"]):
        return None  # a broken mention (…（款 cut off): its names are not one 项's
    explanation = _explanation(passage)
    if not explanation:
        return None
    groups = m.groupdict()
    names = (
        canonical_label(groups.get("cls") or ("" if groups.get("code") else heading_class)),
        canonical_label(groups.get("section") or ""),
        canonical_label(groups["item"]),
    )
    return CodeExplanation(
        page=None,
        names=names,
        text=explanation,
        code=groups.get("code"),
        mention=canonical_label(m.group()),
        passage=passage,
    )


def _heading(m: re.Match, passage: str, heading_class: str) -> CodeExplanation | None:
    """A 类 or 款 a paragraph opens with and the words of its first sentence explaining it,
    unless that sentence names another 类 or 款 before its explanation ends."""
    _, named, codes = _openings()
    ends = [i for c in _SENTENCE_END if (i := passage.find(c)) >= 0]
    sentence = _CHANGE.split(passage[: min(ends, default=len(passage))], maxsplit=1)[0]
    explanation = _explanation(sentence).rstrip("，,；;、")
    if not explanation or named.search(sentence):
        return None
    if m["section"]:
        names = (heading_class, canonical_label(m["section"]), "")
        code = codes[names[1]]
    else:
        printed = canonical_label(m["cls"] or m["short"])
        code = codes[printed]
        names = (printed if m["cls"] else f"{printed}支出", "", "")
    return CodeExplanation(
        page=None,
        names=names,
        text=explanation,
        code=code,
        mention=canonical_label(m.group()),
        passage=passage,
    )


def find_explanations(pages: list[tuple[int | None, list[str]]]) -> list[CodeExplanation]:
    """Every 项 the pages' lines mention (X（类）Y（款）Z（项）, 住房公积金（2210201）), and
    every 类 or listed 款 a paragraph opens with (住房保障支出年初预算…), with the words
    explaining it, when they do."""
    opening = _openings()[0]
    found = []
    heading_class = ""
    for segment in _segments(pages):
        text = segment.text
        if heading := _CLASS_HEADING.match(text):
            heading_class = canonical_label(heading["cls"])
            continue
        if segment.section:
            heading_class = ""
        items = _mentions(text)
        openers = [
            m
            for m in opening.finditer(text)
            if not any(i.start() <= m.start() < i.end() for i in items)
        ]
        marks = sorted([(m, _item) for m in items] + [(m, _heading) for m in openers],
                       key=lambda mark: mark[0].start())  # fmt: skip
        for position, (m, read) in enumerate(marks):
            end = marks[position + 1][0].start() if position + 1 < len(marks) else len(text)
            explained = read(m, text[m.end() : end], heading_class)
            if explained:
                found.append(replace(explained, page=segment.page_at(m.start())))
    return found
