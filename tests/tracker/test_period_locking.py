"""Periods lock PERIOD_EXPIRY_DAYS after their due date (DHIS2's "expiry days"); a reviewer
can reopen one report of a locked period, which then is editable for its district only.

2025 Q3 is due on 2025-10-20; with 30 expiry days its last open day is 2025-11-19.
"""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from parks.models import Park
from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportingPeriod

LAST_OPEN_DAY = "2025-11-19 23:30 +08:00"
FIRST_LOCKED_DAY = "2025-11-20 00:30 +08:00"
ADD_URL = reverse("admin:tracker_parkreport_add")


@pytest.fixture(autouse=True)
def expiry_30_days(settings):
    settings.PERIOD_EXPIRY_DAYS = 30


@pytest.fixture
def reviewer_session(reviewer):
    """老审 in a browser of their own (the `*_client` fixtures share one client)."""
    session = Client()
    session.force_login(reviewer)
    return session


@pytest.fixture
def yuzhu_core(guideline):
    """Another 黄埔 park, beside yuzhu_bay."""
    return Park.objects.get(code="yuzhu-core")


def change_url(report):
    return reverse("admin:tracker_parkreport_change", args=[report.pk])


def edit(client, report, revenue, **extra):
    return client.post(
        change_url(report), report_form_data({"revenue": revenue}, version=report.version, **extra)
    )


def review(client, report, step, reason=""):
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    data = {"step": step, "reason": reason, "version": report.version}
    return client.post(url, data, follow=True)


def revenue_of(report):
    return report.values.get(indicator__code="revenue").value


# -- locking by expiry -----------------------------------------------------------------------


def test_period_locks_the_day_after_due_date_plus_expiry_days(
    time_machine, haizhu_client, pazhou, quarter
):
    report = factories.report(pazhou, quarter, revenue="100")
    assert quarter.expires_on == datetime.date(2025, 11, 19)

    time_machine.move_to(LAST_OPEN_DAY)
    assert not quarter.is_locked() and quarter.is_open()
    assert edit(haizhu_client, report, "110").status_code == 302
    assert revenue_of(report) == Decimal("110")

    time_machine.move_to(FIRST_LOCKED_DAY)
    report.refresh_from_db()
    assert quarter.is_locked() and not quarter.is_open()
    assert 'name="value_revenue"' not in haizhu_client.get(change_url(report)).content.decode()
    assert edit(haizhu_client, report, "999").status_code == 403
    assert revenue_of(report) == Decimal("110")


def test_a_new_report_cannot_be_started_in_an_expired_period(
    time_machine, huangpu_client, yuzhu_bay, quarter
):
    time_machine.move_to(FIRST_LOCKED_DAY)
    data = report_form_data(park=yuzhu_bay.pk, period=quarter.pk, _continue="1")
    response = huangpu_client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "选择一个有效的选项" in response.content.decode()
    assert not ParkReport.objects.exists()


def test_the_lock_in_queries_agrees_with_the_method(time_machine, guideline):
    for day in ("2025-10-20", "2025-11-19", "2025-11-20", "2026-01-01", "2026-02-19"):
        time_machine.move_to(f"{day} 12:00 +08:00")
        today = datetime.date.fromisoformat(day)
        periods = ReportingPeriod.objects.all()
        by_query = set(ReportingPeriod.objects.open_on(today))
        by_method = {period for period in periods if period.is_open(today)}
        assert by_query == by_method, day
    # On 2026-02-19, 2025 Q4 (due 2026-01-20) is still open; 2025 Q3 is not.
    assert {p.label for p in by_query} == {"2025Q4"}


def test_expiry_0_never_locks_but_the_manual_lock_still_does(time_machine, settings, quarter):
    settings.PERIOD_EXPIRY_DAYS = 0
    time_machine.move_to("2030-01-01 12:00 +08:00")
    assert quarter.expires_on is None
    assert not quarter.is_locked()
    quarter.locked = True
    assert quarter.is_locked()
    settings.PERIOD_EXPIRY_DAYS = 30
    quarter.locked = False
    time_machine.move_to("2025-10-01 12:00 +08:00")  # before expiry, locked by hand
    quarter.locked = True
    assert quarter.is_locked()


def test_period_admin_shows_when_each_period_locks(time_machine, reviewer_client):
    time_machine.move_to(FIRST_LOCKED_DAY)
    page = reviewer_client.get(reverse("admin:tracker_reportingperiod_changelist")).content
    page = page.decode()
    assert "当前已锁定" in page
    assert "2025年11月19日" in page  # 2025 Q3: due 2025-10-20 + 30 days


# -- the reviewer reopens one report --------------------------------------------------------


