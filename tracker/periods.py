"""Reporting periods: the quarters districts report on, when they open, fall due and lock."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.values import format_period, quarter_end


def period_expiry_days():
    """settings.PERIOD_EXPIRY_DAYS: days after the due date a period stays open; 0 = forever."""
    return settings.PERIOD_EXPIRY_DAYS


class ReportingPeriodQuerySet(models.QuerySet):
    def unlocked_on(self, day):
        """Periods neither locked by hand nor past their due date + expiry days on `day`."""
        periods = self.filter(locked=False)
        if period_expiry_days():
            periods = periods.filter(due_on__gte=day - datetime.timedelta(period_expiry_days()))
        return periods

    def open_on(self, day):
        return self.unlocked_on(day).filter(opens_on__lte=day)

    def started_by(self, day):
        return self.filter(opens_on__lte=day)

    def ensure_through(self, last_year, first_year=None):
        """Create the missing quarters from `first_year` (default: the earliest period's
        year, or this year on an empty table) through `last_year`; returns the new periods.

        Existing periods, with any dates the bureau changed, are left as they are, so this
        is safe to run any number of times (cron runs it daily: deploy/periods/).
        """
        existing = set(ReportingPeriod.objects.values_list("year", "quarter"))
        if first_year is None:
            first_year = min((year for year, _q in existing), default=timezone.localdate().year)
        created = []
        for year in range(first_year, last_year + 1):
            for quarter in range(1, 5):
                if (year, quarter) in existing:
                    continue
                new = ReportingPeriod.for_quarter(year, quarter)
                period, made = ReportingPeriod.objects.get_or_create(
                    year=year,
                    quarter=quarter,
                    defaults={"opens_on": new.opens_on, "due_on": new.due_on},
                )
                if made:
                    created.append(period)
        return created


class ReportingPeriod(models.Model):
    """A quarter districts report on.

    It locks (`is_locked`) when the bureau ticks `locked`, or by itself PERIOD_EXPIRY_DAYS
    after its due date. A reviewer can still reopen one report of a locked period for its
    district: see `ParkReport.reopen`.
    """

    # Quarterly figures can be reported from the day after the quarter ends and are due
    # 20 days after it ends, as with the statistics bureau's quarterly returns. The bureau
    # can move a single period's dates in the admin.
    DUE_DAYS_AFTER_QUARTER_END = 20

    year = models.PositiveSmallIntegerField(_("Year"))
    quarter = models.PositiveSmallIntegerField(
        _("Quarter"), choices=[(1, _("Q1")), (2, _("Q2")), (3, _("Q3")), (4, _("Q4"))]
    )
    opens_on = models.DateField(_("Opens on"))
    due_on = models.DateField(_("Due on"))
    locked = models.BooleanField(
        _("Locked"),
        default=False,
        help_text=_(
            "Lock the period now. Without this, it locks by itself a set number of days after its due date. Once locked, district officers can no longer change this period's reports."
        ),
    )

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter"]
        verbose_name = _("Reporting period")
        verbose_name_plural = _("Reporting period")
        constraints = [
            models.UniqueConstraint(fields=["year", "quarter"], name="unique_period"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"
            ),
        ]

    def __str__(self):
        return self.display_label

    @classmethod
    def for_quarter(cls, year, quarter):
        """An unsaved period for the quarter, with the usual opening and due dates."""
        end = quarter_end(year, quarter)
        return cls(
            year=year,
            quarter=quarter,
            opens_on=end + datetime.timedelta(days=1),
            due_on=end + datetime.timedelta(days=cls.DUE_DAYS_AFTER_QUARTER_END),
        )

    @property
    def label(self):
        return format_period(self.year, self.quarter)

    @property
    def display_label(self):
        return _("%(year)d Q%(quarter)d") % {"year": self.year, "quarter": self.quarter}

    @property
    def end_date(self):
        return quarter_end(self.year, self.quarter)

    @property
    def expires_on(self):
        """The last day districts can change this period's reports, or None if it does not
        expire (PERIOD_EXPIRY_DAYS = 0)."""
        days = period_expiry_days()
        return self.due_on + datetime.timedelta(days=days) if days else None

    def is_locked(self, day=None):
        """Locked by hand, or past its due date + PERIOD_EXPIRY_DAYS on `day` (default today)."""
        if self.locked:
            return True
        expires = self.expires_on
        return expires is not None and (day or timezone.localdate()) > expires

    def is_open(self, day=None):
        day = day or timezone.localdate()
        return self.opens_on <= day and not self.is_locked(day)

    def is_overdue(self, day=None):
        return (day or timezone.localdate()) > self.due_on

    def neighbours(self):
        """(year, quarter) of the previous quarter in the same year (None for Q1) and of the
        same quarter a year earlier: the figures a report's checks compare with."""
        previous = (self.year, self.quarter - 1) if self.quarter > 1 else None
        return previous, (self.year - 1, self.quarter)
