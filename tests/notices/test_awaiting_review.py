"""Reviewers get a digest of reports awaiting review longer than REMINDER_REVIEW_AFTER_DAYS (3)."""

import pytest

from notices.models import Kind
from tests import factories
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(open_quarter, addresses, haizhu_officer, huangpu_officer, clock):
    """琶洲 and 鱼珠湾 submitted 10 days before the due date (both on time)."""
    from parks.models import Park

    clock.go(-10)
    reports = []
    for code, officer in [("pazhou", haizhu_officer), ("yuzhu-bay", huangpu_officer)]:
        report = factories.report(Park.objects.get(code=code), open_quarter)
        report.submit(officer)
        reports.append(report)
    return reports


def test_three_days_waiting_is_not_yet_reported(submitted, reviewer, clock):
    clock.go(-7)
    run_reminders()
    assert notices_of(reviewer, Kind.AWAITING_REVIEW) == []


def test_four_days_waiting_goes_into_the_reviewers_digest(submitted, reviewer, clock, mailoutbox):
    clock.go(-6)
    run_reminders()
    notices = notices_of(reviewer, Kind.AWAITING_REVIEW)
    assert sorted(n.park.code for n in notices) == ["pazhou", "yuzhu-bay"]
    assert {n.params["days"] for n in notices} == {4}
    [message] = mails_to(mailoutbox, reviewer)  # one digest for both
    for report in submitted:
        assert f"/admin/tracker/parkreport/{report.pk}/change/" in message.body
    assert "已等待审核 4 天" in message.body


def test_officers_do_not_get_the_review_digest(submitted, haizhu_officer, clock):
    clock.go(-6)
    run_reminders()
    assert notices_of(haizhu_officer, Kind.AWAITING_REVIEW) == []


def test_reviewed_reports_leave_the_digest(submitted, reviewer, clock):
    for report in submitted:
        report.approve(reviewer)
    clock.go(-6)
    run_reminders()
    assert notices_of(reviewer, Kind.AWAITING_REVIEW) == []


def test_a_resubmission_starts_the_wait_again(submitted, reviewer, haizhu_officer, clock):
    pazhou_report = submitted[0]
    clock.go(-6)
    run_reminders()
    pazhou_report.return_to_district(reviewer, "请补充说明。")
    pazhou_report.submit(haizhu_officer)
    clock.go(-3)
    run_reminders()  # the new submission has waited 3 days: not yet
    clock.go(-2)
    run_reminders()
    pazhou = [n for n in notices_of(reviewer, Kind.AWAITING_REVIEW) if n.park.code == "pazhou"]
    assert sorted(n.params["submitted"] for n in pazhou) == ["2025-10-10", "2025-10-14"]


def test_the_digest_repeats_weekly_while_the_report_waits(submitted, reviewer, clock):
    for day in (-6, -5, 0, 1):
        clock.go(day)
        run_reminders()
    notices = notices_of(reviewer, Kind.AWAITING_REVIEW)
    assert sorted({n.params["days"] for n in notices}) == [4, 11]


def test_the_threshold_comes_from_the_settings(submitted, reviewer, clock, settings):
    settings.REMINDER_REVIEW_AFTER_DAYS = 1
    clock.go(-8)
    run_reminders()
    assert len(notices_of(reviewer, Kind.AWAITING_REVIEW)) == 2
