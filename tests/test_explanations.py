"""Explanations against codes (rules.toml ``explanation_fits_code``): the finder of a
narrative's explanations of its 项 and 类 (主要用于…) on the corpus and on printed shapes, and
the rule on copies of the sample whose narrative explains a 项 or a 类 otherwise."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pipelines import catalog
from pipelines.catalog.rulebook import check_rules
from pipelines.core import read_document
from pipelines.documents.explanations import CodeExplanation, find_explanations
from pipelines.extract.pdf_source import read_page_texts
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.explanations import explanation_fits_code
from tests.conftest import SAMPLE, altered_sample

RULE = "explanation_fits_code"
# the sample explains its 类, not its 项 (line 452: 住房保障支出年初预算…，用于缴纳在职人员
# 住房公积金); some copies below name the 项 the 类's 87.12万元 is all of, 2210201 住房公积金
HOUSING = (
    "住房保障支出年初预算92.77万元，支出决算87.12万元，完成年初预算的93.91%，"
    "用于缴纳在职人员住房公积金"
)
ITEM = "住房保障支出（类）住房改革支出（款）住房公积金（项）"


def _rows(path: Path, row: str | None = None) -> list[tuple[bool, str]]:
    """The rule's rows on a file (those of one mention, ``row``)."""
    checks = read_document(path).checks
    rows = checks.filter(checks["rule"] == RULE)
    return [
        (r["passed"], r["message"])
        for r in rows.iter_rows(named=True)
        if row is None or r["row"] == row
    ]


def _judged(document: NormalisedDocument, *explanations: CodeExplanation) -> list[dict]:
    [rule] = [r for r in check_rules() if r.name == RULE]
    return list(explanation_fits_code(rule, replace(document, explanations=explanations)))


def _pages(path: Path) -> list[tuple[int | None, list[str]]]:
    return [(page.number, page.lines) for page in read_page_texts(path)]


def test_the_genuine_sample_explains_no_code_against_its_meaning() -> None:
    assert [message for passed, message in _rows(SAMPLE) if not passed] == []


def test_the_sample_explains_its_classes(sample_facts: NormalisedDocument) -> None:
    """Lines 444-452: each 类 paragraph (一般公共服务支出年初预算…，用于…), its first sentence's
    words after 用于; every one judged (201, 208, 210, 212 and 221 are listed) and fitting."""
    assert [(e.code, e.names, e.mention, e.text) for e in sample_facts.explanations] == [
        ("201", ("一般公共服务支出", "", ""), "一般公共服务支出",
         "保障部门正常运转的日常支出，包括基本工资、津贴补贴等人员经费，日常公用支出及开展相关业务工作支出"),
        ("208", ("社会保障和就业支出", "", ""), "社会保障和就业支出",
         "缴纳在职人员养老保险、退休人员职业年金及退休费"),
        ("210", ("卫生健康支出", "", ""), "卫生健康支出", "缴纳在职人员医疗保险"),
        ("212", ("城乡社区支出", "", ""), "城乡社区支出", "开展相关业务工作支出"),
        ("221", ("住房保障支出", "", ""), "住房保障支出", "缴纳在职人员住房公积金"),
    ]  # fmt: skip
    assert _rows(SAMPLE, "住房保障支出") == [
        (True, "the text explains 住房保障支出 (221, housing security) as “缴纳在职人员住房公积金”")
    ]


def test_a_class_explained_by_another_classs_purpose(tmp_path: Path) -> None:
    path = altered_sample(tmp_path, 452, "缴纳在职人员住房公积金", "缴纳在职人员医疗保险")
    assert _rows(path, "住房保障支出") == [
        (
            False,
            "the text explains 住房保障支出 (221, housing security) as “缴纳在职人员医疗保险”: "
            "it speaks of 医疗保险, which 住房保障支出 is not for; it speaks of 医疗, which none "
            "of the 项 the tables print under 住房保障支出 (2210201 住房公积金) is for",
        )
    ]


