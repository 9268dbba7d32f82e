"""Explanations against codes (rules.toml ``explanation_fits_code``): the finder of a
narrative's explanations of its 项 (主要用于…) on the corpus and on printed shapes, and the
rule on copies of the sample whose narrative explains a 项."""

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
# 住房公积金); the copies below name the 项 the 类's 87.12万元 is all of, 2210201 住房公积金
HOUSING = (
    "住房保障支出年初预算92.77万元，支出决算87.12万元，完成年初预算的93.91%，"
    "用于缴纳在职人员住房公积金"
)
ITEM = "住房保障支出（类）住房改革支出（款）住房公积金（项）"


def _rows(path: Path) -> list[tuple[bool, str]]:
    checks = read_document(path).checks
    rows = checks.filter(checks["rule"] == RULE)
    return [(r["passed"], r["message"]) for r in rows.iter_rows(named=True)]


def _pages(path: Path) -> list[tuple[int | None, list[str]]]:
    return [(page.number, page.lines) for page in read_page_texts(path)]


def test_the_genuine_sample_explains_no_item_against_its_meaning() -> None:
    assert [message for passed, message in _rows(SAMPLE) if not passed] == []


def test_an_item_explained_by_its_own_purpose(tmp_path: Path) -> None:
    path = altered_sample(tmp_path, 452, HOUSING, HOUSING.replace("住房保障支出", ITEM, 1))
    assert _rows(path) == [
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
    assert _rows(path) == [
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
    no explanation of what a 项 is."""
    assert find_explanations(_pages(corpus_dir / "jiangsu-npc-office-2019-budget-text.pdf")) == []


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
    assert all(len(code) == 7 and code.isdigit() for code in codes)
    # no 项 is excluded from speaking of its own purpose
    assert not [(n, w) for b in bounds for n in b.names for w in b.must_not if w in n]


def test_no_false_finding_on_the_corpus(corpus_dir: Path, sample_facts: NormalisedDocument) -> None:
    """Every explanation of the corpus's PDFs judged (the Putuo and Wanli documents', the
    Southwest University final's), none failed."""
    [rule] = [r for r in check_rules() if r.name == RULE]
    judged = 0
    for path in sorted(corpus_dir.rglob("*.pdf")):
        found = tuple(find_explanations(_pages(path)))
        rows = list(explanation_fits_code(rule, replace(sample_facts, explanations=found)))
        assert [r["message"] for r in rows if not r["passed"]] == [], path.name
        judged += len(rows)
    assert judged == 31
