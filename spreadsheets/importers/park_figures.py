"""The park-figures sheet: one row per park and period, one column per reported indicator.

The importer reads and checks; tracker decides. Values are checked by
tracker.validation.check_values against the neighbouring quarters
(ReportValue.objects.neighbour_values, with the file's own rows counted), and written by
tracker.services.ReportBatch, which applies the report workflow's rules to every report.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from common.values import ParseError, format_period, normalize_text
from parks.models import Park
from spreadsheets import columns as sheet_columns
from spreadsheets.columns import PARK_CODE, PERIOD
from spreadsheets.importers.base import (
    CellChange,
    Importer,
    ImportPlan,
    PlannedRow,
    RowError,
    StaleImport,
    fingerprint,
    shown,
)
from spreadsheets.parsing import parse_period
from tracker.models import ParkReport, ReportingPeriod, ReportValue, StaleReportError
from tracker.services import ReportBatch
from tracker.validation import CheckResult, check_values


@dataclass(slots=True)
class FigureRow:
    """A row whose park and period were found; its cells as read."""

    number: int
    park: Park
    period: ReportingPeriod
    values: dict  # {code: Decimal | None}
    raws: dict  # {code: cell as written}, for messages
    unreadable: list  # RowErrors of cells that could not be read, shown with the row's checks


@dataclass(slots=True)
class ReportWork:
    """What confirming does to one report: create it, or change or submit a stored one."""

    park: Park
    period: ReportingPeriod
    report: ParkReport | None
    check: CheckResult
    stored: dict  # {code: ReportValue}
    codes: list  # the indicator columns of the file


class StoredFigures:
    """The reports and values of the file's parks and periods as stored, read in three
    queries, and the file's own values for the neighbouring-quarter checks."""

    def __init__(self, rows):
        park_ids = {row.park.pk for row in rows}
        period_ids = {row.period.pk for row in rows}
        self.reports = {
            (report.park_id, report.period_id): report
            for report in ParkReport.objects.filter(
                park_id__in=park_ids, period_id__in=period_ids
            ).select_related("period")
        }
        self.values = {}  # report_id -> {code: ReportValue}
        for value in ReportValue.objects.filter(
            report__park_id__in=park_ids, report__period_id__in=period_ids
        ).select_related("indicator"):
            self.values.setdefault(value.report_id, {})[value.indicator.code] = value
        self.neighbours = ReportValue.objects.neighbour_values(
            park_ids, {row.period for row in rows}
        )
        self.in_file = {(row.park.pk, row.period.year, row.period.quarter): row for row in rows}

    def report_and_values(self, row):
        report = self.reports.get((row.park.pk, row.period.pk))
        return report, (self.values.get(report.pk, {}) if report else {})

    def neighbour_values(self, row):
        """(previous quarter, same quarter last year) as {code: value}: stored values, with
        those of a neighbouring row of the same file counting instead."""
        return tuple(self._values_at(row.park.pk, key) for key in row.period.neighbours())

    def _values_at(self, park_id, period_key):
        if period_key is None:
            return {}
        key = (park_id, *period_key)
        values = self.neighbours.get(key, {})
        in_file = self.in_file.get(key)
        if in_file is not None:
            values = {**values, **{c: v for c, v in in_file.values.items() if v is not None}}
        return values

    def state(self):
        """The neighbouring quarters' stored values, for the plan's fingerprint."""
        return sorted(
            (key, sorted((code, str(value)) for code, value in values.items()))
            for key, values in self.neighbours.items()
        )


