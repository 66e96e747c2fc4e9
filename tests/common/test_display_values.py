"""How figures, areas, money levels and name lists read on the pages (common/values.py)."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.values import (
    BOOLEAN,
    format_figure,
    format_fixed,
    format_yi_yuan,
    join_names,
    with_unit,
)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("8.43000000000000"), "8.43"),  # a SQLite SUM of 2-place decimals
        (Decimal("14.9"), "14.90"),
        (Decimal("8"), "8.00"),
        (8, "8.00"),
        (Decimal("81.865"), "81.87"),
        (None, ""),
    ],
)
def test_areas_have_exactly_two_decimals(value, text):
    assert format_fixed(value, 2) == text


@pytest.mark.parametrize(("language", "yes", "no"), [("zh-hans", "是", "否"), ("en", "Yes", "No")])
def test_yes_no_figures_read_as_words(language, yes, no):
    with translation.override(language):
        assert format_figure(Decimal("1.0000"), BOOLEAN) == yes
        assert format_figure(Decimal("0"), BOOLEAN) == no
        assert format_figure(None, BOOLEAN) == ""
        # Other figures stay numbers, 1 and 0 included.
        assert format_figure(Decimal("1.0000"), "count") == "1"
        assert format_figure(Decimal("0"), "decimal") == "0"


@pytest.mark.parametrize(
    ("value", "chinese", "english"),
    [
        (Decimal("1000"), "1000 亿元", "100 billion yuan"),
        (Decimal("100"), "100 亿元", "10 billion yuan"),
        (Decimal("2.5"), "2.5 亿元", "250 million yuan"),
    ],
)
def test_money_levels_in_each_language(value, chinese, english):
    with translation.override("zh-hans"):
        assert format_yi_yuan(value) == chinese
    with translation.override("en"):
        assert format_yi_yuan(value) == english


def test_names_join_with_the_languages_own_separator():
    with translation.override("zh-hans"):
        assert join_names(["琶洲", "鱼珠"]) == "琶洲、鱼珠"
        assert with_unit("营收", "亿元") == "营收(亿元)"
    with translation.override("en"):
        assert join_names([2023, 2025]) == "2023, 2025"
        # Many English park names have commas of their own: then semicolons.
        assert join_names(["Pazhou Core Area, AI Zone", "Yuzhu"]) == (
            "Pazhou Core Area, AI Zone; Yuzhu"
        )
        assert with_unit("Revenue", "100 million yuan") == "Revenue (100 million yuan)"
        assert with_unit("Parks", "") == "Parks"
