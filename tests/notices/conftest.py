"""Reminder fixtures: one open quarter (2025 Q3, due 2025-10-20), a frozen clock, addresses.

Every other quarter is locked, so that the only reminders are the ones a test sets up.
"""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from notices.models import Notice

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime.date(2025, 10, 20)


def at(day, hour=9):
    """A moment on `day` (a date, or days relative to the due date) in Guangzhou."""
    if isinstance(day, int):
        day = DUE + datetime.timedelta(days=day)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """clock.go(-7) → 7 days before the due date, 09:00 in Guangzhou; the clock stands still."""

    class Clock:
        traveller = None

        def go(self, day, hour=9):
            self.stop()
            self.traveller = time_machine.travel(at(day, hour), tick=False)
            self.traveller.start()

        def stop(self):
            if self.traveller is not None:
                self.traveller.stop()
                self.traveller = None

    frozen = Clock()
    yield frozen
    frozen.stop()


@pytest.fixture
def open_quarter(quarter):
    """2025 Q3 open and due 2025-10-20; every other quarter locked."""
    from tracker.models import ReportingPeriod

    ReportingPeriod.objects.exclude(pk=quarter.pk).update(locked=True)
    quarter.opens_on = datetime.date(2025, 10, 1)
    quarter.due_on = DUE
    quarter.locked = False
    quarter.save()
    return quarter


@pytest.fixture
def addresses(haizhu_officer, huangpu_officer, reviewer):
    for user, address in [
        (haizhu_officer, "xiaohai@haizhu.example.gov.cn"),
        (huangpu_officer, "xiaohuang@huangpu.example.gov.cn"),
        (reviewer, "laoshen@gxj.example.gov.cn"),
    ]:
        user.email = address
        user.save()


def run_reminders():
    out = io.StringIO()
    err = io.StringIO()
    call_command("send_reminders", stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def mails_to(outbox, user):
    return [message for message in outbox if message.to == [user.email]]


def notices_of(user, kind=None):
    notices = Notice.objects.filter(user=user).select_related("park__district", "period")
    return list(notices.filter(kind=kind) if kind else notices)


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "http://tracker.test"
