"""Reporting periods roll on without a developer: `ensure_periods`, and `load_guideline`."""

import datetime
import re
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tracker.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def labels(periods):
    return [period.label for period in periods]


def run_ensure_periods(*args):
    out = StringIO()
    call_command("ensure_periods", *args, stdout=out)
    return out.getvalue()


def test_a_quarter_opens_the_day_after_it_ends_and_is_due_20_days_after():
    q4 = ReportingPeriod.for_quarter(2027, 4)
    assert (q4.opens_on, q4.due_on) == (datetime.date(2028, 1, 1), datetime.date(2028, 1, 20))
    q2 = ReportingPeriod.for_quarter(2028, 2)
    assert (q2.opens_on, q2.due_on) == (datetime.date(2028, 7, 1), datetime.date(2028, 7, 20))
    assert q4.pk is None


def test_load_guideline_creates_periods_through_next_year(empty_database, time_machine):
    time_machine.move_to("2026-11-26 10:00 +08:00")
    call_command("load_guideline", verbosity=0)
    periods = list(ReportingPeriod.objects.all())
    # The fixture's 2022–2026, and 2027 because periods are kept through next year.
    assert len(periods) == 24
    assert (periods[0].label, periods[-1].label) == ("2022Q1", "2027Q4")
    q3 = ReportingPeriod.objects.get(year=2024, quarter=3)
    assert q3.end_date.isoformat() == "2024-09-30"
    assert (q3.opens_on.isoformat(), q3.due_on.isoformat()) == ("2024-10-01", "2024-10-20")


def test_2027_periods_appear_when_the_year_turns(empty_database, time_machine):
    time_machine.move_to("2025-06-01 10:00 +08:00")
    call_command("load_guideline", verbosity=0)
    assert ReportingPeriod.objects.order_by("year", "quarter").last().label == "2026Q4"

    time_machine.move_to("2026-01-02 02:15 +08:00")  # the daily cron run
    output = run_ensure_periods()
    assert "Created 4 periods: 2027Q1, 2027Q2, 2027Q3, 2027Q4." in output
    q2 = ReportingPeriod.objects.get(year=2027, quarter=2)
    assert (q2.opens_on, q2.due_on) == (datetime.date(2027, 7, 1), datetime.date(2027, 7, 20))
    assert not q2.is_open()  # created ahead; districts report on it from July 2027

    # The next day's run finds nothing to do.
    assert "already has a period" in run_ensure_periods()
    assert ReportingPeriod.objects.count() == 24


def test_ensure_periods_keeps_the_bureaus_dates_and_fills_gaps(empty_database, time_machine):
    time_machine.move_to("2026-11-26 10:00 +08:00")
    call_command("load_guideline", verbosity=0)
    edited = ReportingPeriod.objects.get(year=2025, quarter=4)
    edited.due_on = datetime.date(2026, 1, 31)
    edited.save()
    ReportingPeriod.objects.filter(year=2024, quarter=2).delete()  # never reported on

    output = run_ensure_periods("--until", "2029")
    assert "2024Q2" in output and "2029Q4" in output
    assert ReportingPeriod.objects.get(year=2025, quarter=4).due_on == datetime.date(2026, 1, 31)
    years = set(ReportingPeriod.objects.values_list("year", flat=True))
    assert years == set(range(2022, 2030))
    assert ReportingPeriod.objects.count() == 8 * 4


def test_ensure_periods_on_an_empty_table_starts_this_year(empty_database, time_machine):
    time_machine.move_to("2031-03-05 10:00 +08:00")
    created = ReportingPeriod.objects.ensure_through(2032)
    assert labels(created) == [f"{year}Q{q}" for year in (2031, 2032) for q in (1, 2, 3, 4)]


def test_an_implausible_year_is_refused(guideline):
    before = ReportingPeriod.objects.count()
    with pytest.raises(CommandError, match="not a plausible year"):
        run_ensure_periods("--until", "20270")
    assert ReportingPeriod.objects.count() == before


def test_the_cron_example_runs_ensure_periods_as_the_app_server_runs():
    deploy = settings.BASE_DIR / "deploy"
    unit = (deploy / "tracker-gunicorn.service").read_text()
    lines = (deploy / "periods" / "crontab").read_text().splitlines()
    # Skip comments and variable lines (SHELL=/bin/sh); what is left are the jobs.
    jobs = [line for line in lines if line and not re.match(r"#|[A-Z_]+=", line)]
    assert len(jobs) == 1
    minute, hour, day, month, weekday, user, command = jobs[0].split(maxsplit=6)
    assert (day, month, weekday) == ("*", "*", "*")  # daily
    assert f"User={user}" in unit
    workdir = re.search(r"^WorkingDirectory=(\S+)", unit, re.M).group(1)
    env_file = re.search(r"^EnvironmentFile=(\S+)", unit, re.M).group(1)
    assert command.startswith(f"cd {workdir} && set -a && . {env_file} && set +a && ")
    assert ".venv/bin/python manage.py ensure_periods" in command
