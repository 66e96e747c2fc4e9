"""The policy sheet's template on the admin's Policy list (for `manage.py load_policy`)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse

import audit
from spreadsheets.policy_sheet import template_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PolicySheetTemplateMixin:
    """Adds “download the policy sheet template” to a Policy ModelAdmin's change list."""

    change_list_template = "spreadsheets/policy_change_list.html"

    def get_urls(self):
        return [
            path(
                "sheet-template/",
                self.admin_site.admin_view(self.sheet_template_view),
                name=self._sheet_template_name(),
            ),
            *super().get_urls(),
        ]

    def _sheet_template_name(self):
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}_sheet_template"

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        if self.has_add_permission(request):
            extra_context["sheet_template_url"] = reverse(f"admin:{self._sheet_template_name()}")
        return super().changelist_view(request, extra_context)

    def sheet_template_view(self, request):
        # Only those who may add a policy need its sheet.
        if not self.has_add_permission(request):
            raise PermissionDenied
        response = HttpResponse(template_xlsx(), content_type=XLSX)
        audit.record(
            audit.Event.DOWNLOAD,
            object_type=self.model._meta.label_lower,
            detail={"file": "policy-sheet-template"},
        )
        response["Content-Disposition"] = 'attachment; filename="policy-sheet-template.xlsx"'
        return response
