"""The narrative's completion rates, stated changes, shares, parts and reasons, on the sample
and on copies with one word or figure changed (the narrative_* checks of rules.toml)."""

from __future__ import annotations

from pathlib import Path

from pipelines.core import read_document
from tests.conftest import SAMPLE, altered_sample


def _failed(path: Path, rule: str) -> list[str]:
    checks = read_document(path).checks
    rows = checks.filter((checks["rule"] == rule) & ~checks["passed"])
    return rows["message"].to_list()


def test_the_samples_rates_and_directions_hold() -> None:
    assert _failed(SAMPLE, "narrative_rate_consistent") == []
    assert _failed(SAMPLE, "narrative_direction_consistent") == []


def test_a_rate_that_its_figures_do_not_give(tmp_path: Path) -> None:
    """Line 452: 住房保障支出年初预算92.77万元，支出决算87.12万元，完成年初预算的93.91%; with a
    年初预算 of 97.42 the rate would be 89.43%."""
    path = altered_sample(tmp_path, 452, "年初预算92.77万元", "年初预算97.42万元")
    assert _failed(path, "narrative_rate_consistent") == [
        "住房保障支出: 决算 87.12万元 against 年初预算 97.42万元 is 89.43%; the narrative "
        "states 完成年初预算的93.91% (the figure, the budget, the rate or its base is wrong)"
    ]


def test_a_rate_on_a_budget_of_nothing(tmp_path: Path) -> None:
    """A 完成年初预算的 rate where the 年初预算 is 0 names the wrong base."""
    path = altered_sample(tmp_path, 452, "年初预算92.77万元", "年初预算0万元")
    assert _failed(path, "narrative_rate_consistent") == [
        "住房保障支出: 决算 87.12万元 against 年初预算 0.00万元 is no rate (a base of 0); the "
        "narrative states 完成年初预算的93.91% (the figure, the budget, the rate or its base "
        "is wrong)"
    ]


def test_an_increase_with_a_falling_rate(tmp_path: Path) -> None:
    """Line 418: 财政拨款收入总计增加366.75万元，增长28.59%; printed 下降28.59% the two words
    go opposite ways."""
    path = altered_sample(tmp_path, 418, "增加366.75万元，增长28.59%", "增加366.75万元，下降28.59%")
    failed = _failed(path, "narrative_direction_consistent")
    assert len(failed) == 1
    assert failed[0].startswith(
        "财政拨款收入总计: the narrative states a change of 366.75万元 (增加) and a rate of "
        "-28.59% (下降), which go opposite ways"
    )


def test_full_marks_for_a_target_not_met() -> None:
    """Line 1654 of the sample: 证照印制数量, target ≥12000 份, actual 2800, scored 10 of 10:
    the sample's own slip."""
    checks = read_document(SAMPLE).checks
    rows = checks.filter((checks["rule"] == "indicator_full_marks_met") & ~checks["passed"])
    assert rows.select("row", "expected", "actual").rows() == [(rows["row"][0], 12000, 2800)]
    assert rows["row"][0].endswith(": 证照印制数量")
    assert checks.filter(checks["rule"] == "indicator_full_marks_met").height > 50


def test_a_share_above_the_whole(tmp_path: Path) -> None:
    """Line 430: 一般公共服务支出(类)1,132.76万元，占比68.67%; printed 168.67% no part can be."""
    assert _failed(SAMPLE, "narrative_share_possible") == []
    path = altered_sample(tmp_path, 430, "占比68.67%", "占比168.67%")
    failed = _failed(path, "narrative_share_possible")
    assert len(failed) == 1
    assert "a share of 168.67%, outside 0-100% (no part exceeds its whole)" in failed[0]


def test_the_samples_shares_parts_and_reasons_hold() -> None:
    assert _failed(SAMPLE, "narrative_shares_of_one_whole") == []
    assert _failed(SAMPLE, "narrative_parts_within_whole") == []
    assert _failed(SAMPLE, "narrative_reason_fits_change") == []


def test_a_share_of_another_whole(tmp_path: Path) -> None:
    """Line 434: 卫生健康支出(类)45.07万元，占比2.73% of the 1,649.56万元 the section's shares
    make; printed 12.73% the share is possible, but not of that whole."""
    path = altered_sample(tmp_path, 434, "占比2.73%", "占比12.73%")
    assert _failed(path, "narrative_shares_of_one_whole") == [
        "卫生健康支出(类) 45.07万元 of 一般公共预算财政拨款支出 1,649.56万元 is 2.73%; the "
        "narrative states 12.73% (the share or an amount is wrong)"
    ]


def test_the_putuo_finals_own_share_slip(corpus_dir: Path) -> None:
    """putuo-finance-bureau-2024-final.pdf page 21: 一般公共服务支出（类）2106.66万元 of the
    一般公共预算财政拨款支出 2940.05万元 is 71.65%; the narrative prints 71.73% (its four
    shares make 100.07%)."""
    path = corpus_dir / "putuo-finance-bureau-2024-final.pdf"
    assert _failed(path, "narrative_shares_of_one_whole") == [
        "一般公共服务支出（类） 2,106.66万元 of 一般公共预算财政拨款支出 2,940.05万元 is 71.65%; "
        "the narrative states 71.73% (the share or an amount is wrong)"
    ]


def test_a_whole_its_parts_do_not_make(tmp_path: Path) -> None:
    """Line 502: 政府采购支出总额288.28万元，其中：货物81.33万元、工程0万元、服务206.95万元;
    货物, 工程 and 服务 make the whole, so a total of 299.80 is wrong."""
    path = altered_sample(tmp_path, 502, "总额288.28万元", "总额299.80万元")
    assert _failed(path, "narrative_parts_within_whole") == [
        "政府采购支出总额 299.80万元, of which 政府采购货物支出81.33万元、政府采购工程支出0万元、"
        "政府采购服务支出206.95万元: the parts sum to 288.28万元, which make the whole "
        "(government procurement by kind (货物、工程、服务)): the whole or a part is wrong"
    ]


