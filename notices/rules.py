"""Which reminders the day's reports call for (issue 13).

What needs attention (which reports a district owes, which wait for a reviewer) is
decided once, in tracker.attention, for the to-do and these reminders alike. Here it is
only turned into reminder items: nothing writes or sends. Each item names its kind, park,
period and a date bucket, so that the same occasion is noticed only once.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from notices.models import Kind
from parks.models import Park
from tracker.attention import awaiting_review, owed_reports, report_url
from tracker.models import ParkReport, ReportingPeriod


@dataclass(frozen=True)
class Rules:
    days_before_due: tuple  # e.g. (7, 1): a reminder 7 days and again 1 day before
    review_after_days: int
    escalate_after_days: int
    repeat_days: int

    @classmethod
    def from_settings(cls):
        return cls(
            days_before_due=tuple(sorted(set(settings.REMINDER_DAYS_BEFORE_DUE))),
            review_after_days=settings.REMINDER_REVIEW_AFTER_DAYS,
            escalate_after_days=settings.REMINDER_ESCALATE_AFTER_DAYS,
            repeat_days=max(1, settings.REMINDER_REPEAT_DAYS),
        )

    def due_soon_bucket(self, days_left):
        """The smallest reminder threshold not below `days_left`, or None.

        A missed daily run still reminds: 5 days before the due date falls in the 7-day
        reminder if that was not sent, and the 1-day one follows when it is time.
        """
        if days_left < 0:
            return None
        for threshold in self.days_before_due:
            if days_left <= threshold:
                return f"d{threshold}"
        return None

    def repeat_bucket(self, days_past):
        """Standing conditions repeat every `repeat_days` days: 1..7 → 0, 8..14 → 1, …"""
        return (days_past - 1) // self.repeat_days


@dataclass
class Item:
    kind: str
    park: Park
    period: ReportingPeriod
    report: ParkReport | None
    bucket: str
    params: dict = field(default_factory=dict)

    @property
    def key(self):
        return (self.kind, self.park.pk, self.period.pk, self.bucket)

    @property
    def link(self):
        """The admin form for this park and quarter (an edit link once a report exists)."""
        if self.report is None and self.kind == Kind.ESCALATION:
            # Reviewers cannot start a district's report; the status page shows the gap.
            return reverse("submissions")
        return report_url(self.park.pk, self.period.pk, self.report)


def _stamp(moment):
    return timezone.localtime(moment).strftime("%Y%m%d%H%M%S")


def _district_items(rules, today, owed):
    """Due soon, overdue, returned and escalation for one report a district owes
    (tracker.attention.Owed)."""
    park, period, report, status = owed.park, owed.period, owed.report, owed.status
    items = []
    base = {"due": period.due_on.isoformat(), "status": status}
    days_left = (period.due_on - today).days
    bucket = rules.due_soon_bucket(days_left)
    if bucket:
        items.append(Item(Kind.DUE_SOON, park, period, report, bucket, {**base, "days": days_left}))
    days_late = -days_left
    if days_late > 0:
        bucket = f"w{rules.repeat_bucket(days_late)}"
        items.append(Item(Kind.OVERDUE, park, period, report, bucket, {**base, "days": days_late}))
    escalated = days_late - rules.escalate_after_days
    if escalated > 0:
        bucket = f"w{rules.repeat_bucket(escalated)}"
        items.append(
            Item(Kind.ESCALATION, park, period, report, bucket, {**base, "days": days_late})
        )
    if status == ParkReport.Status.RETURNED and report.reviewed_at:
        params = {
            "reason": report.reason,
            "returned": timezone.localdate(report.reviewed_at).isoformat(),
        }
        items.append(
            Item(Kind.RETURNED, park, period, report, f"r{_stamp(report.reviewed_at)}", params)
        )
    return items


def _awaiting_review(rules, today, report):
    submitted = timezone.localdate(report.submitted_at)
    waited = (today - submitted).days
    past = waited - rules.review_after_days
    if past <= 0:
        return None
    bucket = f"s{_stamp(report.submitted_at)}w{rules.repeat_bucket(past)}"
    params = {"submitted": submitted.isoformat(), "days": waited}
    return Item(Kind.AWAITING_REVIEW, report.park, report.period, report, bucket, params)


def outstanding(today=None, rules=None):
    """Every item that needs attention today, in a fixed number of queries."""
    today = today or timezone.localdate()
    rules = rules or Rules.from_settings()
    items = []
    for owed in owed_reports(Park.objects.active().select_related("district"), today):
        items.extend(_district_items(rules, today, owed))
    for report in awaiting_review().filter(period__in=ReportingPeriod.objects.started_by(today)):
        if report.submitted_at:
            item = _awaiting_review(rules, today, report)
            if item:
                items.append(item)
    return items
