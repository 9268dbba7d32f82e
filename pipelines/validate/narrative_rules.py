"""Rules on the narrative (情况说明): it restates the tables' figures, its stated changes fit
its figures, its completion rates fit the 决算 and the budget they name, and its words
comparing 决算 with 年初预算 fit the two amounts.

Declared as ``[[check]]`` entries of pipelines/catalog/rules.toml (kinds
``narrative_agrees``, ``narrative_change``, ``narrative_rate``, ``narrative_comparison``).
The narrative speaks in 万元; the messages do too, as it prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from pipelines.catalog.rulebook import CheckRule
from pipelines.extract.narrative import BUDGET_SUFFIX, CHANGE_SUFFIX, COMPARED_SUFFIX, RATE_SUFFIX
from pipelines.normalise.facts import NormalisedDocument
from pipelines.normalise.narrative_links import PRINTED_PRECISIONS
from pipelines.validate.results import result

WAN = Decimal(10000)
RATE_STEP = Decimal("0.0001")  # a rate is printed to 0.01%: one printed step of tolerance
FINAL_SUFFIX = "决算"
WORDS = {Decimal(1): "大于", Decimal(0): "等于", Decimal(-1): "小于"}


def _wan(amount: Decimal) -> str:
    return f"{amount / WAN:,.2f}万元"


def _stated(narrative: pl.DataFrame) -> pl.DataFrame:
    return narrative.filter(~pl.col("derived"))


def narrative_agrees(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each narrative figure linked to a table figure of the same document, compared."""
    linked = _stated(document.narrative).filter(
        pl.col("agrees").is_not_null() & pl.col("table_amount_yuan").is_not_null()
    )
    for figure in linked.iter_rows(named=True):
        stated, printed = figure["amount_yuan"], figure["table_amount_yuan"]
        verdict = "agrees with" if figure["agrees"] else "disagrees with"
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=figure["agrees"],
            expected=printed,
            actual=stated,
            table_key=figure["table_key"],
            row=figure["metric"],
            page=figure["page"],
            within_rounding=stated != printed,
            message=(
                f"the narrative's {figure['metric']} {_wan(stated)} {verdict} "
                f"{figure['table_key']} {figure['table_row']} [{figure['table_column']}] "
                f"{_wan(printed)}: “{figure['sentence'][:80]}”"
            ),
        )


def _half_step(amount: Decimal) -> Decimal:
    """Half the rounding step an amount in 万元 was printed with (2, 1 or 0 decimals)."""
    coarsest_first = sorted(PRINTED_PRECISIONS, reverse=True)
    step = next((s for s in coarsest_first if amount and amount % s == 0), min(PRINTED_PRECISIONS))
    return step / 2


def narrative_change(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each stated change with its rate against the figure it changes: the rate must be
    change / (figure - change), allowing for the rounding of the printed amounts."""
    stated = _stated(document.narrative)
    figures = {
        (r["metric"], r["fiscal_year"]): r
        for r in stated.filter(pl.col("amount_yuan").is_not_null()).iter_rows(named=True)
    }
    changes = stated.filter(
        pl.col("metric").str.ends_with(CHANGE_SUFFIX)
        & pl.col("amount_yuan").is_not_null()
        & pl.col("ratio").is_not_null()
    )
    for change in changes.iter_rows(named=True):
        metric = change["metric"].removesuffix(CHANGE_SUFFIX)
        figure = figures.get((metric, change["fiscal_year"]))
        if figure is None:
            continue
        amount, delta, rate = figure["amount_yuan"], change["amount_yuan"], change["ratio"]
        slack = max(_half_step(amount), _half_step(delta), Decimal(rule.params["tolerance"]))
        if amount == delta:  # no prior-year figure: only "no change, 0%" can be judged
            if delta or rate:
                continue
            implied, passed, exact = Decimal(0), True, True
        else:
            rates = [
                d / (a - d)
                for a in (amount - slack, amount + slack)
                for d in (delta - slack, delta + slack)
                if a != d
            ]
            implied = delta / (amount - delta)
            passed = min(rates) - RATE_STEP <= rate <= max(rates) + RATE_STEP
            exact = abs(implied - rate) <= RATE_STEP / 2
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            row=metric,
            page=change["page"],
            within_rounding=not exact,
            message=(
                f"{metric} {_wan(amount)} with a change of {_wan(delta)} on the prior year "
                f"implies {implied:.2%}; the narrative states {rate:.2%}"
                + ("" if passed else " (the figure, its change or its rate is wrong)")
            ),
        )


def narrative_direction(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each stated change whose amount and rate the sentence gives (增加366.75万元，增长
    28.59%): both go the same way; 增加 with 下降, or 减少 with 增长, cannot both be right."""
    changes = _stated(document.narrative).filter(
        pl.col("metric").str.ends_with(CHANGE_SUFFIX)
        & (pl.col("amount_yuan").fill_null(0) != 0)
        & (pl.col("ratio").fill_null(0) != 0)
    )
    for change in changes.iter_rows(named=True):
        amount, rate = change["amount_yuan"], change["ratio"]
        passed = (amount > 0) == (rate > 0)
        metric = change["metric"].removesuffix(CHANGE_SUFFIX)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            row=metric,
            page=change["page"],
            message=(
                f"{metric}: the narrative states a change of {_wan(amount)} "
                f"({'增加' if amount > 0 else '减少'}) and a rate of {rate:.2%} "
                f"({'增长' if rate > 0 else '下降'})"
                + ("" if passed else ", which go opposite ways")
                + f": “{change['sentence'][:80]}”"
            ),
        )


