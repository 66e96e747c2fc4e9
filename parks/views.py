from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render

from dashboards import figures
from dashboards.progress import Progress, status_label
from dashboards.views import dashboard_view, include_submitted, render_dashboard
from parks.models import District, Enterprise, Park
from tracker.models import Target


@login_required
def park_list(request):
    parks = list(Park.objects.active().select_related("district"))
    visible = set(Park.objects.for_user(request.user).values_list("pk", flat=True))
    for park in parks:
        park.is_visible = park.pk in visible
    groups = [
        (role, label, [park for park in parks if park.role == role])
        for role, label in Park.Role.choices
    ]
    guideline_parks = [park for park in parks if park.role != Park.Role.LINKED]
    return render(
        request,
        "parks/park_list.html",
        {
            "groups": [group for group in groups if group[2]],
            "guideline_count": len(guideline_parks),
            "guideline_area": sum((park.area_km2 for park in guideline_parks), start=0),
        },
    )


@dashboard_view
def park_detail(request, code):
    # A park page carries district-entered data (project statuses, figures): officers see
    # only their own district's parks; the registry list stays whole.
    park = get_object_or_404(
        Park.objects.for_user(request.user).select_related("district"), code=code
    )
    progress = Progress.load(
        request.user,
        include_submitted=include_submitted(request),
        parks=Park.objects.filter(pk=park.pk),
    )
    park_targets = [
        target
        for target in progress.targets
        if target.scope == Target.Scope.PARK and not target.is_qualitative
    ]
    charts = [
        figures.indicator_over_time_chart(progress, indicator, progress.parks)
        for indicator in progress.indicators.values()
    ]
    enterprises = Enterprise.objects.for_user(request.user).filter(park=park)
    by_role = [
        (label, [firm for firm in enterprises if firm.role == role])
        for role, label in Enterprise.Role.choices
    ]
    return render_dashboard(
        request,
        "dashboards/park_detail.html",
        {
            "park": park,
            "industries": park.industries.all(),
            "projects": park.projects.all(),
            "progress": progress,
            "target_results": [
                (target, evaluation, status_label(evaluation.status))
                for target, evaluation in (
                    (target, progress.evaluate_for_park(target, park)) for target in park_targets
                )
            ],
            "enterprises_by_role": by_role,
        },
        charts,
    )


@dashboard_view
def district_detail(request, code):
    district = get_object_or_404(District.objects.for_user(request.user), code=code)
    parks = district.parks.active()
    progress = Progress.load(
        request.user, include_submitted=include_submitted(request), parks=district.parks.all()
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
