"""Reports due within REMINDER_DAYS_BEFORE_DUE days (7 and 1) remind the park's officer."""

import pytest

from notices.models import Kind
from tests import factories
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(open_quarter, addresses, haizhu_officer):
    return haizhu_officer


def test_seven_days_before_the_due_date_the_officer_is_reminded(setup, clock, mailoutbox, pazhou):
    clock.go(-7)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert (notice.park, notice.bucket, notice.params["days"]) == (pazhou, "d7", 7)
    assert notice.params["status"] == "missing"
    [message] = mails_to(mailoutbox, setup)
    assert "2025-10-20" in message.body and "7 天" in message.body


def test_eight_days_before_nothing_is_due_yet(setup, clock, mailoutbox):
    clock.go(-8)
    run_reminders()
    assert notices_of(setup) == []
    assert mails_to(mailoutbox, setup) == []


def test_a_missed_run_still_gives_the_seven_day_reminder_later(setup, clock, mailoutbox):
    clock.go(-5)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert (notice.bucket, notice.params["days"]) == ("d7", 5)


def test_between_the_two_reminders_nothing_new_is_sent(setup, clock, mailoutbox):
    clock.go(-7)
    run_reminders()
    for day in (-6, -4, -2):
        clock.go(day)
        run_reminders()
    assert len(notices_of(setup, Kind.DUE_SOON)) == 1
    assert len(mails_to(mailoutbox, setup)) == 1


def test_one_day_before_and_on_the_due_date_the_one_day_reminder(setup, clock, mailoutbox):
    clock.go(-1)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert (notice.bucket, notice.params["days"]) == ("d1", 1)
    assert "还剩 1 天" in notice.text()


def test_on_the_due_date_the_text_says_today(setup, clock, mailoutbox):
    clock.go(0)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert notice.bucket == "d1"
    assert "今天" in notice.text()


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_drafts_and_returned_reports_are_still_due(
    setup, clock, mailoutbox, pazhou, open_quarter, status
):
    report = factories.report(pazhou, open_quarter, status=status)
    clock.go(-7)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert notice.params["status"] == status
    assert notice.link == f"/admin/tracker/parkreport/{report.pk}/change/"


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitted_or_approved_reports_are_not_due(
    setup, clock, mailoutbox, pazhou, open_quarter, status
):
    factories.report(pazhou, open_quarter, status=status)
    clock.go(-7)
    run_reminders()
    assert notices_of(setup) == []
    assert mails_to(mailoutbox, setup) == []


def test_a_missing_report_links_to_the_new_report_form_for_that_park_and_quarter(
    setup, clock, mailoutbox, pazhou, open_quarter
):
    clock.go(-7)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    path = f"/admin/tracker/parkreport/add/?park={pazhou.pk}&period={open_quarter.pk}"
    assert notice.link == path
    assert f"http://tracker.test{path}" in mails_to(mailoutbox, setup)[0].body


def test_a_locked_quarter_reminds_nobody(setup, clock, mailoutbox, open_quarter):
    open_quarter.locked = True
    open_quarter.save()
    clock.go(-7)
    run_reminders()
    assert notices_of(setup) == []


def test_a_quarter_not_yet_open_reminds_nobody(setup, clock, mailoutbox, open_quarter):
    open_quarter.opens_on = open_quarter.due_on
    open_quarter.save()
    clock.go(-7)
    run_reminders()
    assert notices_of(setup) == []


def test_the_thresholds_come_from_the_settings(setup, clock, mailoutbox, settings):
    settings.REMINDER_DAYS_BEFORE_DUE = [3]
    clock.go(-7)
    run_reminders()
    assert notices_of(setup) == []
    clock.go(-3)
    run_reminders()
    [notice] = notices_of(setup, Kind.DUE_SOON)
    assert notice.bucket == "d3"
