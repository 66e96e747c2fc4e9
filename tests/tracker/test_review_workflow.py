"""Each workflow step by each role, on the change page and as bulk actions, allowed and refused."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tracker.models import ParkReport, ReportError

CHANGELIST = reverse("admin:tracker_parkreport_changelist")


def review(client, report, step, reason=""):
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    return client.post(
        url, {"step": step, "reason": reason, "version": report.version}, follow=True
    )


def bulk(client, action, reports, **extra):
    data = {"action": action, "_selected_action": [report.pk for report in reports], **extra}
    return client.post(CHANGELIST, data, follow=True)


def page_text(response):
    return response.content.decode()


# -- change page -------------------------------------------------------------------------


def test_reviewer_approves_a_submitted_report(reviewer_client, reviewer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    response = review(reviewer_client, report, "approve")
    report.refresh_from_db()
    assert report.status == ParkReport.Status.APPROVED
    assert report.reviewed_by == reviewer
    assert "审核通过" in page_text(response)


def test_reviewer_returns_with_a_reason(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    review(reviewer_client, report, "return", reason="营收口径与统计局不一致")
    report.refresh_from_db()
    assert report.status == ParkReport.Status.RETURNED
    assert report.reason == "营收口径与统计局不一致"


@pytest.mark.parametrize(("status", "step"), [("submitted", "return"), ("approved", "reopen")])
def test_return_and_reopen_need_a_reason(reviewer_client, pazhou, quarter, status, step):
    report = factories.report(pazhou, quarter, status=status)
    response = review(reviewer_client, report, step, reason="   ")
    report.refresh_from_db()
    assert report.status == status
    assert "必须填写原因" in page_text(response)


def test_reviewer_reopens_an_approved_report_for_the_district(
    reviewer_client, haizhu_officer, pazhou, quarter
):
    report = factories.report(pazhou, quarter, status="approved")
    assert not report.can_edit(haizhu_officer)
    review(reviewer_client, report, "reopen", reason="统计局修订了数据")
    report.refresh_from_db()
    assert report.status == ParkReport.Status.RETURNED
    assert report.reason == "统计局修订了数据"
    assert report.can_edit(haizhu_officer)


@pytest.mark.parametrize(
    ("status", "step"),
    [("draft", "approve"), ("returned", "approve"), ("draft", "return"), ("submitted", "reopen")],
)
def test_steps_from_the_wrong_status_are_refused(reviewer_client, pazhou, quarter, status, step):
    report = factories.report(pazhou, quarter, status=status)
    response = review(reviewer_client, report, step, reason="理由")
    report.refresh_from_db()
    assert report.status == status
    assert "不能执行此操作" in page_text(response)


@pytest.mark.parametrize("step", ["approve", "return", "reopen"])
def test_officer_cannot_review_even_their_own_report(haizhu_client, pazhou, quarter, step):
    status = "approved" if step == "reopen" else "submitted"
    report = factories.report(pazhou, quarter, status=status)
    response = review(haizhu_client, report, step, reason="理由")
    report.refresh_from_db()
    assert report.status == status
    assert report.reviewed_by is None
    assert "只有市工信局审核人员" in page_text(response)


@pytest.mark.parametrize("step", ["approve", "return"])
def test_manager_cannot_review(manager_client, pazhou, quarter, step):
    report = factories.report(pazhou, quarter, status="submitted")
    review(manager_client, report, step, reason="理由")
    report.refresh_from_db()
    assert report.status == "submitted"


def test_review_buttons_only_for_reviewers(haizhu_officer, reviewer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    url = reverse("admin:tracker_parkreport_change", args=[report.pk])
    for user, shown in [(reviewer, True), (haizhu_officer, False)]:
        client = Client()
        client.force_login(user)
        assert ('id="review-form"' in client.get(url).content.decode()) is shown


def test_review_view_refuses_get(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    response = reviewer_client.get(reverse("admin:tracker_parkreport_review", args=[report.pk]))
    assert response.status_code == 405


def test_review_with_an_old_version_is_refused(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    response = reviewer_client.post(
        url, {"step": "approve", "version": report.version + 5}, follow=True
    )
    report.refresh_from_db()
    assert report.status == "submitted"
    assert "您的修改未保存" in page_text(response)


# -- officer: submit ---------------------------------------------------------------------


def test_officer_submits_a_returned_report(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="returned")
    report.submit(haizhu_officer)
    assert report.status == ParkReport.Status.SUBMITTED


def test_other_district_officer_cannot_submit(huangpu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="draft")
    with pytest.raises(ReportError):
        report.submit(huangpu_officer)
    report.refresh_from_db()
    assert report.status == "draft"


@pytest.mark.parametrize("user_fixture", ["reviewer", "manager"])
def test_only_officers_submit(request, pazhou, quarter, user_fixture):
    report = factories.report(pazhou, quarter, status="draft")
    with pytest.raises(ReportError):
        report.submit(request.getfixturevalue(user_fixture))
    report.refresh_from_db()
    assert report.status == "draft"


# -- bulk actions ------------------------------------------------------------------------


def test_bulk_approve(reviewer_client, pazhou, yuzhu_bay, quarter):
    first = factories.report(pazhou, quarter, status="submitted")
    second = factories.report(yuzhu_bay, quarter, status="submitted")
    draft = factories.report(
        pazhou, quarter.__class__.objects.get(year=2025, quarter=2), status="draft"
    )
    response = bulk(reviewer_client, "approve_selected", [first, second, draft])
    statuses = dict(ParkReport.objects.values_list("pk", "status"))
    assert statuses == {first.pk: "approved", second.pk: "approved", draft.pk: "draft"}
    assert "已处理 2 份报表" in page_text(response)


def test_bulk_return_asks_for_a_reason_first(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    response = bulk(reviewer_client, "return_selected", [report])
    assert 'name="reason"' in page_text(response)
    report.refresh_from_db()
    assert report.status == "submitted"
    response = bulk(reviewer_client, "return_selected", [report], apply="1", reason="")
    assert "请填写原因" in page_text(response)
    report.refresh_from_db()
    assert report.status == "submitted"
    bulk(reviewer_client, "return_selected", [report], apply="1", reason="缺少说明")
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.reason == "缺少说明"


def test_bulk_reopen(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="approved")
    bulk(reviewer_client, "reopen_selected", [report], apply="1", reason="数据修订")
    report.refresh_from_db()
    assert report.status == "returned"
    assert report.reason == "数据修订"


@pytest.mark.parametrize("action", ["approve_selected", "return_selected", "reopen_selected"])
def test_officer_has_no_review_actions(haizhu_client, pazhou, quarter, action):
    status = "approved" if action == "reopen_selected" else "submitted"
    report = factories.report(pazhou, quarter, status=status)
    changelist = haizhu_client.get(CHANGELIST).content.decode()
    assert action not in changelist
    bulk(haizhu_client, action, [report], apply="1", reason="自己审核")
    report.refresh_from_db()
    assert report.status == status
    assert report.reviewed_by is None
