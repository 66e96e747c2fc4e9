"""The rows of the admin's report list, drawn in one pass.

Django draws a changelist cell by cell: for each it looks the field up, picks a display
function, formats the value and wraps it with format_html, about 0.3 ms a row of this list
(issue 11: the report list ran at a thirtieth of the floor's rate, half of it in the rows).
This module writes the same HTML (tests/tracker/test_report_list.py compares it with
Django's own rendering, row for row) and works out once per page what every row shares:
the change link around the primary key, the empty-value dash, the time zone, each period's
label and each user's and park's name.

The columns are ParkReportAdmin.list_display; a column this module does not know is drawn
by Django's own code, so a new column never goes missing, it is only slower.

A page's rows, once drawn, are kept in the cache (`KeptRows`) under a key made of the
page's address (filters, search, order, page), the user, the columns, the language and the
data version (tracker/versions.py), which every write changes: a later view of the same page
neither reads the 50 reports nor draws them, only counts them (the admin's header needs it).
"""

import hashlib

from django.conf import settings
from django.contrib.admin.templatetags.admin_list import (
    ResultList,
    items_for_result,
    result_headers,
)
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.views.main import ChangeList
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tracker.versions import for_request as data_version

# Stands for the report's primary key in the change link worked out once per page.
PK_MARK = "4294967291"


class ReportRows:
    """Draws the rows of one page of the report list (`cl`, the admin's ChangeList)."""

    def __init__(self, cl):
        self.cl = cl
        self.admin = cl.model_admin
        self.empty = conditional_escape(self.admin.get_empty_value_display())
        self.zone = timezone.get_current_timezone()
        self.names = {}
        self.cells = {
            "action_checkbox": self.checkbox,
            "park": self.park_link,
            "period": self.period,
            "status_shown": self.status,
            "last_change": self.last_change,
            "submitted_at_shown": self.submitted_at,
            "reviewed_by": self.reviewed_by,
        }
        self.status_labels = {value: escape(label) for value, label in cl.model.Status.choices}
        self.warning = " " + self.admin.warning_marker(_Warned())
        self.change_url = escape(
            add_preserved_filters(
                {"preserved_filters": cl.preserved_filters, "opts": cl.opts},
                cl.url_for_result(_Marked()),
            )
        )

    def rows(self):
        if isinstance(self.cl.result_list, KeptRows):
            return [ResultList(None, [mark_safe(html)]) for html in self.cl.result_list]
        known = all(name in self.cells for name in self.cl.list_display)
        # In a popup Django adds the opener's attribute to the link; this list is never one.
        draw = self.row if known and not self.cl.is_popup else self.django_row
        return [ResultList(None, [draw(report)]) for report in self.cl.result_list]

    def row(self, report):
        return mark_safe("".join([self.cells[name](report) for name in self.cl.list_display]))

    def django_row(self, report):
        return mark_safe("".join(items_for_result(self.cl, report, None)))

    # -- shared pieces, each worked out once per page --------------------------------------

    def name(self, obj):
        """The escaped str() of a related row (park, period, user), once per object."""
        if obj is None:
            return self.empty
        key = (type(obj), obj.pk)
        if key not in self.names:
            self.names[key] = escape(str(obj))
        return self.names[key]

    def moment(self, value):
        if value is None:
            return self.empty
        return value.astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

    # -- the cells, as Django's items_for_result draws them --------------------------------

    def checkbox(self, report):
        return f'<td class="action-checkbox">{self.admin.action_checkbox(report)}</td>'

    def park_link(self, report):
        url = self.change_url.replace(PK_MARK, str(report.pk), 1)
        return f'<th class="field-park nowrap"><a href="{url}">{self.name(report.park)}</a></th>'

    def period(self, report):
        return f'<td class="field-period nowrap">{self.name(report.period)}</td>'

    def status(self, report):
        label = self.status_labels.get(report.status, self.empty)
        warning = self.warning if report.has_warnings else ""
        return f'<td class="field-status_shown">{label}{warning}</td>'

    def last_change(self, report):
        when = self.moment(report.updated_at)
        if report.updated_by_id is None:
            return f'<td class="field-last_change">{when}</td>'
        return f'<td class="field-last_change">{self.name(report.updated_by)}<br>{when}</td>'

    def submitted_at(self, report):
        return f'<td class="field-submitted_at_shown">{self.moment(report.submitted_at)}</td>'

    def reviewed_by(self, report):
        return f'<td class="field-reviewed_by nowrap">{self.name(report.reviewed_by)}</td>'


class _Marked:
    """A stand-in report for url_for_result: its primary key is PK_MARK."""

    pk = id = PK_MARK


class _Warned:
    """A stand-in report with warnings, for the marker every warned row shares."""

    has_warnings = True


class KeptRows(list):
    """The HTML of a page's rows as drawn before, in the reports' place in `result_list`:
    as many items as rows, which is all the admin's view asks of them."""


def rows_key(request, cl):
    parts = [
        request.get_full_path(),
        str(request.user.pk),
        # Actions add the checkbox column; a change of permissions changes the columns.
        ",".join(cl.list_display),
        get_language() or "",
        str(data_version(request)),
    ]
    return "admin-report-rows:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


class ReportChangeList(ChangeList):
    """The admin's changelist, counting its reports once: the second COUNT (the whole list,
    for "N in all" beside a filtered count) is left out (ParkReportAdmin turns
    show_full_result_count off), and an unfiltered list knows its count is the whole. Its
    rows come from the cache when this page was drawn since the last write."""

    def get_results(self, request):
        super().get_results(request)
        if not self.has_active_filters and not self.query:
            self.full_result_count = self.result_count
            self.show_admin_actions = bool(self.result_count)
        self.rows_key = rows_key(request, self)
        kept = cache.get(self.rows_key)
        if kept is not None:
            self.result_list = KeptRows(kept)


def result_list(cl):
    """The context of Django's {% result_list %}, with the rows drawn by ReportRows."""
    headers = list(result_headers(cl))
    rows = ReportRows(cl).rows()
    if not isinstance(cl.result_list, KeptRows) and hasattr(cl, "rows_key"):
        cache.set(cl.rows_key, [str(row[0]) for row in rows], settings.DASHBOARD_CACHE_SECONDS)
    return {
        "cl": cl,
        "result_hidden_fields": [],
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": rows,
    }
