"""Each validation rule on the report form: the message is Chinese, names the field, sits on
that field, and nothing is saved; the >50% jump is saved as a warning instead."""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportingPeriod

ADD_URL = reverse("admin:tracker_parkreport_add")


def post_new(client, park, period, **figures):
    return client.post(
        ADD_URL, report_form_data(figures, park=park.pk, period=period.pk, _continue="1")
    )


def field_errors(response, code):
    return response.context["adminform"].form.errors.get(f"value_{code}", [])


@pytest.mark.parametrize(
    ("code", "entered", "message"),
    [
        ("revenue", "一百", "“营收(产值)”的值“一百”不是数字。"),
        ("revenue", "-5", "“营收(产值)”的值 -5 超出有效范围 0 – 100000。"),
        ("coverage_5g", "101", "“5G网络覆盖率”的值 101 超出有效范围 0 – 100。"),
        ("one_park_one_policy", "2", "Select a valid choice"),
        ("revenue", "1.00001", "“营收(产值)”最多保留4位小数。"),
    ],
)
def test_type_and_range(haizhu_client, pazhou, quarter, code, entered, message):
    response = post_new(haizhu_client, pazhou, quarter, **{code: entered})
    assert response.status_code == 200
    errors = " ".join(field_errors(response, code))
    if message.startswith("Select"):
        assert "选择一个有效的选项" in errors
    else:
        assert message in errors
        assert message in response.content.decode()
    assert not ParkReport.objects.exists()


def test_core_revenue_cannot_exceed_revenue(haizhu_client, pazhou, quarter):
    response = post_new(haizhu_client, pazhou, quarter, revenue="100", core_revenue="120")
    assert field_errors(response, "core_revenue") == [
        "“数字经济核心产业营收”(120)不能大于“营收(产值)”(100)。"
    ]
    assert not ParkReport.objects.exists()


def test_ytd_revenue_not_below_previous_quarter(haizhu_client, pazhou, quarter):
    q2 = ReportingPeriod.objects.get(year=2025, quarter=2)
    factories.report(pazhou, q2, status="approved", revenue="300", core_revenue="100")
    response = post_new(haizhu_client, pazhou, quarter, revenue="250", core_revenue="100")
    assert field_errors(response, "revenue") == [
        "“营收(产值)”为年内累计数,本期 250 不能低于上一季度的 300。"
    ]
    assert not ParkReport.objects.filter(period=quarter).exists()


def test_first_quarter_is_not_compared_with_last_years_fourth(haizhu_client, pazhou):
    last_q4 = ReportingPeriod.objects.get(year=2024, quarter=4)
    factories.report(pazhou, last_q4, status="approved", revenue="900")
    q1 = ReportingPeriod.objects.get(year=2025, quarter=1)
    response = post_new(haizhu_client, pazhou, q1, revenue="200", core_revenue="100")
    assert response.status_code == 302
    assert ParkReport.objects.filter(period=q1).exists()


def test_big_jump_is_saved_with_a_warning(haizhu_client, reviewer, pazhou, quarter):
    last_year = ReportingPeriod.objects.get(year=2024, quarter=3)
    factories.report(pazhou, last_year, status="approved", revenue="100")
    response = post_new(haizhu_client, pazhou, quarter, revenue="160", core_revenue="80")
    assert response.status_code == 302
    report = ParkReport.objects.get(period=quarter)
    assert report.has_warnings
    warning = report.values.get(indicator__code="revenue").warning
    assert warning == "“营收(产值)”较上年同期变动 +60.0%(100 → 160),请核实。"
    assert report.values.get(indicator__code="revenue").value == Decimal("160")
    assert report.values.get(indicator__code="coverage_5g").warning == ""
    # The officer is told on saving; the reviewer sees it on the report.
    followed = haizhu_client.get(response["Location"])
    assert warning in followed.content.decode()
    haizhu_client.force_login(reviewer)
    report.status = "submitted"
    report.save()
    page = haizhu_client.get(reverse("admin:tracker_parkreport_change", args=[report.pk]))
    assert warning in page.content.decode()
    assert "此报表有预警" in page.content.decode()


def test_warning_clears_when_the_figure_is_corrected(haizhu_client, pazhou, quarter):
    factories.report(
        pazhou,
        ReportingPeriod.objects.get(year=2024, quarter=3),
        status="approved",
        revenue="100",
    )
    post_new(haizhu_client, pazhou, quarter, revenue="160", core_revenue="80")
    report = ParkReport.objects.get(period=quarter)
    haizhu_client.post(
        reverse("admin:tracker_parkreport_change", args=[report.pk]),
        report_form_data(
            {"revenue": "110", "core_revenue": "80"}, version=report.version, _continue="1"
        ),
    )
    report.refresh_from_db()
    assert not report.has_warnings
    assert report.values.get(indicator__code="revenue").warning == ""


def test_invalid_edit_changes_nothing(haizhu_client, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100", core_revenue="50")
    version = report.version
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_change", args=[report.pk]),
        report_form_data({"revenue": "abc", "core_revenue": "60"}, version=version, _continue="1"),
    )
    assert response.status_code == 200
    report.refresh_from_db()
    assert report.version == version
    assert report.values.get(indicator__code="core_revenue").value == Decimal("50")
