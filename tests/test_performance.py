"""The sample's 16 项目支出绩效自评 reports (figures typed from the sample's 合计 rows)."""

from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl

from pipelines.extract.performance import read_indicators
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.checks import check_document

# 全年执行数(元) of the 16 reports, in the order printed
EXECUTED = [
    8400,
    8500,
    119936,
    4300,
    60000,
    100000,
    10000,
    1315000,
    3796,
    11800,
    343100,
    171533,
    8274,
    450000,
    38880,
    2000000,
]


def test_sixteen_reports_with_their_budget_execution(sample_facts: NormalisedDocument) -> None:
    performance = sample_facts.performance
    assert performance.height == 16
    assert performance["executed_yuan"].to_list() == [Decimal(v) for v in EXECUTED]
    assert sum(performance["executed_yuan"]) == Decimal("4653519.00")
    assert performance["grade"].value_counts().rows() == [("优", 16)]
    assert set(performance["total_score"]) == {Decimal("100")}


def test_one_report_in_full(sample_facts: NormalisedDocument) -> None:
    row = sample_facts.performance.filter(pl.col("project_name") == "新开办企业免费刻制印章")
    assert row.select(
        "project_unit",
        "budget_declared_yuan",
        "budget_initial_yuan",
        "budget_full_year_yuan",
        "executed_yuan",
        "balance_yuan",
        "execution_rate",
        "budget_score",
        "total_score",
        "grade",
    ).row(0) == (
        "019001-孝义市行政审批服务管理局",
        Decimal("120000"),
        Decimal("120000"),
        Decimal("119936"),
        Decimal("119936"),
        Decimal("0"),
        Decimal("1"),
        Decimal("10"),
        Decimal("100"),
        "优",
    )


def test_the_reports_reach_the_warehouse(loaded_warehouse: Path) -> None:
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT count(*), sum(executed_yuan) FROM project_performance"
        ).fetchone() == (16, Decimal("4653519.00"))


# The 绩效指标 tables ((二) 绩效指标完成情况) of the 16 reports, typed from the sample:
# project, rows, sum of 权重, sum of 得分 (each report's 预算执行 得分 is 10 and its 总得分 100,
# "指标完成情况得分 90 分")
INDICATOR_TABLES = [
    ("C22云视讯视频会议系统专线使用费项目", 9, 90, 90),  # lines 605-616
    ("社会组织法定代表人离任审计、注销清算审计", 10, 90, 90),  # 723-733
    ("新开办企业免费刻制印章", 9, 90, 90),  # 840-850
    ("通信光缆租赁服务项目", 9, 90, 90),  # 955-966
    ("开评标区安装屏蔽系统项目", 10, 90, 90),  # 1073-1084
    ("孝义市惠企政策采集梳理及运营服务项目", 9, 90, 90),  # 1191-1200
    ("2025-2027年电子政务外网服务及项目可研等", 9, 90, 90),  # 1305-1315
    ("电子政务外网服务项目", 9, 90, 90),  # 1422-1431
    ("办件结果邮寄项目", 10, 90, 90),  # 1538-1548
    ("证照印制费用", 11, 90, 90),  # 1653-1664
    ("市民服务中心工装采购费用", 11, 90, 90),  # 1771-1782
    ("维护市民服务中心智能化平台易损设备项目", 9, 90, 90),  # 1889-1899
    ("专家劳务费用", 9, 90, 90),  # 2004-2013
    ("基层就近办建设项目", 10, 90, 90),  # 2120-2130
    # 权重 20+10+10+5+5 | 5+5+10+5 | 10 = 85, and 制作数, 采用电子评标比例, 制作发放率 print no 得分
    ("山西CA数字证书办理费", 10, 85, 45),  # 2239-2249
    ("便民办事服务平台定制开发服务", 9, 90, 90),  # 2354-2363
]
BUDGET_SCORE = Decimal(10)
TOTAL_SCORE = Decimal(100)


def indicator(facts: NormalisedDocument, line: int) -> tuple:
    row = facts.indicators.filter(pl.col("source_line") == line)
    assert row.height == 1, line
    return row.select(
        "level1",
        "level2",
        "indicator",
        "target_text",
        "target_comparator",
        "target_value",
        "target_unit",
        "actual_text",
        "actual_value",
        "weight",
        "score",
    ).row(0)


