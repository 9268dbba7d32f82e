"""Printed numbers -> exact Decimal yuan. Never float."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pipelines.text.labels import clean_label, is_dash

YUAN_PER_UNIT: dict[str, Decimal] = {"万元": Decimal(10000), "元": Decimal(1)}
CENT = Decimal("0.01")
_NUMBER = re.compile(r"^[-−]?\d+(?:\.\d+)?$|^[-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_UNIT = re.compile(r"单位[：:]?(万元|元)")


class AmountError(ValueError):
    """A cell where a number was expected holds something else."""


def parse_number(text: str | None) -> Decimal | None:
    """The number printed in a cell; None for an empty cell or a dash.

    Thousands separators are accepted; anything else that is not a number raises
    ``AmountError`` so that it is reported, never silently read as zero.
    """
    cell = clean_label(text)
    if not cell or is_dash(cell):
        return None
    if not _NUMBER.match(cell):
        raise AmountError(f"not a number: {text!r}")
    try:
        return Decimal(cell.replace(",", "").replace("−", "-"))
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits only numbers
        raise AmountError(f"not a number: {text!r}") from exc


def looks_like_number(text: str | None) -> bool:
    """Whether a cell holds a printed number (not a dash, not empty)."""
    cell = clean_label(text)
    return bool(cell) and bool(_NUMBER.match(cell))


def to_yuan(value: Decimal, unit: str) -> Decimal:
    """Convert a printed amount to yuan exactly; refuses to round away a fraction of a cent."""
    yuan = value * YUAN_PER_UNIT[unit]
    cents = yuan.quantize(CENT)
    if cents != yuan:
        raise AmountError(f"{value} {unit} is not a whole number of cents")
    return cents


def find_unit(text: str) -> str | None:
    """The money unit a table states (``金额单位：万元``, ``单位：元``), if any.

    Whitespace is removed first, so a unit broken over two lines (``万`` / ``元``) is found.
    """
    match = _UNIT.search(clean_label(text))
    return match.group(1) if match else None
