"""The project's knowledge of the documents, kept as data (the TOML files beside this).

``TABLES`` lists the standard tables, ``ROLES`` the label columns of coded tables,
``VOCABULARIES`` the header labels of each column_key, ``FUNCTIONAL_CLASSES`` the 类 by name,
``indicator_levels`` the 一级 / 二级指标 of performance indicator tables, ``edition_markers``
the words marking a corrected edition of a publication; ``titles`` recognises a table by
its title, ``narrative`` holds the narrative's wording and its links to the tables,
``rulebook`` the rules. Nothing outside this package reads the TOML files.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from pipelines.text.labels import canonical_label, strip_ordinal

_HERE = Path(__file__).parent


@dataclass(frozen=True)
class TableSpec:
    """One standard table as printed under one title: how to read its grid."""

    key: str
    layout: str
    vocabulary: str
    titles: tuple[str, ...]
    group: str | None = None


@dataclass(frozen=True)
class TitleVariant:
    """A title printed with a layout of its own (e.g. 政府采购预算表 for statistics)."""

    title: str
    layout: str
    vocabulary: str
    group: str | None


@dataclass(frozen=True)
class StatisticsSection:
    """A section of the statistics table (政府采购 / 机关运行经费 / 国有资产…)."""

    match: str
    group: str
    unit: str | None
    units_by_label: tuple[tuple[str, str], ...]

    def unit_for(self, label: str) -> str | None:
        """The count unit of a row in this section (None: the row is money)."""
        for word, unit in self.units_by_label:
            if word in label:
                return unit
        return self.unit


@cache
def read_file(name: str) -> dict:
    """The contents of one TOML file of the catalog (``tables.toml``, ``rules.toml``…)."""
    with (_HERE / name).open("rb") as handle:
        return tomllib.load(handle)


def _canonical_lists(block: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(canonical_label(v) for v in values) for key, values in block.items()}


def _titles(entries: list) -> tuple[tuple[str, ...], dict[str, TitleVariant]]:
    titles: list[str] = []
    variants: dict[str, TitleVariant] = {}
    for entry in entries:
        if isinstance(entry, str):
            titles.append(canonical_label(entry))
            continue
        title = canonical_label(entry["title"])
        titles.append(title)
        variants[title] = TitleVariant(
            title, entry["layout"], entry["vocabulary"], entry.get("group")
        )
    return tuple(titles), variants


@cache
def tables() -> tuple[TableSpec, ...]:
    """The standard tables in the order the contract lists them."""
    specs = []
    for t in read_file("tables.toml")["table"]:
        titles, _ = _titles(t["titles"])
        specs.append(
            TableSpec(key=t["key"], layout=t["layout"], vocabulary=t["vocabulary"], titles=titles)
        )
    return tuple(specs)


@cache
def _variants() -> dict[tuple[str, str], TitleVariant]:
    found = {}
    for t in read_file("tables.toml")["table"]:
        _, variants = _titles(t["titles"])
        found.update({(t["key"], title): v for title, v in variants.items()})
    return found


def table(key: str, title: str | None = None) -> TableSpec:
    """The spec of one table_key, as printed under ``title`` (a catalog title) if given."""
    for spec in tables():
        if spec.key == key:
            variant = _variants().get((key, title)) if title else None
            if variant is None:
                return spec
            return TableSpec(key, variant.layout, variant.vocabulary, spec.titles, variant.group)
    raise KeyError(key)


@cache
def roles() -> dict[str, tuple[str, ...]]:
    """Label-column roles (code, name, 类/款/项, 行次, 项目) and their header labels."""
    return _canonical_lists(read_file("tables.toml")["roles"])


@cache
def vocabulary(name: str) -> dict[str, tuple[str, ...]]:
    """column_key -> header labels, for one vocabulary block."""
    return _canonical_lists(read_file("tables.toml")["vocabulary"][name])


# a name that begins with a locality (上海市…, 孝义市…, 江苏省…): a local body's
_LOCALITY = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:省|自治区|市|自治州|州|盟|地区|区|县|旗)")


@dataclass(frozen=True)
class Template:
    """A template publications follow: how to tell it, and the tables it must print."""

    key: str
    name: str
    title_prefixes: tuple[str, ...]
    mandatory: dict[str, tuple[str, ...]]  # doc_kind -> table_keys
    expected: dict[str, tuple[str, ...]] = field(default_factory=dict)  # doc_kind -> table_keys
    since: dict[str, dict[str, int]] = field(default_factory=dict)  # doc_kind -> table -> year

    def looks_for(
        self, requirement: str, doc_kind: str, fiscal_year: int | None
    ) -> tuple[str, ...]:
        """The tables of one list (``mandatory`` or ``expected``) a document of ``doc_kind``
        and ``fiscal_year`` prints: a table with a ``since`` year from that year on (a
        document of unknown year is not held to it)."""
        first = self.since.get(doc_kind, {})
        return tuple(
            key
            for key in getattr(self, requirement).get(doc_kind, ())
            if key not in first or (fiscal_year is not None and fiscal_year >= first[key])
        )

    def signals(self, prefix: str, department: str | None) -> bool:
        """Whether a table title's prefix (numbering and words before the catalog title)
        shows this template."""
        for pattern in self.title_prefixes:
            if "{unlocated_department}" in pattern:
                if not department or _LOCALITY.match(department):
                    continue
                pattern = pattern.replace("{unlocated_department}", re.escape(department))
            if re.search(pattern, prefix):
                return True
        return False


@cache
def templates() -> tuple[Template, ...]:
    """The templates of templates.toml, in order."""
    return tuple(
        Template(
            key=t["key"],
            name=t["name"],
            title_prefixes=tuple(t["title_prefixes"]),
            mandatory={kind: tuple(keys) for kind, keys in t["mandatory"].items()},
            expected={kind: tuple(keys) for kind, keys in t.get("expected", {}).items()},
            since={kind: dict(years) for kind, years in t.get("since", {}).items()},
        )
        for t in read_file("templates.toml")["template"]
    )


def template(key: str) -> Template:
    """One template by its key."""
    return next(t for t in templates() if t.key == key)


@cache
def default_template() -> Template:
    """The template of a document whose tables show no template's signal."""
    return template(read_file("templates.toml")["default"])


