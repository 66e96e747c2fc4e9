"""The park report admin: a district officer drafts, saves and submits a quarter's report."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import REPORT_FIGURES, report_form_data
from tracker.models import Indicator, ParkReport, ReportValue

ADD_URL = reverse("admin:tracker_parkreport_add")


def change_url(report):
    return reverse("admin:tracker_parkreport_change", args=[report.pk])


def test_add_form_lists_every_reported_indicator_with_name_unit_and_range(haizhu_client):
    page = haizhu_client.get(ADD_URL).content.decode()
    for indicator in Indicator.objects.reported():
        assert f'name="value_{indicator.code}"' in page
        assert indicator.label in page
        assert str(indicator.range_text()) in page
    assert "有效范围" in page
    assert "保存草稿" in page
    assert "提交" in page
    # Register-counted and derived indicators are not typed in.
    assert 'name="value_chain_leaders"' not in page
    assert 'name="value_core_share"' not in page


def test_officer_saves_a_draft(haizhu_client, haizhu_officer, pazhou, quarter):
    response = haizhu_client.post(
        ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1")
    )
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    assert response.status_code == 302
    assert response["Location"] == change_url(report)
    assert report.status == ParkReport.Status.DRAFT
    assert report.updated_by == haizhu_officer
    values = ReportValue.objects.by_report_and_code([report])[report.pk]
    assert values == {code: Decimal(value) for code, value in REPORT_FIGURES.items()}


def test_officer_edits_and_submits(haizhu_client, haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    response = haizhu_client.post(
        change_url(report),
        report_form_data({"revenue": "130"}, version=report.version, _submit_report="1"),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ParkReport.Status.SUBMITTED
    assert report.submitted_by == haizhu_officer
    assert report.values.get(indicator__code="revenue").value == Decimal("130")


def test_submitting_needs_every_value(haizhu_client, pazhou, quarter):
    response = haizhu_client.post(
        ADD_URL,
        report_form_data(
            {"coverage_5g": ""}, park=pazhou.pk, period=quarter.pk, _submit_report="1"
        ),
    )
    assert response.status_code == 200
    assert "提交前请填写“5G网络覆盖率”" in response.content.decode()
    assert not ParkReport.objects.exists()


def test_change_page_shows_stored_values(haizhu_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="88.25", one_park_one_policy="1")
    page = haizhu_client.get(change_url(report)).content.decode()
    assert 'value="88.25"' in page
    assert f'name="version" value="{report.version}"' in page


@pytest.mark.parametrize("status", ["approved", "submitted"])
def test_not_editable_reports_are_read_only_for_the_officer(haizhu_client, pazhou, quarter, status):
    report = factories.report(pazhou, quarter, status=status, revenue="100")
    page = haizhu_client.get(change_url(report)).content.decode()
    assert 'name="value_revenue"' not in page
    assert "保存草稿" not in page
    response = haizhu_client.post(
        change_url(report), report_form_data({"revenue": "999"}, version=report.version)
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == status
    assert report.values.get(indicator__code="revenue").value == Decimal("100")


def test_locked_period_is_read_only_for_the_officer(haizhu_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    quarter.locked = True
    quarter.save()
    assert 'name="value_revenue"' not in haizhu_client.get(change_url(report)).content.decode()
    response = haizhu_client.post(
        change_url(report), report_form_data({"revenue": "999"}, version=report.version)
    )
    assert response.status_code == 403
    assert report.values.get(indicator__code="revenue").value == Decimal("100")


def test_locked_period_cannot_be_chosen_for_a_new_report(haizhu_client, pazhou, quarter):
    quarter.locked = True
    quarter.save()
    response = haizhu_client.post(
        ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1")
    )
    assert response.status_code == 200
    assert not ParkReport.objects.exists()


def test_duplicate_report_is_refused_with_a_message(haizhu_client, pazhou, quarter):
    existing = factories.report(pazhou, quarter, revenue="100")
    response = haizhu_client.post(
        ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1")
    )
    assert response.status_code == 200
    assert "已存在" in response.content.decode()
    assert ParkReport.objects.get() == existing
    assert existing.values.get(indicator__code="revenue").value == Decimal("100")


def test_reviewer_sees_figures_and_warnings_read_only(reviewer_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted", revenue="100")
    ReportValue.objects.filter(report=report).update(warning="“营收(产值)”较去年同期变动+60.0%")
    ParkReport.objects.filter(pk=report.pk).update(has_warnings=True)
    page = reviewer_client.get(change_url(report)).content.decode()
    assert 'name="value_revenue"' not in page
    assert "较去年同期变动+60.0%" in page
    assert "审核通过" in page
    assert "退回" in page


def test_reviewer_cannot_add_reports(reviewer_client):
    assert reviewer_client.get(ADD_URL).status_code == 403


def test_admin_index_links_to_reports_awaiting_review(reviewer_client):
    page = reviewer_client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:tracker_parkreport_changelist") + "?status__exact=submitted" in page


def test_changelist_queries_do_not_grow_with_reports(reviewer_client, pazhou, yuzhu_bay):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tracker.models import ReportingPeriod

    periods = list(ReportingPeriod.objects.order_by("year", "quarter"))
    factories.report(pazhou, periods[0], status="submitted")
    with CaptureQueriesContext(connection) as few:
        assert (
            reviewer_client.get(reverse("admin:tracker_parkreport_changelist")).status_code == 200
        )
    for period in periods[1:8]:
        factories.report(pazhou, period, status="approved")
        factories.report(yuzhu_bay, period, status="submitted")
    with CaptureQueriesContext(connection) as many:
        assert (
            reviewer_client.get(reverse("admin:tracker_parkreport_changelist")).status_code == 200
        )
    assert len(many) == len(few)
