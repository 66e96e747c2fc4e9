"""The final assessment of a policy (issue 12.2): every target's outcome against its deadline,
the evidence behind the targets that give no number, the parks' revenue ranking and the
reports the figures came from.

Built on `Progress` for one policy, so the district rule is the dashboards' rule: per-park rows
only for the user's parks; belt counts over every active park, without naming the others.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.utils.translation import gettext as _

from common.values import join_names, quarter_end
from dashboards import evaluation as ev
from dashboards.figures import amount_text, target_text
from dashboards.labels import figure_text, outcome_label
from dashboards.progress import REVENUE, Progress
from parks.models import Enterprise, KeyProject, Park
from tracker.models import ParkReport, ReportValue, Target

# In the order the summary names them.
SUMMARY_KINDS = (ev.ON_TIME, ev.LATE, ev.MISSED, ev.OPEN, ev.NO_DATA, ev.NOT_QUANTIFIED)
ONE_PARK_ONE_POLICY = "one_park_one_policy"
DONE_PROJECTS = (KeyProject.Status.COMPLETED, KeyProject.Status.IN_OPERATION)


def summary_text(policy, outcomes):
    """ "16 targets: 4 achieved on time, 2 achieved late, …" from the outcomes' kinds."""
    counts = Counter(outcome.kind for outcome in outcomes)
    phrases = {
        ev.ON_TIME: _("%(count)d achieved on time"),
        ev.LATE: _("%(count)d achieved late"),
        ev.MISSED: _("%(count)d missed"),
        ev.OPEN: _("%(count)d still open"),
        ev.NO_DATA: _("%(count)d without data"),
        ev.NOT_QUANTIFIED: _("%(count)d not quantified"),
    }
    parts = [phrases[kind] % {"count": counts[kind]} for kind in SUMMARY_KINDS if counts[kind]]
    return _("%(policy)s has %(total)d targets: %(parts)s.") % {
        "policy": policy,
        "total": sum(counts.values()),
        "parts": _(", ").join(parts),
    }


@dataclass
class TargetRow:
    number: int
    result: object
    target_text: str
    outcome_text: str
    detail: str


@dataclass
class EvidenceRow:
    name: str
    chain_leaders: int
    chain_leader_names: list
    partners: int
    projects_done: int
    projects_total: int
    project_statuses: str
    one_park_one_policy: str


@dataclass
class RankRow:
    rank: int
    park: Park
    value: Decimal
    provisional: bool
    levels: str


@dataclass
class UsedReport:
    report: ParkReport
    why: list = field(default_factory=list)
    values: list = field(default_factory=list)


