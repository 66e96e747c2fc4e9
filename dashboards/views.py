"""The progress pages: overview, park, district, indicator and briefing.

Every page reads parks through Park.objects.for_user, so an officer sees only their district.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

import audit
from dashboards import figures
from dashboards.charts import DOWNLOAD_FORMATS
from dashboards.pagecache import cached_page
from dashboards.progress import (
    INCLUDE_APPROVED,
    INCLUDE_CHOICES,
    INCLUDE_SUBMITTED,
    Progress,
    as_of_for_year,
    briefing_years,
)
from dashboards.standings import Standings
from parks.models import District, Enterprise, Park
from tracker.attention import Attention
from tracker.models import Indicator, Policy, Target

# Firms listed per role on a park page; the counts cover them all, the admin list the rest.
PARK_PAGE_FIRMS_PER_ROLE = 10


class BadInput(Exception):
    """A query parameter the page cannot use; the message tells the user why."""


def include_submitted(request):
    value = request.GET.get("include", INCLUDE_APPROVED)
    if value not in INCLUDE_CHOICES:
        raise BadInput(
            _(
                "“%(value)s” is not a valid choice of figures: use approved figures only or approved and submitted figures."
            )
            % {"value": value}
        )
    return value == INCLUDE_SUBMITTED


def chosen_policy(request):
    """The policy a page follows: `?policy=<code>` (a published one), else the one in force."""
    code = request.GET.get("policy")
    if code is None:
        return Policy.objects.in_force()
    policy = Policy.objects.published().filter(code=code).first()
    if policy is None:
        raise BadInput(
            _("“%(code)s” is not a published policy; choose one from the list of policies.")
            % {"code": code}
        )
    return policy


def dashboard_view(view):
    """Login required; bad query parameters give a clear 400 page instead of an error."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except BadInput as exc:
            return render(request, "dashboards/bad_input.html", {"message": str(exc)}, status=400)

    return wrapper


def render_dashboard(request, template, context, charts):
    """The page, or one chart's numbers when ?download=<chart id>&format=csv|xlsx."""
    download = request.GET.get("download")
    if download is not None:
        chart = next((chart for chart in charts if chart.id == download), None)
        export = DOWNLOAD_FORMATS.get(request.GET.get("format", "csv"))
        if chart is None or export is None:
            raise Http404(_("There is no such chart or download format on this page."))
        audit.record(
            audit.Event.DOWNLOAD,
            detail={
                "page": request.path,
                "chart": chart.id,
                "format": request.GET.get("format", "csv"),
            },
        )
        return export(chart)
    context["charts"] = {chart.id: chart for chart in charts}
    return render(request, template, context)


@dashboard_view
@cached_page("dashboards/overview.html")
def overview(request):
    return policy_overview_page(request, Policy.objects.in_force(), home=True)


def policy_overview_page(request, policy, home=False):
    """`/` for the policy in force, /policies/<code>/ for any published one: its targets only.
    `/` is also the user's home page, with their to-do."""
    progress = Standings.load(
        request.user, policy=policy, include_submitted=include_submitted(request)
    )
    results = progress.target_results()
    charts = figures.overview_charts(progress)
    lagging, lagging_more = figures.overview_lagging(progress.lagging(results))
    others = Policy.objects.published().exclude(pk=policy.pk) if policy else Policy.objects.none()
    return render_dashboard(
        request,
        "dashboards/overview.html",
        {
            "attention": Attention(request.user) if home else None,
            "home": home,
            "progress": progress,
            "policy": policy,
            "other_policies": others,
            "milestone_years": sorted({target.milestone.year for target in progress.targets}),
            "scorecard": figures.scorecard(progress, results, figures.OVERVIEW_NAMES),
            "lagging": lagging,
            "lagging_more": lagging_more,
            "level_names": figures.level_names(progress),
        },
        charts,
    )


