"""Park reports and their figures, with the workflow rules (docs/architecture.md, "One place for each rule").

Policies, indicators and targets are defined in tracker/targets.py and reporting periods in
tracker/periods.py; they are imported here, so `tracker.models` still names every model.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.values import format_decimal, format_figure
from parks.models import Park
from tracker.auditing import record_step
from tracker.periods import ReportingPeriod, ReportingPeriodQuerySet, period_expiry_days
from tracker.targets import (
    Indicator,
    IndicatorQuerySet,
    Policy,
    PolicyQuerySet,
    Target,
    TargetQuerySet,
)
from tracker.validation import check_values
from tracker.versions import DataVersion, ParkVersion

__all__ = [
    "DataVersion",
    "ParkVersion",
    "DuplicateReportError",
    "Indicator",
    "IndicatorQuerySet",
    "ParkReport",
    "ParkReportQuerySet",
    "Policy",
    "PolicyQuerySet",
    "ReportError",
    "ReportValue",
    "ReportValueQuerySet",
    "ReportingPeriod",
    "ReportingPeriodQuerySet",
    "StaleReportError",
    "Target",
    "TargetQuerySet",
    "period_expiry_days",
]


class ReportError(ValidationError):
    """A workflow step that is not allowed; the message says why, in the user's language."""


class StaleReportError(ReportError):
    """Someone else saved the report since this user loaded it."""


class DuplicateReportError(ReportError):
    """Someone else created the report for this park and period first."""


def _who_and_when(report):
    user = report.updated_by
    who = (user.get_full_name() or user.get_username()) if user else _("another user")
    when = timezone.localtime(report.updated_at).strftime("%Y-%m-%d %H:%M:%S")
    return {"who": who, "when": when}


class ParkReportQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(park__in=Park.objects.for_user(user))

    def status_by_park_and_period(self):
        """{(park_id, period_id): (status, report_id)} in one query."""
        rows = self.values_list("park_id", "period_id", "status", "pk")
        return {(park, period): (status, pk) for park, period, status, pk in rows}

    def counted(self, include_submitted=False):
        """Reports whose figures count on the dashboards."""
        statuses = [ParkReport.Status.APPROVED]
        if include_submitted:
            statuses.append(ParkReport.Status.SUBMITTED)
        return self.filter(status__in=statuses)


class ParkReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        APPROVED = "approved", _("Approved")

    EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)

    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Park")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="reports", verbose_name=_("Period")
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("Version"), default=1)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("Updated at"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Last changed by"),
    )
    submitted_at = models.DateTimeField(_("Submitted at"), null=True, blank=True)
    # submitted_at moves on every resubmission; whether a district reported on time
    # depends on the first one.
    first_submitted_at = models.DateTimeField(_("First submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Submitted by"),
    )
    reviewed_at = models.DateTimeField(_("Reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Reviewed by"),
    )
    reason = models.TextField(_("Reason for return or reopening"), blank=True)
    unlocked = models.BooleanField(
        _("Reopened in a locked period"),
        default=False,
        help_text=_(
            "A reviewer sent this report back after its period locked: the district can change this one report until it is approved again."
        ),
    )
    has_warnings = models.BooleanField(_("Has warnings"), default=False)
    is_demo = models.BooleanField(_("Demo data"), default=False, editable=False)

    objects = ParkReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period__year", "-period__quarter", "park__sort_order"]
        verbose_name = _("Park report")
        verbose_name_plural = _("Park report")
        constraints = [
            models.UniqueConstraint(fields=["park", "period"], name="unique_report_per_period")
        ]
        permissions = [("review_parkreport", _("Can review park reports"))]

    def __str__(self):
        return f"{self.park} {self.period}"

    # -- who may do what ---------------------------------------------------------

    # Statuses under which a period past its due date counts as overdue for this park.
    OVERDUE_STATUSES = ("missing", Status.DRAFT, Status.RETURNED)

    def is_editable_by_district(self, day=None):
        """Draft or returned, in a period that is not locked, unless a reviewer unlocked
        this one report (`reopen`)."""
        return self.status in self.EDITABLE_STATUSES and (
            self.unlocked or not self.period.is_locked(day)
        )

    def can_edit(self, user, in_district=None):
        """May `user` change this report? `in_district`: whether the park is the user's, if
        the caller knows already (ReportBatch looks it up for many parks at once)."""
        if not user.has_perm("tracker.change_parkreport"):
            return False
        if in_district is None:
            in_district = Park.objects.for_user(user).filter(pk=self.park_id).exists()
        return in_district and self.is_editable_by_district()

    @staticmethod
    def can_review(user):
        return user.is_active and user.has_perm("tracker.review_parkreport")

    def stamp(self, user, now):
        """Record who changed the report, and when."""
        self.updated_by = user
        self.updated_at = now

    def claim_version(self, expected_version, user):
        """Bump the version only if nobody else has saved since `expected_version`."""
        claimed = ParkReport.objects.filter(pk=self.pk, version=expected_version).update(
            version=expected_version + 1
        )
        if not claimed:
            raise self.stale_error()
        # Every figure and status change passes here, inside its transaction.
        DataVersion.bump(parks=[self.park_id])
        self.version = expected_version + 1
        self.stamp(user, timezone.now())

    def stale_error(self):
        """The refusal for a save based on an old version: says who changed it, and when."""
        current = ParkReport.objects.select_related("updated_by").get(pk=self.pk)
        return StaleReportError(
            _(
                "This report was changed by %(who)s at %(when)s; your changes were not saved. Open the report again and redo your changes."
            ),
            code="stale",
            params=_who_and_when(current),
        )

    def start(self, user):
        """Create this (new) report; a concurrent duplicate is refused with who made it."""
        self.stamp(user, timezone.now())
        try:
            with transaction.atomic():
                self.save(force_insert=True)
                DataVersion.bump(parks=[self.park_id])
        except IntegrityError:
            self.pk = None
            existing = (
                ParkReport.objects.select_related("updated_by")
                .filter(park_id=self.park_id, period_id=self.period_id)
                .first()
            )
            if existing is None:
                raise
            raise DuplicateReportError(
                _(
                    "A report for %(park)s, %(period)s was just created by %(who)s at %(when)s; nothing was saved. Open that report from the list instead."
                ),
                code="duplicate",
                params={"park": self.park, "period": self.period, **_who_and_when(existing)},
            ) from None

    # -- figures -------------------------------------------------------------------

    @staticmethod
    def neighbour_values(park, period):
        """({code: value} of the previous quarter in the same year,
        {code: value} of the same quarter a year earlier) for this park, in one query."""
        found = ReportValue.objects.neighbour_values([park.pk], [period])
        previous_quarter, last_year = period.neighbours()
        return (
            found.get((park.pk, *previous_quarter), {}) if previous_quarter else {},
            found.get((park.pk, *last_year), {}),
        )

    @staticmethod
    def check_figures(park, period, raw_values):
        """Validate {code: raw value} for this park and period (see tracker.validation)."""
        indicators = {indicator.code: indicator for indicator in Indicator.objects.reported()}
        previous_quarter, last_year = ParkReport.neighbour_values(park, period)
        return check_values(
            indicators,
            raw_values,
            previous_quarter=previous_quarter,
            same_quarter_last_year=last_year,
        )

    def record_values(self, user, check_result, notes=None, expected_version=None):
        """Store checked figures; rows that do not change are not saved (so get no history).

        Returns True if anything changed. Refuses a save based on an old version.
        """
        indicators = {indicator.code: indicator for indicator in Indicator.objects.reported()}
        stored = {row.indicator.code: row for row in self.values.select_related("indicator")}
        rows = ReportValue.rows_to_write(
            stored,
            check_result,
            check_result.cleaned,
            notes or {},
            lambda code: ReportValue(report=self, indicator=indicators[code]),
        )
        has_warnings = bool(check_result.warnings)
        if not rows and has_warnings == self.has_warnings:
            return False
        with transaction.atomic():
            self.claim_version(self.version if expected_version is None else expected_version, user)
            for row in rows:
                row.save()
            self.has_warnings = has_warnings
            self.save()
        return True

    @staticmethod
    def value_history(report_id):
        """Every recorded change of this report's figures, newest first: who, when, old → new."""
        rows = (
            ReportValue.history.filter(report_id=report_id)
            .select_related("history_user", "indicator")
            .order_by("history_date", "history_id")
        )
        last_value, changes = {}, []
        for row in rows:
            deleted = row.history_type == "-"
            changes.append(
                {
                    "when": row.history_date,
                    "who": row.history_user,
                    "indicator": row.indicator.display_name,
                    "old": format_figure(last_value.get(row.id), row.indicator.value_type),
                    "new": "" if deleted else format_figure(row.value, row.indicator.value_type),
                    "note": row.note,
                    "warning": row.warning,
                    "kind": row.get_history_type_display(),
                }
            )
            last_value[row.id] = None if deleted else row.value
        changes.reverse()
        return changes

    # -- workflow ------------------------------------------------------------------

    # Steps that one report's methods here and ReportBatch (tracker.services, many at once)
    # both take: (statuses the step may start from, the status it leads to).
    SUBMIT_STEP = (EDITABLE_STATUSES, Status.SUBMITTED)
    # Figures replaced in bulk (a spreadsheet import) make the report a draft again, to be
    # submitted anew; the form keeps a returned report "returned" until it is submitted.
    REDRAFT_STEP = (EDITABLE_STATUSES, Status.DRAFT)

    def check_status(self, allowed_from):
        """Refuse a step that the report's status does not allow."""
        if self.status not in allowed_from:
            raise ReportError(
                _("The report is “%(status)s”; this step is not possible now."),
                code="bad_status",
                params={"status": self.get_status_display()},
            )

    def take_step(self, step, **changes):
        """Move to the step's status (in memory) and set the step's other fields."""
        allowed_from, new_status = step
        self.check_status(allowed_from)
        self.status = new_status
        for field, value in changes.items():
            setattr(self, field, value)

    def check_may_submit(self, user, in_district=None):
        if not self.can_edit(user, in_district):
            raise ReportError(_("You may not submit this report."), code="forbidden")

    def submission(self, user, now):
        """What a submission records besides the status."""
        return {
            "submitted_at": now,
            "submitted_by": user,
            "first_submitted_at": self.first_submitted_at or now,
        }

    def _transition(self, user, allowed_from, new_status, expected_version=None, **changes):
        before = self.status
        self.check_status(allowed_from)
        with transaction.atomic():
            self.claim_version(self.version if expected_version is None else expected_version, user)
            self.take_step((allowed_from, new_status), **changes)
            self.save()
            record_step(self, user, before)

    def submit(self, user, expected_version=None):
        self.check_may_submit(user)
        self._transition(
            user, *self.SUBMIT_STEP, expected_version, **self.submission(user, timezone.now())
        )

    def approve(self, user, expected_version=None):
        if not self.can_review(user):
            raise ReportError(
                _("Only city bureau reviewers can approve reports."), code="forbidden"
            )
        self._transition(
            user,
            [self.Status.SUBMITTED],
            self.Status.APPROVED,
            expected_version,
            reviewed_at=timezone.now(),
            reviewed_by=user,
            reason="",
            unlocked=False,
        )

    def return_to_district(self, user, reason, expected_version=None):
        self._review_with_reason(
            user,
            reason,
            [self.Status.SUBMITTED],
            expected_version,
            forbidden=_("Only city bureau reviewers can return reports."),
            missing_reason=_("A reason is required to return a report."),
        )

    def reopen(self, user, reason, expected_version=None):
        """Send an approved report back to its district, with a reason (kept in history).

        In a locked period (`ReportingPeriod.is_locked`) this also unlocks this one report:
        `unlocked` is set, so its district can change and resubmit it while the period's
        other reports stay locked; approving it again clears the flag. A draft or returned
        report stuck in a locked period can be reopened the same way.
        """
        allowed = [self.Status.APPROVED]
        if self.period.is_locked() and not self.unlocked:
            allowed += self.EDITABLE_STATUSES
        self._review_with_reason(
            user,
            reason,
            allowed,
            expected_version,
            forbidden=_("Only city bureau reviewers can reopen reports."),
            missing_reason=_("A reason is required to reopen a report."),
        )

    def _review_with_reason(
        self, user, reason, allowed_from, expected_version, forbidden, missing_reason
    ):
        if not self.can_review(user):
            raise ReportError(forbidden, code="forbidden")
        if not (reason or "").strip():
            raise ReportError(missing_reason, code="reason_required")
        # simple_history keeps it as this history row's change reason, and only this one's.
        self._change_reason = reason.strip()
        try:
            self._transition(
                user,
                allowed_from,
                self.Status.RETURNED,
                expected_version,
                reviewed_at=timezone.now(),
                reviewed_by=user,
                reason=reason.strip(),
                # Sent back to a district that could not otherwise change it any more.
                unlocked=self.unlocked or self.period.is_locked(),
            )
        finally:
            del self._change_reason

    def can_be_reopened(self):
        """Whether `reopen` would accept this report's status (for the review buttons)."""
        if self.status == self.Status.APPROVED:
            return True
        return self.status in self.EDITABLE_STATUSES and (
            self.period.is_locked() and not self.unlocked
        )


class ReportValueQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(report__park__in=Park.objects.for_user(user))

    def by_report_and_code(self, reports):
        """{report_id: {indicator_code: value}} for the given reports, in one query."""
        result = {}
        rows = self.filter(report__in=reports).values_list("report_id", "indicator__code", "value")
        for report_id, code, value in rows:
            result.setdefault(report_id, {})[code] = value
        return result

    def neighbour_values(self, park_ids, periods):
        """{(park_id, year, quarter): {code: value}} of the quarters that the checks of these
        parks' reports for these periods compare with (ReportingPeriod.neighbours), blank
        values left out, in one query."""
        keys = {key for period in periods for key in period.neighbours() if key is not None}
        if not keys or not park_ids:
            return {}
        wanted = models.Q()
        for year, quarter in sorted(keys):
            wanted |= models.Q(report__period__year=year, report__period__quarter=quarter)
        rows = self.filter(wanted, report__park_id__in=park_ids, value__isnull=False).values_list(
            "report__park_id",
            "report__period__year",
            "report__period__quarter",
            "indicator__code",
            "value",
        )
        result = {}
        for park_id, year, quarter, code, value in rows:
            result.setdefault((park_id, year, quarter), {})[code] = value
        return result


class ReportValue(models.Model):
    report = models.ForeignKey(
        ParkReport, on_delete=models.CASCADE, related_name="values", verbose_name=_("Report")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("Indicator")
    )
    value = models.DecimalField(_("Number"), max_digits=16, decimal_places=4, null=True, blank=True)
    note = models.CharField(_("Note"), max_length=200, blank=True)
    warning = models.CharField(_("Warning"), max_length=300, blank=True)

    objects = ReportValueQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "indicator__sort_order"]
        verbose_name = _("Report value")
        verbose_name_plural = _("Report value")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="unique_value_per_indicator"
            )
        ]

    def __str__(self):
        return f"{self.indicator.name}: {format_decimal(self.value)}"

    @staticmethod
    def rows_to_write(stored, check_result, codes, notes, new_row):
        """The rows of a report's figures that recording `check_result` creates or changes.

        stored: {code: ReportValue} of the report; codes: the indicators to record, in order;
        notes: {code: text}, or None to keep the stored notes; new_row(code) builds a row
        for an indicator the report has none for. A new row with neither value nor note is
        not written, nor is a stored row whose value, warning and note stay the same.
        """
        rows = []
        cleaned, warnings = check_result.cleaned, check_result.warnings
        for code in codes:
            value, warning = cleaned[code], warnings.get(code, "")
            note = None if notes is None else (notes.get(code) or "").strip()
            row = stored.get(code)
            if row is None:
                if value is None and not note:
                    continue
                row = new_row(code)
            elif row.value == value and row.warning == warning and note in (None, row.note):
                continue
            row.value, row.warning = value, warning
            if note is not None:
                row.note = note
            rows.append(row)
        return rows
