from decimal import Decimal

import pytest

from tracker.models import Indicator, Policy, ReportingPeriod, Target

pytestmark = pytest.mark.usefixtures("guideline")


def test_one_policy_with_its_targets():
    policy = Policy.objects.get()
    assert policy.title == "广州珠江沿岸地区高质量发展带工信产业导则"
    assert policy.targets.count() == Target.objects.count() > 0


def test_every_target_quotes_its_clause():
    assert not Target.objects.filter(clause="").exists()
    for target in Target.objects.all():
        assert len(target.clause) >= 4, target.code


def test_2023_park_targets():
    targets = {t.code: t for t in Target.objects.filter(milestone__year=2023)}
    coverage = targets["2023-5g-coverage"]
    assert (coverage.indicator.code, coverage.comparator, coverage.value) == (
        "coverage_5g",
        "ge",
        Decimal("100"),
    )
    assert coverage.scope == Target.Scope.PARK
    assert targets["2023-chain-leader"].value == Decimal("1")
    # "一批" is not a number: not quantified, never invented.
    assert targets["2023-chain-partners"].value is None
    assert not targets["2023-chain-partners"].is_quantified
    assert targets["2023-infrastructure"].is_qualitative


def test_2025_belt_targets():
    thousand = Target.objects.get(code="2025-parks-1000")
    assert thousand.scope == Target.Scope.BELT
    assert (thousand.park_level, thousand.value) == (Decimal("1000"), Decimal("2"))
    several = Target.objects.get(code="2025-parks-100")
    assert several.park_level == Decimal("100")
    assert several.value is None


def test_indicators_define_rules():
    revenue = Indicator.objects.get(code="revenue")
    assert (revenue.unit, revenue.period_rule, revenue.source) == ("亿元", "ytd", "report")
    assert Indicator.objects.get(code="coverage_5g").max_value == Decimal("100")
    assert set(Indicator.objects.reported().values_list("code", flat=True)) == {
        "revenue",
        "core_revenue",
        "coverage_5g",
        "one_park_one_policy",
    }


def test_periods_2022q1_to_2026q4():
    periods = list(ReportingPeriod.objects.all())
    assert len(periods) == 20
    assert (periods[0].label, periods[-1].label) == ("2022Q1", "2026Q4")
    q3 = ReportingPeriod.objects.get(year=2024, quarter=3)
    assert q3.end_date.isoformat() == "2024-09-30"
    assert q3.opens_on.isoformat() == "2024-10-01"
    assert q3.due_on > q3.opens_on