@dashboard_view
@cached_page("dashboards/indicator_detail.html")
def indicator_detail(request, code):
    indicator = get_object_or_404(Indicator.objects.active(), code=code)
    progress = Progress.load(
        request.user,
        policy=chosen_policy(request),
        include_submitted=include_submitted(request),
        codes=[indicator.code],
    )
    quarter, ranked = figures.ranking(progress, indicator)
    charts = [
        figures.indicator_over_time_chart(progress, indicator, progress.parks, "over_time"),
        figures.ranking_chart(progress, indicator),
    ]
    if figures.has_single_quarters(indicator):
        charts.append(figures.single_quarter_by_park_chart(progress, indicator, progress.parks))
    return render_dashboard(
        request,
        "dashboards/indicator_detail.html",
        {
            "progress": progress,
            "indicator": indicator,
            "indicators": progress.indicators.values(),
            "quarter": quarter,
            "ranked": ranked,
        },
        charts,
    )


@dashboard_view
@cached_page("dashboards/briefing.html")
def briefing(request, year):
    policy = chosen_policy(request)
    if year not in briefing_years(policy):
        raise Http404(_("There is no briefing for this year."))
    progress = Standings.load(
        request.user,
        policy=policy,
        include_submitted=include_submitted(request),
        as_of=as_of_for_year(year),
    )
    results = progress.target_results()
    charts = [figures.parks_at_level_chart(progress, static=True)]
    scorecard = figures.scorecard(progress, results)
    return render_dashboard(
        request,
        "dashboards/briefing.html",
        {
            "progress": progress,
            "year": year,
            "scorecard": scorecard,
            # One line per deadline for the targets without a figure: a row each, all
            # saying "judged by the bureau", took a third of the printed page.
            "measured_rows": [row for row in scorecard if not row.target.is_qualitative],
            "qualitative": figures.qualitative_by_year(scorecard),
            "lagging": figures.lagging_by_target(results),
            "park_scope": Target.Scope.PARK,
        },
        charts,
    )


@dashboard_view
@cached_page("dashboards/park_detail.html")
def park_detail(request, code):
    # A park page carries district-entered data (project statuses, figures): officers see
    # only their own district's parks; the registry list stays whole.
    park = get_object_or_404(
        Park.objects.for_user(request.user).select_related("district"), code=code
    )
    progress = Progress.load(
        request.user,
        policy=chosen_policy(request),
        include_submitted=include_submitted(request),
        parks=Park.objects.filter(pk=park.pk),
    )
    park_targets = [
        target
        for target in progress.targets
        if target.scope == Target.Scope.PARK and not target.is_qualitative
    ]
    charts = [
        figures.park_indicator_chart(progress, indicator, progress.parks)
        for indicator in progress.indicators.values()
    ]
    results = [progress.park_result(target, park) for target in park_targets]
    for result in results:
        # "是" for the yes/no plan, not "= 1".
        result.target_text = figures.target_text(result.target)
    enterprises = Enterprise.objects.for_user(request.user).filter(park=park)
    by_role = enterprises.summary_by_role(PARK_PAGE_FIRMS_PER_ROLE)
    return render_dashboard(
        request,
        "dashboards/park_detail.html",
        {
            "park": park,
            "industries": park.industries.all(),
            "projects": park.projects.all(),
            "progress": progress,
            "target_results": results,
            "enterprises_by_role": by_role,
            "enterprise_list_url": enterprise_list_url(request.user, park),
        },
        charts,
    )


def enterprise_list_url(user, park):
    """The admin's enterprise list of this park, for users who may open it."""
    if not user.has_perm("parks.view_enterprise"):
        return None
    return reverse("admin:parks_enterprise_changelist") + f"?park__id__exact={park.pk}"


@dashboard_view
@cached_page("dashboards/district_detail.html")
def district_detail(request, code):
    district = get_object_or_404(District.objects.for_user(request.user), code=code)
    parks = district.parks.active()
    progress = Progress.load(
        request.user,
        policy=chosen_policy(request),
        include_submitted=include_submitted(request),
        parks=district.parks.all(),
    )
    results = [
        result
        for result in progress.target_results()
        if result.target.scope == Target.Scope.PARK and not result.target.is_qualitative
    ]
    rows = [
        (park, [result.parks[index] for result in results])
        for index, park in enumerate(progress.parks)
    ]
    return render_dashboard(
        request,
        "dashboards/district_detail.html",
        {
            "district": district,
            "parks": parks,
            "area": parks.aggregate(total=Sum("area_km2"))["total"],
            "progress": progress,
            "target_results": results,
            "status_rows": rows,
        },
        [],
    )
