"""A report's first submission time: set by the first submit, kept on resubmission, set by
"import and submit", and backfilled from history for reports that existed before."""

import importlib

import pytest
from django.apps import apps

from tests import factories
from tests.spreadsheets.conftest import confirm, upload, xlsx_bytes
from tests.tracker.timeline import at, frozen, period
from tracker.models import ParkReport

backfill = importlib.import_module(
    "tracker.migrations.0005_report_first_submitted_at"
).backfill_from_history


@pytest.fixture
def q3(guideline):
    return period(2025, 3)


def submitted_report(park, quarter, officer, reviewer):
    """Submitted on 2025-10-15, returned on the 21st, submitted again on the 23rd."""
    report = factories.report(park, quarter)
    with frozen("2025-10-15"):
        report.submit(officer)
    with frozen("2025-10-21"):
        report.return_to_district(reviewer, "请核实营收")
    with frozen("2025-10-23"):
        report.submit(officer)
    return report


def test_the_first_submit_sets_it_and_a_resubmission_keeps_it(q3, pazhou, haizhu_officer, reviewer):
    report = submitted_report(pazhou, q3, haizhu_officer, reviewer)
    report.refresh_from_db()
    assert report.first_submitted_at == at("2025-10-15")
    assert report.submitted_at == at("2025-10-23")


def test_import_and_submit_sets_it_once(haizhu_client, pazhou, guideline):
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "10"]])
    with frozen("2024-10-12"):
        confirm(
            haizhu_client,
            "admin:tracker_parkreport_process_import",
            upload(haizhu_client, "admin:tracker_parkreport_import", data, "f.xlsx", submit="on"),
        )
    report = ParkReport.objects.get(park=pazhou)
    assert report.first_submitted_at == at("2024-10-12")
    # Returned, then imported and submitted again: the first submission stays.
    ParkReport.objects.filter(pk=report.pk).update(status=ParkReport.Status.RETURNED)
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "12"]])
    with frozen("2024-10-25"):
        confirm(
            haizhu_client,
            "admin:tracker_parkreport_process_import",
            upload(haizhu_client, "admin:tracker_parkreport_import", data, "f.xlsx", submit="on"),
        )
    report.refresh_from_db()
    assert report.status == ParkReport.Status.SUBMITTED
    assert report.submitted_at == at("2024-10-25")
    assert report.first_submitted_at == at("2024-10-12")


def test_backfill_takes_the_earliest_submission_in_history(
    q3, pazhou, yuzhu_bay, huangpu_officer, haizhu_officer, reviewer
):
    resubmitted = submitted_report(pazhou, q3, haizhu_officer, reviewer)
    # A report written without history (as a bulk load might have), and a draft.
    ParkReport.objects.bulk_create(
        [ParkReport(park=yuzhu_bay, period=q3, status="approved", submitted_at=at("2025-10-19"))]
    )
    draft = factories.report(yuzhu_bay, period(2025, 2))
    ParkReport.objects.update(first_submitted_at=None)

    backfill(apps, None)

    first = dict(ParkReport.objects.values_list("pk", "first_submitted_at"))
    assert first[resubmitted.pk] == at("2025-10-15")
    assert first[ParkReport.objects.get(park=yuzhu_bay, period=q3).pk] == at("2025-10-19")
    assert first[draft.pk] is None
