"""A report past its due date and not submitted is overdue; the reminder repeats weekly."""

import pytest

from notices.models import Kind
from tests import factories
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(open_quarter, addresses, haizhu_officer):
    return haizhu_officer


def test_the_day_after_the_due_date_the_report_is_overdue(officer, clock, mailoutbox):
    clock.go(1)
    run_reminders()
    [notice] = notices_of(officer, Kind.OVERDUE)
    assert (notice.bucket, notice.params["days"], notice.params["status"]) == ("w0", 1, "missing")
    [message] = mails_to(mailoutbox, officer)
    assert "已逾期 1 天(未填报)" in message.body


def test_on_the_due_date_it_is_not_yet_overdue(officer, clock):
    clock.go(0)
    run_reminders()
    assert notices_of(officer, Kind.OVERDUE) == []


def test_the_overdue_reminder_repeats_every_seven_days(officer, clock, mailoutbox):
    for day in range(1, 16):
        clock.go(day)
        run_reminders()
    notices = notices_of(officer, Kind.OVERDUE)
    assert sorted((n.bucket, n.params["days"]) for n in notices) == [
        ("w0", 1),
        ("w1", 8),
        ("w2", 15),
    ]
    assert len(mails_to(mailoutbox, officer)) == 3


@pytest.mark.parametrize("status", ["draft", "returned"])
def test_a_draft_or_returned_report_past_due_is_overdue(
    officer, clock, pazhou, open_quarter, status
):
    factories.report(pazhou, open_quarter, status=status)
    clock.go(3)
    run_reminders()
    [notice] = notices_of(officer, Kind.OVERDUE)
    assert notice.params["status"] == status


def test_a_submitted_report_is_not_overdue(officer, clock, pazhou, open_quarter):
    factories.report(pazhou, open_quarter, status="submitted")
    clock.go(3)
    run_reminders()
    assert notices_of(officer, Kind.OVERDUE) == []


def test_once_submitted_a_pending_overdue_mail_is_not_sent_late(
    officer, clock, mailoutbox, pazhou, open_quarter, settings
):
    settings.EMAIL_BACKEND = "tests.notices.failing_mail.Backend"
    clock.go(1)
    run_reminders()
    [notice] = notices_of(officer, Kind.OVERDUE)
    assert notice.email_state == "pending"
    factories.report(pazhou, open_quarter, status="submitted")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    clock.go(2)
    run_reminders()
    notice.refresh_from_db()
    assert notice.email_state == "dropped"
    assert mails_to(mailoutbox, officer) == []
