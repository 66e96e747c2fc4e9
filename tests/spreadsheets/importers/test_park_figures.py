"""Importing park figures through the admin: upload → preview → confirm, all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.spreadsheets.conftest import (
    FIGURE_HEADERS,
    confirm,
    csv_bytes,
    figures_snapshot,
    upload,
    xlsx_bytes,
)
from tracker.models import ParkReport, ReportingPeriod, ReportValue

IMPORT = "admin:tracker_parkreport_import"
CONFIRM = "admin:tracker_parkreport_process_import"


def values_of(report):
    return dict(report.values.values_list("indicator__code", "value"))


def import_ok(client, data, filename="figures.xlsx", **extra):
    response = upload(client, IMPORT, data, filename, **extra)
    assert response.status_code == 200
    assert response.context.get("plan"), response.context.get("errors")
    return response


def refused(client, data, filename="figures.xlsx", **extra):
    """Upload a bad file: the error table is shown and nothing at all changed."""
    before = figures_snapshot()
    response = upload(client, IMPORT, data, filename, **extra)
    assert response.status_code == 200
    assert "plan" not in response.context
    assert figures_snapshot() == before
    return response.context["errors"], response.content.decode()


def test_xlsx_import_previews_then_saves_a_draft_with_history(
    haizhu_client, haizhu_officer, period
):
    data = xlsx_bytes(
        [FIGURE_HEADERS, ["pazhou", "琶洲", "2024Q3", "1,234.5", "１２３．５", "85%", "是"]]
    )
    response = import_ok(haizhu_client, data)
    assert "新增 1 行，修改 0 行，未变 0 行" in response.content.decode()
    assert not ParkReport.objects.exists()  # the preview saves nothing

    done = confirm(haizhu_client, CONFIRM, response)

    assert done.status_code == 302
    report = ParkReport.objects.get(park__code="pazhou", period=period)
    assert report.status == ParkReport.Status.DRAFT
    assert report.updated_by == haizhu_officer
    assert values_of(report) == {
        "revenue": Decimal("1234.5"),
        "core_revenue": Decimal("123.5"),
        "coverage_5g": Decimal("85"),
        "one_park_one_policy": Decimal("1"),
    }
    assert list(report.history.values_list("history_user", flat=True)) == [haizhu_officer.pk]
    assert set(ReportValue.history.values_list("history_user", flat=True)) == {haizhu_officer.pk}


def test_preview_lists_new_changed_and_unchanged_rows_with_old_and_new(
    huangpu_client, huangpu_officer, period, previous_period, yuzhu_bay
):
    factories.report(yuzhu_bay, previous_period, revenue="100", coverage_5g="50")
    factories.report(yuzhu_bay, period, revenue="200", coverage_5g="60")
    data = xlsx_bytes(
        [
            ["园区代码", "期间", "revenue", "coverage_5g"],
            ["yuzhu-bay", "2024年第2季度", "100", "50"],
            ["yuzhu-bay", "2024-Q3", "250", "60"],
            ["suigang", "2024年3季度", "10", ""],
        ]
    )
    response = import_ok(huangpu_client, data)
    rows = {row.number: row for row in response.context["plan"].rows}
    assert rows[2].status == "unchanged"
    assert rows[3].status == "changed"
    assert [(c.column, c.old, c.new) for c in rows[3].changes] == [("revenue", "200", "250")]
    assert rows[4].status == "new"
    assert "revenue: 200 → 250" in response.content.decode()


def test_changed_report_gets_a_new_version_and_returns_to_draft(
    huangpu_client, huangpu_officer, period, yuzhu_bay
):
    report = factories.report(
        yuzhu_bay, period, status=ParkReport.Status.RETURNED, revenue="200", coverage_5g="60"
    )
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["yuzhu-bay", "2024Q3", "210"]])
    confirm(huangpu_client, CONFIRM, import_ok(huangpu_client, data))
    report.refresh_from_db()
    assert report.version == 2
    assert report.status == ParkReport.Status.DRAFT
    assert report.updated_by == huangpu_officer
    assert values_of(report)["revenue"] == Decimal("210")
    assert values_of(report)["coverage_5g"] == Decimal("60")  # a column not in the file stays
    assert report.history.first().history_user == huangpu_officer


def test_import_and_submit(haizhu_client, haizhu_officer, period):
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "10"]])
    response = import_ok(haizhu_client, data, submit="on")
    confirm(haizhu_client, CONFIRM, response)
    report = ParkReport.objects.get()
    assert report.status == ParkReport.Status.SUBMITTED
    assert report.submitted_by == haizhu_officer


def test_import_and_submit_shows_that_an_unchanged_draft_will_be_submitted(
    haizhu_client, pazhou, period
):
    factories.report(pazhou, period, revenue="10")
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "10"]])
    response = import_ok(haizhu_client, data, submit="on")
    assert "未变 · 将提交审核" in response.content.decode()
    confirm(haizhu_client, CONFIRM, response)
    assert ParkReport.objects.get().status == ParkReport.Status.SUBMITTED


def test_a_plain_import_does_not_announce_a_submission(haizhu_client, pazhou, period):
    factories.report(pazhou, period, revenue="10")
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "10"]])
    assert "将提交审核" not in import_ok(haizhu_client, data).content.decode()


def test_blank_cell_means_no_value_never_zero(haizhu_client, pazhou, period):
    factories.report(pazhou, period, revenue="300", core_revenue="100")
    data = xlsx_bytes(
        [["园区代码", "期间", "revenue", "core_revenue"], ["pazhou", "2024Q3", "300", None]]
    )
    confirm(haizhu_client, CONFIRM, import_ok(haizhu_client, data))
    assert values_of(ParkReport.objects.get()) == {"revenue": Decimal("300"), "core_revenue": None}


def test_csv_encodings_and_full_width_digits_import_the_same_values_as_xlsx(huangpu_client, period):
    rows = [
        FIGURE_HEADERS[:1] + FIGURE_HEADERS[2:],
        ["yuzhu-bay", "2024年第3季度", "１，２３４．５", "１００", "９０％", "否"],
    ]
    results = []
    for data, filename in [
        (xlsx_bytes(rows), "a.xlsx"),
        (csv_bytes(rows, "gb18030"), "b.csv"),
        (csv_bytes(rows, "utf-8", bom=True), "c.csv"),
        (csv_bytes(rows, "utf-8"), "d.csv"),
    ]:
        confirm(huangpu_client, CONFIRM, import_ok(huangpu_client, data, filename))
        report = ParkReport.objects.get()
        results.append(values_of(report))
        report.delete()
    assert results[0] == {
        "revenue": Decimal("1234.5"),
        "core_revenue": Decimal("100"),
        "coverage_5g": Decimal("90"),
        "one_park_one_policy": Decimal("0"),
    }
    assert results[1] == results[0] and results[2] == results[0] and results[3] == results[0]


def test_a_haizhu_file_naming_a_huangpu_park_fails_and_changes_nothing(haizhu_client, period):
    data = xlsx_bytes(
        [
            ["园区代码", "期间", "revenue"],
            ["pazhou", "2024Q3", "10"],
            ["yuzhu-bay", "2024Q3", "20"],
        ]
    )
    errors, html = refused(haizhu_client, data)
    assert [(e.row, e.column, e.value) for e in errors] == [(3, "园区代码", "yuzhu-bay")]
    # The same answer as for a park that does not exist: nothing about huangpu's parks.
    assert "在您可导入的园区中没有“yuzhu-bay”" in html
    assert "鱼珠" not in html and "黄埔" not in html
    assert not ParkReport.objects.exists()


@pytest.mark.parametrize(
    ("rows", "row", "column", "message"),
    [
        ([["nowhere", "2024Q3", "1"]], 2, "园区代码", "在您可导入的园区中没有“nowhere”"),
        ([["pazhou", "2019Q1", "1"]], 2, "期间", "不存在填报期间 2019Q1"),
        ([["pazhou", "2024Q5", "1"]], 2, "期间", "2024Q5"),
        ([["pazhou", "2024Q3", "abc"]], 2, "营收(产值)(亿元)", "无法识别的数值“abc”"),
        ([["pazhou", "2024Q3", "-5"]], 2, "营收(产值)(亿元)", "超出有效范围"),
        (
            [["pazhou", "2024Q3", "1"], ["pazhou", "2024-Q3", "2"]],
            3,
            "期间",
            "已在第 2 行出现",
        ),
    ],
)
def test_row_errors_name_row_column_value_and_reason(
    haizhu_client, period, rows, row, column, message
):
    errors, html = refused(
        haizhu_client, xlsx_bytes([["园区代码", "期间", "营收(产值)(亿元)"], *rows])
    )
    assert [(e.row, e.column) for e in errors] == [(row, column)]
    assert message in errors[0].message
    assert message in html


def test_park_name_that_contradicts_the_code_is_refused(haizhu_client, period):
    # A row copied from 琶洲 with only the name changed must not land on 琶洲.
    data = xlsx_bytes(
        [
            ["园区代码", "园区名称", "期间", "营收(产值)(亿元)"],
            ["pazhou", "鱼珠湾商务区", "2024Q3", "5"],
        ]
    )
    errors, html = refused(haizhu_client, data)
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "园区名称", "鱼珠湾商务区")]
    assert "对应的是“广州人工智能与数字经济试验区琶洲核心区”" in errors[0].message
    assert not ParkReport.objects.exists()


def test_wrong_yes_no_value_and_out_of_range_percent(haizhu_client, period):
    data = xlsx_bytes(
        [["园区代码", "期间", "一园一策", "5G网络覆盖率(%)"], ["pazhou", "2024Q3", "也许", "120%"]]
    )
    errors, _html = refused(haizhu_client, data)
    assert [(e.column, e.value) for e in errors] == [
        ("一园一策", "也许"),
        ("5G网络覆盖率(%)", "120%"),
    ]
    assert "请填写“是”或“否”" in errors[0].message
    assert "超出有效范围" in errors[1].message


def test_core_revenue_above_total_is_refused(haizhu_client, period):
    data = xlsx_bytes(
        [["园区代码", "期间", "revenue", "core_revenue"], ["pazhou", "2024Q3", "10", "20"]]
    )
    errors, _html = refused(haizhu_client, data)
    assert errors[0].column == "core_revenue"
    assert "不能大于" in errors[0].message


def test_ytd_figure_below_the_previous_quarter_is_refused(
    haizhu_client, pazhou, period, previous_period
):
    factories.report(pazhou, previous_period, revenue="500")
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "400"]])
    errors, _html = refused(haizhu_client, data)
    assert "不能低于上一季度的 500" in errors[0].message


def test_previous_quarter_in_the_same_file_counts(haizhu_client, period, previous_period):
    data = xlsx_bytes(
        [["园区代码", "期间", "revenue"], ["pazhou", "2024Q2", "500"], ["pazhou", "2024Q3", "400"]]
    )
    errors, _html = refused(haizhu_client, data)
    assert [(e.row, e.column) for e in errors] == [(3, "revenue")]


def test_locked_period_is_refused(haizhu_client, period):
    period.locked = True
    period.save()
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "1"]])
    errors, _html = refused(haizhu_client, data)
    assert "已锁定" in errors[0].message


def test_a_period_locked_by_its_expiry_is_refused_as_in_the_form(
    haizhu_client, pazhou, period, settings
):
    # 2024 Q3 was due in October 2024: 30 expiry days have long passed.
    settings.PERIOD_EXPIRY_DAYS = 30
    assert period.is_locked() and not period.locked
    factories.report(pazhou, period, revenue="10")
    for submit in ({}, {"submit": "on"}):
        data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "11"]])
        errors, _html = refused(haizhu_client, data, **submit)
        assert [(e.row, e.column) for e in errors] == [(2, "期间")]
        assert "已锁定" in errors[0].message


def test_a_report_reopened_in_a_locked_period_can_be_imported(
    haizhu_client, haizhu_officer, pazhou, period
):
    period.locked = True
    period.save()
    report = factories.report(pazhou, period, status=ParkReport.Status.RETURNED, revenue="10")
    ParkReport.objects.filter(pk=report.pk).update(unlocked=True)
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "11"]])
    confirm(haizhu_client, CONFIRM, import_ok(haizhu_client, data, submit="on"))
    report.refresh_from_db()
    assert (report.status, report.submitted_by) == (ParkReport.Status.SUBMITTED, haizhu_officer)
    assert values_of(report)["revenue"] == Decimal("11")


def test_approved_report_is_refused_but_an_unchanged_row_is_fine(haizhu_client, pazhou, period):
    factories.report(pazhou, period, status=ParkReport.Status.APPROVED, revenue="10")
    unchanged = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "10"]])
    assert import_ok(haizhu_client, unchanged).context["plan"].unchanged_count == 1
    changed = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "11"]])
    errors, _html = refused(haizhu_client, changed)
    assert "审核通过" in errors[0].message or "approved" in errors[0].message


def test_unknown_column_is_an_error_not_ignored(haizhu_client, period):
    data = xlsx_bytes([["园区代码", "期间", "revenue", "利润"], ["pazhou", "2024Q3", "1", "2"]])
    errors, html = refused(haizhu_client, data)
    assert [(e.column, e.value) for e in errors] == [("利润", "利润")]
    assert "未知列“利润”" in html


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.csv", "文件是空的"),
        ("园区代码,期间\n".encode(), "headers-only.csv", "文件中没有数据行"),
        (b"PK\x03\x04 not a workbook", "fake.xlsx", "fake.xlsx"),
        (xlsx_bytes([["园区代码"], ["pazhou"]]), "renamed.csv", "renamed.csv"),
        (b"a,b\n1,2\n", "notes.txt", "notes.txt"),
    ],
)
def test_file_level_errors(haizhu_client, period, data, filename, message):
    errors, html = refused(haizhu_client, data, filename)
    assert len(errors) == 1 and errors[0].row is None
    assert message in errors[0].message


def test_a_file_over_the_size_limit_is_refused_with_a_clear_message(
    haizhu_client, period, settings
):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "1"]])
    before = figures_snapshot()
    response = upload(haizhu_client, IMPORT, data, "big.xlsx")
    assert "超过上限 1.0\xa0KB" in response.content.decode()
    assert figures_snapshot() == before


def test_confirm_refuses_when_the_data_changed_after_the_preview(
    haizhu_client, pazhou, period, reviewer
):
    report = factories.report(pazhou, period, revenue="10")
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "11"]])
    response = import_ok(haizhu_client, data)
    report.claim_version(report.version, reviewer)  # someone else saves in between
    report.save()
    before = figures_snapshot()

    done = confirm(haizhu_client, CONFIRM, response)

    assert done.status_code == 302
    assert figures_snapshot() == before
    page = haizhu_client.get(done["Location"]).content.decode()
    assert "预览之后数据已发生变化" in page
    assert values_of(ParkReport.objects.get())["revenue"] == Decimal("10")


def test_a_confirmed_upload_cannot_be_replayed_or_used_by_someone_else(
    haizhu_client, huangpu_officer, period
):
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "1"]])
    response = import_ok(haizhu_client, data)
    other = Client()
    other.force_login(huangpu_officer)
    assert confirm(other, CONFIRM, response).status_code == 302
    assert not ParkReport.objects.exists()
    confirm(haizhu_client, CONFIRM, response)
    confirm(haizhu_client, CONFIRM, response)
    assert ParkReport.objects.get().version == 1


def test_upload_form_requires_csrf(haizhu_officer, period):
    client = Client(enforce_csrf_checks=True)
    client.force_login(haizhu_officer)
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "1"]])
    assert upload(client, IMPORT, data, "a.xlsx").status_code == 403
    page = client.get(reverse(IMPORT)).content.decode()
    assert "csrfmiddlewaretoken" in page


def test_manager_and_reviewer_may_not_import(manager_client, period):
    assert manager_client.get(reverse(IMPORT)).status_code == 403


def test_a_jump_against_last_year_is_saved_with_a_warning(haizhu_client, pazhou, period):
    last_year = ReportingPeriod.objects.get(year=2023, quarter=3)
    factories.report(pazhou, last_year, revenue="100")
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "200"]])
    response = import_ok(haizhu_client, data)
    assert "+100.0%" in response.context["plan"].rows[0].warnings[0]
    confirm(haizhu_client, CONFIRM, response)
    report = ParkReport.objects.get(period=period)
    assert report.has_warnings
    assert "+100.0%" in report.values.get(indicator__code="revenue").warning


def test_errors_come_in_the_users_language(haizhu_client, period):
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["nowhere", "2024Q3", "1"]])
    before = figures_snapshot()
    response = haizhu_client.post(
        reverse(IMPORT),
        {"import_file": SimpleUploadedFile("a.xlsx", data)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["errors"][0].message == "There is no park “nowhere” among your parks."
    assert figures_snapshot() == before
