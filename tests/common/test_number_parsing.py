"""Reading numbers typed into a form or a spreadsheet cell (common.values)."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from common.values import ParseError, normalize_text, parse_decimal

# These tests need no database; this lets them run with `-p no:django` too.
if not settings.configured:
    settings.configure(USE_I18N=False)


@pytest.fixture(autouse=True)
def chinese_messages():
    # Messages are asserted in the Chinese source language.
    with translation.override("zh-hans"):
        yield


# --- normalize_text ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("１２３．５", "123.5"),
        ("，", ","),
        ("\u3000 园区名称 \xa0", "园区名称"),
        ("\ufeff面积", "面积"),
        ("ＡＢＣ", "ABC"),
        ("广州  黄埔", "广州  黄埔"),
        (None, ""),
        (12, "12"),
    ],
)
def test_normalize_text(value, expected):
    assert normalize_text(value) == expected


# --- parse_decimal ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("123", "123"),
        ("1,234.5", "1234.5"),
        ("1，234．5", "1234.5"),
        ("1,234,567", "1234567"),
        ("１２３．５", "123.5"),
        ("85%", "85"),
        ("85％", "85"),
        ("12.5 %", "12.5"),
        ("+3", "3"),
        ("-3.25", "-3.25"),
        ("－3.25", "-3.25"),
        ("0", "0"),
        (" 42 ", "42"),
        (".5", "0.5"),
        (7, "7"),
        (-7, "-7"),
        (0.1, "0.1"),
        (0.1 + 0.2, "0.3"),
        (85.0, "85"),
        (100.0, "100"),
        (-0.0, "0"),
        (1e20, "100000000000000000000"),
        (1234.5678, "1234.5678"),
        (Decimal("12.50"), "12.50"),
    ],
)
def test_parse_decimal_accepts(value, expected):
    result = parse_decimal(value)
    assert isinstance(result, Decimal)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "\u3000", "\xa0"])
def test_parse_decimal_blank_is_none_not_zero(value):
    assert parse_decimal(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "abc",
        "1.2.3",
        "1,23,4",
        "12,34",
        "1234,567",
        ",123",
        "NaN",
        "nan",
        "Infinity",
        "-Infinity",
        "1e5",
        "--1",
        "%",
        "85%%",
        "1 234",
        "-",
    ],
)
def test_parse_decimal_rejects(value):
    with pytest.raises(ParseError) as excinfo:
        parse_decimal(value)
    assert excinfo.value.message == f"无法识别的数值“{value}”"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN"), True, object()])
def test_parse_decimal_rejects_non_numbers(value):
    with pytest.raises(ParseError, match="无法识别的数值"):
        parse_decimal(value)


@pytest.mark.parametrize("value", ["#DIV/0!", "#N/A", "#VALUE!", "#REF!"])
def test_parse_decimal_rejects_excel_errors(value):
    with pytest.raises(ParseError) as excinfo:
        parse_decimal(value)
    assert f"Excel 错误“{value}”" in excinfo.value.message


def test_parse_decimal_percent_can_be_forbidden():
    with pytest.raises(ParseError) as excinfo:
        parse_decimal("85%", percent_allowed=False)
    assert "“85%”不能带百分号" in excinfo.value.message
    assert parse_decimal("85", percent_allowed=False) == Decimal("85")


def test_parse_decimal_long_values_are_shortened_in_the_message():
    with pytest.raises(ParseError) as excinfo:
        parse_decimal("x" * 500)
    assert len(excinfo.value.message) < 100
    assert "…" in excinfo.value.message
