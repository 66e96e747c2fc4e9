"""Spreadsheet imports, exports and downloads are recorded with who, what and the result;
import-and-submit records each report's submission as the single path does."""

from django.urls import reverse

from parks.models import Park
from tests.audit.conftest import FROZEN_NOW, entries, last_id, only_entry
from tests.spreadsheets.conftest import confirm, upload, xlsx_bytes
from tracker.models import ParkReport, ReportingPeriod

IMPORT = "admin:tracker_parkreport_import"
CONFIRM = "admin:tracker_parkreport_process_import"
EXPORT = "admin:tracker_parkreport_export"
TEMPLATE = "admin:tracker_parkreport_spreadsheet_template"
GUIDELINE = "pearl-river-belt-2022"


def figures(*rows):
    return xlsx_bytes([["园区代码", "期间", "revenue"], *rows])


def preview(client, data, **extra):
    response = upload(client, IMPORT, data, "figures.xlsx", **extra)
    assert response.context.get("plan"), response.context.get("errors")
    return response


def test_import_confirm_is_recorded(haizhu_client, haizhu_officer, guideline, frozen):
    response = preview(haizhu_client, figures(["pazhou", "2024Q3", "10"]))
    start = last_id()
    assert confirm(haizhu_client, CONFIRM, response).status_code == 302
    entry = only_entry("import_confirm", start)
    assert (entry.user, entry.result, entry.timestamp) == (haizhu_officer, "success", FROZEN_NOW)
    assert entry.object_type == "tracker.parkreport"
    assert entry.detail == {
        "sheet": "park_figures",
        "file": "figures.xlsx",
        "submit": False,
        "new": 1,
        "changed": 0,
    }
    assert not entries("report_submit", start)


def test_a_stale_import_is_recorded_as_failed(haizhu_client, haizhu_officer, guideline):
    response = preview(haizhu_client, figures(["pazhou", "2024Q3", "10"]))
    # Someone else saves the same report between preview and confirm.
    period = ReportingPeriod.objects.get(year=2024, quarter=3)
    ParkReport.objects.create(park=Park.objects.get(code="pazhou"), period=period)
    start = last_id()
    confirm(haizhu_client, CONFIRM, response)
    entry = only_entry("import_confirm", start)
    assert (entry.user, entry.result) == (haizhu_officer, "failure")
    assert entry.detail["file"] == "figures.xlsx"


def test_import_and_submit_records_each_submission(huangpu_client, huangpu_officer, guideline):
    data = figures(["yuzhu-core", "2024Q3", "10"], ["suigang", "2024Q3", "20"])
    response = preview(huangpu_client, data, submit="on")
    start = last_id()
    confirm(huangpu_client, CONFIRM, response)
    submitted = ParkReport.objects.filter(status="submitted")
    assert submitted.count() == 2
    submits = entries("report_submit", start)
    assert sorted(entry.object_id for entry in submits) == sorted(
        str(pk) for pk in submitted.values_list("pk", flat=True)
    )
    for entry in submits:
        assert (entry.user, entry.result) == (huangpu_officer, "success")
        assert entry.object_type == "tracker.parkreport"
        assert entry.detail == {"from": "draft", "to": "submitted"}
    assert only_entry("import_confirm", start).detail["submit"] is True


def test_export_is_recorded(reviewer_client, reviewer, guideline):
    for file_format in ("csv", "xlsx"):
        start = last_id()
        response = reviewer_client.get(reverse(EXPORT), {"file_format": file_format})
        assert response.status_code == 200
        entry = only_entry("export", start)
        assert (entry.user, entry.result) == (reviewer, "success")
        assert entry.object_type == "tracker.parkreport"
        assert entry.detail == {"sheet": "park-figures", "format": file_format, "rows": 0}


def test_the_export_action_is_recorded(reviewer_client, reviewer, guideline):
    period = ReportingPeriod.objects.get(year=2024, quarter=3)
    report = ParkReport.objects.create(park=Park.objects.get(code="pazhou"), period=period)
    start = last_id()
    response = reviewer_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "export_selected_xlsx", "_selected_action": [report.pk]},
    )
    assert response.status_code == 200
    entry = only_entry("export", start)
    assert entry.user == reviewer
    assert entry.detail == {"sheet": "park-figures", "format": "xlsx", "rows": 1}


def test_the_export_form_alone_records_nothing(reviewer_client, guideline):
    start = last_id()
    assert reviewer_client.get(reverse(EXPORT)).status_code == 200
    assert not entries("export", start)


def test_template_download_is_recorded(haizhu_client, haizhu_officer, guideline):
    period = ReportingPeriod.objects.get(year=2024, quarter=3)
    start = last_id()
    assert haizhu_client.get(reverse(TEMPLATE), {"period": period.pk}).status_code == 200
    entry = only_entry("download", start)
    assert entry.user == haizhu_officer
    assert (entry.object_type, entry.object_id) == ("tracker.reportingperiod", str(period.pk))
    assert entry.detail == {"file": "park-figures-template"}


def test_refused_template_download_records_nothing(manager_client, guideline):
    period = ReportingPeriod.objects.get(year=2024, quarter=3)
    start = last_id()
    assert manager_client.get(reverse(TEMPLATE), {"period": period.pk}).status_code == 403
    assert not entries("download", start)


def test_policy_sheet_template_download_is_recorded(reviewer_client, reviewer, guideline):
    start = last_id()
    response = reviewer_client.get(reverse("admin:tracker_policy_sheet_template"))
    assert response.status_code == 200
    entry = only_entry("download", start)
    assert (entry.user, entry.object_type) == (reviewer, "tracker.policy")
    assert entry.detail == {"file": "policy-sheet-template"}


def test_assessment_downloads_are_recorded(manager_client, manager, guideline):
    url = reverse("policy_assessment", args=[GUIDELINE])
    for file_format in ("docx", "xlsx"):
        start = last_id()
        assert manager_client.get(url, {"format": file_format}).status_code == 200
        entry = only_entry("download", start)
        assert entry.user == manager
        assert entry.object_type == "tracker.policy"
        assert entry.detail == {"file": "assessment", "format": file_format}
    start = last_id()
    assert manager_client.get(url).status_code == 200
    assert manager_client.get(url, {"format": "pdf"}).status_code == 404
    assert not entries("download", start)


def test_timeliness_download_is_recorded(reviewer_client, reviewer, guideline):
    start = last_id()
    response = reviewer_client.get(
        reverse("submissions"), {"download": "timeliness", "format": "xlsx"}
    )
    assert response.status_code == 200
    entry = only_entry("download", start)
    assert entry.user == reviewer
    assert entry.detail["file"] == "timeliness"
    assert entry.detail["format"] == "xlsx"