@dataclass(frozen=True)
class SummarySides:
    """How a summary printed as one list names its sides."""

    rows: dict[str, str]  # a row naming a side alone -> income | expenditure
    expenditure_words: tuple[str, ...]

    def side_of(self, label: str) -> str:
        """The side of an item by its words (where no row names the sides)."""
        return "expenditure" if any(w in label for w in self.expenditure_words) else "income"


@cache
def summary_sides() -> SummarySides:
    """The sides of a summary printed as one list (tables.toml [summary_sides])."""
    block = read_file("tables.toml")["summary_sides"]
    rows = {canonical_label(w): "income" for w in block["income"]}
    rows |= {canonical_label(w): "expenditure" for w in block["expenditure"]}
    return SummarySides(rows, tuple(canonical_label(w) for w in block["expenditure_words"]))


@cache
def sub_columns() -> dict[str, tuple[str, ...]]:
    """Meaning of a ``其中：…`` sub-column -> its printed labels (after 其中：)."""
    return _canonical_lists(read_file("tables.toml")["sub_columns"])


@cache
def three_public_items() -> dict[str, tuple[str, ...]]:
    """Canonical 三公 item label -> printed variants."""
    return _canonical_lists(read_file("tables.toml")["three_public_items"])


@cache
def statistics_sections() -> tuple[StatisticsSection, ...]:
    """Sections of the statistics table and the count units of their rows."""
    return tuple(
        StatisticsSection(
            match=s["match"],
            group=s["group"],
            unit=s.get("unit"),
            units_by_label=tuple(s.get("units_by_label", {}).items()),
        )
        for s in read_file("tables.toml")["statistics_section"]
    )


@cache
def functional_class_by_name() -> dict[str, str]:
    """类 name (canonical) -> 3-digit functional code."""
    mapping: dict[str, str] = {}
    for code, names in read_file("classifications.toml")["functional_class"].items():
        for name in names:
            mapping[canonical_label(name)] = code
    return mapping


@cache
def functional_section_names() -> dict[str, frozenset[str]]:
    """5-digit functional code (款) -> its names (canonical) in the national list, every
    edition's (classifications.toml ``[functional_section]``); a 款 not listed is absent."""
    return {
        code: frozenset(canonical_label(name) for name in names)
        for code, names in read_file("classifications.toml")["functional_section"].items()
    }


@cache
def functional_national_names() -> dict[str, frozenset[str]]:
    """Functional 类 (3 digits) and listed 款 (5 digits) -> every edition's names
    (canonical) in the national list (classifications.toml)."""
    names: dict[str, set[str]] = {}
    for name, code in functional_class_by_name().items():
        names.setdefault(code, set()).add(name)
    for code, listed in functional_section_names().items():
        names.setdefault(code, set()).update(listed)
    return {code: frozenset(n) for code, n in names.items()}


