"""`manage.py load_demo`: plausible invented data in every status, flagged, idempotent, and
never touching real rows."""

from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from parks.models import Enterprise, Park
from parks.validators import validate_credit_code
from tests import factories
from tracker.models import ParkReport, ReportingPeriod, ReportValue


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def row_counts():
    return (
        ParkReport.objects.count(),
        ReportValue.objects.count(),
        Enterprise.objects.count(),
        ParkReport.history.count(),
        ReportValue.history.count(),
        Enterprise.history.count(),
    )


def test_load_guideline_loads_no_demo_data(guideline):
    assert not ParkReport.objects.exists()
    assert not Enterprise.objects.exists()


def test_fills_2022q1_to_2026q3_for_all_parks_in_every_status(guideline):
    load_demo()
    reports = ParkReport.objects.all()
    assert all(report.is_demo for report in reports)
    periods = {(r.period.year, r.period.quarter) for r in reports.select_related("period")}
    assert min(periods) == (2022, 1)
    assert max(periods) == (2026, 3)
    assert reports.values("park").distinct().count() == 12
    statuses = Counter(reports.values_list("status", flat=True))
    assert set(statuses) == {"draft", "submitted", "returned", "approved"}
    # Some parks have not reported the latest quarter at all.
    latest = ReportingPeriod.objects.get(year=2026, quarter=3)
    assert 0 < reports.filter(period=latest).count() < 12
    assert reports.filter(has_warnings=True).exists()
    assert all(r.reason for r in reports.filter(status="returned"))


def test_figures_pass_the_report_rules(guideline):
    load_demo()
    for report in ParkReport.objects.select_related("park", "period"):
        values = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
        result = ParkReport.check_figures(report.park, report.period, values)
        assert result.ok, (report, result.errors)
        assert bool(result.warnings) == report.has_warnings


def test_revenue_is_plausible(guideline):
    load_demo()
    pazhou = Park.objects.get(code="pazhou")
    annual = ReportValue.objects.get(
        report__park=pazhou,
        report__period__year=2025,
        report__period__quarter=4,
        indicator__code="revenue",
    ).value
    assert Decimal(500) < annual < Decimal(2000)


def test_enterprises_have_valid_credit_codes(guideline):
    load_demo()
    enterprises = Enterprise.objects.all()
    assert enterprises.values("park").distinct().count() == 12
    assert set(enterprises.values_list("role", flat=True)) == {
        "chain_leader",
        "upstream",
        "downstream",
        "other",
    }
    for enterprise in enterprises:
        assert enterprise.is_demo
        validate_credit_code(enterprise.credit_code)


def test_second_run_changes_nothing(guideline):
    load_demo()
    before = row_counts()
    assert "nothing changed" in load_demo()
    assert row_counts() == before


def test_real_rows_are_left_alone(guideline, pazhou):
    period = ReportingPeriod.objects.get(year=2024, quarter=1)
    real = factories.report(pazhou, period, status="draft", revenue="1")
    real_enterprise = factories.enterprise(pazhou, name="真实企业有限公司")
    load_demo()
    real.refresh_from_db()
    assert (real.status, real.is_demo) == ("draft", False)
    assert real.values.get().value == Decimal("1")
    assert ParkReport.objects.filter(park=pazhou, period=period).count() == 1
    real_enterprise.refresh_from_db()
    assert (real_enterprise.name, real_enterprise.is_demo) == ("真实企业有限公司", False)


def test_if_empty_does_nothing_when_a_report_exists(guideline, pazhou):
    factories.report(pazhou, ReportingPeriod.objects.get(year=2024, quarter=1))
    assert "not loaded" in load_demo("--if-empty")
    assert ParkReport.objects.count() == 1
    assert not Enterprise.objects.exists()


def test_if_empty_loads_into_an_empty_database(guideline):
    load_demo("--if-empty")
    assert ParkReport.objects.filter(is_demo=True).exists()


@pytest.mark.parametrize("url_name", ["park_list", "admin:index"])
def test_banner_shows_only_with_demo_data(manager_client, url_name):
    banner = "演示数据"
    page = manager_client.get(reverse(url_name)).content.decode()
    assert 'class="demo-banner"' not in page
    load_demo()
    page = manager_client.get(reverse(url_name)).content.decode()
    assert 'class="demo-banner"' in page
    assert banner in page
