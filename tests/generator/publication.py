"""One synthetic publication from a seed: identity, axes, figures, tables, PDF and truth."""

from __future__ import annotations

import io
import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.generator.axes import NOT_APPLICABLE, choose_axes
from tests.generator.codes import (
    CHINESE_ORDINALS,
    ORGANISATIONS,
    REGIONS,
    UNIVERSITY_KINDS,
    UNIVERSITY_PLACES,
)
from tests.generator.figures import HUNDRED_YUAN, Figures, build_figures
from tests.generator.render import FontUnavailable, Line, Renderer, Settings, register_font
from tests.generator.tables import (
    Options,
    PrintedTable,
    Style,
    appropriation_summary_table,
    basic_table,
    expenditure_table,
    fiscal_table,
    fund_table,
    income_table,
    summary_table,
    three_public_table,
)
from tests.generator.truth import truth_document, write_truth

LOCAL_TITLES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "final_accounts": [
        ("summary", ("收入支出决算总表",)),
        ("income", ("收入决算表",)),
        ("expenditure", ("支出决算表",)),
        ("appropriation_summary", ("财政拨款收入支出决算总表",)),
        ("gpb_expenditure", ("一般公共预算财政拨款支出决算表",)),
        (
            "gpb_basic_expenditure",
            ("一般公共预算财政拨款基本支出决算表", "一般公共预算财政拨款基本支出决算明细表"),
        ),
        ("gov_fund", ("政府性基金预算财政拨款收入支出决算表",)),
        ("state_capital", ("国有资本经营预算财政拨款支出决算表",)),
        ("three_public", ("财政拨款“三公”经费支出决算表",)),
    ],
    "budget": [
        ("summary", ("收支预算总表", "部门收支预算总表")),
        ("income", ("收入预算表",)),
        ("expenditure", ("支出预算表",)),
        ("appropriation_summary", ("财政拨款收支预算总表",)),
        ("gpb_expenditure", ("一般公共预算支出预算表",)),
        ("gpb_basic_expenditure", ("一般公共预算基本支出预算表",)),
        ("gov_fund", ("政府性基金预算支出预算表",)),
        ("state_capital", ("国有资本经营预算支出预算表",)),
        ("three_public", ("“三公”经费财政拨款预算表",)),
    ],
}
# the central (中央部门) template of universities under 教育部: 决算 titles are printed
# 表1：高等学校收支决算总表 …; 预算 titles carry the university's name (X大学收支预算总表)
CENTRAL_TABLES = ("summary", "income", "expenditure", "appropriation_expenditure")
CENTRAL_FINAL = (
    "高等学校收支决算总表",
    "高等学校收入决算表",
    "高等学校支出决算表",
    "高等学校财政拨款支出决算表",
)
CENTRAL_BUDGET = ("收支预算总表", "收入预算表", "支出预算表", "财政拨款支出预算表")
# 江苏省高级人民法院 -> 2018 年度江苏省高级 / 人民法院预算公开: where a split cover breaks
_SPLIT_AFTER = 2


@dataclass
class Publication:
    """Everything a seed decides, before drawing."""

    seed: int
    name: str
    identity: dict[str, Any]
    axes: dict[str, str]
    details: dict[str, Any]
    tables: list[PrintedTable]
    printed_titles: dict[str, str]
    headings: dict[str, list[Line]]
    cover: list[str]
    running_header: str | None
    skipped: list[str] = field(default_factory=list)
    # the sentences of the central template's 学校概况 (the only prose printed; no figure)
    prose: list[str] = field(default_factory=list)

    @property
    def facts(self) -> list:
        """Every fact of every table."""
        return [fact for table in self.tables for fact in table.facts]