@cache
def economic_names(fiscal_year: int | None) -> dict[str, str]:
    """Economic code -> its name in the national list in force for ``fiscal_year``: the
    latest edition of economic_classification.toml not after it (empty before the
    earliest edition, or for no year)."""
    if fiscal_year is None:
        return {}
    editions = [
        e for e in read_file("economic_classification.toml")["edition"] if e["since"] <= fiscal_year
    ]
    if not editions:
        return {}
    latest = max(editions, key=lambda e: e["since"])
    return {code: canonical_label(name) for code, name in latest["economic"].items()}


@dataclass(frozen=True)
class ExplanationBound:
    """Codes of one meaning (类, 款 or 项) and the words their explanation must not use
    (explanations.toml)."""

    codes: tuple[str, ...]
    names: tuple[str, ...]  # canonical; a 类's from the national list (classifications.toml)
    meaning: str
    must_not: tuple[str, ...]


@cache
def explanation_bounds() -> tuple[ExplanationBound, ...]:
    """What each listed code's explanation (主要用于…) must not speak of."""
    classes: dict[str, list[str]] = {}
    for name, code in functional_class_by_name().items():
        classes.setdefault(code, []).append(name)
    return tuple(
        ExplanationBound(
            codes=tuple(e["codes"]),
            names=tuple(
                canonical_label(n)
                for n in e.get("names", [n for c in e["codes"] for n in classes.get(c, [])])
            ),
            meaning=e["meaning"],
            must_not=tuple(e["must_not"]),
        )
        for e in read_file("explanations.toml")["explanation"]
    )


@cache
def placeholder() -> re.Pattern:
    """A template's placeholder left in a publication (tables.toml ``[form]``)."""
    return re.compile("|".join(read_file("tables.toml")["form"]["placeholders"]))


@dataclass(frozen=True)
class FormWording:
    """What the form rules take for a fault and what for the language's own wording
    (tables.toml ``[form]``): the particles whose doubling is a slip and the words they
    begin or end, the last characters of places' and bodies' names, the numerals and the
    units of counts, reduplications, the punctuation that may not double, the decimals of a
    percentage, the words of a rate quoted finer, and the words after a publication's
    name."""

    particles: frozenset[str]
    particle_words: tuple[str, ...]
    name_suffixes: frozenset[str]
    numerals: frozenset[str]
    count_units: frozenset[str]
    reduplications: tuple[re.Pattern, ...]
    punctuation: str
    percent_decimals: int
    quoted_rates: tuple[str, ...]
    publication_suffixes: tuple[str, ...]


@cache
def form_wording() -> FormWording:
    """The form rules' wording (tables.toml ``[form]``)."""
    form = read_file("tables.toml")["form"]
    return FormWording(
        particles=frozenset(form["doubled_particles"]),
        particle_words=tuple(form["particle_words"]),
        name_suffixes=frozenset(form["name_suffixes"]),
        numerals=frozenset(form["numerals"]),
        count_units=frozenset(form["count_units"]),
        reduplications=tuple(re.compile(r) for r in form["reduplications"]),
        punctuation=form["doubled_punctuation"],
        percent_decimals=form["percent_decimals"],
        quoted_rates=tuple(form["quoted_rates"]),
        publication_suffixes=tuple(form["publication_suffixes"]),
    )


@cache
def title_institution_words() -> frozenset[str]:
    """Words before a table's name that name a kind of institution, not the department."""
    return frozenset(
        canonical_label(w) for w in read_file("tables.toml")["title_institution_words"]
    )


@cache
def basic_groups() -> tuple[str, ...]:
    """Column groups of the basic-expenditure table that become ``row_group`` (人员经费…)."""
    return tuple(canonical_label(g) for g in read_file("tables.toml")["basic_expenditure_groups"])


@cache
def no_data_note() -> re.Pattern:
    """A table's statement that it has no figures (本表无数据, 本表为空表 …)."""
    return re.compile("|".join(read_file("tables.toml")["no_data_notes"]))


@cache
def three_public_grand_total() -> str:
    """The label of a 三公 table's overall total where it also prints 会议费 / 培训费."""
    return read_file("tables.toml")["three_public_grand_total"]


@cache
def _row_label_variants() -> dict[str, str]:
    return {
        variant: canonical
        for canonical, variants in _canonical_lists(read_file("tables.toml")["row_labels"]).items()
        for variant in variants
    }