@pytest.fixture
def locked_quarter_reports(time_machine, quarter, yuzhu_bay, yuzhu_core):
    """Two 黄埔 reports of 2025 Q3 after it locked: one approved, one left as a draft."""
    time_machine.move_to("2025-10-10 10:00 +08:00")
    approved = factories.report(yuzhu_bay, quarter, status="approved", revenue="100")
    draft = factories.report(yuzhu_core, quarter, status="draft", revenue="50")
    time_machine.move_to("2025-12-01 10:00 +08:00")
    return approved, draft


def test_reviewer_reopens_one_report_of_a_locked_period_for_its_district(
    reviewer_session, huangpu_client, locked_quarter_reports
):
    approved, other = locked_quarter_reports
    response = review(reviewer_session, approved, "reopen", reason="统计局修订了三季度数据")
    assert "现为“已退回”" in response.content.decode()
    approved.refresh_from_db()
    assert approved.status == ParkReport.Status.RETURNED
    assert approved.unlocked
    assert approved.reason == "统计局修订了三季度数据"

    # The district can now change and resubmit that one report...
    assert edit(huangpu_client, approved, "120", _submit_report="1").status_code == 302
    approved.refresh_from_db()
    assert (approved.status, revenue_of(approved)) == ("submitted", Decimal("120"))
    # ...but not the other report of the same locked period.
    assert edit(huangpu_client, other, "60").status_code == 403
    assert revenue_of(other) == Decimal("50")

    # Approving it again locks it like the rest of the period.
    review(reviewer_session, approved, "approve")
    approved.refresh_from_db()
    assert (approved.status, approved.unlocked) == ("approved", False)
    assert edit(huangpu_client, approved, "130").status_code == 403


def test_the_reopening_and_its_reason_are_in_the_report_history(
    reviewer_client, locked_quarter_reports
):
    approved, _other = locked_quarter_reports
    review(reviewer_client, approved, "reopen", reason="统计局修订了三季度数据")
    last = approved.history.order_by("-history_date", "-history_id").first()
    assert (last.status, last.unlocked, last.reason) == ("returned", True, "统计局修订了三季度数据")
    history = reverse("admin:tracker_parkreport_history", args=[approved.pk])
    page = reviewer_client.get(history).content.decode()
    assert "统计局修订了三季度数据" in page
    assert "锁定后重新打开" in page


def test_an_officer_cannot_reopen(huangpu_client, locked_quarter_reports):
    approved, draft = locked_quarter_reports
    for report in (approved, draft):
        response = review(huangpu_client, report, "reopen", reason="想改数据")
        assert "只有市工信局审核人员" in response.content.decode()
        before = report.status
        report.refresh_from_db()
        assert (report.status, report.unlocked) == (before, False)


def test_a_draft_stuck_in_a_locked_period_can_be_reopened(
    reviewer_session, huangpu_client, locked_quarter_reports
):
    _approved, draft = locked_quarter_reports
    page = reviewer_session.get(change_url(draft)).content.decode()
    assert 'value="reopen"' in page
    review(reviewer_session, draft, "reopen", reason="逾期未报,准予补报")
    draft.refresh_from_db()
    assert (draft.status, draft.unlocked) == ("returned", True)
    assert edit(huangpu_client, draft, "160").status_code == 302


def test_a_draft_in_an_open_period_is_not_reopened(time_machine, reviewer_client, pazhou, quarter):
    time_machine.move_to(LAST_OPEN_DAY)
    draft = factories.report(pazhou, quarter, status="draft")
    response = review(reviewer_client, draft, "reopen", reason="理由")
    assert "不能执行此操作" in response.content.decode()
    draft.refresh_from_db()
    assert (draft.status, draft.unlocked) == ("draft", False)


def test_returning_a_submitted_report_after_the_lock_unlocks_it(
    time_machine, reviewer_session, huangpu_client, yuzhu_bay, quarter
):
    time_machine.move_to("2025-10-10 10:00 +08:00")
    report = factories.report(yuzhu_bay, quarter, status="submitted", revenue="100")
    time_machine.move_to("2025-12-01 10:00 +08:00")
    review(reviewer_session, report, "return", reason="请核对营收")
    report.refresh_from_db()
    assert (report.status, report.unlocked) == ("returned", True)
    assert edit(huangpu_client, report, "101").status_code == 302


def test_bulk_reopen_unlocks_each_report(reviewer_client, locked_quarter_reports):
    approved, _draft = locked_quarter_reports
    data = {
        "action": "reopen_selected",
        "_selected_action": [approved.pk],
        "apply": "1",
        "reason": "统一补正",
    }
    reviewer_client.post(reverse("admin:tracker_parkreport_changelist"), data)
    approved.refresh_from_db()
    assert (approved.status, approved.unlocked, approved.reason) == ("returned", True, "统一补正")
