"""A returned report reminds its district's officer once per return, with the reason."""

import pytest

from notices.models import Kind
from tests import factories
from tests.notices.conftest import at, mails_to, notices_of, run_reminders

pytestmark = pytest.mark.django_db

REASON = "营收数据与统计快报不一致,请核实。"


@pytest.fixture
def returned(open_quarter, addresses, haizhu_officer, reviewer, pazhou, clock):
    clock.go(-10)
    report = factories.report(pazhou, open_quarter, status="submitted")
    report.return_to_district(reviewer, REASON)
    return report


def test_the_officer_gets_the_reason_and_a_link_to_the_report(
    returned, haizhu_officer, clock, mailoutbox
):
    clock.go(-9)
    run_reminders()
    [notice] = notices_of(haizhu_officer, Kind.RETURNED)
    assert notice.params == {"reason": REASON, "returned": "2025-10-10"}
    assert notice.link == f"/admin/tracker/parkreport/{returned.pk}/change/"
    [message] = mails_to(mailoutbox, haizhu_officer)
    assert REASON in message.body
    assert f"http://tracker.test/admin/tracker/parkreport/{returned.pk}/change/" in message.body


def test_a_return_is_noticed_once(returned, haizhu_officer, clock, mailoutbox):
    for day in (-9, -8):
        clock.go(day)
        run_reminders()
    assert len(notices_of(haizhu_officer, Kind.RETURNED)) == 1
    assert len(mails_to(mailoutbox, haizhu_officer)) == 1


def test_a_second_return_is_a_new_notice(returned, haizhu_officer, reviewer, clock, mailoutbox):
    clock.go(-9)
    run_reminders()
    returned.submit(haizhu_officer)
    clock.go(-8)
    returned.return_to_district(reviewer, "核心产业营收仍有误。")
    run_reminders()
    reasons = [n.params["reason"] for n in notices_of(haizhu_officer, Kind.RETURNED)]
    assert sorted(reasons) == sorted([REASON, "核心产业营收仍有误。"])


def test_resubmitted_reports_are_no_longer_returned(returned, haizhu_officer, clock):
    returned.submit(haizhu_officer)
    clock.go(-9)
    run_reminders()
    assert notices_of(haizhu_officer, Kind.RETURNED) == []


def test_at_is_guangzhou_time():
    assert at(-10).isoformat() == "2025-10-10T09:00:00+08:00"
