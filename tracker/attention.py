"""What needs a user's attention: the one place that decides it.

A district owes a report for each of its active parks and each reporting period that is
open and fell due after the policy started; a report stops being owed once it is
submitted. A returned report is owed again, even in a locked period if its district may
still change it. Reviewers owe a decision on every submitted report, oldest first.

The officer's to-do and the reviewer's queue (on `/` and the admin index) read these
functions, and so do the reminders.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from parks.models import Park, user_district_id
from tracker.models import ParkReport, Policy, ReportingPeriod

MISSING = "missing"

DUE = "due"
OVERDUE = "overdue"
RETURNED = "returned"
DRAFT = "draft"
KINDS = (OVERDUE, RETURNED, DUE, DRAFT)


def policy_start():
    """The earliest published policy's publication date, as a subquery."""
    published = Policy.objects.published().order_by("published_on")
    return Subquery(published.values("published_on")[:1])


def owed_periods(periods=None):
    """Periods that fell due after the first policy was published: reports owed for them.

    Earlier periods (baseline quarters) may still be filled in, but nobody is late for them.
    With no published policy yet, every period counts.
    """
    periods = ReportingPeriod.objects.all() if periods is None else periods
    return periods.filter(Q(due_on__gt=policy_start()) | ~Exists(Policy.objects.published()))


def add_url(park_id, period_id):
    return f"{reverse('admin:tracker_parkreport_add')}?park={park_id}&period={period_id}"


def report_url(park_id, period_id, report):
    """The admin form for this park and quarter: the report's own page once it exists."""
    if report is not None:
        return reverse("admin:tracker_parkreport_change", args=[report.pk])
    return add_url(park_id, period_id)


@dataclass
class Owed:
    """One report a district still owes: missing, a draft, or returned."""

    park: Park
    period: ReportingPeriod
    report: ParkReport | None
    today: object

    @property
    def status(self):
        return self.report.status if self.report else MISSING

    @property
    def days_late(self):
        """Whole days past the due date (0 on the due date itself and before)."""
        return max(0, (self.today - self.period.due_on).days)

    @property
    def days_left(self):
        return (self.period.due_on - self.today).days

    @property
    def kind(self):
        if self.status == ParkReport.Status.RETURNED:
            return RETURNED
        if self.days_late:
            return OVERDUE
        return DRAFT if self.status == ParkReport.Status.DRAFT else DUE

    @property
    def reason(self):
        return self.report.reason if self.status == ParkReport.Status.RETURNED else ""

    @property
    def url(self):
        return report_url(self.park.pk, self.period.pk, self.report)

    @property
    def sort_key(self):
        return (self.period.due_on, self.park.sort_order, self.park.pk)


def owed_reports(parks, today=None):
    """Every report owed for `parks` (a Park queryset) on `today`, the one due first first.

    Three queries: parks, open periods, and those parks' reports that matter.
    """
    today = today or timezone.localdate()
    parks = list(parks)
    periods = {
        period.pk: period
        for period in owed_periods(ReportingPeriod.objects.open_on(today)).order_by("due_on")
    }
    by_pk = {park.pk: park for park in parks}
    reports = {}
    rows = ParkReport.objects.filter(park__in=parks).filter(
        # Returned reports also count outside an open period: a reviewer may have reopened
        # one in a locked period, which its district must still fix.
        Q(period__in=list(periods)) | Q(status=ParkReport.Status.RETURNED)
    )
    for report in rows.select_related("period"):
        report.park = by_pk[report.park_id]
        reports[(report.park_id, report.period_id)] = report
    owed = []
    for period in periods.values():
        for park in parks:
            report = reports.pop((park.pk, period.pk), None)
            if report is None or report.status in ParkReport.EDITABLE_STATUSES:
                owed.append(Owed(park, period, report, today))
    for report in reports.values():  # returned, in a period that is no longer open
        if report.is_editable_by_district(today):
            owed.append(Owed(report.park, report.period, report, today))
    return sorted(owed, key=lambda item: item.sort_key)


def awaiting_review(reports=None):
    """Submitted reports, the longest waiting first, with park, district and period."""
    reports = ParkReport.objects.all() if reports is None else reports
    return (
        reports.filter(status=ParkReport.Status.SUBMITTED)
        .select_related("park__district", "period", "submitted_by")
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
    )


def is_officer(user):
    # The permission first: it is cached on the user, the district profile is a query.
    return user.has_perm("tracker.add_parkreport") and user_district_id(user) is not None


def is_reviewer(user):
    return ParkReport.can_review(user)


class Attention:
    """What `user` should see first: an officer's to-do, a reviewer's queue, or nothing
    (managers). Nothing is read before it is used."""

    QUEUE_SHOWN = 10

    def __init__(self, user, today=None):
        self.user = user
        self.today = today or timezone.localdate()
        # Reviewers first: a superuser reviews and belongs to no district.
        self.role = "reviewer" if is_reviewer(user) else "officer" if is_officer(user) else None

    def __bool__(self):
        return self.role is not None

    @cached_property
    def owed(self):
        if self.role != "officer":
            return []
        return owed_reports(Park.objects.for_user(self.user).active(), self.today)

    @cached_property
    def by_kind(self):
        groups = {kind: [] for kind in KINDS}
        for item in self.owed:
            groups[item.kind].append(item)
        return groups

    @cached_property
    def counts(self):
        return {kind: len(items) for kind, items in self.by_kind.items()}

    @cached_property
    def queue(self):
        if self.role != "reviewer":
            return []
        return list(awaiting_review(ParkReport.objects.for_user(self.user)))

    @property
    def queue_shown(self):
        return self.queue[: self.QUEUE_SHOWN]

    def waiting_days(self, report):
        if report.submitted_at is None:
            return None
        return (self.today - timezone.localdate(report.submitted_at)).days

    @property
    def queue_rows(self):
        return [(report, self.waiting_days(report)) for report in self.queue_shown]

    @property
    def is_empty(self):
        return not self.owed and not self.queue
