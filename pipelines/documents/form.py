"""Faults of form in a publication's printed lines (doubled words and punctuation,
percentages printed to more than two decimals, 部门 / 单位 wording against the scope): the
input of the form rules.

A doubled word is looked for within one run of printed characters, never across
whitespace: a table's cells (tab-separated in the text form, space-separated in a PDF's
lines) may print the same label side by side (合计 合计, 科目编码 科目编码) without any
fault. A run of two to four characters printed twice (项目项目) is a doubled word unless
the language doubles it; a single character printed twice is most often two words meeting
(专业业务, 大会会议), so it counts only for a particle (的的) or where the document prints the
same passage with it once. What counts, and what is the language's own reduplication, is
the catalog's (tables.toml ``[form]``)."""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import jieba

from pipelines import catalog
from pipelines.documents.wording import DOC_KINDS, SCOPES
from pipelines.text.labels import clean_label

_CJK = r"[\u4e00-\u9fff]"
# a run of two to four characters printed twice in a row (项目项目, 支出支出)
_DOUBLED_RUN = re.compile(rf"({_CJK}{{2,4}})\1")
# a character printed twice (the particles', or any other printed elsewhere once)
_DOUBLED_CHARACTER = re.compile(rf"({_CJK})\1")
_DIGIT = re.compile(r"\d")
_MARK = re.compile(r"[^\w]")
_CONTEXT = 2  # characters each side of a doubled character compared with the document
_EXCERPT = 30  # characters shown on each side of a fault in a long line
# a doubling across a line's wrap (…设有教学 / 设有教学单位…): the last and first characters
# of two lines of prose (a line this long, ending in a character, not a mark) read as one
# (a run of prose: this long, with a clause's mark in it; a title or a table's cell is not)
_WRAP = 8
_PROSE_LINE = 12
_CLAUSE_MARK = re.compile("[，。；、：]")


@dataclass(frozen=True)
class FormFault:
    """A line printing a fault of form: which kind (``doubled_word``, …), and the words.

    ``scope_words`` is not a fault by itself: a phrase naming the publication with its
    部门 or 单位 (2024年度单位决算), which the rule holds against the document's scope."""

    kind: str
    page: int | None
    text: str
    found: str


def find_form_faults(
    pages: list[tuple[int | None, list[str]]], wrapped: bool = False
) -> list[FormFault]:
    """Every fault of form the pages' lines print, in the order printed. ``wrapped``: the
    lines are a page's visual lines (a PDF's), where prose runs on from line to line, so a
    doubling may straddle a wrap; a text document's lines are its own."""
    wording = catalog.form_wording()
    patterns = _patterns(wording)
    printed = _shape(
        "\t".join(
            piece
            for _, lines in pages
            for line in lines
            for piece in map(clean_label, line.split())
        )
    )
    found: list[FormFault] = []
    for page, lines in pages:
        tail = ""  # the prose the line before ends with, where it runs on into this line
        for line in lines:
            pieces = [clean_label(piece) for piece in line.split()]
            text = "".join(pieces)
            if not text:
                continue
            if tail and re.match(_CJK, pieces[0]):
                found += [
                    FormFault(kind, page, _excerpt(tail + text, start, end), word)
                    for kind, start, end, word in _doubled(
                        tail + pieces[0][:_WRAP], printed, wording, patterns
                    )
                    if start < len(tail) < end
                ]
            runs_on = (
                wrapped
                and len(pieces[-1]) >= _PROSE_LINE
                and re.search(f"{_CJK}$", pieces[-1])
                and _CLAUSE_MARK.search(pieces[-1])
            )
            tail = pieces[-1][-_WRAP:] if runs_on else ""
            offset = 0
            for piece in pieces:
                found += [
                    FormFault(kind, page, _excerpt(text, offset + start, offset + end), word)
                    for kind, start, end, word in _doubled(piece, printed, wording, patterns)
                ]
                offset += len(piece)
            found += _percentages(page, line, text, wording, patterns)
            found += [
                FormFault("scope_words", page, _excerpt(text, m.start(), m.end()), m.group())
                for pattern in (patterns["dated"], patterns["undated"])
                for m in pattern.finditer(text)
                if not _in_standard_title(text, m.start(), m.end())
            ]
    return found


