"""Each park's standing against a policy's targets, kept between writes.

The targets overview judges every active park on every park target and sums the parks'
revenue for the belt targets: loading every park's figures for that made its first view after
a write grow with the number of parks (bench/dashboard_bench.py). Yet a write changes one
park's figures, or a district's: the other parks' results are the same as before it.

So a park's results (its evaluation and outcome on each park target, its latest figures and
its annual revenue) are kept in Django's cache as a `Standing`, under a key made of what they
rest on: the policy, approved or also submitted figures, what of the as-of date they rest on
(its year, the last quarter ended, the deadlines passed: `time_signature`) and the rules
version (targets, indicators, periods: tracker/versions.py), and beside each standing the park's own
figures version (tracker/versions.ParkVersion), which every write to its reports, figures or
enterprises raises in its own transaction. A page reads the versions with the parks, before
any figure, and works out again only the parks whose version moved (through Progress, the
same code as every other page), so it never shows a park's results older than the last write
to it; a standing worked out from figures newer than the version read is only worked out once
more by a later page.

Standings are the same for every user: a page takes the results of the parks its user may
see, and the belt's sums from all (the district rule of dashboards/progress.py).

Each app server process also keeps the standings it last used in its own memory (`kept`), as
read-only objects: unpickling 370 parks' standings from the cache at each view cost as much as
the rest of the page. The shared cache is written when a page had many parks to work out (a
new day, a rules change, a new process), so that other processes and servers start from it;
after a write to a park or two each process works those out itself, rather than pickling every
park's standing again for the sake of one.
"""

from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db.models import F

from dashboards.progress import EVERY_PARK, IN_FORCE, ParkTargetResult, Progress
from parks.models import Park
from tracker.models import Target
from tracker.versions import DataVersion

# Pages that had at least this many parks to work out store the standings in the shared cache.
SHARE_FROM_STALE_PARKS = 10
# Standings kept in each process's memory: a few policies × approved/submitted, for one day.
KEPT_IN_PROCESS = 8
kept = OrderedDict()  # standings key -> {park id: (figures version, Standing)}


@dataclass(frozen=True)
class Standing:
    """One park's results. results: {target pk: (Evaluation, Outcome)} of the park targets;
    latest: {indicator code: latest Observation or None} of their indicators; revenue:
    {year: AnnualValue}, None when the park has no revenue figure in the window; projection:
    the as-of year's year-end revenue projection."""

    results: dict
    latest: dict
    revenue: dict | None
    projection: Decimal | None


def park_targets(progress):
    """The targets judged park by park (the park branch of Progress.target_result)."""
    return [
        target
        for target in progress.targets
        if progress.is_measured(target) and target.scope == Target.Scope.PARK
    ]


def standing_of(progress, park):
    """The park's Standing, from a Progress that has its figures."""
    targets = park_targets(progress)
    results = {}
    for target in targets:
        result = progress.park_result(target, park)
        results[target.pk] = (result.evaluation, result.outcome)
    latest = {code: progress.latest(park, code) for code in {t.indicator.code for t in targets}}
    revenue = projection = None
    if park.pk in progress._belt_by_year:
        revenue = {year: progress.belt_annual_revenue(year)[park.pk] for year in progress.years}
        projection = (progress.belt_projections(progress.as_of.year) or {}).get(park.pk)
    return Standing(results, latest, revenue, projection)


