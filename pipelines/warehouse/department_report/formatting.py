"""Figures and text as the page prints them: escaped, amounts exact from their decimals
(a float is refused), the names of kinds and fund scopes, table cells and notes."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

KINDS = {"budget": "预算", "final_accounts": "决算"}
FUND_SCOPES = {
    "all_funds": "all funds (全部资金)",
    "general_public_budget": "一般公共预算",
    "fiscal_appropriation": "财政拨款",
}


def esc(value: Any) -> str:
    """Text for HTML: escaped, ``–`` for nothing."""
    return "–" if value is None else html.escape(str(value))


def exact(value: Any) -> Decimal:
    """An amount as a Decimal; :class:`TypeError` for a float, which would print what it
    rounds to, not the figure."""
    if isinstance(value, float):
        raise TypeError(f"an amount must be a DECIMAL, not a float: {value!r}")
    return value if isinstance(value, Decimal) else Decimal(value)


def money(value: Any) -> str:
    """Yuan as printed: thousands separators and two decimals, exact (``11,327,600.00``)."""
    return "–" if value is None else f"{exact(value):,.2f}"


def signed_money(value: Any) -> str:
    """A change in yuan, with its sign (none for no change)."""
    if value is None:
        return "–"
    number = exact(value)
    return f"{number:,.2f}" if number == 0 else f"{number:+,.2f}"


def percent(value: Any, *, ratio: bool = False, signed: bool = False) -> str:
    """A percentage with two decimals; ``ratio`` when the value is a share of 1."""
    if value is None:
        return "–"
    number = exact(value) * 100 if ratio else exact(value)
    return f"{number:+,.2f}%" if signed and number != 0 else f"{number:,.2f}%"


def num(text: str) -> str:
    """A figure's cell content, right-aligned by the ``num`` class."""
    return f'<span class="num">{text}</span>'


def _cells(*cells: str, head: bool = False) -> str:
    tag = "th" if head else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def table(head: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "") -> str:
    """A ``<table>`` of ``rows`` (cells already HTML) under the column names ``head``."""
    body = "\n".join(_cells(*row) for row in rows)
    return (
        f'<table class="{cls}"><thead>{_cells(*map(esc, head), head=True)}</thead>'
        f"<tbody>\n{body}\n</tbody></table>"
    )


def note(text: str) -> str:
    """A section's note (HTML) where it has no figures to show."""
    return f'<p class="note">{text}</p>'
