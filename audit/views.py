"""/audit/: the auditor's read-only view of the trail, with filters and a CSV export."""

import csv
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.models import AuditEntry, Event, Result
from audit.roles import is_auditor

PAGE_SIZE = 50
# Characters that make Excel read a cell as a formula; attempted user names are anyone's text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def auditor_only(view):
    """Auditor-group members only; everyone else, superusers included, gets 403."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_auditor(request.user):
            raise PermissionDenied(_("Only auditors may read the audit trail."))
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@auditor_only
def audit_log(request):
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "page": None}, status=400)
    entries = AuditEntry.objects.matching(**form.filters())
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"form": form, "page": page})


@require_GET
@auditor_only
def audit_export(request):
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "audit/log.html", {"form": form, "page": None}, status=400)
    entries = AuditEntry.objects.matching(**form.filters())
    AuditEntry.record(
        Event.AUDIT_EXPORT, detail={"filters": form.described(), "rows": entries.count()}
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(csv_lines(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-trail-{stamp}.csv"'
    return response


class _Line:
    """csv.writer target that hands back the line it was given."""

    def write(self, value):
        return value


def csv_cell(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_lines(entries):
    """UTF-8 with BOM so that Excel on Chinese Windows opens it; labels resolved up front
    because the body is written after the view has returned."""
    writer = csv.writer(_Line())
    header = [
        _("Time"),
        _("User name"),
        _("Client address"),
        _("Event"),
        _("Object type"),
        _("Object ID"),
        _("Object"),
        _("Result"),
        _("Details"),
    ]
    events = {value: str(label) for value, label in Event.choices}
    results = {value: str(label) for value, label in Result.choices}

    def lines():
        yield "\ufeff" + writer.writerow(header)
        for entry in entries.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    timezone.localtime(entry.timestamp).isoformat(timespec="seconds"),
                    csv_cell(entry.username),
                    csv_cell(entry.client_address),
                    events.get(entry.event, entry.event),
                    entry.object_type,
                    csv_cell(entry.object_id),
                    csv_cell(entry.object_text),
                    results.get(entry.result, entry.result),
                    csv_cell(entry.detail_text()),
                ]
            )

    return lines()
