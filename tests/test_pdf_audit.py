"""Every amount printed on a page the tables were read from is a fact of that page.

An audit independent of the table readers: the decimals of the pages' visible text layer
(pdfium), counted, against the facts read from those pages. A figure the readers missed
or misplaced to another page shows up as a printed decimal without its fact.
"""

import re
from collections import Counter
from decimal import Decimal
from functools import cache

import polars as pl
import pypdfium2 as pdfium
import pytest

from pipelines.documents.discover import document_ref
from pipelines.extract.document import extract_document
from pipelines.normalise.facts import NormalisedDocument, normalise_document
from pipelines.paths import default_corpus_dir

DECIMAL = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})*\.\d{2}(?![\d])|(?<![\d.,])\d+\.\d{2}(?![\d])")
WAN = Decimal(10000)
DOCUMENTS = [
    "putuo-finance-bureau-2024-final.pdf",
    "jiangsu-npc-office-2017-budget.pdf",
    "jiangsu-npc-office-2018-budget.pdf",
    "jiangsu-npc-office-2019-budget-tables.pdf",
    "jiangsu-cppcc-office-2017-budget-tables.pdf",
    "jiangsu-cppcc-office-2018-budget-tables.pdf",
    "jiangsu-cppcc-office-2019-budget-tables.pdf",
]


@cache
def read(name: str) -> NormalisedDocument:
    path = default_corpus_dir() / name
    return normalise_document(extract_document(document_ref(path, path.parent)))


def visible_decimals(name: str, page_number: int) -> Counter:
    page = pdfium.PdfDocument(str(default_corpus_dir() / name))[page_number - 1]
    left, bottom, right, top = page.get_cropbox()
    text = page.get_textpage().get_text_bounded(left=left, bottom=bottom, right=right, top=top)
    return Counter(Decimal(token.replace(",", "")) for token in DECIMAL.findall(text))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_printed_amount_of_a_table_page_is_read(name: str) -> None:
    items = read(name).line_items.filter(pl.col("printed_unit") == "万元")
    pages = sorted(set(items["page"].drop_nulls()))
    assert pages
    for page in pages:
        facts = Counter(
            amount / WAN for amount in items.filter(pl.col("page") == page)["amount_yuan"]
        )
        unread = visible_decimals(name, page) - facts
        assert not unread, f"page {page}: printed but not read: {dict(unread)}"


THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d.,])")


@pytest.mark.parametrize(
    "name",
    [
        "putuo-wanli-subdistrict-2023-budget.pdf",
        "putuo-wanli-subdistrict-2024-budget.pdf",
        "putuo-finance-bureau-2025-budget.pdf",
    ],
)
def test_every_printed_yuan_amount_of_a_table_page_is_read(name: str) -> None:
    """Tables in 元 print whole yuan: the amounts with thousands separators are audited."""
    items = read(name).line_items.filter(pl.col("printed_unit") == "元")
    pages = sorted(set(items["page"].drop_nulls()))
    assert pages
    for page in pages:
        facts = Counter(items.filter(pl.col("page") == page)["amount_yuan"])
        document = pdfium.PdfDocument(str(default_corpus_dir() / name))[page - 1]
        left, bottom, right, top = document.get_cropbox()
        text = document.get_textpage().get_text_bounded(
            left=left, bottom=bottom, right=right, top=top
        )
        printed = Counter(Decimal(t.replace(",", "")) for t in THOUSANDS.findall(text))
        unread = printed - facts
        assert not unread, f"page {page}: printed but not read: {dict(unread)}"
