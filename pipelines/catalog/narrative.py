"""The narrative's wording and its links to the tables (narrative.toml).

``reading`` is how the 情况说明 words its figures (``[reading]``: where the narrative starts
and ends, the words before a metric's name, comparisons, spellings made one, aliases);
``links`` says which table figure each narrative metric restates (``[[link]]``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipelines.catalog import read_file
from pipelines.text.labels import NAME_CHAR

FILE = "narrative.toml"


@dataclass(frozen=True)
class Reading:
    """The catalog's knowledge of narrative wording (``[reading]`` of narrative.toml)."""

    starts: tuple[re.Pattern, ...]
    ends: tuple[re.Pattern, ...]
    leading: re.Pattern
    organisation: re.Pattern
    comparison: re.Pattern
    flat: re.Pattern
    explanation: re.Pattern
    generic: dict[str, str]
    spellings: tuple[tuple[re.Pattern, str], ...]
    aliases: tuple[tuple[re.Pattern, str], ...]
    counts: tuple[tuple[re.Pattern, tuple[str, ...], tuple[str, ...]], ...]
    compared: re.Pattern
    compared_words: dict[str, int]
    split_opens: re.Pattern
    split_both_sides: re.Pattern
    split_comparing: re.Pattern
    split_ends: re.Pattern
    partitions: tuple[tuple[str, tuple[re.Pattern, ...]], ...]
    reason_up: re.Pattern
    reason_down: re.Pattern


@cache
def reading() -> Reading:
    """The narrative wording of the catalog."""
    raw = read_file(FILE)["reading"]
    comparison, flat = "|".join(raw["comparison"]), "|".join(raw["flat"])
    return Reading(
        starts=tuple(re.compile(p) for p in raw["starts"]),
        ends=tuple(re.compile(p) for p in raw["ends"]),
        leading=re.compile("^(?:" + "|".join(raw["leading"]) + ")+"),
        organisation=re.compile("^(?:" + "|".join(raw["organisation"]) + ")"),
        comparison=re.compile(f"^(?:{comparison})+$"),
        flat=re.compile(rf"(?P<metric>{NAME_CHAR}*?)(?:{comparison})*(?:{flat})"),
        explanation=re.compile("|".join(raw["explanation"])),
        generic=dict(raw["generic"]),
        spellings=tuple((re.compile(s["pattern"]), s["as"]) for s in raw["spelling"]),
        aliases=tuple((re.compile(a["pattern"]), a["as"]) for a in raw["alias"]),
        counts=tuple(
            (re.compile(c["pattern"]), tuple(c["metric"]), tuple(c.get("qualify", ())))
            for c in raw["count"]
        ),
        compared=re.compile(raw["compared"]["pattern"]),
        compared_words=dict(raw["compared"]["words"]),
        split_opens=re.compile(raw["split"]["opens"]),
        split_both_sides=re.compile(raw["split"]["both_sides"]),
        split_comparing=re.compile("|".join(raw["split"]["comparing"])),
        split_ends=re.compile("|".join(raw["split"]["ends"])),
        partitions=tuple(
            (p["whole"], tuple(re.compile(part) for part in p["parts"])) for p in raw["partition"]
        ),
        reason_up=re.compile("|".join(raw["reason"]["up"])),
        reason_down=re.compile("|".join(raw["reason"]["down"])),
    )


@dataclass(frozen=True)
class Link:
    """Which table figure a narrative metric restates (one ``[[link]]``)."""

    metric: re.Pattern
    table: str
    row: str
    column: str
    needs_code: bool
    group: str | None = None
    section: re.Pattern | None = None  # searched in the figure's section (heading)
    not_section: re.Pattern | None = None  # a section the rule does not apply in

    @property
    def names_metric(self) -> bool:
        """Whether the rule's row is the metric itself (the catch-all of economic names)."""
        return "{metric}" in self.row


@cache
def links() -> tuple[Link, ...]:
    """The catalog's links, in order."""
    return tuple(
        Link(
            re.compile(r["metric"]),
            r["table"],
            r["row"],
            r["column"],
            r.get("needs_code", False),
            r.get("group"),
            re.compile(r["section"]) if "section" in r else None,
            re.compile(r["not_section"]) if "not_section" in r else None,
        )
        for r in read_file(FILE)["link"]
    )
