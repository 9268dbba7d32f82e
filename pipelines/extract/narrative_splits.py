"""A figure the narrative splits into parts: 政府采购支出总额288.28万元，其中：政府采购货物支出
81.33万元、政府采购工程支出0万元、政府采购服务支出206.95万元.

The parts of a whole are no more than the whole, and parts that make it (the four budgets;
货物, 工程 and 服务 of procurement: ``[[reading.partition]]`` of narrative.toml) sum to it.
Read from a sentence the narrative reader kept (``NarrativeFigure.sentence``); the words
that open, end and exclude a part are the catalog's (``[reading.split]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from pipelines.catalog.narrative import reading
from pipelines.extract.narrative import NUMBER
from pipelines.text.labels import NAME_CHAR, strip_leading

# the whole: a name and its amount in 万元 right before 其中 (parenthesised words between)
_WHOLE = re.compile(
    rf"(?P<name>{NAME_CHAR}{{0,40}}?)(?:为|是)?(?P<amount>{NUMBER})万元[，,]?(?:[（(][^）)]*[)）])?$"
)
# a part: a clause naming an amount in 万元 at its end
_PART = re.compile(rf"^(?P<name>{NAME_CHAR}{{1,40}}?)(?:为|是)?(?P<amount>{NUMBER})万元$")
_CLAUSE = re.compile(r"[、，；;]|(?<!\d),(?!\d)")  # not the comma of 3,121.42
_ENUMERATOR = re.compile(r"^[（(]?[0-9一二三四五六七八九十]+[)）、.．]|^[（()）]+")


@dataclass(frozen=True)
class Split:
    """A whole and the parts a sentence splits it into (amounts in 万元 as printed); the
    partition they make, where the parts name each of one."""

    whole: str
    amount: Decimal
    parts: tuple[tuple[str, Decimal], ...]
    partition: str | None


def read_splits(sentence: str) -> list[Split]:
    """Each whole of the sentence split into parts (其中…), with the parts read."""
    rules = reading()
    splits = []
    opens = list(rules.split_opens.finditer(sentence))
    for number, opened in enumerate(opens):
        whole = _WHOLE.search(sentence[: opened.start()])
        if whole is None or rules.split_both_sides.search(whole["name"]):
            continue
        end = sentence.find("。", opened.end())
        stop = min(
            end if end >= 0 else len(sentence),
            opens[number + 1].start() if number + 1 < len(opens) else len(sentence),
        )
        parts = []
        for clause in _CLAUSE.split(sentence[opened.end() : stop]):
            clause = clause.strip()
            if rules.split_ends.search(clause):
                break
            if rules.split_comparing.search(clause):
                continue
            if part := _PART.match(clause):
                parts.append((part["name"], Decimal(part["amount"].replace(",", ""))))
        if parts:
            name = strip_leading(rules.leading, _ENUMERATOR.sub("", whole["name"]))
            splits.append(
                Split(
                    name or whole["name"],
                    Decimal(whole["amount"].replace(",", "")),
                    tuple(parts),
                    _partition([name for name, _ in parts]),
                )
            )
    return splits


def _partition(names: list[str]) -> str | None:
    """The partition the parts make: each name matches one of its parts, every part named."""
    for whole, patterns in reading().partitions:
        matched = [[p for p in patterns if p.search(name)] for name in names]
        if all(len(m) == 1 for m in matched) and {m[0] for m in matched} == set(patterns):
            return whole
    return None
