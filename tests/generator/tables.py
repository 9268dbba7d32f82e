"""What each standard table prints: a grid of cells (merged where printed so) and its facts.

A table is built cell by cell; every amount cell printed records its fact (table_key,
row_code, row_label, column_key, cents) at the same time, so the truth is exactly what the
page shows: an empty cell is no fact, a printed 0.00 is a fact of 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.generator.codes import CLASS_LINES, FUNCTIONAL_NAMES
from tests.generator.figures import WANYUAN, Figures


@dataclass(frozen=True)
class Fact:
    """One printed figure, keyed as the warehouse keys it."""

    table_key: str
    row_code: str | None
    row_label: str
    column_key: str
    cents: int


@dataclass
class Cell:
    """A printed cell; ``rows``/``cols`` > 1 for a merged one. Body cells span no rows."""

    text: str
    row: int
    col: int
    rows: int = 1
    cols: int = 1
    align: str = "left"  # left | right | center


@dataclass(frozen=True)
class Style:
    """How amounts are printed: unit, thousands separators, zeros."""

    unit: str  # 万元 | 元
    thousands: bool
    zeros: bool  # print a zero as 0.00 (else the cell stays empty)

    def text(self, cents: int) -> str:
        """The printed form of an amount."""
        divisor = WANYUAN if self.unit == "万元" else 100
        if cents % (divisor // 100):
            raise ValueError(f"{cents} cents cannot be printed in {self.unit} to 2 decimals")
        whole, rest = divmod(abs(cents) // (divisor // 100), 100)
        number = f"{whole:,}" if self.thousands else str(whole)
        return f"{'-' if cents < 0 else ''}{number}.{rest:02d}"


@dataclass
class PrintedTable:
    """A standard table ready to draw."""

    key: str
    title: str  # the catalog title (without numbering, year or department)
    style: Style
    width: int = 0
    header_rows: int = 0
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0  # header and body rows
    facts: list[Fact] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    wrap_cols: set[int] = field(default_factory=set)  # name columns whose width is capped
    splittable: bool = True  # a long table the page-split axis may break

    def head(self, row: int, col: int, text: str, rows: int = 1, cols: int = 1) -> None:
        """A header cell (centred)."""
        self.cells.append(Cell(text, row, col, rows, cols, "center"))
        self.header_rows = max(self.header_rows, row + rows)
        self.n_rows = max(self.n_rows, row + rows)
        self.width = max(self.width, col + cols)

    def new_row(self) -> int:
        """The index of a new body row."""
        self.n_rows = max(self.n_rows, self.header_rows)
        self.n_rows += 1
        return self.n_rows - 1

    def text(self, row: int, col: int, text: str, cols: int = 1, align: str = "left") -> None:
        """A text cell of a body row."""
        if text:
            self.cells.append(Cell(text, row, col, 1, cols, align))

    def amount(
        self,
        row: int,
        col: int,
        cents: int,
        code: str | None,
        label: str,
        column_key: str,
        blank_zero: bool = False,
    ) -> None:
        """An amount cell and its fact; a zero is printed only where the style prints zeros."""
        if cents == 0 and (blank_zero or not self.style.zeros):
            return
        self.cells.append(Cell(self.style.text(cents), row, col, align="right"))
        self.facts.append(Fact(self.key, code, "".join(label.split()), column_key, cents))


@dataclass(frozen=True)
class Column:
    """An amount column of a coded table: header label, column key, figure name, children."""

    label: str
    key: str = ""
    figure: str = ""
    children: tuple[Column, ...] = ()


@dataclass(frozen=True)
class Options:
    """The axes that shape the tables."""

    doc_kind: str
    code_columns: int
    merge: bool
    sub_columns: bool
    income_carryover: bool
    summary_layout: str
    basic_groups: int
    wrap: bool
    central: bool
    unit_line: tuple[str, str] | None = None  # (6-digit unit code, unit name) under 合计


def _coded(
    table: PrintedTable, figures: Figures, columns: list[Column], present: str, opts: Options
) -> PrintedTable:
    """A table by functional code: 合计 row, then 类 / 款 / 项 rows with their amounts."""
    code_cols = 3 if opts.code_columns == 3 else 1
    name_col = code_cols
    grouped = any(c.children for c in columns)
    depth = 2 if grouped or opts.merge else 1
    # the label columns
    if depth == 1:
        if code_cols == 3:
            for i, part in enumerate(("类", "款", "项")):
                table.head(0, i, part)
        else:
            table.head(0, 0, "科目编码")
        table.head(0, name_col, "科目名称")
    elif code_cols == 3:
        table.head(0, 0, "科目编码", cols=3)
        for i, part in enumerate(("类", "款", "项")):
            table.head(1, i, part)
        table.head(0, name_col, "科目名称", rows=2)
    else:
        table.head(0, 0, "项目", cols=2)
        table.head(1, 0, "科目编码")
        table.head(1, 1, "科目名称")
    # the amount columns
    leaves: list[tuple[int, Column]] = []
    col = name_col + 1
    for column in columns:
        if column.children and depth == 2:
            table.head(0, col, column.label, cols=len(column.children))
            for k, child in enumerate(column.children):
                table.head(1, col + k, child.label)
                leaves.append((col + k, child))
            col += len(column.children)
        else:
            table.head(0, col, column.label, rows=depth)
            leaves.append((col, column))
            col += 1
    if opts.wrap:
        table.wrap_cols.add(name_col)
    # the rows: 合计 first, then every code with something printed
    row = table.new_row()
    table.text(row, 0, "合计", cols=code_cols + 1, align="center")
    for c, column in leaves:
        table.amount(row, c, figures.value("", column.figure), None, "合计", column.key)
    if opts.unit_line:
        # the unit's own line: its totals, under its unit code, which is no functional code
        unit_code, unit_name = opts.unit_line
        row = table.new_row()
        table.text(row, 0, unit_code)
        table.text(row, name_col, unit_name)
        for c, column in leaves:
            value = figures.value("", column.figure)
            table.amount(row, c, value, None, unit_code + unit_name, column.key)
    for code in figures.codes(present):
        row = table.new_row()
        name = FUNCTIONAL_NAMES[code]
        if code_cols == 3:
            parts = [code[:3], code[3:5], code[5:7]]
            for i, part in enumerate(parts):
                table.text(row, i, part)
        else:
            table.text(row, 0, code)
        table.text(row, name_col, name)
        for c, column in leaves:
            table.amount(row, c, figures.value(code, column.figure), code, name, column.key)
    return table


def income_table(figures: Figures, style: Style, opts: Options, title: str) -> PrintedTable:
    """收入决算表 / 收入预算表 by functional code and income source."""
    table = PrintedTable("income", title, style)
    final = opts.doc_kind == "final_accounts"
    total_label = "本年收入合计" if final and not opts.income_carryover else "合计"
    business = Column("事业收入", "business", "business")
    if opts.sub_columns:
        business = Column(
            "事业收入",
            children=(
                Column("金额", "business", "business"),
                Column("其中：教育收费", "business_tuition", "business_tuition"),
            ),
        )
    columns = [Column(total_label, "total", "income_total")]
    if opts.income_carryover:
        columns.append(Column("上年结转", "carryover_begin", "carryover_begin"))
    columns += [
        Column("财政拨款收入", "fiscal_appropriation", "fiscal_appropriation"),
        Column("上级补助收入", "superior_subsidy", "superior_subsidy"),
        business,
        Column("经营收入", "operating", "operating"),
        Column("附属单位上缴收入", "affiliated_remittance", "affiliated_remittance"),
        Column("其他收入", "other", "other"),
    ]
    if opts.income_carryover:
        columns.append(
            Column("使用非财政拨款结余", "nonfiscal_balance_used", "nonfiscal_balance_used")
        )
    return _coded(table, figures, columns, "income_total", opts)


def expenditure_table(figures: Figures, style: Style, opts: Options, title: str) -> PrintedTable:
    """支出决算表 / 支出预算表: total, basic, project (and 其中：基本建设资金支出)."""
    table = PrintedTable("expenditure", title, style)
    final = opts.doc_kind == "final_accounts"
    project = Column("项目支出", "project", "project")
    if opts.sub_columns:
        project = Column(
            "项目支出",
            children=(
                Column("小计", "project", "project"),
                Column("其中：基本建设资金支出", "project_capital_construction", "capital"),
            ),
        )
    columns = [
        Column("本年支出合计" if final else "合计", "total", "total"),
        Column("基本支出", "basic", "basic"),
        project,
    ]
    return _coded(table, figures, columns, "total", opts)


def fiscal_table(
    figures: Figures, style: Style, opts: Options, title: str, key: str
) -> PrintedTable:
    """一般公共预算财政拨款支出 (gpb_expenditure) or 财政拨款支出 (appropriation_expenditure)."""
    table = PrintedTable(key, title, style)
    prefix = "gpb_" if key == "gpb_expenditure" else "fiscal_"
    basic = "gpb_basic" if key == "gpb_expenditure" else "fiscal_basic"
    project = "gpb_project" if key == "gpb_expenditure" else "fiscal_project"
    columns = [
        Column("合计", "total", f"{prefix}total"),
        Column("基本支出", "basic", basic),
        Column("项目支出", "project", project),
    ]
    return _coded(table, figures, columns, f"{prefix}total", opts)


def fund_table(
    figures: Figures, style: Style, opts: Options, title: str, key: str, data: bool
) -> PrintedTable:
    """政府性基金 (gov_fund, figures or none) or 国有资本经营 (state_capital, none)."""
    table = PrintedTable(key, title, style, splittable=False)
    final = opts.doc_kind == "final_accounts"
    if key == "gov_fund" and final:
        columns = [
            Column("年初结转和结余", "carryover_begin", "none"),
            Column("本年收入", "income", "gov_project"),
            Column(
                "本年支出",
                children=(
                    Column("小计", "total", "gov_project"),
                    Column("基本支出", "basic", "none"),
                    Column("项目支出", "project", "gov_project"),
                ),
            ),
            Column("年末结转和结余", "carryover_end", "none"),
        ]
    else:
        columns = [
            Column("合计", "total", "gov_project"),
            Column("基本支出", "basic", "none"),
            Column("项目支出", "project", "gov_project"),
        ]
    if data:
        return _coded(table, figures, columns, "gov_project", opts)
    empty = Figures(
        leaves=[],
        quantum=1,
        three_quantum=1,
        summary_income=[],
        nonfiscal_used=0,
        carry_begin=0,
        distribution=0,
        carry_end=0,
        approp_begin=0,
        approp_end=0,
        personnel=[],
        public=[],
        three_budget={},
        three_actual={},
    )
    blank = Options(**{**opts.__dict__, "merge": opts.merge or any(c.children for c in columns)})
    _coded(table, empty, columns, "total", blank)
    table.facts = [f for f in table.facts if f.cents]  # an empty table prints no 0.00
    table.cells = [c for c in table.cells if c.align != "right"]
    table.notes.append("说明：本表无数据")
    return table


def _summary_items(figures: Figures, opts: Options) -> tuple[list, list, list]:
    """(income items, expenditure 类 lines, closing rows) of the summary table."""
    final = opts.doc_kind == "final_accounts"
    by_key = dict(figures.summary_income)
    if opts.central:
        income = [
            ("一、财政拨款收入", by_key["gpb"] + by_key["gov_fund"]),
            ("二、上级补助收入", by_key["superior_subsidy"]),
            ("三、事业收入", by_key["business"]),
            ("四、经营收入", by_key["operating"]),
            ("五、附属单位上缴收入", by_key["affiliated_remittance"]),
            ("六、其他收入", by_key["other"]),
        ]
    else:
        income = [
            ("一、一般公共预算财政拨款收入", by_key["gpb"]),
            ("二、政府性基金预算财政拨款收入", by_key["gov_fund"]),
            ("三、国有资本经营预算财政拨款收入", by_key["state_capital"]),
            ("四、上级补助收入", by_key["superior_subsidy"]),
            ("五、事业收入", by_key["business"]),
            ("六、经营收入" if final else "六、事业单位经营收入", by_key["operating"]),
            ("七、附属单位上缴收入", by_key["affiliated_remittance"]),
            ("八、其他收入", by_key["other"]),
        ]
    lines = [
        (code, label, figures.value(code, "total"))
        for code, label in CLASS_LINES
        if not opts.central or figures.value(code, "total")
    ]
    used = "使用非财政拨款结余（含专用结余）" if final else "使用非财政拨款结余"
    stacked = opts.summary_layout == "stacked"
    closing = [
        ("本年收入合计", figures.income_total, "本年支出合计", figures.expenditure_total),
        (used, figures.nonfiscal_used, "结余分配" if final else "", figures.distribution),
        (
            "年初结转和结余" if final else "上年结转",
            figures.carry_begin,
            "年末结转和结余" if final else "结转下年",
            figures.carry_end,
        ),
        (
            "收入总计" if stacked or not final else "总计",
            figures.grand_total,
            "支出总计" if stacked or not final else "总计",
            figures.grand_total,
        ),
    ]
    return income, lines, closing


def summary_table(figures: Figures, style: Style, opts: Options, title: str) -> PrintedTable:
    """收入支出决算总表 / 收支预算总表: side by side, or income and expenditure stacked."""
    table = PrintedTable("summary", title, style)
    amount_label = "决算数" if opts.doc_kind == "final_accounts" else "预算数"
    income, lines, closing = _summary_items(figures, opts)
    if opts.summary_layout == "stacked":
        table.head(0, 0, "项目")
        table.head(0, 1, amount_label)
        row = table.new_row()
        table.text(row, 0, "收入", cols=2, align="center")
        for label, cents in income:
            row = table.new_row()
            table.text(row, 0, label)
            table.amount(row, 1, cents, None, label, "income")
        for label, cents, _, _ in closing:
            row = table.new_row()
            table.text(row, 0, label)
            table.amount(row, 1, cents, None, label, "income")
        row = table.new_row()
        table.text(row, 0, "支出", cols=2, align="center")
        for code, label, cents in lines:
            if cents:
                row = table.new_row()
                table.text(row, 0, label)
                table.amount(row, 1, cents, code, label, "expenditure", True)
        for _, _, label, cents in closing:
            if label:
                row = table.new_row()
                table.text(row, 0, label)
                table.amount(row, 1, cents, None, label, "expenditure")
        return table
    if opts.merge:
        table.head(0, 0, "收入", cols=2)
        table.head(0, 2, "支出", cols=2)
    top = 1 if opts.merge else 0
    for side in (0, 2):
        table.head(top, side, "项目")
        table.head(top, side + 1, amount_label)
    for index in range(max(len(income), len(lines))):
        row = table.new_row()
        if index < len(income):
            label, cents = income[index]
            table.text(row, 0, label)
            table.amount(row, 1, cents, None, label, "income")
        if index < len(lines):
            code, label, cents = lines[index]
            table.text(row, 2, label)
            table.amount(row, 3, cents, code, label, "expenditure", True)
    for left, left_cents, right, right_cents in closing:
        row = table.new_row()
        table.text(row, 0, left)
        table.amount(row, 1, left_cents, None, left, "income")
        if right:
            table.text(row, 2, right)
            table.amount(row, 3, right_cents, None, right, "expenditure")
    return table


def appropriation_summary_table(
    figures: Figures, style: Style, opts: Options, title: str
) -> PrintedTable:
    """财政拨款收入支出决算总表: income left, expenditure by fund right."""
    table = PrintedTable("appropriation_summary", title, style)
    final = opts.doc_kind == "final_accounts"
    funds = [
        ("一般公共预算财政拨款", "expenditure_gpb"),
        ("政府性基金预算财政拨款", "expenditure_gov_fund"),
        ("国有资本经营预算财政拨款", "expenditure_state_capital"),
    ]
    amount_label = "决算数" if final else "预算数"
    if opts.merge:
        table.head(0, 0, "收入", cols=2)
        table.head(0, 2, "支出", cols=5)
        table.head(1, 0, "项目")
        table.head(1, 1, amount_label)
        table.head(1, 2, "项目")
        table.head(1, 3, "合计")
        for k, (label, _) in enumerate(funds):
            table.head(1, 4 + k, label)
    else:
        for k, label in enumerate(["项目", amount_label, "项目", "合计", *(f[0] for f in funds)]):
            table.head(0, k, label)
    income = [
        ("一、一般公共预算财政拨款", figures.gpb_income),
        ("二、政府性基金预算财政拨款", figures.gov_income),
        ("三、国有资本经营预算财政拨款", 0),
    ]
    lines = list(CLASS_LINES)

    def spend(row: int, code: str | None, label: str, values: list[int], blank: bool) -> None:
        table.text(row, 2, label)
        table.amount(row, 3, sum(values), code, label, "expenditure", blank)
        for k, (_, key) in enumerate(funds):
            table.amount(row, 4 + k, values[k], code, label, key, True)

    for index in range(max(len(income), len(lines))):
        row = table.new_row()
        if index < len(income):
            label, cents = income[index]
            table.text(row, 0, label)
            table.amount(row, 1, cents, None, label, "income")
        if index < len(lines):
            code, label = lines[index]
            values = [figures.value(code, "gpb_total"), figures.value(code, "gov_project"), 0]
            spend(row, code, label, values, True)
    income_total = figures.gpb_income + figures.gov_income
    spent = [figures.value("", "gpb_total"), figures.gov_income, 0]
    closing = [
        ("本年收入合计", income_total, "本年支出合计", spent),
        (
            "年初财政拨款结转和结余" if final else "上年结转",
            figures.approp_begin,
            "年末财政拨款结转和结余" if final else "结转下年",
            [figures.approp_end, 0, 0],
        ),
        (
            "总计" if final else "收入总计",
            income_total + figures.approp_begin,
            "总计" if final else "支出总计",
            [spent[0] + figures.approp_end, spent[1], 0],
        ),
    ]
    for left, cents, right, values in closing:
        row = table.new_row()
        table.text(row, 0, left)
        table.amount(row, 1, cents, None, left, "income")
        spend(row, None, right, values, False)
    return table


def basic_table(figures: Figures, style: Style, opts: Options, title: str) -> PrintedTable:
    """一般公共预算财政拨款基本支出决算表: 1, 2 or 4 side-by-side code/name/amount groups."""
    table = PrintedTable("gpb_basic_expenditure", title, style)
    amount_label = "决算数" if opts.doc_kind == "final_accounts" else "预算数"
    groups = opts.basic_groups

    def group_head(row: int, count: int) -> None:
        for g in range(count):
            table.head(row, 3 * g, "科目编码")
            table.head(row, 3 * g + 1, "科目名称")
            table.head(row, 3 * g + 2, amount_label)
            if opts.wrap:
                table.wrap_cols.add(3 * g + 1)

    def line(row: int, g: int, item) -> None:
        table.text(row, 3 * g, item.code)
        table.text(row, 3 * g + 1, item.name)
        table.amount(row, 3 * g + 2, item.amount, item.code, item.name, "amount")

    personnel, public = figures.personnel, figures.public
    if groups == 1:
        table.splittable = True
        group_head(0, 1)
        for lines, label, cents in (
            (personnel, "人员经费合计", figures.personnel_total),
            (public, "公用经费合计", figures.public_total),
        ):
            for item in lines:
                line(table.new_row(), 0, item)
            row = table.new_row()
            table.text(row, 0, label, cols=2)
            table.amount(row, 2, cents, None, label, "amount")
        return table
    if groups == 2:
        table.head(0, 0, "人员经费", cols=3)
        table.head(0, 3, "公用经费", cols=3)
        columns = [personnel, public]
    else:
        table.head(0, 0, "人员经费", cols=3)
        table.head(0, 3, "公用经费", cols=9)
        size = -(-len(public) // 3)
        columns = [personnel] + [public[i * size : (i + 1) * size] for i in range(3)]
    group_head(1, groups)
    for index in range(max(len(c) for c in columns)):
        row = table.new_row()
        for g, items in enumerate(columns):
            if index < len(items):
                line(row, g, items[index])
    row = table.new_row()
    table.text(row, 0, "人员经费合计", cols=2)
    table.amount(row, 2, figures.personnel_total, None, "人员经费合计", "amount")
    table.text(row, 3, "公用经费合计", cols=3 * groups - 4)
    table.amount(row, 3 * groups - 1, figures.public_total, None, "公用经费合计", "amount")
    table.splittable = False
    return table


THREE_ITEMS = ("合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费")


def three_public_table(figures: Figures, style: Style, opts: Options, title: str) -> PrintedTable:
    """财政拨款“三公”经费支出决算表: 预算数 (and 决算数) x items, 小计 under the vehicles."""
    table = PrintedTable("three_public", title, style, splittable=False)
    sides = [("预算数", "budget", figures.three_budget)]
    if opts.doc_kind == "final_accounts":
        sides.append(("决算数", "actual", figures.three_actual))
    for s, (side, _, _) in enumerate(sides):
        base = 6 * s
        table.head(0, base, side, cols=6)
        table.head(1, base, "合计", rows=2)
        table.head(1, base + 1, "因公出国（境）费", rows=2)
        table.head(1, base + 2, "公务用车购置及运行维护费", cols=3)
        table.head(2, base + 2, "小计")
        table.head(2, base + 3, "公务用车购置费")
        table.head(2, base + 4, "公务用车运行维护费")
        table.head(1, base + 5, "公务接待费", rows=2)
    row = table.new_row()
    for s, (_, key, values) in enumerate(sides):
        base = 6 * s
        order = [
            "合计",
            "因公出国（境）费",
            "公务用车购置及运行维护费",
            "公务用车购置费",
            "公务用车运行维护费",
            "公务接待费",
        ]
        for k, item in enumerate(order):
            table.amount(row, base + k, values[item], None, item, key)
    return table