def _in_standard_title(text: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies in a standard table's title the line prints (部门决算公开相关
    信息统计表 is the table's name in a unit's publication too)."""
    return any(
        position <= start and end <= position + len(title)
        for title in _scoped_titles()
        for position in _positions(text, title)
    )


@cache
def _scoped_titles() -> tuple[str, ...]:
    """The standard tables' titles that print 部门 or 单位 (catalog tables.toml)."""
    return tuple(
        {title for spec in catalog.tables() for title in spec.titles if scope_named(title)}
    )


def _positions(text: str, word: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(word), text)]


def scope_named(phrase: str) -> str | None:
    """The scope (``department`` / ``unit``) a ``scope_words`` phrase names."""
    match = re.search("|".join(SCOPES), phrase)
    return SCOPES[match.group()] if match else None


def _patterns(wording: catalog.FormWording) -> dict[str, re.Pattern]:
    scopes = "|".join(SCOPES)
    kinds = "|".join(DOC_KINDS)
    suffixes = "|".join(sorted(wording.publication_suffixes, key=len, reverse=True))
    marks = re.escape(wording.punctuation)
    return {
        # exactly two marks: three or more are a leader (目录。。。。4) or an ellipsis
        "marks": re.compile(f"(?<![{marks}])[{marks}]{{2}}(?![{marks}])"),
        "percent": re.compile(
            rf"(?<![\d.])\d+\.\d{{{wording.percent_decimals + 1},}}\s*(?:%|个?百分点)"
        ),
        # 2024年度[区级]部门决算 naming the publication: a suffix or nothing after it
        "dated": re.compile(
            rf"20\d\d年度?(?:{_CJK}级)?(?:{scopes})(?:{kinds})"
            rf"(?:(?:{suffixes})|(?=$|[）)》〉”\"’]))"
        ),
        # 部门预算公开 (no year): only as a phrase of its own (not 所属单位预算表)
        "undated": re.compile(rf"(?<!{_CJK})(?:{scopes})(?:{kinds})(?:{suffixes})"),
        "clause": re.compile(r"[^，。；！？,;!?]*$"),
    }


def _doubled(
    piece: str, printed: str, wording: catalog.FormWording, patterns: dict[str, re.Pattern]
) -> list[tuple[str, int, int, str]]:
    """The doubled words and marks of one run of printed characters: (kind, start, end,
    the doubled text). ``printed`` is the whole document's text, ``_shape``'d."""
    found = []
    for match in _DOUBLED_RUN.finditer(piece):
        if match.group() == piece:
            continue  # two cells printing one label with no gap between them (合计合计)
        if not _reduplication(piece, match.start(), match.end(), wording):
            found.append(("doubled_word", match.start(), match.end(), match.group()))
    for match in _DOUBLED_CHARACTER.finditer(piece):
        start, end = match.span()
        if any(s <= start and end <= e for _, s, e, _ in found):
            continue
        alone = _left_over(piece, start)
        character = match.group(1)
        if start and _counted(piece[start - 1], character, wording):
            slip = False  # 2024年年初, 3项项目: a count's unit meeting a word it begins
        elif _reduplication(piece, start, end, wording):
            slip = alone is not None  # 大大学: 大/大学, not the 大大 of 大大提高
        elif character in wording.particles:
            slip = not _joins_neighbour(piece, start, wording)
        elif character in wording.name_suffixes:
            # 江苏省省南京市 (江苏省/省/南京市), not 普陀区区政府 (普陀区/区政府) nor an unknown
            # name's suffix left alone before the word it begins (武乡/县/县委)
            slip = alone == "second"
        else:
            slip = alone is not None or _printed_once(piece, start, printed)
        if slip:
            found.append(("doubled_word", start, end, match.group()))
    for match in patterns["marks"].finditer(piece):
        found.append(("doubled_punctuation", match.start(), match.end(), match.group()))
    return sorted(found, key=lambda f: f[1])


def _printed_once(piece: str, start: int, printed: str) -> bool:
    """Whether the document prints the passage around a doubled character (``_CONTEXT``
    characters each side, at least one on each) elsewhere with the character once: 预算支支出
    where 预算支出 is printed (any figures and marks in the passage count as any other).
    Two words meeting (专业业务) are not printed so. ``printed`` is ``_shape``'d."""
    before = piece[max(0, start - _CONTEXT) : start]
    after = piece[start + 2 : start + 2 + _CONTEXT]
    if not before or not after or len(before) + len(after) < _CONTEXT + 1:
        return False
    return _shape(before + piece[start] + after) in printed


