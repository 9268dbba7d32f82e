"""Extract one document, whatever its format, or say why it cannot be loaded."""

from __future__ import annotations

from pipelines.documents.discover import DocumentRef
from pipelines.documents.identity import DocumentIdentity
from pipelines.extract.model import ExtractedDocument, ExtractionError
from pipelines.extract.pdf_source import read_pdf_document
from pipelines.extract.template import match_template
from pipelines.extract.text_source import read_text_document

NARRATIVE_SENTENCES = 20  # fewer full stops than this: a file of tables, not of prose
READERS = {"text": read_text_document, "pdf": read_pdf_document}
_NO_IDENTITY = DocumentIdentity(None, None, None, None, None)
_FIELD_NAMES = {
    "department": "department",
    "fiscal_year": "fiscal year",
    "doc_kind": "kind (预算/决算)",
}


def quarantined(
    ref: DocumentRef, reason: str, identity: DocumentIdentity | None = None
) -> ExtractedDocument:
    """A document that cannot be loaded, with the reason a person is shown."""
    return ExtractedDocument(ref=ref, identity=identity or _NO_IDENTITY, quarantine_reason=reason)


def extract_document(ref: DocumentRef) -> ExtractedDocument:
    """Read a document's identity and standard tables.

    Never raises for a bad file: the result carries a ``quarantine_reason`` a person
    understands instead (empty, unreadable, unsupported, not a disclosure, a template).
    """
    if ref.size == 0:
        return quarantined(ref, "the file is empty (0 bytes)")
    reader = READERS.get(ref.source_kind)
    if reader is None:
        suffix = ref.path.suffix or "(no suffix)"
        return quarantined(
            ref,
            f"unsupported file type {suffix}: "
            "fiscal-warehouse reads PDF and text (.txt) disclosures",
        )
    try:
        extracted = reader(ref)
    except ExtractionError as exc:
        return quarantined(ref, str(exc))
    identity = extracted.identity
    if extracted.tables:
        extracted.template = match_template(extracted.tables, identity.department).key
    if identity.is_template:
        extracted.quarantine_reason = (
            f"a blank template (the department is printed as {identity.department}): "
            "it carries no department's figures"
        )
    elif not extracted.tables and (missing := identity.missing()):
        # a file that prints standard tables is a disclosure, whatever its cover says
        names = ", ".join(_FIELD_NAMES[m] for m in missing)
        extracted.quarantine_reason = (
            "not recognised as a budget or final-accounts disclosure: it prints none of the "
            f"standard tables, and no {names} was found on its cover, in its headings, its "
            "narrative or its file name"
        )
    elif not extracted.tables and extracted.sentences < NARRATIVE_SENTENCES:
        extracted.quarantine_reason = (
            "none of the standard tables (收入支出决算总表, 支出决算表, …) was found in it"
        )
    elif not extracted.tables:
        extracted.part = "narrative"  # the narrative half of a publication split in two
    else:
        extracted.part = "complete" if extracted.sentences >= NARRATIVE_SENTENCES else "tables"
        if missing := identity.missing():
            names = ", ".join(_FIELD_NAMES[m] for m in missing)
            extracted.notes.append(
                f"the document prints standard tables but states no {names} anywhere (cover, "
                "tables, headings, narrative, file name): its figures are loaded without it"
            )
    return extracted


def extract_safely(ref: DocumentRef) -> ExtractedDocument:
    """``extract_document``, with an unexpected failure of a reader turned into a
    quarantine that names it, so that one file never stops the others."""
    try:
        return extract_document(ref)
    except Exception as exc:  # a reader's bug or a library's crash on this file
        return quarantined(ref, f"the reader failed on this file ({type(exc).__name__}: {exc})")
