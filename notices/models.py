"""Notices: reminders about park reports, kept per user and mailed (issue 13).

A Notice row is both what the user sees under /notices/ and the log that makes
`send_reminders` idempotent: one row per recipient, kind, park, period and date bucket.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from parks.models import Park
from tracker.attention import MISSING
from tracker.models import ParkReport, ReportingPeriod


class Kind(models.TextChoices):
    DUE_SOON = "due_soon", _("Report due soon")
    OVERDUE = "overdue", _("Report overdue")
    RETURNED = "returned", _("Report returned")
    AWAITING_REVIEW = "awaiting_review", _("Report awaiting review")
    ESCALATION = "escalation", _("Overdue report escalated")


OFFICER_KINDS = (Kind.OVERDUE, Kind.RETURNED, Kind.DUE_SOON)
REVIEWER_KINDS = (Kind.ESCALATION, Kind.AWAITING_REVIEW)
# The order of the sections in a mail: the most pressing first.
KIND_ORDER = (*OFFICER_KINDS, *REVIEWER_KINDS)


def status_label(status):
    if status == MISSING:
        return _("Missing")
    return dict(ParkReport.Status.choices).get(status, status)


class NoticeQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at=None)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notice(models.Model):
    class Email(models.TextChoices):
        NONE = "none", _("Not mailed")
        PENDING = "pending", _("Mail pending")
        SENT = "sent", _("Mailed")
        DROPPED = "dropped", _("Mail dropped (no longer current)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("Recipient"),
    )
    kind = models.CharField(_("Kind"), max_length=20, choices=Kind.choices)
    park = models.ForeignKey(
        Park, on_delete=models.CASCADE, related_name="+", verbose_name=_("Park")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("Period")
    )
    report = models.ForeignKey(
        ParkReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Report"),
    )
    # Which occurrence of a standing condition this is (the 7-day or 1-day reminder, the
    # n-th week overdue, one return): the same bucket is never noticed twice.
    bucket = models.CharField(_("Occurrence"), max_length=40)
    params = models.JSONField(_("Details"), default=dict, blank=True)
    link = models.CharField(_("Link"), max_length=300)
    created_at = models.DateTimeField(_("Created at"), default=timezone.now)
    read_at = models.DateTimeField(_("Read at"), null=True, blank=True)
    email_state = models.CharField(
        _("Mail"), max_length=10, choices=Email.choices, default=Email.NONE
    )
    emailed_at = models.DateTimeField(_("Mailed at"), null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(_("Mail attempts"), default=0)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Notice")
        verbose_name_plural = _("Notices")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "park", "period", "bucket"], name="one_notice_per_occasion"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return self.text()

    @property
    def key(self):
        return (self.kind, self.park_id, self.period_id, self.bucket)

    @property
    def is_read(self):
        return self.read_at is not None

    def text(self):
        """One sentence in the active language, naming the park and quarter."""
        p = self.params
        names = {
            "park": self.park.display_name,
            "district": self.park.district.display_name,
            "period": self.period.display_label,
            "status": status_label(p.get("status")),
            "days": p.get("days", 0),
            "due": p.get("due", ""),
        }
        if self.kind == Kind.DUE_SOON:
            if not names["days"]:
                return gettext("%(park)s, %(period)s: the report is due today (%(due)s).") % names
            return (
                ngettext(
                    "%(park)s, %(period)s: the report is due on %(due)s, in %(days)d day.",
                    "%(park)s, %(period)s: the report is due on %(due)s, in %(days)d days.",
                    names["days"],
                )
                % names
            )
        if self.kind == Kind.OVERDUE:
            return (
                ngettext(
                    "%(park)s, %(period)s: the report was due on %(due)s and is %(days)d day late (%(status)s).",
                    "%(park)s, %(period)s: the report was due on %(due)s and is %(days)d days late (%(status)s).",
                    names["days"],
                )
                % names
            )
        if self.kind == Kind.RETURNED:
            return gettext(
                "%(park)s, %(period)s: the bureau returned the report on %(returned)s. Reason: %(reason)s"
            ) % {**names, "returned": p.get("returned", ""), "reason": p.get("reason", "")}
        if self.kind == Kind.AWAITING_REVIEW:
            return ngettext(
                "%(park)s (%(district)s), %(period)s: submitted on %(submitted)s, waiting for review for %(days)d day.",
                "%(park)s (%(district)s), %(period)s: submitted on %(submitted)s, waiting for review for %(days)d days.",
                names["days"],
            ) % {**names, "submitted": p.get("submitted", "")}
        return (
            ngettext(
                "%(park)s (%(district)s), %(period)s: the report was due on %(due)s and is %(days)d day overdue (%(status)s).",
                "%(park)s (%(district)s), %(period)s: the report was due on %(due)s and is %(days)d days overdue (%(status)s).",
                names["days"],
            )
            % names
        )

    def absolute_link(self):
        return f"{settings.SITE_URL}{self.link}"


def all_kinds():
    return [kind.value for kind in Kind]


class NoticePreference(models.Model):
    """What a user wants to hear about, and in which language; no row means the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notice_preference",
        verbose_name=_("User"),
    )
    language = models.CharField(
        _("Language of notices"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    kinds = models.JSONField(_("Notices wanted"), default=all_kinds, blank=True)

    class Meta:
        verbose_name = _("Notice preference")
        verbose_name_plural = _("Notice preferences")

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user):
        """The user's preference, unsaved defaults if they never chose."""
        try:
            return user.notice_preference
        except cls.DoesNotExist:
            return cls(user=user)

    def wants(self, kind):
        return kind in self.kinds
