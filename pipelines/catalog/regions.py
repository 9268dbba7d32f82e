"""Where a document's region stands in China's administrative divisions, and so the level
of government whose budget it belongs to.

``administrative_divisions.csv`` beside this lists the divisions by their 6-digit code
(行政区划代码, as the Ministry of Civil Affairs publishes them; the list is the one the
MIT-licensed cpca 0.5.5 package carries, of 2020, placeholders such as 市辖区 left out).
The code says the level: ``XX0000`` a province-level division (省, 自治区, 直辖市),
``XXYY00`` a prefecture-level one (地级市, 自治州, 地区, 盟), any other a county-level one
(区, 县, 县级市, 旗).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_FILE = Path(__file__).with_name("administrative_divisions.csv")

# the level of government, as the warehouse names it
CENTRAL, PROVINCE, PREFECTURE, COUNTY = "中央", "省", "市", "区县"


@dataclass(frozen=True)
class Division:
    """One administrative division."""

    code: str
    name: str

    @property
    def level(self) -> str:
        """省, 市 or 区县, from the code."""
        if self.code.endswith("0000"):
            return PROVINCE
        if self.code.endswith("00"):
            return PREFECTURE
        return COUNTY

    def contains(self, other: Division) -> bool:
        """Whether ``other`` lies inside this division (by the codes' prefixes)."""
        prefix = {PROVINCE: 2, PREFECTURE: 4, COUNTY: 6}[self.level]
        return other.code != self.code and other.code[:prefix] == self.code[:prefix]


@dataclass(frozen=True)
class Location:
    """A region as printed, placed: its level, and its code and province where the name
    leaves no doubt (普陀区 alone is in Shanghai and in Zhoushan: level 区县, no code)."""

    government_level: str
    code: str | None
    province: str | None


@cache
def divisions_by_name() -> dict[str, tuple[Division, ...]]:
    """Division name -> the divisions of that name."""
    found: dict[str, list[Division]] = defaultdict(list)
    with _FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found[row["name"]].append(Division(row["code"], row["name"]))
    return {name: tuple(items) for name, items in found.items()}


@cache
def _province_names() -> dict[str, str]:
    return {
        d.code[:2]: d.name
        for items in divisions_by_name().values()
        for d in items
        if d.level == PROVINCE
    }


def locate(region: str | None) -> Location | None:
    """Place a printed region (江苏省, 上海市普陀区, 山西省吕梁市孝义市, 孝义市): read it from
    the left as a chain of divisions each inside the one before, the last naming the level.
    None when the text is not such a chain."""
    if not region:
        return None
    chains = _chains(region, None)
    if not chains:
        return None
    lasts = {chain[-1] for chain in chains}
    levels = {d.level for d in lasts}
    if len(levels) != 1:
        return None
    if len(lasts) == 1:
        (last,) = lasts
        return Location(last.level, last.code, _province_names().get(last.code[:2]))
    provinces = {_province_names().get(d.code[:2]) for d in lasts}
    return Location(levels.pop(), None, provinces.pop() if len(provinces) == 1 else None)


def _chains(text: str, parent: Division | None) -> list[tuple[Division, ...]]:
    """Every reading of ``text`` as divisions inside ``parent``, one after the other."""
    if not text:
        return [()]
    readings = []
    for end in range(len(text), 1, -1):
        for division in divisions_by_name().get(text[:end], ()):
            if parent is None or parent.contains(division):
                readings += [(division, *rest) for rest in _chains(text[end:], division)]
    return readings


def government_level(region: str | None, template: str | None) -> Location | None:
    """The level of government of a document: a central-template publication (中央部门 and
    their units, wherever they stand) is 中央; any other is its region's level."""
    located = locate(region)
    if template == "central_department":
        return Location(
            CENTRAL, located.code if located else None, located.province if located else None
        )
    return located
