"""Read a disclosure's text form: headings, tab-separated table rows, blank lines at page breaks.

The format is the one of the project's sample (a text conversion of a published PDF):
a table is its title line (a markdown heading or a plain line), a few lines of numbering
and metadata (公开01表, 部门名称, 金额单位), then its rows as tab-separated lines with a
multi-row header; blank lines where pages broke; a closing ``注：`` note and sometimes
``说明：本表无数据``. UTF-8 and GB18030/GBK files read alike.
"""

from __future__ import annotations

import re

from pipelines import catalog
from pipelines.catalog.titles import find_number, match_title_variant
from pipelines.documents.contents import listed_tables
from pipelines.documents.discover import DocumentRef
from pipelines.documents.explanations import find_explanations
from pipelines.documents.form import find_form_faults
from pipelines.documents.identity import dissent_mentions, read_identity
from pipelines.documents.mentions import read_mentions
from pipelines.documents.placeholders import find_placeholders
from pipelines.extract.model import ExtractedDocument, ExtractionError, RawTable
from pipelines.extract.narrative import read_narrative
from pipelines.extract.performance import read_performance_reports
from pipelines.text.amounts import find_unit
from pipelines.text.grid import GridRow
from pipelines.text.labels import clean_label

ENCODINGS = ("utf-8-sig", "gb18030")
NOTE_LINES = 3  # lines after a table's end that may still say 本表无数据
_END_OF_TABLE = re.compile(r"^(注[：:]|说明[：:]|#|第[一二三四五六七八九十]+部分)")


def decode_text(data: bytes) -> str:
    """Decode a text document: UTF-8 (with or without BOM), else GB18030 (a superset of GBK)."""
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ExtractionError("the file is neither UTF-8 nor GB18030/GBK text")


def _table_starts(lines: list[str]) -> list[tuple[int, tuple[str, str]]]:
    starts = []
    for index, line in enumerate(lines):
        found = match_title_variant(clean_label(line))
        if found:
            starts.append((index, found))
    return starts


def _read_block(lines: list[str], start: int, end: int, found: tuple[str, str]) -> RawTable | None:
    """The table whose title is at ``start``; None when no rows follow (not a table)."""
    meta: list[str] = []
    rows: list[GridRow] = []
    closed = False
    no_data = False
    trailing = 0
    for index in range(start + 1, end):
        line = lines[index].rstrip("\r\n")
        text = clean_label(line)
        if closed:
            if text.startswith("#") or trailing >= NOTE_LINES:
                break
            if text:
                trailing += 1
                no_data = no_data or bool(catalog.no_data_note().search(text))
            continue
        if "\t" in line:
            rows.append(GridRow(cells=tuple(c.strip() for c in line.split("\t")), line=index + 1))
            continue
        if not text:
            continue  # a page break inside or before the table
        if rows or _END_OF_TABLE.match(text):
            closed = True
            no_data = no_data or bool(catalog.no_data_note().search(text))
            continue
        meta.append(line)
    if not rows:
        return None
    width = max(len(row.cells) for row in rows)
    padded = tuple(
        GridRow(cells=row.cells + ("",) * (width - len(row.cells)), line=row.line) for row in rows
    )
    meta_text = "\n".join(meta)
    key, variant = found
    return RawTable(
        table_key=key,
        variant=variant,
        title=clean_label(lines[start]).lstrip("#"),
        number=find_number(meta_text) or find_number(lines[start]),
        unit=find_unit(meta_text),
        rows=padded,
        no_data_note=no_data,
    )


def read_text_tables(text: str) -> list[RawTable]:
    """Every standard table printed in a text document, in order of appearance."""
    lines = text.splitlines()
    starts = _table_starts(lines)
    tables = []
    for position, (start, key) in enumerate(starts):
        end = starts[position + 1][0] if position + 1 < len(starts) else len(lines)
        table = _read_block(lines, start, end, key)
        if table is not None:
            tables.append(table)
    return tables


def read_text_document(ref: DocumentRef) -> ExtractedDocument:
    """Read a text document's identity and standard tables."""
    data = ref.path.read_bytes()
    text = decode_text(data)
    lines = text.splitlines()
    tables = read_text_tables(text)
    identity = read_identity(
        [(None, lines)], [(None, t.title, t.variant or t.title) for t in tables], ref.source_file
    )
    return ExtractedDocument(
        ref=ref,
        identity=identity,
        tables=tables,
        sentences=text.count("。"),
        performance=read_performance_reports(text),
        narrative=read_narrative(text, identity.fiscal_year) if identity.fiscal_year else [],
        mentions=dissent_mentions(identity) + read_mentions([(None, lines)]),
        listed=listed_tables([(None, lines)]),
        placeholders=find_placeholders([(None, lines)]),
        form_faults=find_form_faults([(None, lines)]),
        explanations=find_explanations([(None, lines)]),
    )