def test_every_indicator_of_the_sixteen_reports(sample_facts: NormalisedDocument) -> None:
    indicators = sample_facts.indicators
    assert indicators.height == sum(rows for _, rows, _, _ in INDICATOR_TABLES) == 153
    per_report = indicators.group_by("project_name", maintain_order=True).agg(
        pl.len(), pl.col("weight").sum(), pl.col("score").sum()
    )
    assert per_report.rows() == [
        (name, rows, Decimal(weights), Decimal(scores))
        for name, rows, weights, scores in INDICATOR_TABLES
    ]
    assert indicators.select(pl.col("weight", "target_value", "actual_value")).dtypes == [
        pl.Decimal(9, 2),
        pl.Decimal(18, 4),
        pl.Decimal(18, 4),
    ]


def test_each_report_adds_up_to_its_result(sample_facts: NormalisedDocument) -> None:
    """权重 + the 预算执行 score = 100 and 得分 + it = 总得分, except where the sample's table
    itself does not (山西CA数字证书办理费: 85 points of 权重, three 得分 not printed)."""
    reports = sample_facts.performance.select("project_name", "budget_score", "total_score")
    assert set(reports["budget_score"]) == {BUDGET_SCORE}
    assert set(reports["total_score"]) == {TOTAL_SCORE}
    for name, _, weights, scores in INDICATOR_TABLES:
        consistent = name != "山西CA数字证书办理费"
        assert (Decimal(weights) + BUDGET_SCORE == TOTAL_SCORE) is consistent, name
        assert (Decimal(scores) + BUDGET_SCORE == TOTAL_SCORE) is consistent, name


def test_rows_as_printed(sample_facts: NormalisedDocument) -> None:
    d = Decimal
    # 产出指标	数量指标	视频会议系统		=1套	1		20	20
    assert indicator(sample_facts, 605) == (
        "产出指标",
        "数量指标",
        "视频会议系统",
        "=1套",
        "=",
        d(1),
        "套",
        "1",
        d(1),
        d(20),
        d(20),
    )
    assert indicator(sample_facts, 606)[3:7] == ("≥98%", ">=", d(98), "%")
    assert indicator(sample_facts, 608)[2:9] == (
        "租赁费",
        "≤0.84万元",
        "<=",
        d("0.84"),
        "万元",
        "0.84",
        d("0.84"),
    )
    # a target and an actual that are not numbers
    assert indicator(sample_facts, 607)[2:9] == (
        "服务完成及时性",
        "及时",
        None,
        None,
        None,
        "达成预期指标",
        None,
    )
    # ≤1560元/户 met with 1416.7 (社会组织…审计)
    assert indicator(sample_facts, 727)[3:9] == (
        "≤1560元/户",
        "<=",
        d(1560),
        "元/户",
        "1416.7",
        d("1416.7"),
    )
    # two indicators printed in one row: no single number to compare
    assert indicator(sample_facts, 2248)[2:7] == (
        "免费制作率全市电子评标",
        "=100%可持续运行",
        None,
        None,
        None,
    )
    # 制作数 prints its 权重 20 and no 得分
    assert indicator(sample_facts, 2239)[9:] == (d(20), None)


def test_labels_split_and_moved_by_page_breaks(sample_facts: NormalisedDocument) -> None:
    # "益指\t益" / "标\t社会效益…": 效益指标 split over two lines
    assert indicator(sample_facts, 612)[:3] == (
        "效益指标",
        "社会效益",
        "对工作效率、管理和决策支持的改善或提升程度",
    )
    # 满意度指标 printed on a line of its own after its only row
    assert indicator(sample_facts, 615)[:4] == (
        "满意度指标",
        "服务对象满意度",
        "使用者满意度",
        "=100%",
    )
    # 通信光缆租赁服务项目: a row without labels whose labels follow one line late
    assert indicator(sample_facts, 956)[:4] == ("产出指标", "质量指标", "系统正常运行率", "≥98%")
    assert indicator(sample_facts, 957)[2:4] == (None, "及时")  # its name is not printed
    assert indicator(sample_facts, 958)[:4] == ("产出指标", "成本指标", "租赁费", "≤0.43万元")
    # "经济效" on the row, "益" on the line after the page break
    assert indicator(sample_facts, 960)[:3] == ("效益指标", "经济效益", "产生更高的效率")
    # the name's last character "况" on the line after the page break
    assert indicator(sample_facts, 1309)[:3] == ("效益指标", "经济效果", "工作效率提升情况")
    # 社会成本 is the name under 社会效益, not a piece of 社会成本指标
    assert indicator(sample_facts, 2246)[:3] == ("效益指标", "社会效益", "社会成本")
    # 满意度指标 printed in the 二级指标 column, no 二级指标
    assert indicator(sample_facts, 1431)[:3] == ("满意度指标", None, "使用者满意度")


