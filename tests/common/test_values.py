"""The pure helpers in common/values.py: quarter ends, period labels, decimals, names."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import translation

from common.values import QUARTERS, format_decimal, format_period, localized, quarter_end


def test_quarter_end_is_the_last_day_of_each_quarter():
    assert [quarter_end(2024, quarter) for quarter in QUARTERS] == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_end_refuses_a_quarter_that_does_not_exist(quarter):
    with pytest.raises(KeyError):
        quarter_end(2024, quarter)


def test_period_label_is_year_q_quarter():
    assert format_period(2024, 3) == "2024Q3"
    assert format_period("2031", "1") == "2031Q1"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (Decimal("100"), "100"),
        (Decimal("100.0000"), "100"),
        (Decimal("14.9000"), "14.9"),
        (Decimal("0.0500"), "0.05"),
        (Decimal("1E+3"), "1000"),
        (Decimal("-2.50"), "-2.5"),
    ],
)
def test_decimal_without_trailing_zeros_or_exponent(value, text):
    assert format_decimal(value) == text


def test_localized_name_follows_the_language_and_falls_back_to_chinese():
    park = SimpleNamespace(name="琶洲", name_en="Pazhou")
    unnamed = SimpleNamespace(name="琶洲", name_en="")
    with translation.override("en"):
        assert localized(park, "name") == "Pazhou"
        assert localized(unnamed, "name") == "琶洲"
    with translation.override("zh-hans"):
        assert localized(park, "name") == "琶洲"
