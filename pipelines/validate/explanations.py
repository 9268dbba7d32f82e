"""Explanations against codes: a 项 whose stated use contradicts its meaning.

A narrative explains each 项 of its 一般公共预算财政拨款支出 (住房保障支出（类）住房改革支出
（款）住房公积金（项）。主要用于：缴纳在职人员住房公积金); an explanation speaking of another
项's purpose (住房公积金 "主要用于：事业单位医疗保险支出") puts figures on the wrong code or
misstates them. The words each listed 项's explanation must not use are the catalog's
(pipelines/catalog/explanations.toml); the explanations are pipelines/documents/
explanations.py's. Declared as a ``[[check]]`` of kind ``explanation_fits_code`` in
pipelines/catalog/rules.toml.
"""

from __future__ import annotations

from collections.abc import Iterator

from pipelines import catalog
from pipelines.catalog import ExplanationBound
from pipelines.catalog.rulebook import CheckRule
from pipelines.documents.explanations import CodeExplanation
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.results import result


def _bound(explanation: CodeExplanation) -> ExplanationBound | None:
    """The catalog's entry for the 项 explained: by the code the mention prints, else by
    the 项's name."""
    for bound in catalog.explanation_bounds():
        if explanation.code:
            if explanation.code in bound.codes:
                return bound
        elif explanation.names[2] in bound.names:
            return bound
    return None


def explanation_fits_code(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each explanation the narrative gives of a listed 项 (主要用于…, 反映…) uses none of
    the words its meaning excludes (pipelines/catalog/explanations.toml: 住房公积金 is not
    spent on 医疗 or 养老); an explanation of a 项 not listed is not judged."""
    seen = set()
    for explanation in document.explanations:
        bound = _bound(explanation)
        if bound is None or (explanation.mention, explanation.text) in seen:
            continue
        seen.add((explanation.mention, explanation.text))
        words = [word for word in bound.must_not if word in explanation.text]
        where = f"page {explanation.page}" if explanation.page else "the text"
        codes = explanation.code or "/".join(bound.codes)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=not words,
            row=explanation.mention,
            page=explanation.page,
            message=f"{where} explains {explanation.mention} ({codes}, {bound.meaning}) as "
            f"“{explanation.text[:80]}”"
            + (
                f": it speaks of {'、'.join(words)}, which {explanation.names[2]} is not for"
                if words
                else ""
            ),
        )