def _identity(rng: random.Random, axes: dict[str, str]) -> tuple[dict[str, Any], str]:
    """(identity, kind of organisation)."""
    year = rng.randint(2015, 2026)
    if axes["template"] == "central":
        place, region = rng.choice(UNIVERSITY_PLACES)
        department = place + rng.choice(UNIVERSITY_KINDS)
        kind, scope = "university", "department"
    else:
        region, level = rng.choice(REGIONS)
        word, kind = rng.choice(ORGANISATIONS[level])
        department = region + word
        scope = "unit" if rng.random() < 0.2 else "department"
        if axes["cover"] == "none":
            # a tables-only file says 部门 or 单位 nowhere but in its 部门名称 / 单位名称
            # lines, which the central template's units print too: read as a department's
            scope = "department"
    identity = {
        "department": department,
        "region": region,
        "fiscal_year": year,
        "doc_kind": axes["doc_kind"],
        "scope": scope,
    }
    return identity, kind


def _cover(rng: random.Random, axes: dict[str, str], identity: dict[str, Any]) -> list[str]:
    department, year = identity["department"], identity["fiscal_year"]
    kind = "决算" if identity["doc_kind"] == "final_accounts" else "预算"
    word = ("单位" if identity["scope"] == "unit" else "部门") + kind
    suffix = rng.choice(("", "公开"))
    cover = axes["cover"]
    if cover == "dept_then_year":
        return [department, f"{year}年度{word}{suffix}"]
    if cover == "dept_year_line":
        return [f"{department} {year} 年度{word}{suffix}"]
    if cover == "year_then_dept":
        return [f"{year}年度{word}{suffix}", department]
    if cover == "split":
        cut = len(identity["region"]) + _SPLIT_AFTER
        if axes["template"] == "central":
            cut = 2
        # as 2018 年度江苏省高级 / 人民法院预算公开 prints it; a unit says so (单位预算)
        scope_word = "单位" if identity["scope"] == "unit" else ""
        return [f"{year} 年度{department[:cut]}", f"{department[cut:]}{scope_word}{kind}公开"]
    return []


def _titles(
    rng: random.Random, axes: dict[str, str], identity: dict[str, Any]
) -> list[tuple[str, str, str]]:
    """(table_key, catalog title, printed title) in print order."""
    department, year = identity["department"], identity["fiscal_year"]
    if axes["template"] == "central":
        if identity["doc_kind"] == "final_accounts":
            return [
                (key, title, f"表{n}：{title}")
                for n, (key, title) in enumerate(zip(CENTRAL_TABLES, CENTRAL_FINAL, strict=True), 1)
            ]
        return [
            (key, title, f"{department}{title}")
            for key, title in zip(CENTRAL_TABLES, CENTRAL_BUDGET, strict=True)
        ]
    out = []
    for key, variants in LOCAL_TITLES[identity["doc_kind"]]:
        title = rng.choice(variants)
        printed = f"{year}年度{department}{title}" if axes["title_identity"] == "yes" else title
        out.append((key, title, printed))
    return out


def _heading(
    axes: dict[str, str], identity: dict[str, Any], printed: str, number: int, unit: str
) -> list[Line]:
    department, year = identity["department"], identity["fiscal_year"]
    lines: list[Line] = []
    if axes["template"] == "central":
        lines.append(Line(centre=printed, size=15))
        if axes["cover"] == "none":
            lines.append(Line(centre=f"{year}年度"))
        lines.append(Line(left=f"单位名称：{department}   单位：{unit}"))
        return lines
    label = "单位名称" if identity["scope"] == "unit" else "部门名称"
    numbering = axes["numbering"]
    tag = f"公开{number:02d}表" if numbering == "gongkai" else ""
    if numbering == "biao":
        lines.append(Line(left=f"表{CHINESE_ORDINALS[number - 1]}", size=11))
    elif numbering == "fubiao":
        lines.append(Line(left=f"附表{number}", size=11))
    if numbering == "biao_arabic":
        printed = f"表{number}：{printed}"
    lines.append(Line(centre=printed, size=16))
    if axes["name_line"] == "yes":
        lines.append(Line(centre=f"{year}年度", right=tag))
        lines.append(Line(left=f"{label}：{department}", right=f"金额单位：{unit}"))
    else:
        lines.append(Line(left=tag, right=f"金额单位：{unit}"))
    return lines


