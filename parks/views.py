from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.shortcuts import get_object_or_404, render

from parks.models import District, Park


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


@login_required
def park_detail(request, code):
    # A park page carries district-entered data (project statuses, figures): officers see
    # only their own district's parks; the registry list stays whole.
    park = get_object_or_404(
        Park.objects.for_user(request.user).select_related("district"), code=code
    )
    return render(
        request,
        "parks/park_detail.html",
        {
            "park": park,
            "industries": park.industries.all(),
            "projects": park.projects.all(),
        },
    )


@login_required
def district_detail(request, code):
    district = get_object_or_404(District.objects.for_user(request.user), code=code)
    parks = district.parks.active()
    return render(
        request,
        "parks/district_detail.html",
        {
            "district": district,
            "parks": parks,
            "area": parks.aggregate(total=Sum("area_km2"))["total"],
        },
    )
