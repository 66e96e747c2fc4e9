"""Edits that change what the dashboards show raise the data version (tracker/versions.py).

Report figures and statuses raise it in tracker's own write functions (ParkReport's methods
and the bulk functions of the import), because bulk writes send no signals. The models here
are edited one row at a time (admin pages, the registry's forms), so a signal after each
save or delete is enough; it runs inside the same transaction as the write.

A write that changes only some parks' figures (a report, a figure, an enterprise) says which
parks, so the other parks' standings stay (dashboards/standings.py); any other write, and one
whose park cannot be told, changes the rules version too (see DataVersion.bump).
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save

from parks.models import District, Enterprise, IndustryDirection, KeyProject, Park
from tracker.models import (
    DataVersion,
    Indicator,
    ParkReport,
    Policy,
    ReportingPeriod,
    ReportValue,
    Target,
)

EDITED_ONE_BY_ONE = [
    District,
    Park,
    IndustryDirection,
    KeyProject,
    Enterprise,
    Policy,
    Indicator,
    Target,
    ReportingPeriod,
]
# Reports and figures are written through ParkReport's methods, which raise the version
# themselves; these catch a delete in the admin and any save made around those methods.
REPORT_ROWS = [ParkReport, ReportValue]
# Registry rows that bear on one park's results only (its register counts).
PARK_ROWS = [Enterprise]


def data_changed(sender, **kwargs):
    DataVersion.bump()


def parks_of(instance):
    """The ids of the parks a report row or an enterprise belongs to (an enterprise moved to
    another park: both), or None when that cannot be told (a figure whose report is gone)."""
    if isinstance(instance, ReportValue):
        if ReportValue.report.is_cached(instance):
            return [instance.report.park_id]
        park_id = (
            ParkReport.objects.filter(pk=instance.report_id).values_list("park_id", flat=True)
        ).first()
        return None if park_id is None else [park_id]
    found = {instance.park_id, getattr(instance, "loaded_park_id", instance.park_id)}
    return sorted(found - {None}) or None


def park_data_changed(sender, instance, **kwargs):
    DataVersion.bump(parks=parks_of(instance))


def person_changed(sender, instance, update_fields=None, **kwargs):
    """Pages and the report list show people's names; a sign-in only stamps last_login."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    DataVersion.bump(parks=[])  # no park's results rest on a name


def connect():
    user_model = get_user_model()
    post_save.connect(person_changed, sender=user_model, dispatch_uid="data_version_save_user")
    post_delete.connect(person_changed, sender=user_model, dispatch_uid="data_version_delete_user")
    for model in (*EDITED_ONE_BY_ONE, *REPORT_ROWS):
        receiver = park_data_changed if model in (*PARK_ROWS, *REPORT_ROWS) else data_changed
        post_save.connect(receiver, sender=model, dispatch_uid=f"data_version_save_{model}")
        post_delete.connect(receiver, sender=model, dispatch_uid=f"data_version_delete_{model}")
