"""Reading a generated publication with the pipeline's pure core and comparing with its truth.

Kept apart from the generator proper (which never imports ``pipelines``: what it writes is
test input for that code); used by ``tests/test_generated.py`` and
``benchmarks/generated_exact.py``.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.generator.truth import Comparison, expected_facts, found_facts, read_truth


@dataclass(frozen=True)
class Reading:
    """What the pipeline made of one generated PDF, beside the truth."""

    truth: dict[str, Any]
    identity: dict[str, Any]  # department, fiscal_year, doc_kind, scope, region
    quarantine_reason: str | None
    comparison: Comparison
    problems: list[str]  # the normaliser's problems and extraction notes
    unread: frozenset[str] = frozenset()  # tables reported printed but not read

    @property
    def reported(self) -> int:
        """Missing truth facts of tables the pipeline reports it could not read."""
        return sum(n for key, n in self.comparison.missing.items() if key[0] in self.unread)

    @property
    def silently_missing(self) -> Counter:
        """Missing truth facts the pipeline says nothing of: the figures lost silently."""
        return Counter(
            {key: n for key, n in self.comparison.missing.items() if key[0] not in self.unread}
        )

    @property
    def identity_mismatches(self) -> dict[str, tuple[Any, Any]]:
        """Identity fields (department, region, fiscal_year, doc_kind, scope) and the
        template that differ: (truth, read)."""
        truth = {**self.truth["identity"], "template": self.truth["axes"]["template"]}
        return {
            name: (truth[name], self.identity.get(name))
            for name in ("department", "region", "fiscal_year", "doc_kind", "scope", "template")
            if truth[name] != self.identity.get(name)
        }


def read_generated(pdf: Path, truth_path: Path | None = None) -> Reading:
    """Run extract + normalise on ``pdf`` (raw folder: its own folder) and compare."""
    from pipelines.documents.discover import document_ref
    from pipelines.extract.document import extract_document
    from pipelines.normalise.facts import normalise_document

    truth = read_truth(truth_path or pdf.with_suffix(".truth.json"))
    ref = document_ref(pdf, pdf.parent)
    extracted = extract_document(ref)
    identity = {
        name: getattr(extracted.identity, name)
        for name in ("department", "region", "fiscal_year", "doc_kind", "scope")
    }
    templates = {"local_department": "local", "central_department": "central"}
    identity["template"] = templates.get(extracted.template or "", extracted.template)
    problems = [f"note: {note}" for note in extracted.notes]
    if extracted.quarantine_reason:
        return Reading(
            truth,
            identity,
            extracted.quarantine_reason,
            Comparison(expected_facts(truth), found_facts([])),
            problems,
        )
    normalised = normalise_document(extracted)
    rows = normalised.line_items.to_dicts()
    problems += [
        f"{p['table_key']} row {p['row_no']}: {p['message']}"
        for p in normalised.problems.to_dicts()
    ]
    unread = frozenset(
        row["table_key"] for row in normalised.tables.to_dicts() if row["status"] == "unread"
    )
    return Reading(
        truth,
        identity,
        None,
        Comparison(expected_facts(truth), found_facts(rows)),
        problems,
        unread,
    )


def generate_and_read(seed: int, out_dir: Path | None = None) -> Reading:
    """Write the publication of ``seed`` (into a temporary folder by default) and read it."""
    from tests.generator.publication import write

    if out_dir is not None:
        pdf, truth, _ = write(seed, out_dir)
        return read_generated(pdf, truth)
    with tempfile.TemporaryDirectory() as folder:
        pdf, truth, _ = write(seed, Path(folder))
        return read_generated(pdf, truth)
