"""A chart's data downloaded from a dashboard page is recorded; viewing the page is not."""

from django.urls import reverse

from tests.audit.conftest import FROZEN_NOW, entries, last_id, only_entry


def test_chart_download_is_recorded(manager_client, manager, frozen):
    response = manager_client.get(
        reverse("overview"), {"download": "coverage_5g", "format": "xlsx"}, REMOTE_ADDR="192.0.2.9"
    )
    assert response.status_code == 200
    entry = only_entry("download")
    assert entry.user == manager
    assert entry.client_address == "192.0.2.9"
    assert entry.timestamp == FROZEN_NOW
    assert entry.detail == {"page": "/", "chart": "coverage_5g", "format": "xlsx"}


def test_viewing_the_page_or_asking_for_no_such_chart_records_nothing(manager_client):
    start = last_id()
    assert manager_client.get(reverse("overview")).status_code == 200
    assert manager_client.get(reverse("overview"), {"download": "nope"}).status_code == 404
    assert not entries("download", start)
