"""Spreadsheet import (upload → preview → confirm), export and template in the admin.

The mixins build on django-import-export's admin mixin (its change-list buttons, URLs and
templates) but run the batched importers of spreadsheets.importers, and rely only on the
standard ModelAdmin API (get_queryset, has_*_permission, get_urls, changelist_view), so
they can be added to any admin of the model. The end of this module adds them to the
parks and tracker admins, which know nothing of spreadsheets.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from import_export.admin import ImportExportMixin

import audit
from parks.admin import EnterpriseAdmin, KeyProjectAdmin
from parks.models import Enterprise, KeyProject
from spreadsheets import exports
from spreadsheets.importers.base import (
    ERRORS_SHOWN,
    ImportRefused,
    StaleImport,
    group_errors,
)
from spreadsheets.models import ImportSession
from spreadsheets.policy_admin import PolicySheetTemplateMixin
from spreadsheets.resources import EnterpriseResource, KeyProjectResource, ParkFiguresResource
from spreadsheets.storage import DatabaseStorage
from tracker.admin import ParkReportAdmin, PolicyAdmin
from tracker.models import ParkReport, Policy, ReportingPeriod

# A preview page with more rows than this is too heavy for a browser; the counts cover all.
PREVIEW_ROWS_SHOWN = 2000

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


class UploadForm(forms.Form):
    import_file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,  # the importer says "the file is empty" in its own words
        help_text=gettext_lazy(
            "An .xlsx file, or a .csv file in UTF-8 (with or without BOM) or GBK/GB18030."
        ),
    )

    def __init__(self, *args, offer_submit=False, **kwargs):
        super().__init__(*args, **kwargs)
        if offer_submit:
            self.fields["submit"] = forms.BooleanField(
                label=gettext_lazy("Import and submit"),
                required=False,
                help_text=gettext_lazy(
                    "Submit the imported reports for review at once; otherwise they are saved as drafts."
                ),
            )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _(
                    "The file is %(size)s; the largest file accepted is %(limit)s. Split it into smaller files and import them one by one."
                )
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload


class SpreadsheetImportExportMixin(ImportExportMixin):
    """Shared flow; subclasses set the resource, the import kind and the permissions."""

    import_export_change_list_template = "spreadsheets/change_list.html"
    import_template_name = "spreadsheets/import.html"
    tmp_storage_class = DatabaseStorage
    spreadsheet_resource = None
    import_kind = None
    import_permissions = ()
    export_filename = "export"
    offer_submit = False

    # -- permissions -----------------------------------------------------------------------

    def has_import_permission(self, request):
        return request.user.is_active and all(
            request.user.has_perm(name) for name in self.import_permissions
        )

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    # -- import ----------------------------------------------------------------------------

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = UploadForm(
            request.POST or None, request.FILES or None, offer_submit=self.offer_submit
        )
        context = {"form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["import_file"]
            data = b"".join(upload.chunks())
            submit = bool(form.cleaned_data.get("submit"))
            importer = self.spreadsheet_resource.importer_class(request.user, submit=submit)
            try:
                plan = importer.preview(data, upload.name)
            except ImportRefused as refused:
                context.update(refusal_context(refused))
            else:
                ImportSession.objects.delete_stale()
                session = ImportSession.objects.create(
                    user=request.user,
                    kind=self.import_kind,
                    filename=upload.name[:255],
                    data=data,
                    submit=submit,
                    fingerprint=plan.fingerprint,
                )
                ImportSession.objects.keep_newest(request.user, settings.IMPORT_PREVIEWS_PER_USER)
                context.update(
                    plan=plan, session=session, shown_rows=plan.rows[:PREVIEW_ROWS_SHOWN]
                )
        return self.render_import(request, context)

    def render_import(self, request, context):
        context.update(self.admin_site.each_context(request))
        context.update(
            title=_("Import"),
            opts=self.model._meta,
            import_kind=self.import_kind,
            columns_help=self.columns_help(),
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def columns_help(self):
        return list(self.spreadsheet_resource.importer_class.sheet.listed)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        import_url = reverse(f"admin:{self._info()}_import")
        sessions = ImportSession.objects.with_token(request.POST.get("token")).filter(
            user=request.user, kind=self.import_kind
        )
        try:
            with transaction.atomic():
                # Locked: a second confirm of the same token waits, then finds it done.
                session = sessions.select_for_update().first()
                if session is None or session.done_at is not None:
                    return self.confirm_again(request, session, import_url)
                importer = self.spreadsheet_resource.importer_class(
                    request.user, submit=session.submit
                )
                plan = importer.confirm(bytes(session.data), session.filename, session.fingerprint)
                # In the import's transaction: done exactly when the import is committed.
                session.mark_done(plan)
                self._record_confirm(
                    session, audit.Result.SUCCESS, new=plan.new_count, changed=plan.changed_count
                )
        except (StaleImport, IntegrityError):
            # IntegrityError: another import created the same report or enterprise meanwhile.
            self._record_confirm(session, audit.Result.FAILURE, reason="stale")
            sessions.filter(done_at__isnull=True).delete()
            messages.error(
                request,
                _(
                    "The data changed since the preview (someone else saved, or a period was locked). Nothing was imported. Upload the file again for a fresh preview."
                ),
            )
            return HttpResponseRedirect(import_url)
        except ImportRefused as refused:
            self._record_confirm(session, audit.Result.FAILURE, reason="refused")
            sessions.filter(done_at__isnull=True).delete()
            context = {"form": UploadForm(offer_submit=self.offer_submit)}
            context.update(refusal_context(refused))
            return self.render_import(request, context)
        messages.success(
            request,
            _("Import finished: %(new)d new, %(changed)d changed, %(unchanged)d unchanged rows.")
            % {
                "new": plan.new_count,
                "changed": plan.changed_count,
                "unchanged": plan.unchanged_count,
            },
        )
        return HttpResponseRedirect(reverse(f"admin:{self._info()}_changelist"))

    def _record_confirm(self, session, result, **detail):
        audit.record(
            audit.Event.IMPORT_CONFIRM,
            object_type=self.model._meta.label_lower,
            result=result,
            detail={
                "sheet": session.kind,
                "file": session.filename,
                "submit": session.submit,
                **detail,
            },
        )

    def confirm_again(self, request, session, import_url):
        """A token that is unknown (expired) or whose import is already committed."""
        if session is None:
            messages.error(
                request,
                _("This import has expired or was already confirmed. Upload the file again."),
            )
            return HttpResponseRedirect(import_url)
        messages.info(
            request,
            _(
                "This file was already imported at %(time)s by %(user)s: %(new)d new, %(changed)d changed, %(unchanged)d unchanged rows. Nothing was imported again."
            )
            % {
                "time": formats.date_format(timezone.localtime(session.done_at), "DATETIME_FORMAT"),
                "user": session.user.get_full_name() or session.user.get_username(),
                "new": session.new_count,
                "changed": session.changed_count,
                "unchanged": session.unchanged_count,
            },
        )
        return HttpResponseRedirect(reverse(f"admin:{self._info()}_changelist"))

    def _info(self):
        return "{}_{}".format(*self.get_model_info())

    # -- export ----------------------------------------------------------------------------

    def export_action(self, request, **kwargs):
        if not self.has_export_permission(request):
            raise PermissionDenied
        file_format = request.GET.get("file_format")
        # The admin's queryset, then the district rule again in the table builder:
        # tampered ids can only narrow what is exported, never widen it.
        queryset = self.get_queryset(request)
        ids = [part for part in request.GET.get("ids", "").split(",") if part.strip().isdigit()]
        if ids:
            queryset = queryset.filter(pk__in=ids)
        if file_format not in FORMATS:
            context = self.admin_site.each_context(request)
            context.update(
                title=_("Export"),
                opts=self.model._meta,
                ids=",".join(ids),
                formats=list(FORMATS),
            )
            request.current_app = self.admin_site.name
            return TemplateResponse(request, ["spreadsheets/export.html"], context)
        return self.export_response(request, queryset, file_format)

    def export_response(self, request, queryset, file_format):
        headers, rows = self.spreadsheet_resource.table(request.user, queryset)
        if file_format == "csv":
            content = exports.write_csv(headers, rows)
        else:
            content = exports.write_xlsx(headers, rows, str(self.model._meta.verbose_name))
        audit.record(
            audit.Event.EXPORT,
            object_type=self.model._meta.label_lower,
            detail={"sheet": self.export_filename, "format": file_format, "rows": len(rows)},
        )
        return download(content, file_format, self.export_filename)

    @admin.action(description=gettext_lazy("Export selected rows (XLSX)"))
    def export_selected_xlsx(self, request, queryset):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return self.export_response(request, queryset, "xlsx")

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_export_permission(request):
            action = type(self).export_selected_xlsx
            actions["export_selected_xlsx"] = (
                action,
                "export_selected_xlsx",
                action.short_description,
            )
        actions.pop("export_admin_action", None)
        return actions

    def changelist_view(self, request, extra_context=None):
        extra_context = extra_context or {}
        extra_context["spreadsheet_links"] = self.spreadsheet_links(request)
        return super().changelist_view(request, extra_context)

    def spreadsheet_links(self, request):
        return []


def refusal_context(refused):
    """What the page shows of a refused file: grouped problems, at most ERRORS_SHOWN."""
    groups, not_shown = group_errors(refused.errors)
    return {
        "errors": refused.errors[:ERRORS_SHOWN],
        "error_groups": groups,
        "error_count": len(refused.errors),
        "errors_not_shown": not_shown,
    }


def download(content, file_format, stem):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{stem}-{stamp}.{file_format}"'
    return response


class TemplatePeriodForm(forms.Form):
    period = forms.ModelChoiceField(
        label=gettext_lazy("Reporting period"), queryset=ReportingPeriod.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        periods = ReportingPeriod.objects.open_on(timezone.localdate()).order_by(
            "-year", "-quarter"
        )
        self.fields["period"].queryset = periods
        self.fields["period"].initial = periods.first()


class ParkFiguresImportExportMixin(SpreadsheetImportExportMixin):
    """For the ParkReport admin: the park-figures sheet, its template and "import and submit"."""

    spreadsheet_resource = ParkFiguresResource
    import_kind = ImportSession.Kind.PARK_FIGURES
    import_permissions = ("tracker.add_parkreport", "tracker.change_parkreport")
    export_filename = "park-figures"
    offer_submit = True

    def get_urls(self):
        return [
            path(
                "spreadsheet-template/",
                self.admin_site.admin_view(self.template_view),
                name=f"{self._info()}_spreadsheet_template",
            ),
            *super().get_urls(),
        ]

    def spreadsheet_links(self, request):
        if not self.has_import_permission(request):
            return []
        return [
            (
                reverse(f"admin:{self._info()}_spreadsheet_template"),
                _("Download template"),
            )
        ]

    def template_view(self, request):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = TemplatePeriodForm(request.GET or None)
        if request.GET and form.is_valid():
            period = form.cleaned_data["period"]
            content = exports.template_xlsx(request.user, period)
            audit.record(audit.Event.DOWNLOAD, period, detail={"file": "park-figures-template"})
            return download(content, "xlsx", f"park-figures-template-{period.label}")
        if request.GET:
            raise Http404(_("That period is not open for reporting."))
        context = self.admin_site.each_context(request)
        context.update(title=_("Download template"), opts=self.model._meta, form=form)
        request.current_app = self.admin_site.name
        return TemplateResponse(request, ["spreadsheets/template_form.html"], context)


class EnterpriseImportExportMixin(SpreadsheetImportExportMixin):
    spreadsheet_resource = EnterpriseResource
    import_kind = ImportSession.Kind.ENTERPRISES
    import_permissions = ("parks.add_enterprise", "parks.change_enterprise")
    export_filename = "enterprises"


class KeyProjectImportExportMixin(SpreadsheetImportExportMixin):
    spreadsheet_resource = KeyProjectResource
    import_kind = ImportSession.Kind.KEY_PROJECTS
    import_permissions = ("parks.change_keyproject",)
    export_filename = "key-projects"


# --- the buttons on the registry's and the reports' admins ----------------------------------
# parks and tracker register their admins without spreadsheets (the imports above make sure
# they have); here each is replaced by a subclass that adds its sheet's buttons and pages.

admin.site.unregister([ParkReport, Enterprise, KeyProject, Policy])


@admin.register(ParkReport)
class ParkReportSpreadsheetAdmin(ParkFiguresImportExportMixin, ParkReportAdmin):
    """tracker's ParkReportAdmin with the park-figures import, export and template."""


@admin.register(Enterprise)
class EnterpriseSpreadsheetAdmin(EnterpriseImportExportMixin, EnterpriseAdmin):
    """parks' EnterpriseAdmin with the enterprise register's import and export."""


@admin.register(KeyProject)
class KeyProjectSpreadsheetAdmin(KeyProjectImportExportMixin, KeyProjectAdmin):
    """parks' KeyProjectAdmin with the key projects' import and export."""


@admin.register(Policy)
class PolicySpreadsheetAdmin(PolicySheetTemplateMixin, PolicyAdmin):
    """tracker's PolicyAdmin with the policy sheet's template (for `manage.py load_policy`)."""
