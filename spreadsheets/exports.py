"""Spreadsheet exports and the fill-in template, in the same layout the imports read."""

import csv
import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.values import format_decimal, format_period
from parks.models import Enterprise, KeyProject, Park
from spreadsheets import columns
from spreadsheets.parsing import escape_formula
from tracker.models import Indicator, ParkReport, ReportValue

UTF8_BOM = "\ufeff"


def park_figures_table(user, reports=None):
    """Headers and rows for the reports `user` may see (of `reports`, if given)."""
    indicators = columns.reported_indicators()
    headers = columns.park_figures_headers(indicators)
    visible = ParkReport.objects.for_user(user)
    if reports is not None:
        visible = visible.filter(pk__in=reports.values("pk"))
    visible = visible.select_related("park", "period").order_by(
        "period__year", "period__quarter", "park__sort_order", "park__code"
    )
    values = ReportValue.objects.by_report_and_code(visible)
    rows = []
    for report in visible:
        figures = values.get(report.pk, {})
        rows.append(
            [
                report.park.code,
                report.park.name,
                report.period.label,
                *(columns.indicator_cell(i, figures.get(i.code)) for i in indicators),
            ]
        )
    return headers, rows


def template_table(user, period):
    """The user's own active parks for `period`, pre-filled with their current values."""
    indicators = columns.reported_indicators()
    headers = columns.park_figures_headers(indicators)
    parks = Park.objects.for_user(user).active().order_by("sort_order", "code")
    reports = ParkReport.objects.filter(period=period, park__in=parks)
    report_by_park = {report.park_id: report.pk for report in reports}
    values = ReportValue.objects.by_report_and_code(reports)
    rows = []
    for park in parks:
        figures = values.get(report_by_park.get(park.pk), {})
        rows.append(
            [
                park.code,
                park.name,
                format_period(period.year, period.quarter),
                *(columns.indicator_cell(i, figures.get(i.code)) for i in indicators),
            ]
        )
    return headers, rows, indicators


def enterprises_table(user, enterprises=None):
    headers = list(columns.ENTERPRISES.columns)
    visible = Enterprise.objects.for_user(user)
    if enterprises is not None:
        visible = visible.filter(pk__in=enterprises.values("pk"))
    rows = [
        [
            e.credit_code,
            e.name,
            e.park.code,
            e.park.name,
            columns.chinese_label(Enterprise.Role, e.role),
            e.industry_chain,
            e.introduced_on.isoformat(),
        ]
        for e in visible.select_related("park").order_by("park__sort_order", "credit_code")
    ]
    return headers, rows


def key_projects_table(user, projects=None):
    headers = list(columns.KEY_PROJECTS.columns)
    visible = KeyProject.objects.for_user(user)
    if projects is not None:
        visible = visible.filter(pk__in=projects.values("pk"))
    rows = [
        [
            p.park.code,
            p.park.name,
            p.name,
            columns.chinese_label(KeyProject.Status, p.status),
            p.note,
        ]
        for p in visible.select_related("park").order_by("park__sort_order", "sort_order", "id")
    ]
    return headers, rows


# --- writers -------------------------------------------------------------------------------


def _safe(value):
    """Text is escaped against formula injection; numbers stay numbers."""
    return escape_formula(value) if isinstance(value, str) else value


def write_csv(headers, rows):
    """CSV as UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe(h) for h in headers])
    for row in rows:
        writer.writerow(
            [
                format_decimal(v) if isinstance(v, Decimal) else ("" if v is None else _safe(v))
                for v in row
            ]
        )
    return (UTF8_BOM + buffer.getvalue()).encode("utf-8")


def _fill_sheet(sheet, headers, rows):
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    # openpyxl reads a string starting with "=" as a formula; escaped text never does,
    # but mark every text cell as text so nothing else slips through.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, len(header) * 2 + 2)
    sheet.freeze_panes = "A2"


def write_xlsx(headers, rows, title):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    _fill_sheet(sheet, headers, rows)
    return _save(workbook)


def _save(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_xlsx(user, period):
    headers, rows, indicators = template_table(user, period)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Park figures")[:31]
    _fill_sheet(sheet, headers, rows)
    last_row = max(len(rows) + 1, 200)
    for column, indicator in enumerate(indicators, start=4):
        letter = get_column_letter(column)
        validation = _validation_for(indicator)
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last_row}")
    _explain(workbook.create_sheet(_("Explanation")[:31]), indicators, period)
    return _save(workbook)


def _validation_for(indicator):
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        validation = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
        validation.error = _("Enter 是 (yes) or 否 (no).")
    else:
        low = indicator.min_value if indicator.min_value is not None else Decimal("-1e15")
        high = indicator.max_value if indicator.max_value is not None else Decimal("1e15")
        kind = "whole" if indicator.value_type == Indicator.ValueType.COUNT else "decimal"
        validation = DataValidation(
            type=kind,
            operator="between",
            formula1=format_decimal(low),
            formula2=format_decimal(high),
            allow_blank=True,
        )
        validation.error = _("Enter a number from %(range)s.") % {"range": indicator.range_text()}
    validation.errorTitle = indicator.label
    validation.showErrorMessage = True
    return validation


def _explain(sheet, indicators, period):
    sheet.append([_("Column"), _("Code"), _("Unit"), _("Valid values"), _("Period rule")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([columns.PARK_CODE, "", "", _("The park's code; do not change it."), ""])
    sheet.append([columns.PARK_NAME, "", "", _("For reading only; the park code decides."), ""])
    sheet.append(
        [
            columns.PERIOD,
            "",
            "",
            _("The quarter, e.g. %(period)s, 2024-Q3 or 2024年第3季度.") % {"period": period.label},
            "",
        ]
    )
    for indicator in indicators:
        if indicator.value_type == Indicator.ValueType.BOOLEAN:
            valid = _("是 (yes) or 否 (no)")
        else:
            valid = str(indicator.range_text())
        sheet.append(
            [
                indicator.label,
                indicator.code,
                indicator.unit,
                valid,
                str(indicator.get_period_rule_display()),
            ]
        )
    sheet.append([])
    sheet.append([_("A blank cell means “no value”, never 0.")])
    sheet.append([_("Numbers may use thousands separators, full-width digits and a trailing %.")])
    for letter, width in zip("ABCDE", (28, 22, 10, 40, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