def _left_over(piece: str, start: int) -> str | None:
    """Which copy (``first`` or ``second``) of a character printed twice at ``start`` is a
    word of no one, if one is: the segmenter (jieba, its dictionary only) makes a word of
    the other copy with its neighbours and leaves this one alone, and it makes no word with
    its own other neighbour either (情况况说明: 情况/况/说明, and 况说 is no word; 保保障:
    保/保障). Two words meeting are two words (专业业务: 专业/业务; 党委委托: 党委 and 委托), a
    word may double a character itself (人人), and a copy whose other side the run does not
    print (a line's end) is not judged."""
    spans, position = [], 0
    for word in _words(piece):
        spans.append((position, position + len(word)))
        position += len(word)
    first = next(span for span in spans if span[0] <= start < span[1])
    second = next(span for span in spans if span[0] <= start + 1 < span[1])
    if first == second:
        return None
    if first[1] - first[0] == 1 and start > 0 and not _is_word(piece[start - 1 : start + 1]):
        return "first"
    if (
        second[1] - second[0] == 1
        and start + 2 < len(piece)
        and not _is_word(piece[start + 1 : start + 3])
    ):
        return "second"
    return None


@cache
def _segmenter() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    logging.getLogger("jieba").setLevel(logging.WARNING)
    tokenizer.initialize()
    return tokenizer


def _words(text: str) -> list[str]:
    """``text`` cut into words by its dictionary alone (no guessing of unknown words)."""
    return _segmenter().lcut(text, HMM=False)


def _is_word(text: str) -> bool:
    """Whether the segmenter's dictionary knows ``text`` (two characters) as a word."""
    return len(text) == 2 and bool(_segmenter().FREQ.get(text))


def _counted(before: str, unit: str, wording: catalog.FormWording) -> bool:
    """Whether a doubled character is a count's unit after its figure or numeral, meeting a
    word it begins (2024年年初, 8月月底, 三个个体户)."""
    return unit in wording.count_units and (before.isdigit() or before in wording.numerals)


def _shape(text: str) -> str:
    """``text`` with every digit as 0 and every mark as ·, for comparing passages."""
    return _MARK.sub("·", _DIGIT.sub("0", text))


def _reduplication(piece: str, start: int, end: int, wording: catalog.FormWording) -> bool:
    """Whether the doubled text at ``start:end`` is part of a reduplication the language
    makes (的的确确, 一项一项)."""
    return any(
        m.start() <= start and end <= m.end()
        for pattern in wording.reduplications
        for m in pattern.finditer(piece)
    )


def _joins_neighbour(piece: str, start: int, wording: catalog.FormWording) -> bool:
    """Whether one of a doubled particle's two copies belongs to a word with the character
    beside it (目的的, 为了了解, 以及及时): two words meeting, not one printed twice."""
    return any(
        piece.endswith(word, 0, start + 1) or piece.startswith(word, start + 1)
        for word in wording.particle_words
    )


def _percentages(
    page: int | None,
    line: str,
    text: str,
    wording: catalog.FormWording,
    patterns: dict[str, re.Pattern],
) -> list[FormFault]:
    """Percentages (and percentage points) printed to more than the catalog's decimals,
    except a rate quoted to its basis points (利率2.875%)."""
    found = []
    normal = unicodedata.normalize("NFKC", line)
    for match in patterns["percent"].finditer(normal):
        clause = patterns["clause"].search(normal[: match.start()]).group()  # type: ignore[union-attr]
        if any(word in clause for word in wording.quoted_rates):
            continue
        printed = clean_label(match.group())
        start = max(text.find(printed), 0)
        found.append(
            FormFault(
                "percent_decimals", page, _excerpt(text, start, start + len(printed)), printed
            )
        )
    return found


def _excerpt(text: str, start: int, end: int) -> str:
    """The line around a fault at ``start:end``: up to ``_EXCERPT`` characters each side."""
    before, after = max(0, start - _EXCERPT), min(len(text), end + _EXCERPT)
    return ("…" if before else "") + text[before:after] + ("…" if after < len(text) else "")