def _unit_code(name: str) -> str:
    """A 6-digit unit code for a unit (as 105236 is 西南大学's), the same for the same name."""
    return f"10{sum(ord(char) for char in name) % 10000:04d}"


def plan(seed: int, overrides: Mapping[str, str] | None = None) -> Publication:
    """Decide everything about the publication of ``seed`` (``overrides`` fix axes)."""
    rng = random.Random(seed)
    axes = choose_axes(rng, overrides)
    identity, kind = _identity(rng, axes)
    central = axes["template"] == "central"
    units = axes["units"]
    quantum = HUNDRED_YUAN if units == "wanyuan" else 1
    three_quantum = HUNDRED_YUAN if units in ("wanyuan", "mixed") else 1
    figures = build_figures(
        rng,
        kind,
        identity["doc_kind"],
        quantum,
        three_quantum,
        gov_fund=axes["gov_fund"] == "data",
        income_carryover=axes["income_carryover"] == "yes",
        fiscal_year=identity["fiscal_year"],
    )
    opts = Options(
        doc_kind=identity["doc_kind"],
        code_columns=int(axes["code_columns"]),
        merge=axes["header_merge"] == "yes",
        sub_columns=axes["sub_columns"] == "yes",
        income_carryover=axes["income_carryover"] == "yes",
        summary_layout=axes["summary_layout"],
        basic_groups=1 if axes["basic_groups"] == NOT_APPLICABLE else int(axes["basic_groups"]),
        wrap=axes["wrap"] != "none",
        central=central,
        unit_line=(_unit_code(identity["department"]), identity["department"])
        if axes["unit_line"] == "yes"
        else None,
    )
    thousands = axes["thousands"] == "yes"
    zeros = axes["zero_cells"] == "zero"
    main = Style("万元" if units == "wanyuan" else "元", thousands, zeros)
    three = Style("万元" if units != "yuan" else "元", thousands, zeros)
    titles = _titles(rng, axes, identity)
    tables = [_table(key, title, figures, main, three, opts, axes) for key, title, _ in titles]
    printed = {key: text for key, _, text in titles}
    headings = {
        table.key: _heading(axes, identity, printed[table.key], n, table.style.unit)
        for n, table in enumerate(tables, 1)
    }
    details: dict[str, Any] = {
        "seed": seed,
        "titles": printed,
        "units": {table.key: table.style.unit for table in tables},
    }
    if axes["ruling"] == "horizontal_one":
        candidates = [t.key for t in tables if t.facts]
        details["horizontal_table"] = rng.choice(candidates)
    details["row_extra"] = rng.choice((2.0, 4.0, 6.0))
    kind_word = "决算" if identity["doc_kind"] == "final_accounts" else "预算"
    scope_word = "单位" if identity["scope"] == "unit" else "部门"
    running = None
    if axes["running_header"] == "yes":
        running = f"{identity['department']}{identity['fiscal_year']}年度{scope_word}{kind_word}"
    name = (
        f"gen-{seed:05d}-{identity['fiscal_year']}-"
        f"{'final' if identity['doc_kind'] == 'final_accounts' else 'budget'}"
    )
    return Publication(
        seed=seed,
        name=name,
        identity=identity,
        axes=axes,
        details=details,
        tables=tables,
        printed_titles=printed,
        headings=headings,
        cover=_cover(rng, axes, identity),
        running_header=running,
        prose=_prose(identity) if central else [],
    )