def test_the_narrative_claims_more_evaluations_than_attached(
    sample_facts: NormalisedDocument,
) -> None:
    """Line 512: 绩效自评 of 二级项目31个, 资金651.05万元, 28 优 0 良 1 中 2 差; attached: 16
    reports, all 优, whose 年初预算 (预算编制) add up to 5,294,987 元."""
    budgets = [8400, 8500, 120000, 4300, 180000, 292000, 100000, 1515000]
    budgets += [5000, 50000, 343100, 171533, 8274, 450000, 38880, 2000000]
    assert sample_facts.performance["budget_initial_yuan"].to_list() == [
        Decimal(b) for b in budgets
    ]
    findings = check_document(sample_facts).filter(
        pl.col("rule") == "performance_reports_cover_narrative"
    )
    assert findings.select("row", "severity", "passed", "expected", "actual").rows() == [
        ("项目数", "warning", False, Decimal(31), Decimal(16)),
        ("资金", "warning", False, Decimal("6510500"), Decimal(sum(budgets))),
        ("优", "warning", False, Decimal(28), Decimal(16)),
        ("良", "warning", True, Decimal(0), Decimal(0)),
        ("中", "warning", False, Decimal(1), Decimal(0)),
        ("差", "warning", False, Decimal(2), Decimal(0)),
    ]
    assert findings["message"][0] == (
        "projects the narrative says had a 绩效自评: the narrative states 31 (绩效自评项目数, "
        "line 512); the 16 项目支出绩效自评 reports attached give 16 (difference -15)"
    )


def test_reports_whose_indicators_do_not_add_up(sample_facts: NormalisedDocument) -> None:
    failed = (
        check_document(sample_facts)
        .filter(pl.col("rule").str.starts_with("performance_") & ~pl.col("passed"))
        .filter(pl.col("table_key") == "performance_indicators")
    )
    assert failed.select("rule", "row", "expected", "actual").rows() == [
        ("performance_weights_make_100", "山西CA数字证书办理费", Decimal(100), Decimal(95)),
        ("performance_scores_make_total", "山西CA数字证书办理费", Decimal(100), Decimal(55)),
    ]
    checked = check_document(sample_facts).filter(
        pl.col("rule").str.starts_with("performance_")
        & (pl.col("table_key") == "performance_indicators")
    )
    assert checked.height == 2 * 16  # the two rules on each of the 16 reports


def test_the_indicators_and_the_finding_reach_the_warehouse(loaded_warehouse: Path) -> None:
    with duckdb.connect(str(loaded_warehouse), read_only=True) as conn:
        assert conn.execute(
            "SELECT count(*), sum(weight), sum(score) FROM performance_indicators"
        ).fetchone() == (153, Decimal(15 * 90 + 85), Decimal(15 * 90 + 45))
        assert conn.execute(
            "SELECT expected, actual FROM check_results "
            "WHERE rule = 'performance_reports_cover_narrative' AND \"row\" = '项目数'"
        ).fetchall() == [(Decimal(31), Decimal(16))]
        assert conn.execute(
            "SELECT quantity FROM narrative_figures WHERE metric = '绩效自评项目数'"
        ).fetchall() == [(Decimal(31),)]


# A table that keeps its columns, with both 年初指标 and 调整后指标 printed and the 2021
# framework's 成本指标 as a 一级指标 (made up for this test, not from a document)
ALIGNED = """(二) 绩效指标完成情况
一级指标\t二级指标\t指标名称\t年度指标\t\t实际完成值\t定性值情况说明\t权重\t得分
\t\t\t年初指标\t调整后指标\t\t\t\t
产出指标\t数量指标\t设备数量\t≥10台\t≥12台\t12\t\t20\t18
成本指标\t经济成本指标\t总成本\t\t≤50万元\t48.5\t\t20\t20
满意度指标\t服务对象满意度指标\t满意度\t\t≥90%\t95\t\t20\t19
三、项目自评结果"""


def test_a_table_that_keeps_its_columns() -> None:
    lines = ALIGNED.splitlines()
    indicators, problems = read_indicators(lines, 0, len(lines))
    assert problems == []
    assert [
        (i.level1, i.level2, i.indicator, i.target_text, i.target_value, i.actual_value, i.score)
        for i in indicators
    ] == [
        ("产出指标", "数量指标", "设备数量", "≥12台", Decimal(12), Decimal(12), Decimal(18)),
        (
            "成本指标",
            "经济成本指标",
            "总成本",
            "≤50万元",
            Decimal(50),
            Decimal("48.5"),
            Decimal(20),
        ),
        (
            "满意度指标",
            "服务对象满意度指标",
            "满意度",
            "≥90%",
            Decimal(90),
            Decimal(95),
            Decimal(19),
        ),
    ]
