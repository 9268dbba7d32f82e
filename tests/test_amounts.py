from decimal import Decimal

import pytest

from pipelines.text.amounts import AmountError, find_unit, parse_number, to_yuan


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("1649.56", Decimal("1649.56")),
        ("2,940.05", Decimal("2940.05")),
        ("1,234,567.8", Decimal("1234567.8")),
        ("<b>1649.56</b>", Decimal("1649.56")),
        (" 0 ", Decimal("0")),
        ("0.00", Decimal("0.00")),
        ("-5.99", Decimal("-5.99")),
    ],
)
def test_parse_number_reads_printed_numbers(printed: str, expected: Decimal) -> None:
    assert parse_number(printed) == expected


@pytest.mark.parametrize("printed", ["", "   ", "——", "-", "—", None])
def test_empty_and_dash_cells_are_no_number(printed: str | None) -> None:
    assert parse_number(printed) is None


@pytest.mark.parametrize("printed", ["12.3万", "abc", "1.2.3", "1,23.00"])
def test_text_where_a_number_belongs_is_an_error(printed: str) -> None:
    with pytest.raises(AmountError):
        parse_number(printed)


def test_wan_yuan_converts_exactly() -> None:
    assert to_yuan(Decimal("1649.56"), "万元") == Decimal("16495600.00")
    assert to_yuan(Decimal("0.42"), "万元") == Decimal("4200.00")
    assert to_yuan(Decimal("123.45"), "元") == Decimal("123.45")


def test_a_fraction_of_a_cent_is_refused_not_rounded() -> None:
    with pytest.raises(AmountError):
        to_yuan(Decimal("1.005"), "元")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("金额单位：万元", "万元"),
        ("单位：元", "元"),
        ("金额单位：万  \n元", "万元"),
        ("单位:万元", "万元"),
        ("部门名称：某局", None),
    ],
)
def test_find_unit(text: str, unit: str | None) -> None:
    assert find_unit(text) == unit