class ParkFiguresImporter(Importer):
    sheet = sheet_columns.PARK_FIGURES

    def __init__(self, user, submit=False):
        super().__init__(user, submit)
        self.indicators = sheet_columns.reported_indicators()
        self.indicators_by_code = {indicator.code: indicator for indicator in self.indicators}

    def known_columns(self):
        known = super().known_columns()
        for indicator in self.indicators:
            known[normalize_text(indicator.label)] = indicator.code
            known[indicator.code] = indicator.code
        return known

    @cached_property
    def may_change_reports(self):
        return self.user.has_perm("tracker.change_parkreport") and self.user.has_perm(
            "tracker.add_parkreport"
        )

    # -- plan --------------------------------------------------------------------------------

    def plan(self, columns, rows):
        plan = ImportPlan(work={"creates": [], "updates": []})
        self.columns = columns
        self.codes = [code for code in self.indicators_by_code if code in columns]
        self.today = timezone.localdate()
        self._period_states = {}
        self.load_parks(columns, rows)
        periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
        found = self._read_rows(rows, periods, plan.errors)
        stored = StoredFigures(found)
        state = [self._plan_row(row, stored, plan) for row in found]
        plan.fingerprint = fingerprint([*state, *stored.state(), self.submit])
        return plan

    def _read_rows(self, rows, periods, errors):
        """The rows whose park and period are found, once each; errors for the others."""
        found, first_rows = [], {}
        for number, cells in rows:
            row_errors = []
            park = self.find_park(self.columns, number, cells, row_errors)
            period = self._find_period(number, cells, periods, row_errors)
            values, raws, unreadable = self._read_values(number, cells)
            if park and period:
                first = first_rows.setdefault((park.pk, period.pk), number)
                if first != number:
                    message = _(
                        "The park “%(park)s” and period %(period)s already appear in row %(first)d; each park and period may appear only once."
                    ) % {"park": park.name, "period": period.label, "first": first}
                    row_errors.append(RowError(number, PERIOD, period.label, message))
            if row_errors:
                errors.extend(row_errors + unreadable)
            else:
                found.append(FigureRow(number, park, period, values, raws, unreadable))
        return found

    def _find_period(self, number, cells, periods, errors):
        raw = self.cell(self.columns, cells, PERIOD)
        try:
            year, quarter = parse_period(raw)
        except ParseError as error:
            errors.append(RowError(number, PERIOD, shown(raw), error.message))
            return None
        period = periods.get((year, quarter))
        if period is None:
            message = _("There is no reporting period %(period)s.") % {
                "period": format_period(year, quarter)
            }
            errors.append(RowError(number, PERIOD, shown(raw), message))
        return period

    def _read_values(self, number, cells):
        """({code: value}, {code: cell}, [RowError of each unreadable cell])."""
        values, raws, unreadable = {}, {}, []
        for code in self.codes:
            raw = self.cell(self.columns, cells, code)
            raws[code] = raw
            try:
                values[code] = sheet_columns.read_indicator_cell(self.indicators_by_code[code], raw)
            except ParseError as error:
                header = self.columns[code][1]
                unreadable.append(RowError(number, header, shown(raw), error.message))
        return values, raws, unreadable

    def _plan_row(self, row, stored, plan):
        """Check one row against what is stored; add it to the plan or its errors to the
        plan's errors. Returns the stored state the row was planned against."""
        report, current = stored.report_and_values(row)
        merged = {code: value.value for code, value in current.items()}
        merged.update(row.values)
        check = check_values(self.indicators_by_code, merged, *stored.neighbour_values(row))
        state = (
            row.park.pk,
            row.period.pk,
            row.period.locked,
            report and (report.pk, report.version, report.status),
            sorted((code, str(value.value)) for code, value in current.items()),
        )
        errors = row.unreadable + self._check_errors(row, merged, check)
        if errors:
            order = {header: index for index, header in self.columns.values()}
            plan.errors.extend(sorted(errors, key=lambda error: order.get(error.column, 0)))
            return state
        changes = self._changes(current, check)
        status = "new" if report is None else ("changed" if changes else "unchanged")
        if status != "unchanged" or self.submit:
            errors = self._editability_errors(row, report, status)
        if errors:
            plan.errors.extend(errors)
            return state
        will_submit = self.submit and (report is None or report.is_editable_by_district(self.today))
        label = f"{row.park.name} {row.period.label}"
        warnings = sorted(check.warnings.values())
        plan.rows.append(PlannedRow(row.number, label, status, changes, warnings, will_submit))
        work = ReportWork(row.park, row.period, report, check, current, self.codes)
        if report is None:
            plan.work["creates"].append(work)
        elif changes or will_submit:
            plan.work["updates"].append(work)
        return state

    def _check_errors(self, row, merged, check):
        errors = []
        for code, message in check.errors:
            if code in self.columns:
                header = self.columns[code][1]
            else:
                header = self.indicators_by_code[code].label
            value = shown(row.raws.get(code, merged.get(code)))
            errors.append(RowError(row.number, header, value, message))
        return errors

    def _changes(self, current, check):
        """[CellChange] of the file's indicator columns whose value changes."""
        changes = []
        for code in self.codes:
            old = current[code].value if code in current else None
            new = check.cleaned[code]
            if old != new:
                indicator = self.indicators_by_code[code]
                changes.append(
                    CellChange(
                        self.columns[code][1],
                        sheet_columns.shown_indicator_value(indicator, old),
                        sheet_columns.shown_indicator_value(indicator, new),
                    )
                )
        return changes

    def _editability_errors(self, row, report, status):
        """Why the row's report may not be written, in the words of the import. The rules
        are tracker's (ReportingPeriod.is_locked and is_open, ParkReport's
        is_editable_by_district), which ReportBatch applies again when it writes."""
        park, period = row.park, row.period
        locked, is_open = self._period_state(period)
        # A reviewer may have reopened this one report of a locked period for its district.
        if report is None or not report.unlocked:
            if locked:
                message = _(
                    "The period %(period)s is locked; its figures can no longer be changed."
                ) % {"period": period.label}
                return [RowError(row.number, PERIOD, period.label, message)]
            if not is_open:
                message = _("The period %(period)s is not open for reporting yet.") % {
                    "period": period.label
                }
                return [RowError(row.number, PERIOD, period.label, message)]
        if report is not None and not report.is_editable_by_district(self.today):
            if status == "unchanged":
                return []  # "import and submit" leaves already submitted reports alone
            message = _(
                "The report of “%(park)s” for %(period)s is “%(status)s” and cannot be changed by import."
            ) % {"park": park.name, "period": period.label, "status": report.get_status_display()}
            return [RowError(row.number, PARK_CODE, park.code, message)]
        if not self.may_change_reports:
            message = _("You may not change park reports.")
            return [RowError(row.number, PARK_CODE, park.code, message)]
        return []

    def _period_state(self, period):
        """(locked, open) on the day of the import, asked once per period of the file."""
        state = self._period_states.get(period.pk)
        if state is None:
            state = self._period_states[period.pk] = (
                period.is_locked(self.today),
                period.is_open(self.today),
            )
        return state

    # -- apply -------------------------------------------------------------------------------

    def apply(self, plan):
        """Write the planned reports through tracker's ReportBatch: the same steps, and
        rules, as the report form's, for all of them at once."""
        batch = ReportBatch(self.user, _("Spreadsheet import"), self.indicators_by_code)
        for work in plan.work["creates"]:
            self._record(batch, batch.start(work.park, work.period), work)
        for work in plan.work["updates"]:
            self._record(batch, work.report, work)
        try:
            batch.save()
        except StaleReportError:
            raise StaleImport from None
        self.written_parks = batch.parks()

    def _record(self, batch, report, work):
        batch.record_values(report, work.check, work.stored, work.codes)
        if self.submit:
            batch.submit(report)