def test_a_class_judged_by_the_items_its_tables_print(
    tmp_path: Path, sample_facts: NormalisedDocument
) -> None:
    """The sample's tables print 221 as 2210201 住房公积金 alone, 208 as 2080502, 2080505 and
    2080506: an explanation of the work of a unit (开展相关业务工作支出, 城乡社区支出's) fits
    none of them. 201's 项 (行政运行, …) are not listed: it is judged by its 类's words only."""
    path = altered_sample(tmp_path, 452, "缴纳在职人员住房公积金", "开展相关业务工作支出")
    assert _rows(path, "住房保障支出") == [
        (
            False,
            "the text explains 住房保障支出 (221, housing security) as “开展相关业务工作支出”: "
            "it speaks of 业务, which none of the 项 the tables print under 住房保障支出 "
            "(2210201 住房公积金) is for",
        )
    ]
    work = "开展相关业务工作支出"
    pension, general = (
        next(e for e in sample_facts.explanations if e.code == code) for code in ("208", "201")
    )
    rows = _judged(sample_facts, replace(pension, text=work), replace(general, text=work))
    assert [r["passed"] for r in rows] == [False, True]
    assert rows[0]["message"].endswith(
        "it speaks of 业务, which none of the 项 the tables print under 社会保障和就业支出 "
        "(2080502 事业单位离退休、2080505 机关事业单位基本养老保险缴费支出、"
        "2080506 机关事业单位职业年金缴费支出) is for"
    )
    # a 类 whose 项 the tables do not print (a narrative half) is judged by its words only
    assert _judged(replace(sample_facts, line_items=sample_facts.line_items.clear()),
                   replace(pension, text=work))[0]["passed"]  # fmt: skip


def test_every_class_explained_by_anothers_is_found(sample_facts: NormalisedDocument) -> None:
    """The benchmark's explanation_swapped on the sample: each 类's explanation replaced by
    another's (neither containing the other: 开展相关业务工作支出 is part of 201's) fails."""
    classes = sample_facts.explanations
    swaps = [
        replace(a, text=b.text)
        for a in classes
        for b in classes
        if a.code != b.code and a.text not in b.text and b.text not in a.text
    ]
    rows = _judged(sample_facts, *swaps)
    assert len(swaps) == len(rows) == 18
    assert [r["row"] for r in rows if r["passed"]] == []


def test_an_item_explained_by_its_own_purpose(tmp_path: Path) -> None:
    path = altered_sample(tmp_path, 452, HOUSING, HOUSING.replace("住房保障支出", ITEM, 1))
    assert _rows(path, ITEM) == [
        (
            True,
            f"the text explains {ITEM} (2210201, the housing provident fund paid for staff) "
            "as “缴纳在职人员住房公积金”",
        )
    ]


def test_an_item_explained_by_another_items_purpose(tmp_path: Path) -> None:
    slipped = HOUSING.replace("住房保障支出", ITEM, 1).replace(
        "缴纳在职人员住房公积金", "缴纳事业单位医疗保险"
    )
    path = altered_sample(tmp_path, 452, HOUSING, slipped)
    assert _rows(path, ITEM) == [
        (
            False,
            f"the text explains {ITEM} (2210201, the housing provident fund paid for staff) "
            "as “缴纳事业单位医疗保险”: it speaks of 医疗, which 住房公积金 is not for",
        )
    ]


def test_the_finder_on_a_district_final(corpus_dir: Path) -> None:
    """Putuo finance bureau 2024 final, p. 22: eleven 项, each X（类）Y（款）Z（项）。主要用于：…,
    some names wrapped over two lines (…行政单位离退休 / （项）。)."""
    found = find_explanations(_pages(corpus_dir / "putuo-finance-bureau-2024-final.pdf"))
    assert len(found) == 11
    assert {e.page for e in found} == {22}
    assert found[4].names == ("社会保障和就业支出", "行政事业单位养老支出", "行政单位离退休")
    assert found[4].text == "退休人员经费支出"
    assert found[9] == CodeExplanation(
        page=22,
        names=("住房保障支出", "住房改革支出", "住房公积金"),
        text="缴纳在职人员住房公积金",
        mention=ITEM,
        passage=found[9].passage,
    )
    assert found[9].passage.startswith("。主要用于：缴纳在职人员住房公积金。年初预算为187.75万元")


