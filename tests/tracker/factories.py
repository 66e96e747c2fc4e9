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
