"""Edits that change what the dashboards show raise the data version (tracker/versions.py).

Report figures and statuses raise it in tracker's own write functions (ParkReport's methods
and the bulk functions of the import), because bulk writes send no signals. The models here
are edited one row at a time (admin pages, the registry's forms), so a signal after each
save or delete is enough; it runs inside the same transaction as the write.
"""

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


def data_changed(sender, **kwargs):
    DataVersion.bump()


def connect():
    for model in (*EDITED_ONE_BY_ONE, *REPORT_ROWS):
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data_version_save_{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data_version_delete_{model}")
