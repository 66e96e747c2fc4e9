"""Every report step (submit, approve, return, reopen), on the change page or as a bulk
action, leaves one entry naming the report, the user, the address and the change."""

import pytest
from django.urls import reverse

from tests import factories
from tests.audit.conftest import FROZEN_NOW, entries, last_id, only_entry
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportError

CHANGELIST = reverse("admin:tracker_parkreport_changelist")


def review(client, report, step, reason=""):
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    return client.post(
        url,
        {"step": step, "reason": reason, "version": report.version},
        REMOTE_ADDR="192.0.2.80",
    )


def about(report):
    return {"object_type": "tracker.parkreport", "object_id": str(report.pk)}


def test_officer_submits_on_the_form(haizhu_client, haizhu_officer, pazhou, quarter, frozen):
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(park=pazhou.pk, period=quarter.pk, _submit_report="1"),
        REMOTE_ADDR="192.0.2.33",
    )
    assert response.status_code == 302
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    entry = only_entry("report_submit", **about(report))
    assert entry.user == haizhu_officer
    assert entry.client_address == "192.0.2.33"
    assert entry.timestamp == FROZEN_NOW
    assert entry.detail == {"from": "draft", "to": "submitted"}
    assert entry.object_text == str(report)


def test_saving_a_draft_is_no_step(haizhu_client, pazhou, quarter):
    start = last_id()
    haizhu_client.post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"),
    )
    assert not entries("report_submit", start)


def test_approve_return_and_reopen(reviewer_client, reviewer, pazhou, yuzhu_bay, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    review(reviewer_client, report, "approve")
    report.refresh_from_db()
    review(reviewer_client, report, "reopen", reason="数据修订")
    other = factories.report(yuzhu_bay, quarter, status="submitted")
    review(reviewer_client, other, "return", reason="缺少说明")
    approved = only_entry("report_approve", **about(report))
    reopened = only_entry("report_reopen", **about(report))
    returned = only_entry("report_return", **about(other))
    assert approved.detail == {"from": "submitted", "to": "approved"}
    assert reopened.detail == {"from": "approved", "to": "returned", "reason": "数据修订"}
    assert returned.detail == {"from": "submitted", "to": "returned", "reason": "缺少说明"}
    for entry in (approved, reopened, returned):
        assert entry.user == reviewer
        assert entry.client_address == "192.0.2.80"


def test_bulk_approve_records_each_report(reviewer_client, pazhou, yuzhu_bay, quarter):
    first = factories.report(pazhou, quarter, status="submitted")
    second = factories.report(yuzhu_bay, quarter, status="submitted")
    reviewer_client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": [first.pk, second.pk]}
    )
    assert only_entry("report_approve", **about(first)).detail["to"] == "approved"
    assert only_entry("report_approve", **about(second)).detail["to"] == "approved"


def test_refused_step_records_nothing(huangpu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="draft")
    start = last_id()
    with pytest.raises(ReportError):
        report.submit(huangpu_officer)
    assert not entries("report_submit", start)
