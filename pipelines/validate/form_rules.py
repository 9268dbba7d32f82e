"""Rules on the form of a publication's printed lines: no word or punctuation mark printed
twice, no percentage printed to more than two decimals, and the publication named with the
部门 or 单位 of its scope.

Declared as ``[[check]]`` entries of pipelines/catalog/rules.toml (kinds ``doubled_words``,
``percent_decimals``, ``scope_wording``); their input is ``NormalisedDocument.form_faults``
(pipelines/documents/form.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from pipelines import catalog
from pipelines.catalog.rulebook import CheckRule
from pipelines.documents.form import FormFault, scope_named
from pipelines.documents.wording import DOC_KINDS, SCOPES
from pipelines.normalise.facts import NormalisedDocument
from pipelines.validate.results import result

SCOPE_WORDS = {scope: word for word, scope in SCOPES.items()}


def _where(fault: FormFault) -> str:
    return f"page {fault.page}" if fault.page else "the text"


def _failures(
    rule: CheckRule,
    document: NormalisedDocument,
    faults: list[FormFault],
    what: Callable[[FormFault], str],
    around: int = 0,
) -> Iterator[dict]:
    """One failed row per fault; its ``row`` the words found, with ``around`` characters of
    the line each side (a doubling is told from another by its place)."""
    for fault in faults:
        at = max(fault.text.find(fault.found), 0)
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=False,
            row=fault.text[max(0, at - around) : at + len(fault.found) + around].strip("…")
            if around
            else fault.found,
            page=fault.page,
            message=f"{_where(fault)} prints “{fault.text}”: {what(fault)}",
        )


def _doubled(fault: FormFault) -> str:
    if fault.kind == "doubled_punctuation":
        first, second = fault.found
        if first == second:
            return f"the mark {first} printed twice"
        return f"two marks in a row ({fault.found}), one too many"
    return f"{fault.found[: len(fault.found) // 2]} printed twice ({fault.found})"


def no_doubled_words(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """No line prints a word (项目项目, 的的) or a punctuation mark (。。) twice in a row:
    one row per doubling, and one passing row when there is none."""
    faults = [f for f in document.form_faults if f.kind in ("doubled_word", "doubled_punctuation")]
    yield from _failures(rule, document, faults, _doubled, around=2)
    if not faults:
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=True,
            message="no line prints a word or a punctuation mark twice in a row",
        )


def percent_decimals(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """No percentage is printed to more decimals than publications print (two: 28.59%):
    one row per percentage that is, and one passing row when none is."""
    decimals = catalog.form_wording().percent_decimals
    faults = [f for f in document.form_faults if f.kind == "percent_decimals"]

    def what(fault: FormFault) -> str:
        printed = fault.found.split(".", 1)[1]
        places = len(printed) - len(printed.lstrip("0123456789"))
        return (
            f"the percentage {fault.found} is printed to {places} decimals, not {decimals} "
            "(a rate computed and not rounded)"
        )

    yield from _failures(rule, document, faults, what)
    if not faults:
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=True,
            message=f"no percentage is printed to more than {decimals} decimals",
        )


def scope_wording(rule: CheckRule, document: NormalisedDocument) -> Iterator[dict]:
    """Each phrase naming the publication with its scope (2024年度部门决算, 单位预算公开)
    says the 部门 or 单位 of the scope the document states: one row per phrase that does
    not, and one passing row when all do. A document stating no scope is not judged."""
    row = document.document.row(0, named=True)
    scope, source = row["scope"], row["scope_source"]
    if scope not in SCOPE_WORDS or not source:
        return  # no scope stated (identity_stated reports what is missing)
    phrases = [f for f in document.form_faults if f.kind == "scope_words"]
    wrong = [f for f in phrases if scope_named(f.found) not in (None, scope)]
    word = SCOPE_WORDS[scope]

    def what(fault: FormFault) -> str:
        kind = next((k for k in DOC_KINDS if k in fault.found), "")
        named = SCOPE_WORDS[scope_named(fault.found)]  # type: ignore[index]
        return (
            f"{fault.found} calls the publication {named}{kind}, but it is a {word}{kind} "
            f"(its scope, {scope}, read from {source})"
        )

    yield from _failures(rule, document, wrong, what)
    if not wrong:
        yield result(
            document.document_id,
            rule.name,
            rule.severity,
            passed=True,
            message=f"{len(phrases)} phrase(s) naming the publication say {word}, as its "
            f"scope ({scope}) does",
        )