class Assessment:
    """Everything the assessment page, its Word document and its workbook show."""

    def __init__(self, user, policy, *, include_submitted=False, as_of=None):
        self.user = user
        self.policy = policy
        self.progress = Progress.load(
            user, policy=policy, include_submitted=include_submitted, as_of=as_of
        )
        self.results = self.progress.target_results()
        self.rows = [self._target_row(n, r) for n, r in enumerate(self.results, start=1)]
        self.summary = summary_text(policy, [result.outcome for result in self.results])
        self.park_targets = [
            r
            for r in self.results
            if r.target.scope == Target.Scope.PARK and r.target.is_quantified
        ]
        self.belt_targets = [
            r for r in self.results if r.target.scope == Target.Scope.BELT and r.counts
        ]
        self.ranking_year = self._ranking_year()
        self.ranking, self.level_counts = self._ranking()
        self.evidence, self.belt_evidence = self._evidence()
        self.reports = self._used_reports()

    @property
    def revenue_unit(self):
        indicator = self.progress.indicators.get(REVENUE)
        return indicator.display_unit if indicator else ""

    @property
    def parks(self):
        return self.progress.parks

    @property
    def hidden_park_count(self):
        return self.progress.belt_park_count - len(self.progress.parks)

    def park_matrix(self):
        """[(park, [ParkTargetResult per park target])] in the park list's order."""
        return [
            (park, [result.parks[index] for result in self.park_targets])
            for index, park in enumerate(self.progress.parks)
        ]

    # -- targets -------------------------------------------------------------------------------

    def _target_row(self, number, result):
        target = result.target
        detail = ""
        if target.is_qualitative:
            detail = _("Qualitative: judged on the evidence below.")
        elif target.value is None:
            detail = _("The text gives no number; the bureau has set none.")
        elif target.scope == Target.Scope.PARK:
            detail = _(
                "%(on_time)d on time, %(late)d late, %(missed)d missed of %(total)d parks"
            ) % {
                "on_time": len(result.parks_by_outcome(ev.ON_TIME)),
                "late": len(result.parks_by_outcome(ev.LATE)),
                "missed": len(result.parks_by_outcome(ev.MISSED)),
                "total": len(result.parks),
            }
        elif result.latest_count is not None:
            detail = _("%(count)d parks in %(year)d") % {
                "count": result.latest_count.count,
                "year": result.latest_count.year,
            }
        return TargetRow(number, result, target_text(target), outcome_label(result.outcome), detail)

    # -- ranking -------------------------------------------------------------------------------

    def levels(self):
        """The park levels the policy's belt targets set (e.g. 1,000 and 100 亿元), highest first."""
        found = {r.target.park_level for r in self.results if r.target.park_level is not None}
        return sorted(found, reverse=True)

    def _ranking_year(self):
        belt = [r.target.milestone.year for r in self.results if r.target.park_level is not None]
        years = belt or [t.milestone.year for t in self.progress.targets]
        return min(max(years), self.progress.as_of.year) if years else None

    def _ranking(self):
        if self.ranking_year is None or REVENUE not in self.progress.indicators:
            return [], []
        annual = self.progress.belt_annual_revenue(self.ranking_year)
        complete = sorted(
            ((value, park_id) for park_id, value in annual.items() if value.complete),
            key=lambda item: (-item[0].value, item[1]),
        )
        levels = self.levels()
        revenue = self.progress.indicators[REVENUE]
        # "1000 亿元" / "100 billion yuan": never "1000 100 million yuan".
        level_texts = {level: amount_text(revenue, level) for level in levels}
        rows = []
        for rank, (value, park_id) in enumerate(complete, start=1):
            park = self.progress.park_by_id.get(park_id)
            if park is None:
                continue  # another district's park: counted below, never named
            reached = [f"≥ {level_texts[level]}" for level in levels if value.value >= level]
            rows.append(RankRow(rank, park, value.value, value.provisional, join_names(reached)))
        counts = []
        for level in levels:
            count = ev.count_parks_at_level(annual, level, self.ranking_year)
            names, hidden = self.progress.visible_names(count.parks)
            counts.append((level, level_texts[level], count, names, hidden))
        return rows, counts

    # -- evidence for what gives no number -----------------------------------------------------

    def _evidence(self):
        """Per visible park and for the belt: chain leaders, up/downstream firms, key projects
        done, the one-park-one-policy flag. Queries: firms (1), belt firm counts (1), projects (1),
        belt project counts (1)."""
        day = self.progress.as_of
        visible = list(self.progress.park_by_id)
        active = Park.objects.active()
        firms = defaultdict(list)
        for firm in Enterprise.objects.for_user(self.user).filter(
            park__in=visible, introduced_on__lte=day
        ):
            firms[firm.park_id].append(firm)
        projects = defaultdict(list)
        for project in KeyProject.objects.for_user(self.user).filter(park__in=visible):
            projects[project.park_id].append(project)
        rows = [self._evidence_row(park, firms[park.pk], projects[park.pk]) for park in self.parks]
        roles = dict(
            Enterprise.objects.filter(park__in=active, introduced_on__lte=day)
            .values_list("role")
            .annotate(n=Count("id"))
            .order_by()
        )
        statuses = dict(
            KeyProject.objects.filter(park__in=active)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        adopted = self._belt_flags()
        belt = EvidenceRow(
            name=_("The belt (%(count)d parks)") % {"count": self.progress.belt_park_count},
            chain_leaders=roles.get(Enterprise.Role.CHAIN_LEADER, 0),
            chain_leader_names=[],
            partners=roles.get(Enterprise.Role.UPSTREAM, 0)
            + roles.get(Enterprise.Role.DOWNSTREAM, 0),
            projects_done=sum(statuses.get(status, 0) for status in DONE_PROJECTS),
            projects_total=sum(statuses.values()),
            project_statuses=self._status_text(statuses),
            one_park_one_policy=_("%(yes)d of %(total)d parks")
            % {"yes": adopted, "total": self.progress.belt_park_count},
        )
        return rows, belt

    def _evidence_row(self, park, firms, projects):
        leaders = [firm.name for firm in firms if firm.role == Enterprise.Role.CHAIN_LEADER]
        partner_roles = (Enterprise.Role.UPSTREAM, Enterprise.Role.DOWNSTREAM)
        statuses = Counter(project.status for project in projects)
        flag = None
        if ONE_PARK_ONE_POLICY in self.progress.indicators:
            latest = self.progress.latest(park, ONE_PARK_ONE_POLICY)
            flag = latest.value if latest else None
        return EvidenceRow(
            name=park.display_name,
            chain_leaders=len(leaders),
            chain_leader_names=leaders,
            partners=sum(1 for firm in firms if firm.role in partner_roles),
            projects_done=sum(statuses[status] for status in DONE_PROJECTS),
            projects_total=len(projects),
            project_statuses=self._status_text(statuses),
            one_park_one_policy="–" if flag is None else (_("Yes") if flag == 1 else _("No")),
        )

    @staticmethod
    def _status_text(statuses):
        return "、".join(
            f"{label} {statuses[value]}"
            for value, label in KeyProject.Status.choices
            if statuses.get(value)
        )

    def _belt_flags(self):
        """How many active parks' latest counted one-park-one-policy figure is yes (1 query)."""
        if ONE_PARK_ONE_POLICY not in self.progress.indicators:
            return 0
        day = self.progress.as_of
        rows = (
            ReportValue.objects.filter(
                indicator__code=ONE_PARK_ONE_POLICY,
                report__in=ParkReport.objects.counted(self.progress.include_submitted),
                report__park__active=True,
                # The policy's years only, so the rows do not grow with older history.
                report__period__year__gte=self.progress.first_year,
                report__period__year__lte=day.year,
            )
            .exclude(value=None)
            .values_list(
                "report__park_id", "report__period__year", "report__period__quarter", "value"
            )
        )
        latest = {}
        for park_id, year, quarter, value in rows:
            if (
                quarter_end(year, quarter) <= day
                and (year, quarter) > latest.get(park_id, (0, 0, 0))[:2]
            ):
                latest[park_id] = (year, quarter, value)
        return sum(1 for _y, _q, value in latest.values() if value == 1)

    # -- the reports behind the figures --------------------------------------------------------

    def _used_quarters(self):
        """{(park id, year, quarter): [why]}: each deadline's final quarter, and the quarter a
        late target was first met."""
        used = defaultdict(list)
        deadlines = sorted({r.target.milestone for r in self.results if r.target.is_quantified})
        for deadline in deadlines:
            if deadline > self.progress.as_of:
                continue
            year, quarter = _final_quarter(deadline)
            for park in self.parks:
                used[park.pk, year, quarter].append(
                    _("final figures for %(date)s") % {"date": deadline.isoformat()}
                )
        for result in self.park_targets:
            for park_result in result.parks_by_outcome(ev.LATE):
                year, quarter = park_result.outcome.first_met
                used[park_result.park.pk, year, quarter].append(
                    _("“%(target)s” first met") % {"target": result.target.display_name}
                )
        return used

    def _used_reports(self):
        """Queries: the reports (1) and their values (1)."""
        used = self._used_quarters()
        if not used:
            return []
        years = {year for _park, year, _quarter in used}
        codes = {r.target.indicator.code for r in self.results if r.target.indicator_id}
        reports = (
            ParkReport.objects.counted(self.progress.include_submitted)
            .filter(park__in=list(self.progress.park_by_id), period__year__in=years)
            .select_related("park", "period", "reviewed_by")
            .prefetch_related(
                Prefetch(
                    "values",
                    queryset=ReportValue.objects.filter(indicator__code__in=codes)
                    .exclude(value=None)
                    .select_related("indicator"),
                    to_attr="used_values",
                )
            )
            .order_by("period__year", "period__quarter", "park__sort_order")
        )
        found = []
        for report in reports:
            why = used.get((report.park_id, report.period.year, report.period.quarter))
            if why:
                values = [
                    f"{value.indicator.display_name} {figure_text(value.indicator, value.value)}"
                    for value in report.used_values
                ]
                found.append(UsedReport(report, why, values))
        return found


def _final_quarter(deadline):
    for quarter in (4, 3, 2, 1):
        if quarter_end(deadline.year, quarter) <= deadline:
            return deadline.year, quarter
    return deadline.year - 1, 4
