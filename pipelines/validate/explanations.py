"""Explanations against codes: a 项, 款 or 类 whose stated use contradicts its meaning.

A narrative explains each 项 of its 一般公共预算财政拨款支出 (住房保障支出（类）住房改革支出
（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金), or each 类 (住房保障支出年初预算…，
用于缴纳在职人员住房公积金); an explanation speaking of another code's purpose (住房公积金
"主要用于：事业单位医疗保险支出") puts figures on the wrong code or misstates them. The words
each listed code's explanation must not use are the catalog's (pipelines/catalog/
explanations.toml); a 类 or 款 is held, besides, against the 项 the document's own tables
print under it, when every one of them is listed: an explanation contradicting each of them
fits none (住房保障支出 of 2210201 alone, explained as 开展相关业务工作支出). The explanations
are pipelines/documents/explanations.py's. Declared as a ``[[check]]`` of kind
``explanation_fits_code`` in pipelines/catalog/rules.toml.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipelines import catalog
from pipelines.catalog import ExplanationBound
from pipelines.catalog.rulebook import CheckRule
from pipelines.documents.explanations import CodeExplanation
from pipelines.normalise.facts import NormalisedDocument
from pipelines.text.labels import canonical_label, strip_ordinal
from pipelines.validate.results import result


def _by_code(code: str) -> ExplanationBound | None:
    return next((b for b in catalog.explanation_bounds() if code in b.codes), None)


def _bound(explanation: CodeExplanation) -> ExplanationBound | None:
    """The catalog's entry for the code explained: by the code the mention prints (a 类's or
    a 款's always), else by the 项's name."""
    if explanation.code:
        return _by_code(explanation.code)
    for bound in catalog.explanation_bounds():
        if all(len(code) == 7 for code in bound.codes) and explanation.names[2] in bound.names:
            return bound
    return None


def _printed_items(document: NormalisedDocument) -> dict[str, str]:
    """项 code -> its name, of every 项 the document's tables print (7 digits: functional)."""
    items: dict[str, str] = {}
    for code, label in (
        document.line_items.filter(document.line_items["row_code"].str.len_chars() == 7)
        .select("row_code", "row_label")
        .iter_rows()
    ):
        items.setdefault(code, strip_ordinal(canonical_label(label)))
    return items


def _against_items(
    explanation: CodeExplanation, items: dict[str, str]
) -> tuple[list[str], list[str]] | None:
    """A 类's or 款's explanation against the 项 the tables print under it, when every one of
    them is listed: (the 项 as "code name", the words contradicting each of them, or none
    when it fits one of them); None when not judged so."""
    code = explanation.code or ""
    under = sorted(c for c in items if len(code) in (3, 5) and c.startswith(code))
    bounds = [_by_code(c) for c in under]
    if not under or None in bounds:
        return None
    hits = [[w for w in bound.must_not if w in explanation.text] for bound in bounds if bound]
    words = list(dict.fromkeys(w for h in hits for w in h)) if all(hits) else []
    return [f"{c} {items[c]}" for c in under], words


def explanation_fits_code(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each explanation the narrative gives of a listed 项, 款 or 类 (主要用于…, 反映…) uses
    none of the words its meaning excludes (pipelines/catalog/explanations.toml: 住房公积金 is
    not spent on 医疗 or 养老), and a 类's or 款's whose 项 in the tables are all listed does
    not contradict every one of them; an explanation of a code not listed is not judged."""
    seen = set()
    items = _printed_items(document)
    for explanation in document.explanations:
        if (explanation.mention, explanation.text) in seen:
            continue
        bound = _bound(explanation)
        against = _against_items(explanation, items)
        if bound is None and against is None:
            continue
        seen.add((explanation.mention, explanation.text))
        what = next(name for name in reversed(explanation.names) if name)
        problems = []
        if bound and (words := [word for word in bound.must_not if word in explanation.text]):
            problems.append(f"it speaks of {'、'.join(words)}, which {what} is not for")
        if against and against[1]:
            problems.append(
                f"it speaks of {'、'.join(against[1])}, which none of the 项 the tables print "
                f"under {what} ({'、'.join(against[0])}) is for"
            )
        where = f"page {explanation.page}" if explanation.page else "the text"
        codes = explanation.code or "/".join(bound.codes if bound else ())
        meaning = bound.meaning if bound else f"its 项 {'、'.join(against[0] if against else ())}"
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=not problems,
            row=explanation.mention,
            page=explanation.page,
            message=f"{where} explains {explanation.mention} ({codes}, {meaning}) as "
            f"“{explanation.text[:80]}”" + (": " + "; ".join(problems) if problems else ""),
        )