def _prose(identity: dict[str, Any]) -> list[str]:
    """The central template's units state where they are only in their 概况."""
    return [
        f"{identity['department']}是教育部直属的全国重点大学。",
        f"学校主体位于{identity['region']}，校园占地3000余亩。",
        "学校设有教学单位30个，在校学生4万余人。",
    ]


def _table(
    key: str,
    title: str,
    figures: Figures,
    main: Style,
    three: Style,
    opts: Options,
    axes: dict[str, str],
) -> PrintedTable:
    if key == "summary":
        return summary_table(figures, main, opts, title)
    if key == "income":
        return income_table(figures, main, opts, title)
    if key == "expenditure":
        return expenditure_table(figures, main, opts, title)
    if key == "appropriation_summary":
        return appropriation_summary_table(figures, main, opts, title)
    if key in ("gpb_expenditure", "appropriation_expenditure"):
        return fiscal_table(figures, main, opts, title, key)
    if key == "gpb_basic_expenditure":
        return basic_table(figures, main, opts, title)
    if key in ("gov_fund", "state_capital"):
        data = key == "gov_fund" and axes["gov_fund"] == "data"
        return fund_table(figures, main, opts, title, key, data)
    if key == "three_public":
        return three_public_table(figures, three, opts, title)
    raise ValueError(key)


def _draw(publication: Publication, target: Any, font: str, toc_pages: dict[str, int]) -> dict:
    axes = publication.axes
    settings = Settings(
        font=font,
        rotate_wide=axes["wide_pages"] == "rotate90",
        page_split=axes["page_split"],
        valign="top" if axes["wrap"] == "top" else "middle",
        horizontal_only=publication.details.get("horizontal_table"),
        running_header=publication.running_header,
        row_extra=publication.details["row_extra"],
    )
    identity = publication.identity
    renderer = Renderer(target, settings, publication.name, identity["department"])
    if publication.cover:
        renderer.cover(publication.cover)
    if axes["toc"] == "yes":
        entries = []
        for n, table in enumerate(publication.tables):
            text = (
                f"{CHINESE_ORDINALS[n]}、{identity['fiscal_year']}年度"
                f"{identity['department']}{table.title}"
            )
            entries.append((text, toc_pages.get(table.key, 0)))
        renderer.contents(entries)
    if publication.prose:
        renderer.prose("一、学校概况", publication.prose)
    pages = {}
    for table in publication.tables:
        pages[table.key] = renderer.table(table, publication.headings[table.key])
    renderer.save()
    return pages


def write(
    seed: int, out_dir: Path, overrides: Mapping[str, str] | None = None
) -> tuple[Path, Path, Publication]:
    """Write ``NAME.pdf`` and ``NAME.truth.json`` of ``seed`` into ``out_dir``.

    Where the embedded-font axis value cannot be drawn (the font is not installed) the
    built-in CID font is used instead, ``axes.font`` says ``cid`` and ``skipped`` why.
    """
    return write_publication(plan(seed, overrides), out_dir)


def write_publication(publication: Publication, out_dir: Path) -> tuple[Path, Path, Publication]:
    """Write a planned publication's ``NAME.pdf`` and ``NAME.truth.json`` into ``out_dir``
    (``write``'s second half: a benchmark may change the plan before it is drawn)."""
    try:
        font = register_font(publication.axes["font"])
    except FontUnavailable as error:
        publication.skipped.append(str(error))
        publication.axes["font"] = "cid"
        font = register_font("cid")
    out_dir.mkdir(parents=True, exist_ok=True)
    pages = _draw(publication, io.BytesIO(), font, {})
    pdf = out_dir / f"{publication.name}.pdf"
    _draw(publication, pdf, font, pages)
    publication.details["pages"] = pages
    if publication.skipped:
        publication.details["skipped"] = publication.skipped
    truth = truth_document(
        publication.identity, publication.axes, publication.details, publication.facts
    )
    path = out_dir / f"{publication.name}.truth.json"
    write_truth(path, truth)
    return pdf, path, publication