def test_parts_above_their_whole(tmp_path: Path) -> None:
    """Line 458: 对个人和家庭的补助12.28万元，其中：退休费1.43万元、抚恤费7.98万元、生活补助
    2.87万元; with 抚恤费 17.98 the parts exceed the whole (parts that need not make it)."""
    path = altered_sample(tmp_path, 458, "抚恤费7.98万元", "抚恤费17.98万元")
    assert _failed(path, "narrative_parts_within_whole") == [
        "对个人和家庭的补助 12.28万元, of which 退休费1.43万元、抚恤费17.98万元、生活补助2.87万元: "
        "the parts sum to 22.28万元, no more than the whole: the whole or a part is wrong"
    ]


def test_a_fall_explained_by_a_rise(tmp_path: Path) -> None:
    """Line 450: 城乡社区支出…较上年决算增加271.41万元，主要原因是项目数量增多、项目经费增加;
    printed 减少 the change goes against its reason (no rate is stated to betray it)."""
    path = altered_sample(tmp_path, 450, "较上年决算增加271.41万元", "较上年决算减少271.41万元")
    failed = _failed(path, "narrative_reason_fits_change")
    assert failed == [
        "城乡社区支出决算: the narrative states a change of -271.41万元 (减少), for a reason "
        "that speaks of a rise (“原因是项目数量增多、项目经费增加。”): the change or its reason "
        "is wrong"
    ]


def test_a_change_on_a_figure_listed_without_its_qualifier(tmp_path: Path) -> None:
    """Line 418: 财政拨款收入总计1,649.56万元，支出总计1,649.56万元 … 财政拨款支出总计增加
    366.75万元，增长28.59%: the 支出总计 listed after 财政拨款收入总计 is the one changed; a
    change of 370.42 would be 28.96% (370.42 / 1,279.14)."""
    path = altered_sample(
        tmp_path, 418, "财政拨款支出总计增加366.75万元", "财政拨款支出总计增加370.42万元"
    )
    assert _failed(path, "narrative_change_consistent") == [
        "财政拨款支出总计 1,649.56万元 with a change of 370.42万元 on the prior year implies "
        "28.96%; the narrative states 28.59% (the figure, its change or its rate is wrong)"
    ]


def test_an_execution_rate_is_a_completion_rate(tmp_path: Path) -> None:
    """Line 444: 一般公共服务支出年初预算1,563.75万元，支出决算1,132.76万元，完成年初预算的
    72.44%; worded 预算执行率为72.44% it holds, as 82.44% it does not."""
    worded = altered_sample(tmp_path, 444, "完成年初预算的72.44%", "预算执行率为72.44%")
    assert _failed(worded, "narrative_rate_consistent") == []
    wrong = altered_sample(tmp_path, 444, "完成年初预算的72.44%", "预算执行率为82.44%")
    assert _failed(wrong, "narrative_rate_consistent") == [
        "一般公共服务支出: 决算 1,132.76万元 against 年初预算 1,563.75万元 is 72.44%; the "
        "narrative states 完成年初预算的82.44% (the figure, the budget, the rate or its base "
        "is wrong)"
    ]


def test_the_putuo_finals_comparisons_give_their_reasons(corpus_dir: Path) -> None:
    """Putuo finance bureau 2024 final, pp. 21-23: each of its ten 决算数小于预算数 gives its
    主要原因 (行政运行: 人员进出及退休变化，减少人员经费开支)."""
    checks = read_document(corpus_dir / "putuo-finance-bureau-2024-final.pdf").checks
    rule = checks.filter(checks["rule"] == "narrative_comparison_explained")
    assert rule.height == 10
    assert rule["passed"].all()


WANTING = "住房保障支出年初预算92.77万元，支出决算87.12万元，完成年初预算的93.91%"


def test_a_comparison_without_its_reason(tmp_path: Path) -> None:
    """Line 452 saying 决算数小于预算数 and no more: the reason the template asks for is
    missing (the next sentence's 主要原因 is the year-on-year change's)."""
    path = altered_sample(tmp_path, 452, WANTING, WANTING + "，决算数小于预算数")
    assert _failed(path, "narrative_comparison_explained") == [
        "住房保障支出: the narrative says 决算数小于预算数 and gives no reason: “住房保障支出年初"
        "预算92.77万元，支出决算87.12万元，完成年初预算的93.91%，决算数小于预算数，用于缴纳在职人员"
        "住房公积金。”"
    ]


def test_a_comparison_whose_reason_is_left_blank(tmp_path: Path) -> None:
    """The template's 主要原因是…… left as printed is no reason."""
    path = altered_sample(tmp_path, 452, WANTING, WANTING + "，决算数小于预算数的主要原因是……")
    assert len(_failed(path, "narrative_comparison_explained")) == 1


def test_a_comparison_explained_in_the_next_sentence(tmp_path: Path) -> None:
    """决算数小于预算数。主要原因是…: the reason opens the sentence after the comparison."""
    path = altered_sample(
        tmp_path, 452, WANTING, WANTING + "，决算数小于预算数。主要原因是在职人员减少"
    )
    checks = read_document(path).checks
    rule = checks.filter(checks["rule"] == "narrative_comparison_explained")
    assert rule.height == 1
    assert rule["passed"].all()
    assert "“在职人员减少" in rule["message"][0]
