"""A report overdue more than REMINDER_ESCALATE_AFTER_DAYS (7) days also goes to the reviewers."""

import pytest

from notices.models import Kind
from tests import factories
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(open_quarter, addresses, haizhu_officer, reviewer):
    return haizhu_officer, reviewer


def test_seven_days_overdue_is_not_yet_escalated(people, clock):
    clock.go(7)
    run_reminders()
    assert notices_of(people[1], Kind.ESCALATION) == []


def test_eight_days_overdue_every_late_park_is_escalated_to_the_reviewer(
    people, clock, mailoutbox, pazhou
):
    officer, reviewer = people
    clock.go(8)
    run_reminders()
    escalated = notices_of(reviewer, Kind.ESCALATION)
    assert len(escalated) == 12  # no park has reported 2025 Q3
    notice = next(n for n in escalated if n.park == pazhou)
    assert notice.params["days"] == 8
    assert "(海珠区)" in notice.text() and "已逾期 8 天" in notice.text()
    # Reviewers cannot start a district's report: the link shows the gap instead.
    assert notice.link == "/submissions/"
    [message] = mails_to(mailoutbox, reviewer)
    assert message.body.count("http://tracker.test/submissions/") == 12
    assert notices_of(officer, Kind.ESCALATION) == []


def test_an_escalated_draft_links_to_the_report(people, clock, pazhou, open_quarter):
    report = factories.report(pazhou, open_quarter, status="draft")
    clock.go(8)
    run_reminders()
    notice = next(n for n in notices_of(people[1], Kind.ESCALATION) if n.park == pazhou)
    assert notice.link == f"/admin/tracker/parkreport/{report.pk}/change/"


def test_escalation_repeats_weekly(people, clock):
    for day in (8, 9, 14, 15):
        clock.go(day)
        run_reminders()
    buckets = {n.bucket for n in notices_of(people[1], Kind.ESCALATION)}
    assert buckets == {"w0", "w1"}


def test_the_threshold_comes_from_the_settings(people, clock, settings):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 2
    clock.go(3)
    run_reminders()
    assert len(notices_of(people[1], Kind.ESCALATION)) == 12
