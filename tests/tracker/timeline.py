"""A frozen clock and report rows for the attention, to-do and timeliness tests.

Reports come from tests/factories.py with the submission time each test states.
"""

import datetime
from zoneinfo import ZoneInfo

import time_machine

from tests import factories
from tracker.models import ReportingPeriod

SHANGHAI = ZoneInfo("Asia/Shanghai")


def frozen(day, hour=10):
    """Freeze the clock at `hour` o'clock, Guangzhou time, on `day` (a date or ISO text)."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


def at(day, hour=10):
    """An aware moment on `day`, Guangzhou time."""
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def period(year, quarter):
    return ReportingPeriod.objects.get(year=year, quarter=quarter)


def only_open(*periods):
    """Lock every other period, so that only `periods` can be owed."""
    ReportingPeriod.objects.exclude(pk__in=[p.pk for p in periods]).update(locked=True)


def make(park, period, status="draft", submitted=None, first_submitted=None, **fields):
    """A report in `status` (tests.factories.report); `submitted` (a date or ISO text) sets the
    submission times."""
    if submitted is not None:
        fields["submitted_at"] = at(submitted)
        fields["first_submitted_at"] = at(first_submitted or submitted)
    return factories.report(park, period, status, **fields)
