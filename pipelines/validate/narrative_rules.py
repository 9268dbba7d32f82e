"""Rules on the narrative (情况说明): it restates the tables' figures, its stated changes fit
its figures, its completion rates fit the 决算 and the budget they name, and its words
comparing 决算 with 年初预算 fit the two amounts.

Declared as ``[[check]]`` entries of pipelines/catalog/rules.toml (kinds
``narrative_agrees``, ``narrative_change``, ``narrative_rate``, ``narrative_comparison``,
``narrative_comparison_reason``, …).
The narrative speaks in 万元; the messages do too, as it prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

import polars as pl

from pipelines.catalog.narrative import reading
from pipelines.catalog.rulebook import CheckRule
from pipelines.extract.narrative import BUDGET_SUFFIX, CHANGE_SUFFIX, COMPARED_SUFFIX, RATE_SUFFIX
from pipelines.extract.narrative_splits import read_splits
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
        figure = figures.get((metric, change["fiscal_year"])) or _listed_before(
            figures, metric, change
        )
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


def _listed_before(figures: dict[tuple, dict], metric: str, change: dict) -> dict | None:
    """The figure a change is on where a list stated it without the qualifier the change
    repeats (财政拨款收入总计…，支出总计1,649.56万元 … 财政拨款支出总计增加…): the same
    section's figure whose metric ends the change's, the longest."""
    candidates = [
        figure
        for (name, year), figure in figures.items()
        if year == change["fiscal_year"]
        and figure["section"] == change["section"]
        and len(name) >= 2
        and metric.endswith(name)
        and not name.endswith(CHANGE_SUFFIX)
    ]
    return max(candidates, key=lambda f: len(f["metric"]), default=None)


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
        yield _on_change(
            rule,
            document.document_id,
            change,
            passed,
            f" and a rate of {rate:.2%} ({'增长' if rate > 0 else '下降'})"
            + ("" if passed else ", which go opposite ways")
            + f": “{change['sentence'][:80]}”",
        )


def _on_change(rule: CheckRule, document_id: str, change: dict, passed: bool, what: str) -> dict:
    """A result on a stated change: its metric, its amount and direction, then ``what``."""
    metric, amount = change["metric"].removesuffix(CHANGE_SUFFIX), change["amount_yuan"]
    return result(
        document_id,
        rule.name,
        rule.severity,
        passed=passed,
        row=metric,
        page=change["page"],
        message=f"{metric}: the narrative states a change of {_wan(amount)} "
        f"({'增加' if amount > 0 else '减少'}){what}",
    )


_AMOUNT_IN_REASON = re.compile(r"\d[\d,]*(?:\.\d+)?万元")


def _reason_way(sentence: str) -> tuple[int, str] | None:
    """The way the reason a sentence gives (主要原因是…) says its figure moved: (1 or -1,
    the reason's words), or None where it gives none, its words go both ways, or it states
    amounts of its own (a reason moving money between items speaks of more than one)."""
    rules = reading()
    found = rules.explanation.search(sentence)
    if found is None:
        return None
    reason = sentence[found.start() :]
    if _AMOUNT_IN_REASON.search(reason):
        return None  # 从会议费预算中调减403.75万元用于培训费: it moves other figures too
    up, down = rules.reason_up.search(reason), rules.reason_down.search(reason)
    if bool(up) == bool(down):
        return None
    return (1 if up else -1), reason


def narrative_reason(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each stated change whose sentence gives its reason (较上年增加271.41万元，主要原因是
    项目经费增加): a reason whose words all go one way explains a change that way. Judged
    where every change the sentence states goes the same way."""
    changes = _stated(document.narrative).filter(
        pl.col("metric").str.ends_with(CHANGE_SUFFIX) & (pl.col("amount_yuan").fill_null(0) != 0)
    )
    ways = changes.group_by("sentence").agg(
        (pl.col("amount_yuan") > 0).all().alias("up"),
        (pl.col("amount_yuan") < 0).all().alias("down"),
    )
    one_way = set(ways.filter(pl.col("up") | pl.col("down"))["sentence"])
    for change in changes.iter_rows(named=True):
        if change["sentence"] not in one_way or (reason := _reason_way(change["sentence"])) is None:
            continue
        way, words = reason
        passed = (change["amount_yuan"] > 0) == (way > 0)
        yield _on_change(
            rule,
            document.document_id,
            change,
            passed,
            f", for a reason that speaks of {'a rise' if way > 0 else 'a fall'} (“{words[:40]}”)"
            + ("" if passed else ": the change or its reason is wrong"),
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
_RATE_BASE = re.compile(
    r"(?:完成|执行)(?P<base>年初预算|全年预算|调整预算|预算)|(?P<before>年初预算|全年预算|调整预算)"
    r"(?:执行|完成)率"
)


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
        base_word = (named.group("base") or named.group("before")) if named else BUDGET_SUFFIX
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


# what may stand between 原因 and the reason itself (主要原因是：, 原因在于, 原因为)
_REASON_LEAD = re.compile(r"^(?:主要)?(?:是|为|在于)?[：:，,\s]*")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _reason_given(sentence: str, after: int) -> str | None:
    """The reason a sentence gives after position ``after`` (…的主要原因：人员进出及退休变化),
    or None where it names none or leaves it empty (主要原因是……)."""
    found = reading().explanation.search(sentence, after)
    if found is None:
        return None
    rest = sentence[found.end() :]
    reason = rest[_REASON_LEAD.match(rest).end() :].split("。")[0]
    first_clause = re.split(r"[，,；;]", reason)[0]  # 主要原因是……，用于…: left blank
    return reason if len(_CJK.findall(first_clause)) >= 2 else None


def narrative_comparison_reason(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each 决算数大于/小于预算数 the narrative states gives its reason (决算数小于预算数的
    主要原因：…), in its sentence or the one it opens (决算数小于预算数。主要原因是…)."""
    compared = _stated(document.narrative).filter(
        pl.col("metric").str.ends_with(COMPARED_SUFFIX) & (pl.col("ratio") != 0)
    )
    for comparison in compared.iter_rows(named=True):
        subject = comparison["metric"].removesuffix(COMPARED_SUFFIX)
        sentence = comparison["sentence"]
        said = WORDS[comparison["ratio"]]
        stated = reading().compared.search(sentence)
        reason = _reason_given(sentence, stated.end() if stated else 0)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=reason is not None,
            row=subject,
            page=comparison["page"],
            message=f"{subject}: the narrative says 决算数{said}预算数"
            + (f", for the reason “{reason[:40]}”" if reason else " and gives no reason")
            + f": “{sentence[:80]}”",
        )


def _printed_half_step(wan: Decimal) -> Decimal:
    """Half the step a figure in 万元 was printed to (81.33: 0.005), in 万元; 0 is exact."""
    return Decimal(0) if wan == 0 else Decimal(10) ** wan.as_tuple().exponent / 2


def narrative_split(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each figure the narrative splits into parts (…总额288.28万元，其中：…): the parts sum
    to no more than the whole, and to the whole where they make it (the four budgets;
    货物, 工程, 服务), within the rounding of every printed figure."""
    sentences = _stated(document.narrative).select("sentence", "page").unique("sentence")
    for sentence, page in sentences.sort("page", nulls_last=True).iter_rows():
        for split in read_splits(sentence):
            total = sum((amount for _, amount in split.parts), Decimal(0))
            slack = _printed_half_step(split.amount) + sum(
                (_printed_half_step(amount) for _, amount in split.parts), Decimal(0)
            )
            over = total - split.amount
            passed = over <= slack and (split.partition is None or -over <= slack)
            parts = "、".join(f"{name}{amount}万元" for name, amount in split.parts)
            yield result(
                document.document_id,
                rule.name,
                rule.severity,
                passed=passed,
                expected=split.amount * WAN,
                actual=total * WAN,
                row=split.whole,
                page=page,
                within_rounding=passed and over != 0 and split.partition is not None,
                message=(
                    f"{split.whole} {split.amount}万元, of which {parts}: the parts sum to "
                    f"{total}万元"
                    + (
                        f", which make the whole ({split.partition})"
                        if split.partition
                        else ", no more than the whole"
                    )
                    + ("" if passed else ": the whole or a part is wrong")
                ),
            )


# a share and the whole it names (占比68.67%, 占本年支出合计的100.00%: 本年支出合计)
_SHARE_OF = re.compile(r"占(?:比|(?P<whole>[^%，。；0-9]{1,16}?)的)?(?P<value>\d+(?:\.\d+)?)%")


def _share_slack(printed: str) -> Decimal:
    """How far a share printed as ``printed`` (68.67, 3.2) may be from amount / whole: half
    its printed step, and one step more, as a list's shares are often printed so that they
    make 100% (10.61% for 10.6036%), a slip of form, not of figures."""
    decimals = len(printed.partition(".")[2])
    return Decimal(15) * Decimal(10) ** -(decimals + 3)


def narrative_shares_whole(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """The shares one section states of one whole (基本支出998.51万元，占比60.53%；项目支出
    651.05万元，占比39.47%) against that whole: the section's amount their amounts sum to
    (支出合计1,649.56万元), or else the whole they imply (amount / share), which must be the
    same for all, within the rounding of the printed amounts and shares."""
    stated = _stated(document.narrative)
    shares = stated.filter(
        pl.col("ratio").is_not_null()
        & (pl.col("ratio") > 0)
        & pl.col("amount_yuan").is_not_null()
        & (pl.col("amount_yuan") > 0)
        & ~pl.col("metric").str.ends_with(CHANGE_SUFFIX)
        & ~pl.col("metric").str.ends_with(RATE_SUFFIX)
        & ~pl.col("metric").str.ends_with(COMPARED_SUFFIX)
    )
    groups: dict[tuple[str, str], list[dict]] = {}
    for share in shares.iter_rows(named=True):
        printed = [
            m
            for m in _SHARE_OF.finditer(share["sentence"])
            if Decimal(m["value"]) / 100 == share["ratio"]
        ]
        if printed:
            share = {**share, "slack": _share_slack(printed[0]["value"])}
            groups.setdefault((share["section"] or "", printed[0]["whole"] or ""), []).append(share)
    for (section, whole), members in groups.items():
        if len(members) < 2:
            continue
        parts = sum((m["amount_yuan"] for m in members), Decimal(0))
        slack = sum((_half_step(m["amount_yuan"]) for m in members), Decimal(0))
        named = {m["metric"] for m in members}
        sums = [  # an amount of the section the parts' amounts make: the whole
            r
            for r in stated.filter(
                (pl.col("section").fill_null("") == section) & pl.col("amount_yuan").is_not_null()
            ).iter_rows(named=True)
            if r["metric"] not in named
            and abs(r["amount_yuan"] - parts) <= slack + _half_step(r["amount_yuan"])
        ]
        label = whole or (sums[0]["metric"] if sums else "the whole")
        if sums:
            yield from _of_stated_whole(rule, document.document_id, label, sums[0], members)
        else:
            yield from _one_whole(rule, document.document_id, label, members)


def _of_stated_whole(
    rule: CheckRule, document_id: str, label: str, whole: dict, members: list[dict]
) -> Iterator[dict]:
    total = whole["amount_yuan"]
    for m in members:
        share = m["amount_yuan"] / total
        slack = (_half_step(m["amount_yuan"]) + _half_step(total) * share) / total
        passed = abs(share - m["ratio"]) <= slack + m["slack"]
        yield result(
            document_id,
            rule.name,
            rule.severity,
            passed=passed,
            row=m["metric"],
            page=m["page"],
            within_rounding=passed and abs(share - m["ratio"]) > m["slack"] / 3,
            message=f"{m['metric']} {_wan(m['amount_yuan'])} of {label} {_wan(total)} is "
            f"{share:.2%}; the narrative states {m['ratio']:.2%}"
            + ("" if passed else " (the share or an amount is wrong)"),
        )


def _one_whole(
    rule: CheckRule, document_id: str, whole: str, members: list[dict]
) -> Iterator[dict]:
    implied = [m["amount_yuan"] / m["ratio"] for m in members]
    bounds = []  # the wholes each share allows, given its printed amount and share
    for m in members:
        slack = _half_step(m["amount_yuan"])
        low = (m["amount_yuan"] - slack) / (m["ratio"] + m["slack"])
        high = (m["amount_yuan"] + slack) / max(m["ratio"] - m["slack"], m["slack"])
        bounds.append((low, high))
    agreed = max(low for low, _ in bounds) <= min(high for _, high in bounds)
    middle = sorted(implied)[len(implied) // 2]
    for m, wanted, (low, high) in zip(members, implied, bounds, strict=True):
        # shares that disagree: the one outside the others' whole is wrong (of two, either)
        passed = agreed or (len(members) > 2 and low <= middle <= high)
        others = "" if agreed else f"; the section's shares imply {', '.join(map(_wan, implied))}"
        yield result(
            document_id,
            rule.name,
            rule.severity,
            passed=passed,
            row=m["metric"],
            page=m["page"],
            message=f"{m['metric']} {_wan(m['amount_yuan'])} at {m['ratio']:.2%} of {whole} "
            f"implies a whole of {_wan(wanted)}"
            + (", as the section's other shares do" if agreed else others)
            + ("" if passed else ": a share or its amount is wrong"),
        )
