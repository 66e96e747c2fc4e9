"""A second run on the same day sends nothing new; the next reminder comes when it is due."""

import pytest

from notices.models import Kind, Notice
from tests.notices.conftest import mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(open_quarter, addresses, haizhu_officer, huangpu_officer, reviewer):
    return haizhu_officer, huangpu_officer, reviewer


def test_a_second_run_the_same_day_sends_nothing(everyone, clock, mailoutbox):
    clock.go(9)  # overdue for officers, escalated to the reviewer
    first = run_reminders()
    sent, created = len(mailoutbox), Notice.objects.count()
    assert sent == 3 and created > 0
    assert f"{created} notice(s) created, 3 mail(s) sent." in first
    clock.go(9, hour=18)
    second = run_reminders()
    assert len(mailoutbox) == sent
    assert Notice.objects.count() == created
    assert "0 notice(s) created, 0 mail(s) sent." in second


def test_the_next_day_the_one_day_reminder_is_sent(everyone, clock, mailoutbox):
    haizhu_officer = everyone[0]
    clock.go(-2)
    run_reminders()
    run_reminders()
    [seven_day] = mails_to(mailoutbox, haizhu_officer)
    assert "还剩 2 天" in seven_day.body
    clock.go(-1)
    run_reminders()
    run_reminders()
    first, one_day = mails_to(mailoutbox, haizhu_officer)
    assert "还剩 1 天" in one_day.body and "还剩 2 天" not in one_day.body
    buckets = sorted(n.bucket for n in notices_of(haizhu_officer, Kind.DUE_SOON))
    assert buckets == ["d1", "d7"]


def test_one_mail_per_run_lists_everything_new(everyone, clock, mailoutbox):
    """小黄 has three parks: one mail lists all three overdue reports."""
    huangpu_officer = everyone[1]
    clock.go(2)
    run_reminders()
    [message] = mails_to(mailoutbox, huangpu_officer)
    assert message.body.count("已逾期 2 天") == 3
    assert "3 份报表需要您处理" in message.subject


def test_the_database_refuses_a_duplicate_notice(everyone, clock):
    from django.db import IntegrityError, transaction

    clock.go(2)
    run_reminders()
    notice = Notice.objects.filter(user=everyone[0]).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            user=notice.user,
            kind=notice.kind,
            park=notice.park,
            period=notice.period,
            bucket=notice.bucket,
            link=notice.link,
        )
