"""The registry list of parks; each park's own page is a progress page (dashboards.views)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from parks.models import Park


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
