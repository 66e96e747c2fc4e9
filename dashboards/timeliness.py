"""Timeliness of the districts' reports (issue 13): reporting rate, on-time rate, days late,
returns, and a light for the current quarter.

`timeliness()` is pure: it takes parks, periods and the facts of each report and returns
the table; `load()` reads those facts for a user (four queries, whatever the number of
reports).

- Expected: one report per active park for each period that fell due after the policy
  started and before today.
- Submitted: the report has been submitted at least once (a first submission time).
- On time: first submitted on or before the due date.
- Days late: from the due date to the first submission, or to today while still missing.
- Returns: how often a report was sent back to the district (returned or reopened).
- The current quarter's light, per district: red if a report is still missing more than
  seven days after the due date; yellow if one is late by up to seven days, came in late,
  or was returned and not yet resubmitted; green otherwise (every report in on time, or
  not yet due).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parks.models import Park
from tracker.attention import owed_periods
from tracker.models import ParkReport, ReportingPeriod

LATE_LIMIT_DAYS = 7

GREEN, YELLOW, RED = "green", "yellow", "red"
_LIGHT_ORDER = {GREEN: 0, YELLOW: 1, RED: 2}

NOT_DUE, ON_TIME, LATE, RETURNED, OVERDUE = "not_due", "on_time", "late", "returned", "overdue"


@dataclass(frozen=True)
class ReportFacts:
    """What timeliness needs of one park's report for one period."""

    status: str
    first_submitted_on: object = None  # a date, or None if never submitted
    returns: int = 0


NO_REPORT = ReportFacts(status="missing")


def days_late(due_on, facts, today):
    """Days from the due date to the first submission (or today, while missing); 0 if on time."""
    done = facts.first_submitted_on or today
    return max(0, (done - due_on).days)


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Tally:
    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    total_days_late: int = 0
    returns: int = 0

    def add(self, due_on, facts, today):
        self.expected += 1
        self.returns += facts.returns
        if facts.first_submitted_on is not None:
            self.submitted += 1
        late = days_late(due_on, facts, today)
        if late:
            self.late += 1
            self.total_days_late += late
        elif facts.first_submitted_on is not None:
            self.on_time += 1

    def merge(self, other):
        for name in ("expected", "submitted", "on_time", "late", "total_days_late", "returns"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def reporting_rate(self):
        return _percent(self.submitted, self.expected)

    @property
    def on_time_rate(self):
        return _percent(self.on_time, self.expected)

    @property
    def average_days_late(self):
        """Over the late reports only (submitted late, or still missing)."""
        if not self.late:
            return None
        return (Decimal(self.total_days_late) / self.late).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


@dataclass(frozen=True)
class QuarterState:
    """One park's report in the current quarter."""

    code: str
    days: int = 0

    @property
    def light(self):
        if self.code == OVERDUE and self.days > LATE_LIMIT_DAYS:
            return RED
        if self.code in (OVERDUE, LATE, RETURNED):
            return YELLOW
        return GREEN

    @property
    def label(self):
        if self.code == NOT_DUE:
            return _("Not yet due")
        if self.code == ON_TIME:
            return _("Submitted on time")
        if self.code == RETURNED:
            return _("Returned, not yet resubmitted")
        if self.code == LATE:
            return ngettext(
                "Submitted %(days)d day late", "Submitted %(days)d days late", self.days
            ) % {"days": self.days}
        return ngettext("%(days)d day overdue", "%(days)d days overdue", self.days) % {
            "days": self.days
        }


def quarter_state(due_on, facts, today):
    if facts.status == ParkReport.Status.RETURNED:
        return QuarterState(RETURNED, days_late(due_on, facts, today))
    late = days_late(due_on, facts, today)
    if facts.first_submitted_on is None:
        return QuarterState(OVERDUE, late) if late else QuarterState(NOT_DUE)
    return QuarterState(LATE, late) if late else QuarterState(ON_TIME)


def light_label(light):
    return {GREEN: _("Green"), YELLOW: _("Yellow"), RED: _("Red")}[light]


@dataclass
class Row:
    """A district (with its parks' states), one of its parks, or the total."""

    level: str  # "district", "park" or "total"
    district: object = None
    park: object = None
    tally: Tally = field(default_factory=Tally)
    states: list = field(default_factory=list)

    @property
    def name(self):
        if self.level == "park":
            return self.park.display_name
        if self.level == "district":
            return self.district.display_name
        return _("All parks shown")

    @property
    def light(self):
        if not self.states:
            return None
        return max((state.light for state in self.states), key=_LIGHT_ORDER.get)

    @property
    def light_label(self):
        return light_label(self.light) if self.light else ""

    @property
    def current_text(self):
        """The current quarter in words: a park's state, or what lit a district's light."""
        if not self.states:
            return ""
        if self.level == "park":
            return self.states[0].label
        return summary_text(self.states)


def summary_text(states):
    counts = defaultdict(int)
    for state in states:
        key = RED if state.light == RED else state.code
        counts[key] += 1
    parts = []
    if counts[RED]:
        parts.append(
            ngettext(
                "%(count)d report more than %(limit)d days overdue",
                "%(count)d reports more than %(limit)d days overdue",
                counts[RED],
            )
            % {"count": counts[RED], "limit": LATE_LIMIT_DAYS}
        )
    for code, singular, plural in (
        (OVERDUE, "%(count)d report overdue", "%(count)d reports overdue"),
        (LATE, "%(count)d report submitted late", "%(count)d reports submitted late"),
        (RETURNED, "%(count)d report returned", "%(count)d reports returned"),
    ):
        if counts[code]:
            parts.append(ngettext(singular, plural, counts[code]) % {"count": counts[code]})
    if not parts:
        done = counts[ON_TIME]
        if done == len(states):
            return _("All submitted on time")
        return _("None late so far; %(done)d of %(total)d submitted") % {
            "done": done,
            "total": len(states),
        }
    return _("; ").join(parts)


def timeliness(parks, periods, current, facts, today):
    """The table: for each district a row, then a row per park; a total if several districts.

    parks: active parks, in display order, with `.district`; periods: the expected periods
    (due after the policy started and before today); current: the current quarter or None;
    facts: {(park_id, period_id): ReportFacts}; today: a date.
    """
    groups = {}  # district_id: (district row, [park rows])
    total = Row("total")
    for park in parks:
        row = Row("park", district=park.district, park=park)
        for period in periods:
            row.tally.add(period.due_on, facts.get((park.pk, period.pk), NO_REPORT), today)
        if current is not None:
            facts_now = facts.get((park.pk, current.pk), NO_REPORT)
            row.states.append(quarter_state(current.due_on, facts_now, today))
        district_row, park_rows = groups.setdefault(
            park.district_id, (Row("district", district=park.district), [])
        )
        park_rows.append(row)
        district_row.tally.merge(row.tally)
        district_row.states.extend(row.states)
        total.tally.merge(row.tally)
    ordered = sorted(groups.values(), key=lambda g: (g[0].district.sort_order, g[0].district.pk))
    table = []
    for district_row, park_rows in ordered:
        table.append(district_row)
        table.extend(park_rows)
    if len(ordered) > 1:
        table.append(total)
    return table


# -- reading the facts -----------------------------------------------------------------------


@dataclass
class Timeliness:
    rows: list
    periods: list
    current: object
    today: object

    @property
    def first_period(self):
        return self.periods[0] if self.periods else None

    @property
    def last_period(self):
        return self.periods[-1] if self.periods else None


def returns_by_report(reports):
    """{report_id: times it entered the returned status}, from the reports' history."""
    counts = defaultdict(int)
    previous = {}
    rows = (
        ParkReport.history.filter(id__in=reports)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "status")
    )
    for report_id, status in rows:
        if status == ParkReport.Status.RETURNED and previous.get(report_id) != status:
            counts[report_id] += 1
        previous[report_id] = status
    return counts


