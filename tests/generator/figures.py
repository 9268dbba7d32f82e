"""Internally consistent figures of one department's year, in integer cents.

Every amount is a multiple of the quantum of the table it is printed in (100 yuan where
the table prints 万元 to two decimals, 1 cent where it prints 元), and every identity of
``../shared/spec/domain-notes.md`` holds exactly: parents are the sums of their children,
total = basic + project, the summary's two sides balance, the summary's 类 lines are the
expenditure table's 类 rows, the general-public-budget table's basic column is the
basic table's 人员经费 + 公用经费, the 三公 合计 is the sum of its items.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from tests.generator.codes import (
    COMMON_SECTIONS,
    FUNCTIONAL_NAMES,
    GOV_FUND_SECTION,
    OPTIONAL_SECTIONS,
    OWN_SECTIONS,
    EconomicGroup,
    economic_groups,
)

WANYUAN = 10_000 * 100  # cents in one 万元
HUNDRED_YUAN = 100 * 100  # the quantum of a 万元 table (0.01 万元)

INCOME_SOURCES = (
    "fiscal_appropriation",
    "superior_subsidy",
    "business",
    "operating",
    "affiliated_remittance",
    "other",
)
# the 项 whose spending is all basic (running costs, pensions, medical, housing)
_BASIC_NAMES = ("行政运行", "事业运行", "机构运行")
_BASIC_SECTIONS = ("20805", "21011", "22102")


@dataclass
class Leaf:
    """One 项: its spending by funding and kind, and its income by source (cents)."""

    code: str
    gpb_basic: int = 0
    gpb_project: int = 0
    gov_project: int = 0  # 政府性基金 spending (project)
    other_basic: int = 0  # spending from non-fiscal funds
    other_project: int = 0
    capital: int = 0  # 项目支出·其中：基本建设资金支出 (part of the project spending)
    income: dict[str, int] = field(default_factory=dict)  # key -> cents

    def get(self, name: str) -> int:
        """A figure of this 项 by name (spending fields, derived totals, income keys)."""
        derived = {
            "basic": self.gpb_basic + self.other_basic,
            "project": self.gpb_project + self.gov_project + self.other_project,
            "gpb_total": self.gpb_basic + self.gpb_project,
            "fiscal_basic": self.gpb_basic,
            "fiscal_project": self.gpb_project + self.gov_project,
        }
        derived["total"] = derived["basic"] + derived["project"]
        derived["fiscal_total"] = derived["fiscal_basic"] + derived["fiscal_project"]
        derived["income_total"] = sum(self.income.values()) - self.income.get("business_tuition", 0)
        if name in derived:
            return derived[name]
        if hasattr(self, name):
            return int(getattr(self, name))
        return self.income.get(name, 0)


@dataclass
class EconomicLine:
    """A row of the basic-expenditure table: an economic code, its name and amount."""

    code: str
    name: str
    amount: int
    parent: bool = False


@dataclass
class Figures:
    """All the figures a publication prints."""

    leaves: list[Leaf]
    quantum: int  # of every table but 三公
    three_quantum: int
    summary_income: list[tuple[str, int]]  # (source key, cents) of the income side
    nonfiscal_used: int
    carry_begin: int
    distribution: int  # 结余分配 (final accounts only)
    carry_end: int
    approp_begin: int  # 年初财政拨款结转和结余 (general public budget)
    approp_end: int
    personnel: list[EconomicLine]
    public: list[EconomicLine]
    three_budget: dict[str, int]
    three_actual: dict[str, int]

    def codes(self, field_name: str = "total") -> list[str]:
        """类, 款 and 项 codes in print order whose ``field_name`` is not zero."""
        out: list[str] = []
        for leaf in self.leaves:
            for code in (leaf.code[:3], leaf.code[:5], leaf.code):
                if code not in out and self.value(code, field_name):
                    out.append(code)
        return out

    def value(self, prefix: str, field_name: str) -> int:
        """The sum of ``field_name`` over the 项 under ``prefix`` ('' for all)."""
        return sum(leaf.get(field_name) for leaf in self.leaves if leaf.code.startswith(prefix))

    @property
    def income_total(self) -> int:
        """本年收入合计."""
        return sum(amount for _, amount in self.summary_income)

    @property
    def expenditure_total(self) -> int:
        """本年支出合计."""
        return self.value("", "total")

    @property
    def grand_total(self) -> int:
        """总计 of either side of the summary."""
        return self.income_total + self.nonfiscal_used + self.carry_begin

    @property
    def gov_income(self) -> int:
        """政府性基金预算财政拨款 income (equal to its spending)."""
        return self.value("", "gov_project")

    @property
    def gpb_income(self) -> int:
        """一般公共预算财政拨款 income."""
        return self.value("", "fiscal_appropriation") - self.gov_income

    @property
    def personnel_total(self) -> int:
        """人员经费合计."""
        return sum(line.amount for line in self.personnel if line.parent)

    @property
    def public_total(self) -> int:
        """公用经费合计."""
        return sum(line.amount for line in self.public if line.parent)


def _amount(rng: random.Random, low_yuan: int, high_yuan: int, quantum: int) -> int:
    """A random multiple of ``quantum`` cents between the bounds (yuan), at least one quantum."""
    cents = rng.randint(low_yuan * 100, high_yuan * 100)
    return max(quantum, cents // quantum * quantum)


def partition(rng: random.Random, total: int, parts: int, quantum: int) -> list[int]:
    """``total`` (a multiple of ``quantum``) as ``parts`` non-negative multiples of it."""
    units = total // quantum
    if parts == 1:
        return [total]
    cuts = sorted(rng.randint(0, units) for _ in range(parts - 1))
    bounds = [0, *cuts, units]
    return [(bounds[i + 1] - bounds[i]) * quantum for i in range(parts)]


def _weighted(rng: random.Random, total: int, weights: list[float], quantum: int) -> list[int]:
    """``total`` shared by weights (a zero weight gets nothing), exact to the quantum."""
    units = total // quantum
    live = [i for i, w in enumerate(weights) if w > 0]
    if not live:
        return [0] * len(weights)
    scale = sum(weights[i] for i in live)
    out = [0] * len(weights)
    for i in live:
        out[i] = int(units * weights[i] / scale)
    out[live[rng.randrange(len(live))]] += units - sum(out)
    return [u * quantum for u in out]


def _leaves(rng: random.Random, kind: str, gov_fund: bool) -> list[Leaf]:
    sections = list(OWN_SECTIONS[kind])
    if kind != "university" and len(sections) > 1 and rng.random() < 0.4:
        sections = sections[:1]
    sections += list(COMMON_SECTIONS)
    sections += [s for s in OPTIONAL_SECTIONS if rng.random() < 0.25]
    if gov_fund:
        sections.append(GOV_FUND_SECTION)
    leaves = []
    for section in sorted(set(sections)):
        items = [c for c in FUNCTIONAL_NAMES if len(c) == 7 and c.startswith(section)]
        chosen = sorted(rng.sample(items, rng.randint(1, min(3, len(items)))))
        leaves.extend(Leaf(code) for code in chosen)
    return leaves


def _spend(rng: random.Random, leaf: Leaf, kind: str, quantum: int) -> None:
    name = FUNCTIONAL_NAMES[leaf.code]
    big = kind == "university"
    scale = 40 if big else 1
    if leaf.code.startswith(GOV_FUND_SECTION):
        leaf.gov_project = _amount(rng, 50_000, 900_000, quantum)
        return
    basic_only = name in _BASIC_NAMES or leaf.code[:5] in _BASIC_SECTIONS
    if basic_only:
        leaf.gpb_basic = _amount(rng, 200_000 * scale, 9_000_000 * scale, quantum)
    else:
        leaf.gpb_project = _amount(rng, 100_000 * scale, 6_000_000 * scale, quantum)
        if rng.random() < 0.4:
            leaf.gpb_basic = _amount(rng, 20_000 * scale, 900_000 * scale, quantum)
    nonfiscal = 0.8 if big else 0.15
    if rng.random() < nonfiscal:
        if basic_only or rng.random() < 0.5:
            leaf.other_basic = _amount(rng, 10_000 * scale, 2_000_000 * scale, quantum)
        else:
            leaf.other_project = _amount(rng, 10_000 * scale, 2_000_000 * scale, quantum)
    project = leaf.get("project")
    if project and rng.random() < 0.35:
        leaf.capital = partition(rng, project, 2, quantum)[0]


def _income(rng: random.Random, leaf: Leaf, kind: str, quantum: int, carryover: bool) -> None:
    fiscal = leaf.get("fiscal_total")
    if fiscal and leaf.gov_project == 0 and rng.random() < 0.3:
        fiscal += _amount(rng, 1_000, 200_000, quantum)  # appropriated, not yet spent
    nonfiscal = leaf.other_basic + leaf.other_project
    if nonfiscal and rng.random() < 0.5:
        nonfiscal += _amount(rng, 1_000, max(2_000, nonfiscal // 400), quantum)
    if kind == "university":
        weights = [0.0, 0.05 * rng.random(), 0.7, 0.05 * rng.random(), 0.0, 0.25]
    else:
        weights = [0.0, 0.3 * rng.random(), 0.0, 0.0, 0.0, 1.0]
    shares = _weighted(rng, nonfiscal, weights, quantum)
    leaf.income = {"fiscal_appropriation": fiscal}
    for key, amount in zip(INCOME_SOURCES[1:], shares[1:], strict=True):
        if amount:
            leaf.income[key] = amount
    business = leaf.income.get("business", 0)
    if business and rng.random() < 0.8:
        leaf.income["business_tuition"] = partition(rng, business, 2, quantum)[1]
    if carryover and rng.random() < 0.6:
        leaf.income["carryover_begin"] = _amount(rng, 5_000, 400_000, quantum)
        if nonfiscal and rng.random() < 0.5:
            leaf.income["nonfiscal_balance_used"] = _amount(rng, 1_000, 100_000, quantum)


def _economic(
    rng: random.Random, groups: tuple[EconomicGroup, ...], total: int, quantum: int
) -> list[EconomicLine]:
    """Economic 类 and 款 rows sharing ``total``; some 款 printed with nothing."""
    weights = [1.0 if i == 0 else 0.15 + 0.3 * rng.random() for i in range(len(groups))]
    by_group = _weighted(rng, total, weights, quantum)
    lines: list[EconomicLine] = []
    for group, amount in zip(groups, by_group, strict=True):
        live = [1.0 + 3 * rng.random() if rng.random() < 0.7 else 0.0 for _ in group.children]
        if amount and not any(live):
            live[0] = 1.0
        children = _weighted(rng, amount, live, quantum)
        lines.append(EconomicLine(group.code, group.name, amount, parent=True))
        for (code, name), child in zip(group.children, children, strict=True):
            lines.append(EconomicLine(code, name, child))
    return lines


def _three(rng: random.Random, quantum: int, budget_only: bool) -> tuple[dict, dict]:
    def item(low: int, high: int, zero: float) -> int:
        return 0 if rng.random() < zero else _amount(rng, low, high, quantum)

    budget = {
        "因公出国（境）费": item(20_000, 300_000, 0.5),
        "公务用车购置费": item(100_000, 300_000, 0.7),
        "公务用车运行维护费": item(10_000, 200_000, 0.1),
        "公务接待费": item(5_000, 100_000, 0.2),
    }
    actual = {}
    for key, amount in budget.items():
        spent = amount * rng.randint(55, 100) // 100 // quantum * quantum
        actual[key] = spent if rng.random() < 0.9 else 0
    for figures in (budget, actual):
        figures["公务用车购置及运行维护费"] = (
            figures["公务用车购置费"] + figures["公务用车运行维护费"]
        )
        figures["合计"] = (
            figures["因公出国（境）费"]
            + figures["公务用车购置及运行维护费"]
            + figures["公务接待费"]
        )
    return budget, ({} if budget_only else actual)


def build_figures(
    rng: random.Random,
    kind: str,
    doc_kind: str,
    quantum: int,
    three_quantum: int,
    gov_fund: bool,
    income_carryover: bool,
    fiscal_year: int,
) -> Figures:
    """A department's figures: ``kind`` is the organisation's kind (education, court, …,
    university), amounts multiples of ``quantum`` (三公 of ``three_quantum``), economic
    codes of the edition in force in ``fiscal_year``."""
    leaves = _leaves(rng, kind, gov_fund)
    for leaf in leaves:
        _spend(rng, leaf, kind, quantum)
        _income(rng, leaf, kind, quantum, income_carryover)
    gpb_basic = sum(leaf.gpb_basic for leaf in leaves)
    personnel_share = 0.7 + 0.2 * rng.random()
    personnel_total = int(gpb_basic * personnel_share) // quantum * quantum
    personnel_groups, public_groups = economic_groups(fiscal_year)
    personnel = _economic(rng, personnel_groups, personnel_total, quantum)
    public = _economic(rng, public_groups, gpb_basic - personnel_total, quantum)

    def total(key: str) -> int:
        return sum(leaf.income.get(key, 0) for leaf in leaves)

    gov_income = sum(leaf.gov_project for leaf in leaves)
    summary_income = [
        ("gpb", total("fiscal_appropriation") - gov_income),
        ("gov_fund", gov_income),
        ("state_capital", 0),
        *((key, total(key)) for key in INCOME_SOURCES[1:]),
    ]
    if income_carryover:
        carry_begin = total("carryover_begin")
        used = total("nonfiscal_balance_used")
    else:
        carry_begin = _amount(rng, 0, 3_000_000, quantum) if rng.random() < 0.7 else 0
        used = _amount(rng, 0, 500_000, quantum) if rng.random() < 0.3 else 0
    distribution = 0
    if doc_kind == "final_accounts" and rng.random() < 0.3:
        distribution = _amount(rng, 1_000, 100_000, quantum)
    income = sum(amount for _, amount in summary_income)
    expenditure = sum(leaf.get("total") for leaf in leaves)
    end = income + used + carry_begin - expenditure - distribution
    if end < 0:  # not enough carried in: carry more in (in the income table too)
        carry_begin -= end
        if income_carryover:
            leaves[0].income["carryover_begin"] = leaves[0].income.get("carryover_begin", 0) - end
        end = 0
    approp_begin = _amount(rng, 0, 2_000_000, quantum) if rng.random() < 0.6 else 0
    unspent = sum(leaf.income["fiscal_appropriation"] - leaf.get("fiscal_total") for leaf in leaves)
    three_budget, three_actual = _three(rng, three_quantum, doc_kind == "budget")
    return Figures(
        leaves=leaves,
        quantum=quantum,
        three_quantum=three_quantum,
        summary_income=summary_income,
        nonfiscal_used=used,
        carry_begin=carry_begin,
        distribution=distribution,
        carry_end=end,
        approp_begin=approp_begin,
        approp_end=approp_begin + unspent,
        personnel=personnel,
        public=public,
        three_budget=three_budget,
        three_actual=three_actual,
    )