def narrative_share(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each share the narrative states (一般公共服务支出1,132.76万元，占比68.67%) lies between
    0 and 100%: a part is no more than its whole."""
    shares = _stated(document.narrative).filter(
        pl.col("ratio").is_not_null()
        & ~pl.col("metric").str.ends_with(CHANGE_SUFFIX)
        & ~pl.col("metric").str.ends_with(RATE_SUFFIX)
        & ~pl.col("metric").str.ends_with(COMPARED_SUFFIX)
    )
    for share in shares.iter_rows(named=True):
        ratio = share["ratio"]
        passed = Decimal(0) <= ratio <= Decimal(1)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            row=share["metric"],
            page=share["page"],
            message=f"{share['metric']}: a share of {ratio:.2%}"
            + ("" if passed else ", outside 0-100% (no part exceeds its whole)")
            + f": “{share['sentence'][:80]}”",
        )


# the base a completion rate names: 完成年初预算的72.44%, 完成全年预算的100.00%
_RATE_BASE = re.compile(r"完成(?P<base>年初预算|全年预算|调整预算|预算)的?")


def narrative_rate(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each completion rate (完成年初预算的72.44%) against the 决算 and the budget its
    sentence states, the base as the sentence names it: rate = 决算 / base, within the
    rounding of the printed 万元 and of the rate. A rate on a base of 0 cannot be."""
    stated = _stated(document.narrative)
    amounts = {
        (r["metric"], r["sentence"]): r["amount_yuan"]
        for r in stated.filter(pl.col("amount_yuan").is_not_null()).iter_rows(named=True)
    }
    rates = stated.filter(
        pl.col("metric").str.ends_with(RATE_SUFFIX) & pl.col("ratio").is_not_null()
    )
    for stated_rate in rates.iter_rows(named=True):
        subject = stated_rate["metric"].removesuffix(RATE_SUFFIX)
        sentence, rate = stated_rate["sentence"], stated_rate["ratio"]
        named = _RATE_BASE.search(sentence)
        base_word = named.group("base") if named else BUDGET_SUFFIX
        final = amounts.get((subject + FINAL_SUFFIX, sentence))
        base = amounts.get((subject + base_word, sentence))
        if final is None or base is None:
            continue  # the sentence states the rate without both amounts
        if base == 0:
            passed, implied = False, None
        else:
            slack = _half_step(final) + _half_step(base) * (1 + abs(final / base))
            implied = final / base
            passed = abs(implied - rate) <= abs(slack / base) + RATE_STEP / 2
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            expected=base,
            actual=final,
            row=subject,
            page=stated_rate["page"],
            within_rounding=passed and implied is not None and abs(implied - rate) > RATE_STEP / 2,
            message=(
                f"{subject}: 决算 {_wan(final)} against {base_word} {_wan(base)} "
                + (f"is {implied:.2%}" if implied is not None else "is no rate (a base of 0)")
                + f"; the narrative states 完成{base_word}的{rate:.2%}"
                + ("" if passed else " (the figure, the budget, the rate or its base is wrong)")
            ),
        )


def narrative_comparison(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each 决算数小于/等于/大于预算数 against the 决算 and 年初预算 its paragraph states."""
    stated = _stated(document.narrative)
    amounts = {
        (r["metric"], r["fiscal_year"]): r["amount_yuan"]
        for r in stated.filter(pl.col("amount_yuan").is_not_null()).iter_rows(named=True)
    }
    compared = stated.filter(pl.col("metric").str.ends_with(COMPARED_SUFFIX))
    for comparison in compared.iter_rows(named=True):
        subject = comparison["metric"].removesuffix(COMPARED_SUFFIX)
        year = comparison["fiscal_year"]
        budget = amounts.get((subject + BUDGET_SUFFIX, year))
        final = amounts.get((subject + FINAL_SUFFIX, year))
        if budget is None or final is None:
            continue
        difference = final - budget
        actual_sign = Decimal((difference > 0) - (difference < 0))
        said = WORDS[comparison["ratio"]]
        passed = actual_sign == comparison["ratio"]
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=passed,
            expected=budget,
            actual=final,
            row=subject,
            page=comparison["page"],
            message=(
                f"{subject}: 决算 {_wan(final)} against 年初预算 {_wan(budget)}; "
                f"the narrative says 决算数{said}预算数"
                + ("" if passed else f", where the figures say {WORDS[actual_sign]}")
            ),
        )
