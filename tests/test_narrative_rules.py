"""The narrative's completion rates and the direction of its stated changes, on the sample
and on copies with one word or figure changed (rules.toml narrative_rate_consistent,
narrative_direction_consistent)."""

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
