"""Exporting park figures and downloading the fill-in template."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from parks.models import Park
from tests import factories
from tests.spreadsheets.conftest import FIGURE_HEADERS, upload
from tracker.models import ParkReport, ReportingPeriod

EXPORT = "admin:tracker_parkreport_export"
IMPORT = "admin:tracker_parkreport_import"
TEMPLATE = "admin:tracker_parkreport_spreadsheet_template"


def export(client, file_format, **params):
    query = "&".join(
        f"{key}={value}" for key, value in {"file_format": file_format, **params}.items()
    )
    response = client.get(f"{reverse(EXPORT)}?{query}")
    assert response.status_code == 200
    return response.content


def sheet_rows(content, index=0):
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[index].iter_rows(values_only=True)]


def test_export_holds_only_the_users_district(haizhu_client, pazhou, yuzhu_bay, period):
    factories.report(pazhou, period, revenue="12.5", one_park_one_policy="1")
    factories.report(yuzhu_bay, period, revenue="99")
    content = export(haizhu_client, "csv").decode("utf-8")
    assert content.startswith("\ufeff园区代码,园区名称,期间,营收(产值)(亿元)")
    lines = content.strip().splitlines()
    assert len(lines) == 2
    assert lines[1].startswith("pazhou,") and ",2024Q3,12.5,,,是" in lines[1]


def test_tampered_export_ids_export_nothing_of_another_district(
    haizhu_client, pazhou, yuzhu_bay, period
):
    other = factories.report(yuzhu_bay, period, revenue="99")
    rows = sheet_rows(export(haizhu_client, "xlsx", ids=str(other.pk)))
    assert rows == [rows[0]]  # the header only
    own = factories.report(pazhou, period, revenue="1")
    rows = sheet_rows(export(haizhu_client, "xlsx", ids=f"{own.pk},{other.pk}"))
    assert [row[0] for row in rows[1:]] == ["pazhou"]


def test_export_admin_action_cannot_reach_another_district(
    haizhu_client, pazhou, yuzhu_bay, period
):
    other = factories.report(yuzhu_bay, period, revenue="99")
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "export_selected_xlsx", "_selected_action": [other.pk]},
    )
    # The admin runs actions on its own queryset only: the foreign id selects nothing.
    assert response.status_code == 200
    assert sheet_rows(response.content)[1:] == []


def test_round_trip_of_an_untouched_export_reports_zero_changes(
    huangpu_client, yuzhu_bay, period, previous_period
):
    factories.report(yuzhu_bay, previous_period, revenue="1234.5678", coverage_5g="99.5")
    factories.report(
        yuzhu_bay,
        period,
        status=ParkReport.Status.APPROVED,
        revenue="2000",
        core_revenue="0.0001",
        one_park_one_policy="0",
    )
    factories.report(Park.objects.get(code="suigang"), period, revenue="10")
    for file_format in ("xlsx", "csv"):
        content = export(huangpu_client, file_format)
        response = upload(huangpu_client, IMPORT, content, f"export.{file_format}")
        plan = response.context["plan"]
        assert (plan.new_count, plan.changed_count, plan.unchanged_count) == (0, 0, 3)


def test_formula_cells_are_escaped_in_csv_and_xlsx(reviewer_client, pazhou, period):
    pazhou.name = '=HYPERLINK("http://evil")'
    pazhou.save()
    factories.report(pazhou, period, revenue="1")
    csv_text = export(reviewer_client, "csv").decode("utf-8")
    assert "'=HYPERLINK" in csv_text and ",=HYPERLINK" not in csv_text
    workbook = load_workbook(io.BytesIO(export(reviewer_client, "xlsx")))
    cell = workbook.active["B2"]
    assert cell.value == '\'=HYPERLINK("http://evil")'
    assert cell.data_type == "s"


def test_template_is_prefilled_validated_and_explained(haizhu_client, pazhou, period):
    factories.report(pazhou, period, revenue="321", one_park_one_policy="1")
    response = haizhu_client.get(reverse(TEMPLATE), {"period": period.pk})
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    sheet, explanation = workbook.worksheets
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [
        FIGURE_HEADERS,
        ["pazhou", pazhou.name, "2024Q3", 321, None, None, "是"],
    ]
    assert sheet.freeze_panes == "A2"
    validations = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert validations["G2:G200"].type == "list" and validations["G2:G200"].formula1 == '"是,否"'
    assert validations["F2:F200"].type == "decimal"
    assert (validations["F2:F200"].formula1, validations["F2:F200"].formula2) == ("0", "100")
    explained = [row[0] for row in explanation.iter_rows(values_only=True)]
    assert "5G网络覆盖率(%)" in explained
    assert "空单元格表示“无数据”，不会当作 0。" in explained


def test_template_filled_in_imports_back(haizhu_client, pazhou, period):
    content = haizhu_client.get(reverse(TEMPLATE), {"period": period.pk}).content
    workbook = load_workbook(io.BytesIO(content))
    workbook.active["D2"] = 500
    workbook.active["G2"] = "否"
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = upload(haizhu_client, IMPORT, buffer.getvalue(), "filled.xlsx")
    assert response.context["plan"].new_count == 1
    haizhu_client.post(
        reverse("admin:tracker_parkreport_process_import"),
        {"token": str(response.context["session"].token)},
    )
    assert dict(ParkReport.objects.get().values.values_list("indicator__code", "value")) == {
        "revenue": Decimal("500"),
        "one_park_one_policy": Decimal("0"),
    }


def test_template_is_for_importers_only(manager_client, period):
    assert manager_client.get(reverse(TEMPLATE)).status_code == 403
    assert manager_client.get(reverse(TEMPLATE), {"period": period.pk}).status_code == 403


def test_template_only_for_open_periods(haizhu_client, period):
    locked = ReportingPeriod.objects.get(year=2024, quarter=2)
    locked.locked = True
    locked.save()
    assert haizhu_client.get(reverse(TEMPLATE), {"period": locked.pk}).status_code == 404
    page = haizhu_client.get(reverse(TEMPLATE)).content.decode()
    assert "2024年第3季度" in page and "2024年第2季度" not in page
