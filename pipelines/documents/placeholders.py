"""A template's placeholders left in a document (上海市XX局, ×××万元, 待填写): the input of
the rule that a loaded publication has none."""

from __future__ import annotations

from dataclasses import dataclass

from pipelines import catalog
from pipelines.text.labels import clean_label


@dataclass(frozen=True)
class Placeholder:
    """A line printing a placeholder."""

    page: int | None
    text: str
    placeholder: str


def find_placeholders(pages: list[tuple[int | None, list[str]]]) -> list[Placeholder]:
    """Every line of the pages printing a placeholder, with the placeholder."""
    pattern = catalog.placeholder()
    found = []
    for page, lines in pages:
        for line in lines:
            text = clean_label(line)
            if match := pattern.search(text):
                found.append(Placeholder(page, text[:120], match.group()))
    return found
