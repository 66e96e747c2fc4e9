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
