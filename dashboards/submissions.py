"""/submissions/: which park has reported which quarter."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

import audit
from dashboards import timeliness
from dashboards.downloads import csv_download, xlsx_download
from parks.models import Park
from tracker.models import ParkReport, ReportingPeriod

MISSING = "missing"
MISSING_LABEL = _("Missing")


@login_required
def submission_status(request):
    """Period × park matrix of report status; officers see only their district's parks."""
    today = timezone.localdate()
    table = timeliness.load(request.user, today)
    if "download" in request.GET:
        return timeliness_download(request, table)
    parks = list(Park.objects.for_user(request.user).active())
    periods = list(ReportingPeriod.objects.started_by(today).order_by("-year", "-quarter"))
    statuses = ParkReport.objects.filter(
        park__in=parks, period__in=periods
    ).status_by_park_and_period()
    labels = dict(ParkReport.Status.choices)
    may_open = request.user.is_staff and request.user.has_perm("tracker.view_parkreport")
    may_add = request.user.is_staff and request.user.has_perm("tracker.add_parkreport")
    rows = []
    for period in periods:
        overdue = period.is_overdue(today)
        cells = []
        for park in parks:
            status, report_id = statuses.get((park.pk, period.pk), (MISSING, None))
            url = None
            if report_id and may_open:
                url = reverse("admin:tracker_parkreport_change", args=[report_id])
            elif report_id is None and may_add and period.is_open(today):
                url = f"{reverse('admin:tracker_parkreport_add')}?park={park.pk}&period={period.pk}"
            cells.append(
                {
                    "status": status,
                    "label": labels.get(status, MISSING_LABEL),
                    "overdue": overdue and status in ParkReport.OVERDUE_STATUSES,
                    "url": url,
                }
            )
        late = any(cell["overdue"] for cell in cells)
        rows.append({"period": period, "overdue": late, "cells": cells})
    # The quarter being reported now and any quarter still late come first; the rest are
    # history, folded away on the page.
    first = [row for index, row in enumerate(rows) if index == 0 or row["overdue"]]
    older = [row for row in rows if row not in first]
    return render(
        request,
        "dashboards/submissions.html",
        {
            "parks": parks,
            "rows": rows,
            "today": today,
            "timeliness": table,
            "current": by_park(parks, first),
            "older": by_park(parks, older),
        },
    )


def by_park(parks, rows):
    """The rows turned sideways for the page: one line per park (long names fit as row
    headers), one column per quarter."""
    return {
        "periods": list(rows),
        "parks": [
            (park, [row["cells"][index] for row in rows]) for index, park in enumerate(parks)
        ],
    }


TIMELINESS_FORMATS = {"csv": csv_download, "xlsx": xlsx_download}


def timeliness_download(request, table):
    """?download=timeliness&format=csv|xlsx: the timeliness table as a file."""
    export = TIMELINESS_FORMATS.get(request.GET.get("format", "csv"))
    if request.GET["download"] != "timeliness" or export is None:
        raise Http404(_("There is no such chart or download format on this page."))
    rows = list(timeliness.export_rows(table))
    audit.record(
        audit.Event.DOWNLOAD,
        detail={
            "file": "timeliness",
            "format": request.GET.get("format", "csv"),
            "rows": len(rows),
        },
    )
    if export is csv_download:
        rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    return export(f"timeliness-{table.today:%Y%m%d}", timeliness.export_header(table), rows)
