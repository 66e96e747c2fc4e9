"""Report and register rows for dashboard tests (the guideline fixture has no figures)."""

import datetime
import itertools
from decimal import Decimal

from parks.models import Enterprise
from tracker.models import Indicator, ParkReport, ReportingPeriod, ReportValue

_codes = itertools.count(1)


def report(park, year, quarter, status=ParkReport.Status.APPROVED, **values):
    """A report of `park` for year Qquarter with figures by indicator code."""
    period = ReportingPeriod.objects.get(year=year, quarter=quarter)
    park_report = ParkReport.objects.create(park=park, period=period, status=status)
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=values)}
    ReportValue.objects.bulk_create(
        ReportValue(report=park_report, indicator=indicators[code], value=Decimal(str(value)))
        for code, value in values.items()
    )
    return park_report


def enterprise(park, role, introduced_on, name=None):
    number = next(_codes)
    return Enterprise.objects.create(
        name=name or f"测试企业{number}",
        credit_code=f"91440101TEST{number:06d}",
        park=park,
        role=role,
        introduced_on=introduced_on
        if isinstance(introduced_on, datetime.date)
        else datetime.date.fromisoformat(introduced_on),
    )


def seed_figures(parks, years, status=ParkReport.Status.APPROVED, scale=1):
    """Quarterly figures for every park and reported indicator over `years`, plus one
    chain-leader and one upstream firm per park and year: data of any size for query-count
    tests."""
    for number, park in enumerate(parks, start=1):
        for year in years:
            for quarter in (1, 2, 3, 4):
                revenue = Decimal(number * 50 * quarter * scale) + year - 2000
                report(
                    park,
                    year,
                    quarter,
                    status=status,
                    revenue=revenue,
                    core_revenue=revenue * Decimal("0.6"),
                    coverage_5g=min(100, 60 + 10 * (year - 2022) + quarter),
                    one_park_one_policy=1 if year > 2022 else 0,
                )
            enterprise(park, Enterprise.Role.CHAIN_LEADER, datetime.date(year, 2, 1))
            enterprise(park, Enterprise.Role.UPSTREAM, datetime.date(year, 5, 1))


def example_policy(code="example-2030", published_on="2026-06-30", **fields):
    """A second policy, clearly an example (issue 12: never a real next plan), with one
    2030 park target on revenue and one qualitative 2030 target."""
    from tracker.models import Policy, Target

    policy = Policy.objects.create(
        code=code,
        title="示例政策（测试用）",
        issuer="示例发文单位",
        published_on=datetime.date.fromisoformat(published_on),
        **{"status": Policy.Status.PUBLISHED, **fields},
    )
    Target.objects.create(
        policy=policy,
        code=f"{code}-revenue",
        name="园区营收达到500亿元(示例)",
        indicator=Indicator.objects.get(code="revenue"),
        scope=Target.Scope.PARK,
        milestone=datetime.date(2030, 12, 31),
        comparator=Target.Comparator.GE,
        value=Decimal("500"),
        clause="示例条款:园区营收(产值)达到500亿元",
    )
    Target.objects.create(
        policy=policy,
        code=f"{code}-qualitative",
        name="示例定性目标",
        scope=Target.Scope.BELT,
        milestone=datetime.date(2030, 12, 31),
        clause="示例条款:建成示例园区",
    )
    return policy
