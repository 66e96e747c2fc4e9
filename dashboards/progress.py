"""Progress against the targets: the database side of dashboards/evaluation.py.

`Progress.load(user, ...)` fetches everything a dashboard page needs in a fixed number of
queries, whatever the number of quarters in the database, and turns the rows into the plain
Observations that dashboards/evaluation.py works on.

The district rule: per-park figures are kept for the parks `Park.objects.for_user(user)`
returns and for no other park. Belt-level figures (the number of parks at a revenue level,
the belt's total revenue) are computed over every active park, because the aggregate is
the bureau's public goal; the names behind them are only given for visible parks.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from common.values import format_period, quarter_end
from dashboards import evaluation as ev
from dashboards.labels import figure_text, outcome_label, status_label
from parks.models import Enterprise, Park
from tracker.models import Indicator, ParkReport, Policy, ReportingPeriod, ReportValue, Target

IN_FORCE = object()  # Progress.load's default policy: the one in force
EVERY_PARK = object()  # Progress.load's user who sees every park (dashboards/standings.py)

# Worst first: a park-scope target is as far along as its furthest-behind park.
SEVERITY = (ev.MISSED, ev.OFF_TRACK, ev.AT_RISK, ev.NO_DATA, ev.ON_TRACK, ev.ACHIEVED)
LAGGING = (ev.MISSED, ev.OFF_TRACK, ev.AT_RISK, ev.NO_DATA)

# Register indicators count the enterprise register's rows of these roles.
REGISTER_ROLES = {
    "chain_leaders": (Enterprise.Role.CHAIN_LEADER,),
    "chain_partners": (Enterprise.Role.UPSTREAM, Enterprise.Role.DOWNSTREAM),
}
# Derived indicators: code -> (numerator code, denominator code), as a percentage.
DERIVED_SHARES = {"core_share": ("core_revenue", "revenue")}
REVENUE = "revenue"
# Revenue grows by a rate, not by a fixed amount a year: its path is compound.
COMPOUND_INDICATORS = {REVENUE}

INCLUDE_APPROVED = "approved"
INCLUDE_SUBMITTED = "submitted"
INCLUDE_CHOICES = (INCLUDE_APPROVED, INCLUDE_SUBMITTED)


def _last_quarter_by(day):
    """(year, quarter) of the last quarter that ends on or before `day`."""
    for quarter in (4, 3, 2, 1):
        if quarter_end(day.year, quarter) <= day:
            return (day.year, quarter)
    return (day.year - 1, 4)


# (year, quarter) of a Quarter or an Observation.
_quarter_key = _period_key = attrgetter("year", "quarter")


def _last_by(observations, cutoff=None):
    """ev.latest_observation of a park's figures (up to the (year, quarter) `cutoff`, if
    given), read from the end: load() sorts them and keeps one per quarter, so the latest is
    the last one with a value, and a page need not look at each park's every figure."""
    for observation in reversed(observations):
        if observation.value is not None and (
            cutoff is None or (observation.year, observation.quarter) <= cutoff
        ):
            return observation
    return None


def thresholds():
    return ev.Thresholds(
        on_track=Decimal(str(settings.PROGRESS_ON_TRACK_RATIO)),
        at_risk=Decimal(str(settings.PROGRESS_AT_RISK_RATIO)),
    )


def worst(statuses):
    statuses = [status for status in statuses if status in SEVERITY]
    if not statuses:
        return ev.NO_DATA
    return min(statuses, key=SEVERITY.index)


@dataclass(frozen=True)
class Quarter:
    year: int
    quarter: int

    @property
    def label(self):
        return format_period(self.year, self.quarter)

    @property
    def end_date(self):
        return quarter_end(self.year, self.quarter)


@dataclass
class ParkTargetResult:
    park: Park
    evaluation: ev.Evaluation
    outcome: ev.Outcome | None = None
    target: Target | None = None

    @property
    def status(self):
        return self.evaluation.status

    @property
    def status_label(self):
        return status_label(self.status)

    @property
    def outcome_label(self):
        return outcome_label(self.outcome)

    @property
    def actual_text(self):
        """The final figure as read: 是/否 for yes/no, else number and unit ("" if none)."""
        return figure_text(self.target.indicator, self.evaluation.actual) if self.target else ""


