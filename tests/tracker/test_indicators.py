"""Indicators are data: their bounds, and "a part cannot exceed its whole" (Indicator.part_of),
which the report check takes from the data rather than from indicator codes."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tracker.models import Indicator
from tracker.validation import check_values

pytestmark = pytest.mark.usefixtures("guideline")


def indicator(code, **fields):
    defaults = {
        "name": code,
        "unit": "亿元",
        "value_type": Indicator.ValueType.DECIMAL,
        "period_rule": Indicator.PeriodRule.FLOW,
    }
    return Indicator.objects.create(code=code, **{**defaults, **fields})


def messages_of(candidate):
    with pytest.raises(ValidationError) as caught:
        candidate.full_clean()
    return caught.value.message_dict


def test_a_new_pair_of_indicators_gets_the_part_within_whole_check():
    """A later plan's indicators, added in the admin: no code names them."""
    investment = indicator("investment_2030", name="固定资产投资")
    digital = indicator("digital_investment_2030", name="数字经济投资", part_of=investment)
    checked = {item.code: item for item in (investment, digital)}

    result = check_values(checked, {"investment_2030": "80", "digital_investment_2030": "90"})
    assert result.errors == [
        ("digital_investment_2030", "“数字经济投资”(90)不能大于“固定资产投资”(80)。")
    ]
    ok = check_values(checked, {"investment_2030": "80", "digital_investment_2030": "80"})
    assert ok.errors == []


def test_without_part_of_there_is_no_such_check():
    revenue = Indicator.objects.get(code="revenue")
    core = Indicator.objects.get(code="core_revenue")
    core.part_of = None
    checked = {"revenue": revenue, "core_revenue": core}
    result = check_values(checked, {"revenue": "100", "core_revenue": "120"})
    assert result.errors == []


def test_bounds_must_be_in_order_and_within_the_type():
    assert messages_of(
        Indicator(
            code="x", name="x", value_type="decimal", period_rule="flow", min_value=5, max_value=1
        )
    ) == {"max_value": ["最大值不能小于最小值。"]}
    errors = messages_of(
        Indicator(
            code="y", name="y", value_type="percent", period_rule="stock", max_value=Decimal(150)
        )
    )
    assert errors == {"max_value": ["“百分比”类指标的最小值和最大值须在 0 至 100 之间。"]}


def test_a_part_needs_the_whole_s_unit_and_cannot_contain_itself():
    revenue = Indicator.objects.get(code="revenue")
    share = Indicator.objects.get(code="coverage_5g")
    share.part_of = revenue
    assert messages_of(share) == {"part_of": ["组成部分的单位须与总量指标相同(“亿元”)。"]}
    revenue.part_of = Indicator.objects.get(code="core_revenue")  # which is part of revenue
    assert "part_of" in messages_of(revenue)
    assert "直接或间接" in messages_of(revenue)["part_of"][0]