def load(user, today=None):
    """The timeliness table for the parks `user` may see."""
    today = today or timezone.localdate()
    parks = list(Park.objects.for_user(user).active().select_related("district"))
    periods = list(owed_periods(ReportingPeriod.objects.started_by(today)).order_by("due_on"))
    current = periods[-1] if periods else None
    expected = [period for period in periods if period.due_on < today]
    reports = ParkReport.objects.filter(park__in=parks, period__in=periods)
    facts = {}
    rows = reports.values_list(
        "pk", "park_id", "period_id", "status", "first_submitted_at", "submitted_at"
    )
    returns = returns_by_report(reports.values("pk"))
    for pk, park_id, period_id, status, first, latest in rows:
        submitted = first or latest
        facts[(park_id, period_id)] = ReportFacts(
            status=status,
            first_submitted_on=timezone.localdate(submitted) if submitted else None,
            returns=returns.get(pk, 0),
        )
    table = timeliness(parks, expected, current, facts, today)
    return Timeliness(rows=table, periods=expected, current=current, today=today)


# -- the download --------------------------------------------------------------------------


def export_header(table):
    current = table.current.display_label if table.current else ""
    return [
        _("District"),
        _("Park"),
        _("Expected reports"),
        _("Submitted"),
        _("Reporting rate (%)"),
        _("On time"),
        _("On-time rate (%)"),
        _("Late"),
        _("Average days late"),
        _("Returns"),
        _("%(period)s light") % {"period": current},
        _("%(period)s in words") % {"period": current},
    ]


def export_rows(table):
    """One list per row; numbers stay numbers (None where there is nothing to divide)."""
    for row in table.rows:
        tally = row.tally
        yield [
            row.district.display_name if row.district else row.name,
            row.park.display_name if row.park else "",
            tally.expected,
            tally.submitted,
            tally.reporting_rate,
            tally.on_time,
            tally.on_time_rate,
            tally.late,
            tally.average_days_late,
            tally.returns,
            row.light_label,
            row.current_text,
        ]
