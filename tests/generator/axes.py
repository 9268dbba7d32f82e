"""The variation axes: what real publications vary, each value chosen by the seed.

``AXES`` lists every axis and its values; ``choose_axes`` draws one value per axis from a
``random.Random``, then makes the combination coherent (a tables-only file prints the
department above every table; the central template has no 公开NN表 numbering, …).
``overrides`` fix chosen axes, for tests that need one combination.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

AXES: dict[str, tuple[str, ...]] = {
    # local department template (the nine standard tables) or the central (中央部门) one
    # of universities under 教育部 (表1：高等学校收支决算总表 …, four tables)
    "template": ("local", "central"),
    "doc_kind": ("final_accounts", "budget"),
    # none: a tables-only file; dept_then_year: department line, then 2024年度部门决算;
    # dept_year_line: X 2024 年度部门决算 on one line; year_then_dept: the year line first;
    # split: 2018 年度江苏省高级 / 人民法院预算公开
    "cover": ("none", "dept_then_year", "dept_year_line", "year_then_dept", "split"),
    "toc": ("no", "yes"),  # a table of contents naming the department on each line
    "title_identity": ("no", "yes"),  # titles such as 2018年度X收支预算总表
    "name_line": ("yes", "no"),  # 部门名称：X / 单位名称：X above each table
    "running_header": ("no", "yes"),  # X2024年度部门决算 at the top of every page
    # 公开01表 / 表一 / 表1：… before the title / 附表1 above it / unnumbered
    "numbering": ("gongkai", "biao", "biao_arabic", "fubiao", "none"),
    "units": ("wanyuan", "yuan", "mixed"),  # mixed: tables in 元, 三公 in 万元
    "thousands": ("no", "yes"),  # 2,940.05
    "code_columns": ("1", "3"),  # 2010301 or 201 | 03 | 01 under 类 款 项
    "sub_columns": ("no", "yes"),  # 事业收入·其中：教育收费, 项目支出·其中：基本建设资金支出
    "income_carryover": ("no", "yes"),  # income columns 上年结转, 使用非财政拨款结余
    "summary_layout": ("side_by_side", "stacked"),
    "basic_groups": ("1", "2", "4"),
    "page_split": ("none", "repeat_header", "no_header"),
    "wrap": ("none", "middle", "top"),  # long names over 2-3 lines; figures on which line
    "wide_pages": ("landscape", "rotate90"),  # wide tables: landscape or /Rotate 90
    "font": ("cid", "ttf"),  # STSong-Light (not embedded) or an embedded TrueType subset
    "header_merge": ("yes", "no"),  # merged header cells, or one header row where possible
    "zero_cells": ("empty", "zero"),  # a zero printed as an empty cell or as 0.00
    "ruling": ("full", "horizontal_one"),  # one table ruled only horizontally
    "gov_fund": ("empty", "data"),  # 政府性基金 table: 本表无数据, or figures
    # the central template's coded tables with a line for the unit under 合计: its 6-digit
    # unit code and name (105236 西南大学), no classification code
    "unit_line": ("no", "yes"),
}


# relative weights where the values should not be equally likely (else uniform)
WEIGHTS: dict[str, tuple[int, ...]] = {"template": (3, 1)}
NOT_APPLICABLE = "n/a"  # an axis the chosen template has no use for


def choose_axes(rng: random.Random, overrides: Mapping[str, str] | None = None) -> dict[str, str]:
    """One value per axis, coherent; ``overrides`` win (and are kept even if odd)."""
    axes = {
        name: rng.choices(values, weights=WEIGHTS.get(name, (1,) * len(values)))[0]
        for name, values in AXES.items()
    }
    # every axis draws from the generator, whatever the overrides: same seed, same rest
    for name, value in (overrides or {}).items():
        if name not in AXES or value not in AXES[name]:
            raise ValueError(f"unknown axis value {name}={value}")
        axes[name] = value
    fixed = set(overrides or {})

    def setdefault(name: str, value: str) -> None:
        if name not in fixed:
            axes[name] = value

    if axes["cover"] == "none":  # a tables-only file: 部门名称 and the year above each table
        setdefault("toc", "no")
        setdefault("name_line", "yes")
        setdefault("title_identity", "no")
    if axes["sub_columns"] == "yes":  # a 其中 column needs its parent's label above it
        setdefault("header_merge", "yes")
    if axes["template"] == "central":
        # the template fixes these: 单位名称：X大学   单位：万元 above every table, titles
        # 表1：高等学校… (决算) or X大学…预算表 (预算), no basic-expenditure or gov-fund table
        setdefault("name_line", "yes")
        setdefault("units", "wanyuan")
        for name in ("numbering", "title_identity", "basic_groups", "gov_fund"):
            setdefault(name, NOT_APPLICABLE)
    else:
        setdefault("unit_line", NOT_APPLICABLE)
    return axes