def test_the_finder_on_a_central_final(corpus_dir: Path) -> None:
    """Southwest University 2024 final: its 名词解释 explains each 项 by name and code
    (住房公积金（2210201）：反映…, pp. 19-21); its 财政拨款支出 list (12.住房公积金（2210201），2024
    年度决算数为…, pp. 17-18) states the figures only, and explains nothing."""
    found = find_explanations(_pages(corpus_dir / "central" / "chongqing-swu-2024-final.pdf"))
    assert [e.code for e in found] == [
        "2050202", "2050204", "2050205", "2050602", "2050699", "2059802", "2059999",
        "2060201", "2060204", "2080505", "2080506", "2210201", "2210203", "2296004",
    ]  # fmt: skip
    housing = found[11]
    assert (housing.page, housing.names) == (20, ("", "", "住房公积金"))
    assert housing.text == (
        "行政事业单位按人力资源和社会保障部、财政部规定的基本工资和津贴补贴以及规定比例为职工缴纳的住房公积金"
    )
    # a page break inside an explanation: 3.高等教育（2050205）：反映…（包 / [p. 20] 括研究生）…
    assert found[2].text.endswith(
        "（包括研究生）的支出，如高等学校教学活动、行政管理、学生资助、学科建设、人员经费、基建、修缮等方面的支出"
    )


def test_a_reason_is_no_explanation(corpus_dir: Path) -> None:
    """The Jiangsu NPC office's 2019 narrative names each 项 (人大事务（款）行政运行（项）支出…)
    and gives the reasons of its changes (主要原因是…增加综合管理费209万元用于办公用房租赁):
    no explanation of what a 项 is. It explains its three 类, p. 10 (1．一般公共服务（类）支出
    13907.78万元，主要用于…: the 类 named without its 支出)."""
    found = find_explanations(_pages(corpus_dir / "jiangsu-npc-office-2019-budget-text.pdf"))
    assert [(e.page, e.code, e.names[0], e.mention, e.text) for e in found] == [
        (10, "201", "一般公共服务支出", "一般公共服务（类）",
         "在职人员工资福利支出，保障机关正常运转的商品和服务支出，单位完成日常和特定工作任务的发展项目支出"),
        (10, "208", "社会保障和就业支出", "社会保障和就业（类）",
         "机关事业单位基本养老保险缴费支出、机关事业单位职业年金缴费支出、离休人员离休费发放"),
        (10, "221", "住房保障支出", "住房保障（类）", "住房公积金和提租补贴发放支出"),
    ]  # fmt: skip


def test_printed_shapes() -> None:
    """A 类 left to its heading, a paragraph wrapped over a page, a reason before the
    explanation, a page number inside the paragraph, a heading ending the passage."""
    pages = [
        (
            5,
            [
                "（三）住房保障支出（类）",
                "1.住房改革支出（款）住房公积金（项）支出 341.75 万元，与上年",
                "相比增加 85.67 万元。主要原因是基数调整。该项支出主要用",
                "- 5 -",
            ],
        ),
        (6, ["于缴纳在职人员住房公积金。", "2.住房改革支出（款）提租补贴（项）支出 751.77 万元。"]),
        (7, ["六、财政拨款基本支出情况说明", "本表反映人员经费中的医疗保险。"]),
    ]
    assert find_explanations(pages) == [
        CodeExplanation(
            page=5,
            names=("住房保障支出", "住房改革支出", "住房公积金"),
            text="缴纳在职人员住房公积金",
            mention="住房改革支出（款）住房公积金（项）",
            passage="支出341.75万元，与上年相比增加85.67万元。主要原因是基数调整。"
            "该项支出主要用于缴纳在职人员住房公积金。",
        )
    ]


