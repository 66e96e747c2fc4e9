"""History of reports and their figures: who, when, old → new; a no-op save adds no row."""

from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportValue

ADD_URL = reverse("admin:tracker_parkreport_add")


def change_url(report):
    return reverse("admin:tracker_parkreport_change", args=[report.pk])


def history_url(report):
    return reverse("admin:tracker_parkreport_history", args=[report.pk])


def review(client, report, step, reason=""):
    report.refresh_from_db()
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    return client.post(url, {"step": step, "reason": reason, "version": report.version})


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_draft_return_and_approve_are_all_in_the_history(haizhu_officer, reviewer, pazhou, quarter):
    officer, bureau = login(haizhu_officer), login(reviewer)
    officer.post(
        ADD_URL,
        report_form_data({"revenue": "100"}, park=pazhou.pk, period=quarter.pk, _continue="1"),
    )
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    officer.post(
        change_url(report),
        report_form_data({"revenue": "120"}, version=report.version, _submit_report="1"),
    )
    review(bureau, report, "return", reason="请补充说明")
    report.refresh_from_db()
    officer.post(
        change_url(report),
        report_form_data({"revenue": "125"}, version=report.version, _submit_report="1"),
    )
    review(bureau, report, "approve")

    report.refresh_from_db()
    assert report.status == ParkReport.Status.APPROVED
    statuses = list(
        report.history.order_by("history_date").values_list("status", "history_user__username")
    )
    assert [status for status, _user in statuses] == [
        "draft",  # created
        "draft",  # figures entered
        "draft",  # 100 → 120
        "submitted",
        "returned",
        "returned",  # 120 → 125, saved just before resubmitting
        "submitted",
        "approved",
    ]
    users = {status: user for status, user in statuses}
    assert users["approved"] == "laoshen"
    assert users["submitted"] == "xiaohai"
    revenue = ReportValue.objects.get(report=report, indicator__code="revenue")
    assert list(revenue.history.order_by("history_date").values_list("value", flat=True)) == [
        100,
        120,
        125,
    ]

    page = bureau.get(history_url(report)).content.decode()
    for text in [
        "填报中",
        "已提交",
        "已退回",
        "审核通过",
        "请补充说明",
        "100 → 120",
        "120 → 125",
        "xiaohai",
        "laoshen",
    ]:
        assert text in page, text


def test_unchanged_save_adds_no_history(haizhu_client, pazhou, quarter):
    haizhu_client.post(ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"))
    report = ParkReport.objects.get()
    report_rows = report.history.count()
    value_rows = ReportValue.history.count()
    response = haizhu_client.post(
        change_url(report), report_form_data(version=report.version, _continue="1"), follow=True
    )
    assert "没有任何修改" in response.content.decode()
    report.refresh_from_db()
    assert report.history.count() == report_rows
    assert ReportValue.history.count() == value_rows
    assert report.version == 2


def test_one_changed_figure_adds_one_value_row(haizhu_client, pazhou, quarter):
    haizhu_client.post(ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"))
    report = ParkReport.objects.get()
    value_rows = ReportValue.history.count()
    haizhu_client.post(
        change_url(report),
        report_form_data({"coverage_5g": "97.5"}, version=report.version, _continue="1"),
    )
    assert ReportValue.history.count() == value_rows + 1
    latest = ReportValue.history.latest("history_date")
    assert latest.indicator.code == "coverage_5g"
    assert latest.history_user.username == "xiaohai"


def test_deleting_a_report_is_kept(superuser_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    report_id = report.pk
    response = superuser_client.post(
        reverse("admin:tracker_parkreport_delete", args=[report_id]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not ParkReport.objects.filter(pk=report_id).exists()
    assert ParkReport.history.filter(id=report_id, history_type="-").exists()
    assert ReportValue.history.filter(report_id=report_id, history_type="-").count() == 1
    # The history page still opens for the deleted report.
    assert (
        superuser_client.get(
            reverse("admin:tracker_parkreport_history", args=[report_id])
        ).status_code
        == 200
    )


def test_history_cannot_be_reverted(superuser_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="approved", revenue="100")
    record = report.history.earliest("history_date")
    url = reverse("admin:tracker_parkreport_simple_history", args=[report.pk, record.pk])
    response = superuser_client.post(url, {"park": pazhou.pk})
    assert response.status_code in (302, 403)
    report.refresh_from_db()
    assert report.status == "approved"