@dataclass
class TargetResult:
    """One target's standing for the user: park scope summarises the visible parks."""

    target: Target
    status: str
    evaluation: ev.Evaluation | None = None
    parks: list[ParkTargetResult] = field(default_factory=list)
    counts: list[ev.ParkLevelCount] = field(default_factory=list)
    latest_count: ev.ParkLevelCount | None = None
    outcome: ev.Outcome | None = None

    @property
    def status_label(self):
        return status_label(self.status)

    @property
    def outcome_label(self):
        return outcome_label(self.outcome)

    def parks_by_outcome(self, kind):
        return [result for result in self.parks if result.outcome and result.outcome.kind == kind]

    @property
    def achieved_parks(self):
        return sum(1 for result in self.parks if result.status == ev.ACHIEVED)

    @property
    def lagging_parks(self):
        return [result for result in self.parks if result.status in LAGGING]


class Progress:
    """Everything the dashboards need for one user on one date, loaded in one go."""

    def __init__(self, *, user, as_of, include_submitted):
        self.user = user
        self.as_of = as_of
        self.include_submitted = include_submitted
        self.thresholds = thresholds()

    @classmethod
    def load(
        cls, user, *, policy=IN_FORCE, include_submitted=False, as_of=None, parks=None, codes=None
    ):
        """Queries: the policy in force (1 or 2, unless `policy` is given), targets (1), indicators (1), periods (1), active parks (1), the user's
        visible parks (1 plus the auth lookups for_user needs), counted report values (1),
        register counts (1). None of them grows with the number of quarters.

        parks: a Park queryset to narrow the page to (a park or a district page); belt
        aggregates then cover those parks only, so such pages must not show them.
        codes: load only these indicators (and what derived ones are computed from).
        policy: whose targets to follow (never two policies' on one page); a list of policies
        only for the policy list, which counts each one's statuses apart.
        """
        self = cls._frame(user, policy, include_submitted, as_of, parks, codes)
        self._load_figures()
        return self

    def _load_figures(self):
        self._observations = defaultdict(list)
        self._belt_revenue = defaultdict(list)
        self._load_report_values(
            {park.pk for park in self.active_parks},
            self._periods,
            {i.pk: i.code for i in self.every_indicator if i.code in self.codes},
        )
        self._load_register()
        self._derive_shares()
        # Sorted once here, so that observations() hands out the lists as they are.
        for observations in (*self._observations.values(), *self._belt_revenue.values()):
            observations.sort(key=_period_key)
        # A year's annual value then reads its own figures, not every year's.
        self._belt_by_year = {pk: ev.by_year(found) for pk, found in self._belt_revenue.items()}

    @classmethod
    def _frame(cls, user, policy, include_submitted, as_of, parks, codes):
        """What every page needs before its figures: the policy's targets, the indicators,
        the quarters up to the as-of date and the active and visible parks. `user` EVERY_PARK
        sees every park (dashboards/standings.py, whose results any user's page reuses)."""
        self = cls(
            user=user,
            as_of=as_of or timezone.localdate(),
            include_submitted=bool(include_submitted),
        )
        if policy is IN_FORCE:
            policy = Policy.objects.in_force()
        self.policies = policy if isinstance(policy, list | tuple) else [policy] if policy else []
        self.policy = policy if not isinstance(policy, list | tuple) else None
        self.targets = (
            list(
                Target.objects.filter(policy__in=self.policies).select_related(
                    "indicator", "policy"
                )
            )
            if self.policies
            else []
        )
        # Every indicator, for the figures' indicator ids; the pages work on the active ones.
        self.every_indicator = list(Indicator.objects.all())
        self.indicators = {i.code: i for i in self.every_indicator if i.active}
        self.codes = set(self.indicators) if codes is None else set(codes)
        for code in list(self.codes):
            self.codes.update(DERIVED_SHARES.get(code, ()))
        self.first_year = self._first_year()
        self.years = list(range(self.first_year, self.as_of.year + 1))
        self._periods = {
            pk: Quarter(year, q)
            for pk, year, q in ReportingPeriod.objects.filter(
                year__gte=self.first_year, year__lte=self.as_of.year
            ).values_list("pk", "year", "quarter")
        }
        self.quarters = [q for q in self._periods.values() if q.end_date <= self.as_of]
        scope = Park.objects.active() if parks is None else parks.active()
        self.active_parks = list(scope.select_related("district"))
        if user is EVERY_PARK:
            self.parks = list(self.active_parks)
        else:
            visible_ids = set(Park.objects.for_user(user).values_list("pk", flat=True))
            self.parks = [park for park in self.active_parks if park.pk in visible_ids]
        self.park_by_id = {park.pk: park for park in self.parks}
        self.belt_park_count = len(self.active_parks)
        self._annual_cache = {}
        self._names = None
        return self

    def _first_year(self):
        """The dashboards start at the policy's baseline year: older figures do not bear on
        its targets, and loading them would make every page slower as the years go by."""
        years = [policy.start_year for policy in self.policies] or [self.as_of.year]
        return min(min(years), self.as_of.year)

    @property
    def include_param(self):
        return INCLUDE_SUBMITTED if self.include_submitted else INCLUDE_APPROVED

    @property
    def policy_param(self):
        """`&policy=<code>` for links that must stay on this page's policy."""
        return f"&policy={self.policy.code}" if self.policy else ""

    # -- loading ---------------------------------------------------------------------------

    def _load_report_values(self, active_ids, periods, codes):
        """periods: {period id: Quarter} of the window; codes: {indicator id: code} of the
        indicators to load. The rows carry ids, read through these two, rather than joining
        the periods and indicators for each of tens of thousands of figures."""
        reports = ParkReport.objects.counted(self.include_submitted).filter(
            period__year__gte=self.first_year,
            period__year__lte=self.as_of.year,
            park__in=list(active_ids),
        )
        last = max(self.quarters, key=_quarter_key, default=None)
        if last is None:
            return
        # Nothing after the as-of date: later quarters of its year are left out here.
        reports = reports.exclude(period__year=last.year, period__quarter__gt=last.quarter)
        rows = ReportValue.objects.filter(report__in=reports, indicator_id__in=sorted(codes))
        if not active_ids <= self.park_by_id.keys():
            # Other users' parks only feed the belt's revenue aggregates.
            wanted = Q(report__park__in=list(self.park_by_id))
            if REVENUE in self.codes:
                wanted |= Q(indicator__code=REVENUE)
            rows = rows.filter(wanted)
        rows = (
            rows.exclude(value=None)
            .order_by()  # sorted once in load(); the database's sort cost a fifth of this
            .values_list(
                "report__park_id", "indicator_id", "report__period_id", "value", "report__status"
            )
        )
        approved = str(ParkReport.Status.APPROVED)
        visible, observations, belt = self.park_by_id, self._observations, self._belt_revenue
        trusted = ev.Observation.trusted  # database rows: a Decimal, a quarter 1–4
        for park_id, indicator_id, period_id, value, status in rows:
            code, period = codes[indicator_id], periods[period_id]
            observation = trusted(period.year, period.quarter, value, status != approved)
            if code == REVENUE:
                belt[park_id].append(observation)
            if park_id in visible:
                observations[park_id, code].append(observation)

    def _load_register(self):
        """One row per (park, role) with a count per quarter-end in the window, computed by
        the database, so neither the rows nor the work grow with the register's history."""
        codes = [code for code in REGISTER_ROLES if code in self.indicators and code in self.codes]
        if not codes or not self.quarters or not self.park_by_id:
            return
        role_to_code = {role: code for code in codes for role in REGISTER_ROLES[code]}
        counts = {
            f"firms_{quarter.year}_{quarter.quarter}": Count(
                "id", filter=Q(introduced_on__lte=quarter.end_date)
            )
            for quarter in self.quarters
        }
        rows = (
            (
                Enterprise.objects
                if self.user is EVERY_PARK
                else Enterprise.objects.for_user(self.user)
            )
            .filter(park__in=list(self.park_by_id), role__in=list(role_to_code))
            .values("park_id", "role")
            .annotate(**counts)
            .order_by()
        )
        names = list(counts)
        totals = {}
        for row in rows:
            key = (row["park_id"], role_to_code[row["role"]])
            found = [row[name] for name in names]
            previous = totals.get(key)
            totals[key] = (
                found if previous is None else [a + b for a, b in zip(previous, found, strict=True)]
            )
        zero = [0] * len(names)
        trusted = ev.Observation.trusted
        # A quarter's count is a small number many parks share: one (frozen) observation each.
        shared = {}
        for park_id in self.park_by_id:
            for code in codes:
                found = []
                for q, firms in zip(self.quarters, totals.get((park_id, code), zero), strict=True):
                    key = (q, firms)
                    if key not in shared:
                        shared[key] = trusted(q.year, q.quarter, Decimal(firms))
                    found.append(shared[key])
                self._observations[park_id, code] = found

    def _derive_shares(self):
        trusted, share, found = ev.Observation.trusted, ev.share, self._observations
        for code, (part_code, whole_code) in DERIVED_SHARES.items():
            if code not in self.indicators or code not in self.codes:
                continue
            for park_id in self.park_by_id:
                wholes = {(o.year, o.quarter): o for o in found.get((park_id, whole_code), ())}
                derived = found[park_id, code]
                for part in found.get((park_id, part_code), ()):
                    whole = wholes.get((part.year, part.quarter))
                    if whole is None:
                        continue
                    value = share(part.value, whole.value)
                    if value is not None:
                        provisional = part.provisional or whole.provisional
                        derived.append(trusted(part.year, part.quarter, value, provisional))

    # -- per park ---------------------------------------------------------------------------

    def observations(self, park, code):
        """A visible park's figures of one indicator, oldest first (sorted by load(): the
        list itself, which callers read and never change)."""
        park_id = getattr(park, "pk", park)
        if park_id not in self.park_by_id:
            return []
        return self._observations.get((park_id, code), [])

    def latest(self, park, code):
        return _last_by(self.observations(park, code))

    def annual(self, park, code, year):
        indicator = self.indicators[code]
        return ev.annual_value(indicator.period_rule, self.observations(park, code), year)

    def value_at(self, park, code, quarter):
        indicator = self.indicators[code]
        return ev.value_at(
            indicator.period_rule, self.observations(park, code), quarter.year, quarter.quarter
        )

    def provisional_at(self, park, code, quarter):
        return any(
            o.provisional
            for o in self.observations(park, code)
            if (o.year, o.quarter) == (quarter.year, quarter.quarter)
        )

    def latest_quarter(self, code):
        """The latest quarter in which any visible park has a figure of the indicator."""
        found = [(o.year, o.quarter) for park in self.parks for o in self.observations(park, code)]
        return Quarter(*max(found)) if found else None

    def evaluate_for_park(self, target, park):
        code = target.indicator.code
        observations = self.observations(park, code)
        deadline = target.milestone
        # After the deadline the final figure is the last one on or before it.
        cutoff = _last_quarter_by(deadline) if self.as_of >= deadline else None
        return ev.evaluate(
            comparator=target.comparator or ev.GE,
            target=target.value,
            deadline=deadline,
            as_of=self.as_of,
            baseline=observations[0] if observations else None,
            latest=_last_by(observations, cutoff),
            path=ev.COMPOUND if code in COMPOUND_INDICATORS else ev.LINEAR,
            thresholds=self.thresholds,
        )

    def park_outcome(self, target, park, evaluation):
        """The park's outcome against the deadline (on time, late with its quarter, …)."""
        if target.value is None:
            return ev.Outcome(ev.NOT_QUANTIFIED, ev.NOT_QUANTIFIED)
        indicator = self.indicators[target.indicator.code]
        figures = ev.comparable_figures(
            indicator.period_rule, self.observations(park, indicator.code)
        )
        return ev.outcome(evaluation, target.comparator or ev.GE, figures)

    def park_result(self, target, park):
        evaluation = self.evaluate_for_park(target, park)
        return ParkTargetResult(
            park=park,
            evaluation=evaluation,
            outcome=self.park_outcome(target, park, evaluation),
            target=target,
        )

    # -- the belt ---------------------------------------------------------------------------

    def belt_annual_revenue(self, year):
        """{park id: AnnualValue} for every active park with a revenue figure that year."""
        if year not in self._annual_cache:
            self._annual_cache[year] = {
                park_id: ev.annual_value(ev.YTD, by_year.get(year, ()), year)
                for park_id, by_year in self._belt_by_year.items()
            }
        return self._annual_cache[year]

    def belt_projections(self, year):
        """Year-end projections from the YTD figure, for the current year only."""
        if year != self.as_of.year:
            return None
        key = ("projections", year)
        if key not in self._annual_cache:
            found = {pk: years.get(year, ()) for pk, years in self._belt_by_year.items()}
            self._annual_cache[key] = {
                pk: ev.project_year_end(ev.YTD, figures, year) for pk, figures in found.items()
            }
        return self._annual_cache[key]

    def parks_at_level(self, level, year):
        # Asked for again by each belt target, its chart and the level names: counted once.
        key = ("level", level, year)
        if key not in self._annual_cache:
            annual, projections = self.belt_annual_revenue(year), self.belt_projections(year)
            count = ev.count_parks_at_level(annual, level, year, projections=projections)
            self._annual_cache[key] = count
        return self._annual_cache[key]

    def belt_revenue_total(self, year):
        """(total, projected, provisional) of the parks' annual revenue; projected when the
        current year's total uses year-end projections."""
        annual = self.belt_annual_revenue(year)
        projections = self.belt_projections(year) or {}
        total = Decimal(0)
        projected = provisional = False
        found = False
        for park_id, value in annual.items():
            if value.complete and value.value is not None:
                total += value.value
                provisional = provisional or value.provisional
                found = True
            elif projections.get(park_id) is not None:
                total += projections[park_id]
                projected = found = True
                provisional = provisional or value.provisional
        return (total if found else None), projected, provisional

    def visible_names(self, park_ids):
        """Names of the visible parks among `park_ids`, and how many others there are."""
        if self._names is None:
            # Read once per page: each level and year names up to every park again.
            self._names = {pk: park.display_name for pk, park in self.park_by_id.items()}
        names = [self._names[pk] for pk in park_ids if pk in self._names]
        return names, len(park_ids) - len(names)

    def evaluate_belt(self, target):
        counts = [self.parks_at_level(target.park_level, year) for year in self.years]
        complete = [
            count for count in counts if not count.projected and self.year_has_data(count.year)
        ]
        deadline = target.milestone

        def observation(count):
            return ev.Observation(count.year, 4, Decimal(count.count), count.provisional)

        usable = [c for c in complete if c.year <= deadline.year or self.as_of < deadline]
        latest = usable[-1] if usable else None
        evaluation = ev.evaluate(
            comparator=target.comparator or ev.GE,
            target=target.value,
            deadline=deadline,
            as_of=self.as_of,
            baseline=observation(complete[0]) if complete else None,
            latest=observation(latest) if latest else None,
            thresholds=self.thresholds,
        )
        if target.value is None:
            result = ev.Outcome(ev.NOT_QUANTIFIED, ev.NOT_QUANTIFIED)
        else:
            figures = [observation(count) for count in complete]
            result = ev.outcome(evaluation, target.comparator or ev.GE, figures)
        return counts, evaluation, latest, result

    def year_has_data(self, year):
        return any(value.complete for value in self.belt_annual_revenue(year).values())

    # -- targets ------------------------------------------------------------------------------

    def target_results(self, milestone_years=None, parks=None):
        """Every target's result, in the targets' order; park scope over `parks` (default:
        every visible park)."""
        parks = self.parks if parks is None else parks
        results = []
        for target in self.targets:
            if milestone_years and target.milestone.year not in milestone_years:
                continue
            results.append(self.target_result(target, parks))
        return results

    def is_measured(self, target):
        """A target judged on figures: not qualitative, on an active indicator."""
        return not target.is_qualitative and target.indicator.code in self.indicators

    def target_result(self, target, parks=None):
        parks = self.parks if parks is None else parks
        if not self.is_measured(target):
            not_quantified = ev.Outcome(ev.NOT_QUANTIFIED, ev.NOT_QUANTIFIED)
            return TargetResult(target=target, status=ev.NOT_QUANTIFIED, outcome=not_quantified)
        if target.scope == Target.Scope.BELT:
            counts, evaluation, latest, outcome = self.evaluate_belt(target)
            return TargetResult(
                target=target,
                status=evaluation.status,
                evaluation=evaluation,
                counts=counts,
                latest_count=latest,
                outcome=outcome,
            )
        per_park = [self.park_result(target, park) for park in parks]
        if target.value is None:
            status, outcome = ev.NOT_QUANTIFIED, ev.Outcome(ev.NOT_QUANTIFIED, ev.NOT_QUANTIFIED)
        else:
            status = worst(result.status for result in per_park)
            outcome = ev.combined_outcome(result.outcome for result in per_park)
            if outcome.kind == ev.OPEN:
                outcome = ev.Outcome(ev.OPEN, status)
        return TargetResult(target=target, status=status, parks=per_park, outcome=outcome)

    def lagging(self, results):
        """[(park, [TargetResult of the targets it lags on])] for visible parks that lag."""
        by_park = defaultdict(list)
        for result in results:
            for park_result in result.lagging_parks:
                by_park[park_result.park.pk].append((result, park_result))
        return [(self.park_by_id[pk], by_park[pk]) for pk in self.park_by_id if pk in by_park]


def as_of_for_year(year, today=None):
    """The date a yearly briefing speaks for: the year's last day, or today in the current
    year."""
    today = today or timezone.localdate()
    return min(date(year, 12, 31), today)


def briefing_years(policy, today=None):
    """From the policy's start year to this year."""
    today = today or timezone.localdate()
    return range(policy.start_year, today.year + 1) if policy else range(0)