class Standings(Progress):
    """A Progress whose park results come from the kept standings: what the targets overview
    reads (park results, latest figures, the belt's annual revenue), not each park's figures,
    which it never loads (observations() refuses)."""

    @classmethod
    def load(cls, user, *, policy=IN_FORCE, include_submitted=False, as_of=None):
        """Queries: as Progress.load's frame (policy, targets, indicators, periods, active parks
        with their versions, visible parks), the rules version (1), then, only if a park's
        standing is missing or out of date, that park's figures and register counts (2)."""
        versioned = Park.objects.annotate(figures_version_value=F("figures_version__value"))
        self = cls._frame(user, policy, include_submitted, as_of, versioned, None)
        key = self.standings_key(DataVersion.rules())
        self._standings = {pk: standing for pk, (_v, standing) in self.kept_standings(key).items()}
        return self

    def kept_standings(self, key):
        """{park id: (version, Standing)} for every active park, none out of date: from this
        process's memory, else the shared cache, with the parks whose version moved worked
        out again."""
        found = kept.get(key)
        from_process = found is not None
        if found is None:
            found = cache.get(key) or {}
        versions = {park.pk: park.figures_version_value or 0 for park in self.active_parks}
        stale = [
            park
            for park in self.active_parks
            if found.get(park.pk, (None,))[0] != versions[park.pk]
        ]
        if stale or not from_process:
            fresh = self.narrowed(stale) if stale else None
            # A new dict: a page still reading the old one (another thread) sees it whole.
            found = {pk: found[pk] for pk in versions if pk in found}
            for park in stale:
                found[park.pk] = (versions[park.pk], standing_of(fresh, park))
            if len(stale) >= SHARE_FROM_STALE_PARKS:
                cache.set(key, found, settings.DASHBOARD_CACHE_SECONDS)
            kept[key] = found
            while len(kept) > KEPT_IN_PROCESS:
                kept.popitem(last=False)
        kept.move_to_end(key)
        return found

    def standings_key(self, rules_version):
        policies = ",".join(str(policy.pk) for policy in self.policies)
        return (
            f"dashboards:standings:{policies}:{self.include_param}:{self.time_signature()}"
            f":{rules_version}"
        )

    def time_signature(self):
        """What of the as-of date a park's results rest on: its year (the years shown, the
        year projected), the last quarter ended by then (the figures counted) and the targets
        whose deadline has come (judged on their final figure, with an outcome). A new day
        changes none of these, so a park's standing outlives it; the end of a quarter, a
        deadline or a new year works every park out again. (An Evaluation's `as_of` then
        keeps the day it was worked out; evaluate() and outcome() read it only against the
        deadline, which the signature holds.)"""
        last = max(self.quarters, key=lambda q: (q.year, q.quarter), default=None)
        passed = sorted(target.pk for target in self.targets if self.as_of >= target.milestone)
        counted = f"{last.year}Q{last.quarter}" if last else "none"
        return f"{self.as_of.year}:{counted}:{','.join(map(str, passed))}"

    def narrowed(self, parks):
        """A Progress over `parks` alone, on this page's frame, with their figures loaded."""
        fresh = Progress(
            user=EVERY_PARK, as_of=self.as_of, include_submitted=self.include_submitted
        )
        for name in (
            "policies",
            "policy",
            "targets",
            "every_indicator",
            "indicators",
            "codes",
            "first_year",
            "years",
            "_periods",
            "quarters",
        ):
            setattr(fresh, name, getattr(self, name))
        fresh.active_parks = fresh.parks = list(parks)
        fresh.park_by_id = {park.pk: park for park in parks}
        fresh.belt_park_count = len(parks)
        fresh._annual_cache, fresh._names = {}, None
        fresh._load_figures()
        return fresh

    # -- what the overview reads, from the standings -----------------------------------------

    def observations(self, park, code):
        raise NotImplementedError("Standings keep results, not figures: use Progress.load")

    def latest(self, park, code):
        return self._standings[getattr(park, "pk", park)].latest[code]

    def park_result(self, target, park):
        evaluation, outcome = self._standings[park.pk].results[target.pk]
        return ParkTargetResult(park=park, evaluation=evaluation, outcome=outcome, target=target)

    def belt_annual_revenue(self, year):
        if year not in self._annual_cache:
            self._annual_cache[year] = {
                pk: standing.revenue[year]
                for pk, standing in self._standings.items()
                if standing.revenue is not None
            }
        return self._annual_cache[year]

    def belt_projections(self, year):
        if year != self.as_of.year:
            return None
        if "projections" not in self._annual_cache:
            self._annual_cache["projections"] = {
                pk: standing.projection
                for pk, standing in self._standings.items()
                if standing.revenue is not None
            }
        return self._annual_cache["projections"]
