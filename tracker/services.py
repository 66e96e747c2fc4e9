"""Park reports created, changed and submitted many at a time (a spreadsheet import).

ReportBatch takes the steps of one report's ParkReport.start / record_values / submit for
each report of the batch, by the same rules (the statuses of ParkReport.SUBMIT_STEP and
REDRAFT_STEP, can_edit, the version claim, ReportValue.rows_to_write), but in memory;
save() then writes the whole batch with a fixed number of statements (tracker.bulkwrite),
whatever its size. Each report written gets one version claim and one history row, each
value written one history row.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parks.models import Park
from tracker import auditing, bulkwrite
from tracker.models import (
    Indicator,
    ParkReport,
    ReportError,
    ReportValue,
    StaleReportError,
)

REPORT_FIELDS_CHANGED = [
    "version",
    "updated_at",
    "updated_by_id",
    "status",
    "has_warnings",
    "submitted_at",
    "submitted_by_id",
    "first_submitted_at",
]


class ReportBatch:
    """Many reports' steps, checked one by one as they are added and written at save().

    A step refused by the rules raises ReportError at once; save() raises StaleReportError
    when a report changed since it was read, or ReportError when a submitted report's park
    is outside the user's district. Either way nothing of the batch is written.
    """

    def __init__(self, user, reason="", indicators=None):
        """indicators: the reported indicators by code, if the caller has them already."""
        self.user = user
        self.reason = reason
        self.now = timezone.now()
        self._indicators = indicators
        # Reports as model instances, for their rules; values as light rows (RowFactory).
        self._new_report = bulkwrite.InstanceFactory(ParkReport)
        self._new_value = bulkwrite.RowFactory(ReportValue)
        self.new_reports = []
        self.claimed = {}  # report pk -> (report, version it was read at)
        self.new_values = []  # each with its `report`, whose pk is known once it is written
        self.changed_values = []
        self.submitted_parks = set()
        self.submitted = []  # (report, status before), for the audit trail
        self.notes_recorded = False

    # -- the steps -----------------------------------------------------------------------

    def start(self, park, period):
        """A new report of `park` for `period` (as ParkReport.start), written at version 1."""
        report = self._new_report(park_id=park.pk, period_id=period.pk, created_at=self.now)
        report.stamp(self.user, self.now)
        # For the rules that read them (can_edit reads the period's lock).
        ParkReport.park.field.set_cached_value(report, park)
        ParkReport.period.field.set_cached_value(report, period)
        self.new_reports.append(report)
        return report

    def claim(self, report, expected_version=None):
        """Claim the next version of a stored report (as ParkReport.claim_version); checked
        for the whole batch at save(). A report started in this batch needs none."""
        if report.pk is None or report.pk in self.claimed:
            return
        expected = report.version if expected_version is None else expected_version
        self.claimed[report.pk] = (report, expected)
        report.version = expected + 1
        report.stamp(self.user, self.now)

    def record_values(self, report, check_result, stored, codes=None, notes=None):
        """Record checked figures (as ParkReport.record_values); the report becomes a draft.

        stored: {code: ReportValue} of the report; codes: the indicators to record (default:
        all checked); notes: {code: text}, or None to keep the stored notes. Returns True if
        anything changed; an unchanged report is left alone.
        """
        indicators = self.indicators()
        rows = ReportValue.rows_to_write(
            stored,
            check_result,
            check_result.cleaned if codes is None else codes,
            notes,
            lambda code: self._new_value(indicator_id=indicators[code].pk, report=report),
        )
        has_warnings = bool(check_result.warnings)
        if not rows and has_warnings == report.has_warnings:
            return False
        report.take_step(ParkReport.REDRAFT_STEP, has_warnings=has_warnings)
        self.claim(report)
        for row in rows:
            (self.new_values if row.pk is None else self.changed_values).append(row)
        self.notes_recorded |= notes is not None
        return True

    def submit(self, report):
        """Submit the report (as ParkReport.submit); its park is checked at save()."""
        report.check_may_submit(self.user, in_district=True)
        self.submitted.append((report, report.status))
        report.take_step(ParkReport.SUBMIT_STEP, **report.submission(self.user, self.now))
        self.claim(report)
        self.submitted_parks.add(report.park_id)

    def parks(self):
        """The ids of the parks whose reports the batch writes."""
        reports = [*self.new_reports, *(report for report, _v in self.claimed.values())]
        return sorted({report.park_id for report in reports})

    def indicators(self):
        if self._indicators is None:
            self._indicators = {i.code: i for i in Indicator.objects.reported()}
        return self._indicators

    # -- writing -------------------------------------------------------------------------

    def save(self):
        """Write the batch: all of it, or nothing. It joins the caller's transaction if there
        is one (no savepoint) and takes a fixed number of statements, whatever its size.

        A refusal (StaleReportError, ReportError) is raised before anything is written, and
        leaves the caller's transaction usable."""
        with transaction.atomic(savepoint=False):
            refusal = self._submitted_parks_refusal() or self._stale_version_refusal()
            if refusal is None:
                self._write_reports()
                self._write_values()
                # One entry per submitted report, as the single path writes, in one statement.
                auditing.record_steps(self.submitted, self.user)
        if refusal is not None:
            raise refusal

    def _submitted_parks_refusal(self):
        if not self.submitted_parks:
            return None
        own = Park.objects.for_user(self.user).filter(pk__in=self.submitted_parks)
        if own.count() != len(self.submitted_parks):
            return ReportError(_("You may not submit this report."), code="forbidden")
        return None

    def _stale_version_refusal(self):
        """Versions must still be the ones read: lock and compare in one query."""
        if not self.claimed:
            return None
        current = dict(
            ParkReport.objects.select_for_update()
            .filter(pk__in=self.claimed)
            .values_list("pk", "version")
        )
        for pk, (report, expected) in self.claimed.items():
            if pk not in current:
                return StaleReportError(
                    _("A report was deleted meanwhile; nothing was saved."), code="stale"
                )
            if current[pk] != expected:
                return report.stale_error()
        return None

    def _write_reports(self):
        user, now, reason = self.user, self.now, self.reason
        new_reports = self.new_reports
        bulkwrite.insert(ParkReport, new_reports)
        if new_reports:
            by_key = {(report.park_id, report.period_id): report for report in new_reports}
            for pk, park_id, period_id in ParkReport.objects.filter(
                park_id__in={key[0] for key in by_key}, period_id__in={key[1] for key in by_key}
            ).values_list("pk", "park_id", "period_id"):
                if (park_id, period_id) in by_key:
                    by_key[park_id, period_id].pk = pk
            bulkwrite.mark_saved(new_reports)
        bulkwrite.insert_history(ParkReport, new_reports, "+", user, reason, now)
        changed = [report for report, _expected in self.claimed.values()]
        bulkwrite.update(ParkReport, changed, REPORT_FIELDS_CHANGED)
        bulkwrite.insert_history(ParkReport, changed, "~", user, reason, now)

    def _write_values(self):
        user, now, reason = self.user, self.now, self.reason
        new_values, changed_values = self.new_values, self.changed_values
        for row in new_values:
            row.report_id = row.report.pk
        bulkwrite.insert(ReportValue, new_values)
        if new_values:
            by_key = {(value.report_id, value.indicator_id): value for value in new_values}
            touched = [*self.new_reports, *(report for report, _v in self.claimed.values())]
            for pk, report_id, indicator_id in ReportValue.objects.filter(
                report__park_id__in={report.park_id for report in touched},
                report__period_id__in={report.period_id for report in touched},
            ).values_list("pk", "report_id", "indicator_id"):
                if (report_id, indicator_id) in by_key:
                    by_key[report_id, indicator_id].pk = by_key[report_id, indicator_id].id = pk
        bulkwrite.insert_history(ReportValue, new_values, "+", user, reason, now)
        fields = ["value", "warning", "note"] if self.notes_recorded else ["value", "warning"]
        bulkwrite.update(ReportValue, changed_values, fields)
        bulkwrite.insert_history(ReportValue, changed_values, "~", user, reason, now)