def test_class_shapes() -> None:
    """A 类 paragraph opening a numbered item (Jiangsu's, its name without 支出 before （类）),
    a sentence or the words after 其中： (a PDF's paragraphs run on, uncut), a listed 款; its
    first sentence only (the next, 此外…, is another paragraph's), before the change it
    states (较上年减少…，主要是… is a reason); not a sentence naming several 类, nor a list of
    类 with their shares, nor a 类 named without its figures."""
    pages = [
        (
            3,
            [
                "1. 社会保障和就业（类）支出 1,509.72 万元，主要用于发放离退休",
                "人员离退休金等。与上年相比增加 140.96 万元。",
                "（三）一般公共预算财政拨款支出决算具体情况",
                "2024年度支出决算1,649.56万元。其中：卫生健康支出年初预算45.12万元，支出",
                "决算45.07万元，用于缴纳在职人员医疗保险。住房保障支出年初预算92.77万元，",
                "支出决算87.12万元，完成年初预算的93.91%。此外，基本支出主要用于人员经费。",
                "行政事业单位医疗（款）45.07万元，主要用于在职人员基本医疗保险。",
                "一般公共服务支出1,132.76万元，占比68.67%；住房保障支出87.12万元，占比5.28%。",
                "一般公共服务支出、住房保障支出合计1,219.88万元，用于保障单位运转。",
                "其中：一般公共服务支出1,132.76万元和住房保障支出87.12万元，用于保障单位运转。",
                "城乡社区支出主要用于开展相关业务工作。",
                "住房保障支出87.12万元，较上年减少5.99万元，主要是业务调整。",
            ],
        )
    ]
    found = find_explanations(pages)
    assert [(e.code, e.names, e.mention, e.text) for e in found] == [
        ("208", ("社会保障和就业支出", "", ""), "社会保障和就业（类）", "发放离退休人员离退休金等"),
        ("210", ("卫生健康支出", "", ""), "卫生健康支出", "缴纳在职人员医疗保险"),
        ("21011", ("", "行政事业单位医疗", ""), "行政事业单位医疗（款）", "在职人员基本医疗保险"),
    ]  # fmt: skip


def test_by_name_and_by_code(sample_facts: NormalisedDocument) -> None:
    """An explanation is matched to its 项 by the 项's name, or by the code its mention
    prints; one of another 项 (行政运行), or a 项 explained twice alike, is judged once."""
    [rule] = [r for r in check_rules() if r.name == RULE]
    by_name = CodeExplanation(
        7, ("住房保障支出", "住房改革支出", "住房公积金"), "缴纳医疗保险", mention=ITEM
    )
    by_code = CodeExplanation(8, ("", "", "公积金"), "单位缴纳的养老保险费", code="2210201")
    other = CodeExplanation(8, ("一般公共服务支出", "财政事务", "行政运行"), "医疗保险")
    explanations = (by_name, by_code, other, replace(by_name, page=9))
    rows = list(explanation_fits_code(rule, replace(sample_facts, explanations=explanations)))
    assert [(r["passed"], r["page"], r["message"].rsplit(": ", 1)[-1]) for r in rows] == [
        (False, 7, "it speaks of 医疗, which 住房公积金 is not for"),
        (False, 8, "it speaks of 养老, which 公积金 is not for"),
    ]


def test_the_list_names_each_code_once() -> None:
    bounds = catalog.explanation_bounds()
    codes = [code for bound in bounds for code in bound.codes]
    names = [name for bound in bounds for name in bound.names]
    assert len(codes) == len(set(codes)) and len(names) == len(set(names))
    assert all(len(code) in (3, 5, 7) and code.isdigit() for code in codes)
    # a 类 by the national list's names, a 款 or a 项 by its own
    classes = catalog.functional_class_by_name()
    assert all(classes[n] in b.codes for b in bounds if len(b.codes[0]) == 3 for n in b.names)
    # no code is excluded from speaking of its own purpose
    assert not [(n, w) for b in bounds for n in b.names for w in b.must_not if w in n]
    # nor a 款 or a 类 from speaking of a purpose of a 项 under it
    assert not [
        (b.codes, w)
        for b in bounds
        for inner in bounds
        if inner is not b and any(c.startswith(p) for c in inner.codes for p in b.codes)
        for n in inner.names
        for w in b.must_not
        if w in n
    ]


def test_no_false_finding_on_the_corpus(corpus_dir: Path) -> None:
    """Every explanation of the corpus's documents read and judged against its own tables
    (the Putuo and Wanli documents' 项, the Southwest University final's, the Jiangsu
    narratives' and the sample's 类), none failed; the altered Putuo copy's neither."""
    judged = {}
    for path in [*sorted(corpus_dir.rglob("*.pdf")), SAMPLE]:
        checks = read_document(path).checks
        rows = checks.filter(checks["rule"] == RULE) if not checks.is_empty() else checks
        assert rows.filter(~rows["passed"]).is_empty() if len(rows) else True, path.name
        judged[path.name] = len(rows)
    assert sum(judged.values()) == 61
    assert judged["jiangsu-npc-office-2018-budget.pdf"] == 3
