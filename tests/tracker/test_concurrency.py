"""Two people on one report: the second save is refused with who and when, nothing is
overwritten; two simultaneous creations of one park/period leave one report and no 500."""

import threading
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import report_form_data
from tracker.models import ParkReport, ReportValue, StaleReportError
from tracker.report_form import ParkReportForm
from tracker.roles import DISTRICT_OFFICER


@pytest.fixture
def second_haizhu_officer(haizhu_officer):
    return factories.user("xiaozhu", DISTRICT_OFFICER, "haizhu", first_name="小珠")


def change_url(report):
    return reverse("admin:tracker_parkreport_change", args=[report.pk])


def test_second_save_is_refused_with_who_and_when(
    haizhu_officer, second_haizhu_officer, pazhou, quarter
):
    report = factories.report(pazhou, quarter, revenue="100")
    first, second = Client(), Client()
    first.force_login(haizhu_officer)
    second.force_login(second_haizhu_officer)
    loaded_version = report.version  # both opened the form at this version

    saved = second.post(
        change_url(report),
        report_form_data({"revenue": "111"}, version=loaded_version, _continue="1"),
    )
    assert saved.status_code == 302
    refused = first.post(
        change_url(report),
        report_form_data({"revenue": "999"}, version=loaded_version, _continue="1"),
    )
    assert refused.status_code == 200
    report.refresh_from_db()
    page = refused.content.decode()
    assert "该报表已被小珠于" in page
    assert report.updated_at.astimezone().strftime("%Y-%m-%d") in page
    assert "您的修改未保存" in page
    assert report.values.get(indicator__code="revenue").value == Decimal("111")
    assert report.updated_by == second_haizhu_officer


def test_stale_version_caught_at_save_time_too(
    haizhu_client, haizhu_officer, pazhou, quarter, monkeypatch
):
    """Another save between the form check and the write: the atomic version claim refuses it."""
    report = factories.report(pazhou, quarter, revenue="100")
    monkeypatch.setattr(ParkReportForm, "_check_still_editable", lambda form: None)
    ParkReport.objects.filter(pk=report.pk).update(version=report.version + 1)
    response = haizhu_client.post(
        change_url(report),
        report_form_data({"revenue": "999"}, version=report.version, _continue="1"),
    )
    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("您的修改未保存" in message for message in messages)
    assert report.values.get(indicator__code="revenue").value == Decimal("100")


def test_model_refuses_an_old_version(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    result = ParkReport.check_figures(pazhou, quarter, {"revenue": "150"})
    report.record_values(haizhu_officer, result, expected_version=report.version)
    stale = ParkReport.objects.get(pk=report.pk)
    stale.version = 1
    with pytest.raises(StaleReportError):
        stale.record_values(
            haizhu_officer, ParkReport.check_figures(pazhou, quarter, {"revenue": "170"}), None
        )
    assert ReportValue.objects.get(report=report, indicator__code="revenue").value == 150


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite serialises writers, so two creations cannot overlap; this race runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_simultaneous_creation_leaves_one_report(
    haizhu_officer, second_haizhu_officer, pazhou, quarter, monkeypatch
):
    both_checked = threading.Barrier(2, timeout=20)
    original = ParkReport.check_figures

    def check_then_wait(park, period, raw):
        result = original(park, period, raw)
        both_checked.wait()  # both requests have passed the "no report yet" check
        return result

    monkeypatch.setattr(ParkReport, "check_figures", staticmethod(check_then_wait))
    clients = []
    for user in (haizhu_officer, second_haizhu_officer):
        client = Client()
        client.force_login(user)
        clients.append(client)
    responses = [None, None]

    def create(index):
        try:
            responses[index] = clients[index].post(
                reverse("admin:tracker_parkreport_add"),
                report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"),
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert [response.status_code for response in responses] == [302, 302]
    assert ParkReport.objects.filter(park=pazhou, period=quarter).count() == 1
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    assert report.values.count() == 4
    messages = [
        str(message) for response in responses for message in get_messages(response.wsgi_request)
    ]
    assert any("刚刚已由" in message for message in messages)