def canonical_row_label(label: str | None) -> str | None:
    """The catalog's label for a row printed without a code (``[row_labels]``: 一、财政拨款
    -> 财政拨款收入, 收入总计 -> 总计), its ordinal and a leading 其中： dropped; a label the
    catalog does not list is its own."""
    if label is None:
        return None
    bare = re.sub(r"^其中[:：]", "", strip_ordinal(canonical_label(label)))
    return _row_label_variants().get(bare, bare)


@cache
def income_source_by_label() -> dict[str, str]:
    """Canonical row label -> the income column_key it is (``[income_sources]``), for
    income printed by funding source as rows."""
    return {
        canonical_label(label): key
        for key, labels in read_file("tables.toml")["income_sources"].items()
        for label in labels
    }


@cache
def standalone_row_labels() -> frozenset[str]:
    """Labels that begin a row of their own: summary items, the 类 names and the rows
    naming a summary's side (收入, 支出)."""
    items = {canonical_label(label) for label in read_file("tables.toml")["summary_items"]}
    return frozenset(items | set(functional_class_by_name()) | set(summary_sides().rows))


@dataclass(frozen=True)
class IndicatorLevels:
    """The 一级 and 二级指标 of performance indicator tables (performance.toml)."""

    level1: tuple[str, ...]
    level2: dict[str, tuple[str, str]]  # printed spelling -> (二级指标 name, its 一级指标)

    def parent(self, level2: str) -> str | None:
        """The 一级指标 a printed 二级指标 belongs to."""
        found = self.level2.get(canonical_label(level2))
        return found[1] if found else None

    def repaired_level2(self, piece: str) -> str | None:
        """The one 二级指标 whose spellings begin with ``piece`` (经济效 -> 经济效益).

        None unless ``piece`` is a strict beginning of a spelling (two characters at least)
        and all the spellings it begins belong to one name.
        """
        piece = canonical_label(piece)
        if len(piece) < 2:
            return None
        names = {name for printed, (name, _) in self.level2.items() if printed.startswith(piece)}
        return names.pop() if len(names) == 1 and piece not in self.level2 else None

    def level1_pieces(self, piece: str) -> tuple[str, ...]:
        """The 一级指标 that hold ``piece`` as a strict part (效益指 -> 效益指标)."""
        piece = canonical_label(piece)
        return tuple(word for word in self.level1 if piece in word and piece != word)


@cache
def indicator_levels() -> IndicatorLevels:
    """The 一级 / 二级指标 vocabulary of performance indicator tables."""
    raw = read_file("performance.toml")
    level2 = {
        canonical_label(printed): (entry["name"], canonical_label(entry["level1"]))
        for entry in raw["level2"]
        for printed in entry["printed"]
    }
    return IndicatorLevels(tuple(canonical_label(w) for w in raw["level1"]), level2)


@cache
def indicator_section() -> str:
    """The heading of a performance report's part holding its indicator table."""
    return canonical_label(read_file("performance.toml")["indicator_section"])


@cache
def comparators() -> dict[str, str]:
    """Printed comparison sign (≥, ＝…) -> the comparator stored (>=, =…)."""
    return {
        sign: stored
        for stored, signs in read_file("performance.toml")["comparator"].items()
        for sign in signs
    }


@cache
def evaluations() -> dict[str, tuple[str, ...]]:
    """Evaluation (绩效自评, 部门评价) -> the words naming it in a narrative sentence."""
    return {
        e["metric"]: tuple(canonical_label(w) for w in e["words"])
        for e in read_file("performance.toml")["evaluation"]
    }


@dataclass(frozen=True)
class EditionMarkers:
    """The words marking a document as a corrected edition of a publication
    (editions.toml): 更正, 修订…, and the phrases holding one that are no mark."""

    markers: tuple[str, ...]
    not_markers: tuple[str, ...]

    def find(self, text: str) -> str | None:
        """The first marker (in the catalog's order) ``text`` carries outside the phrases
        that are no mark, whitespace ignored and Latin letters compared case-blind."""
        folded = re.sub(r"\s+", "", text).casefold()
        for phrase in self.not_markers:
            folded = folded.replace(phrase.casefold(), "|")
        return next((word for word in self.markers if word.casefold() in folded), None)


@cache
def edition_markers() -> EditionMarkers:
    """The marks of a corrected edition (editions.toml [editions])."""
    block = read_file("editions.toml")["editions"]
    return EditionMarkers(tuple(block["markers"]), tuple(block.get("not_markers", ())))
