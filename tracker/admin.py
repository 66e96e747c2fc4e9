from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.cache import cache
from django.db import models
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from parks.admin_scope import DistrictScopedAdmin
from tracker.models import (
    Indicator,
    ParkReport,
    Policy,
    ReportError,
    ReportingPeriod,
    Target,
)
from tracker.report_form import (
    AddDefaults,
    BulkReasonForm,
    ReviewForm,
    note_field_name,
    report_form_class,
    value_field_name,
)
from tracker.report_list import ReportChangeList
from tracker.versions import for_request as data_version_for
from tracker.versions import user_scope

# Clause and note are a line or two: smaller boxes keep a policy's many targets on one page.
SHORT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}}


TARGET_FIELDS = [
    ("code", "sort_order"),
    ("name", "name_en"),
    "clause",
    ("milestone", "scope"),
    ("indicator", "comparator"),
    ("value", "park_level"),
    "note",
]


def deletable_with(policy):
    """Targets and policies can be deleted only while the policy is in preparation: a
    published policy's targets are edited, not removed."""
    return policy is None or policy.status == Policy.Status.DRAFT


class TargetInline(admin.StackedInline):
    model = Target
    fields = TARGET_FIELDS
    formfield_overrides = SHORT_TEXT
    show_change_link = True

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj is not None and obj.targets.exists() else 1

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and deletable_with(obj)


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """The bureau adds a policy (e.g. a new plan) with its targets, without a developer."""

    list_display = [
        "title",
        "published_on",
        "status",
        "in_force",
        "target_count",
        "milestones_display",
    ]
    list_filter = ["status"]
    search_fields = ["title", "title_en", "issuer", "code"]
    inlines = [TargetInline]
    readonly_fields = ["in_force"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "title",
                    "title_en",
                    "issuer",
                    "issuer_en",
                    "published_on",
                    "source",
                    "baseline_year",
                ]
            },
        ),
        (_("Status"), {"fields": ["status", "is_current", "in_force"]}),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in ("title", "title_en", "issuer_en", "source"):
            field.widget.attrs["class"] = "vLargeTextField"  # long titles, shown whole
        return field

    def get_fieldsets(self, request, obj=None):
        if obj is None:  # whether a new policy is in force shows once it is saved
            return [
                (name, {"fields": [f for f in opts["fields"] if f != "in_force"]})
                for name, opts in self.fieldsets
            ]
        return self.fieldsets

    def get_queryset(self, request):
        milestones = Prefetch("targets", queryset=Target.objects.only("pk", "policy", "milestone"))
        return (
            super()
            .get_queryset(request)
            .with_in_force_flag()
            .annotate(target_count=Count("targets"))
            .prefetch_related(milestones)
        )

    @admin.display(description=_("In force now"), boolean=True)
    def in_force(self, policy):
        return bool(getattr(policy, "in_force_flag", False))

    @admin.display(description=_("Number of targets"), ordering="target_count")
    def target_count(self, policy):
        return policy.target_count

    @admin.display(description=_("Milestones"))
    def milestones_display(self, policy):
        days = [(day.isoformat(),) for day in policy.milestones()]
        return format_html_join(mark_safe("<br>"), "{}", days) or "—"

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and deletable_with(obj)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "unit",
        "value_type",
        "min_value",
        "max_value",
        "period_rule",
        "source",
        "part_of",
        "active",
    ]
    list_filter = ["value_type", "period_rule", "source", "active"]
    list_select_related = ["part_of"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["sort_order"]


class MilestoneYearFilter(admin.SimpleListFilter):
    title = _("Target year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Target.objects.dates("milestone", "year")
        return [(str(day.year), str(day.year)) for day in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(milestone__year=int(self.value()))
        return queryset


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    fields = ["policy", *TARGET_FIELDS]
    formfield_overrides = SHORT_TEXT
    list_display = [
        "name",
        "policy",
        "milestone",
        "scope",
        "indicator",
        "comparator",
        "value_display",
        "park_level",
    ]
    list_filter = ["policy", MilestoneYearFilter, "scope", "indicator"]
    search_fields = ["name", "name_en", "code", "clause"]
    list_select_related = ["indicator", "policy"]
    ordering = ["policy", "milestone", "sort_order"]

    @admin.display(description=_("Target value"), ordering="value")
    def value_display(self, target):
        if target.is_qualitative:
            return _("Qualitative target")
        if target.value is None:
            return _("Not quantified")
        return target.value.normalize()

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and deletable_with(obj.policy if obj else None)


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "year",
        "quarter",
        "opens_on",
        "due_on",
        "expires_on_display",
        "locked",
        "locked_now",
    ]
    list_filter = ["year", "quarter", "locked"]
    list_editable = ["locked"]
    ordering = ["-year", "-quarter"]

    @admin.display(description=_("Open to districts until"))
    def expires_on_display(self, period):
        return period.expires_on or _("No automatic lock")

    @admin.display(description=_("Locked now"), boolean=True)
    def locked_now(self, period):
        return period.is_locked()


class CachedRelatedOnlyFilter(RelatedOnlyFieldListFilter):
    """The filter's choices (the related rows the user's reports use) from the cache: they
    depend only on the user's scope, the language and the data version (tracker/versions.py),
    and building them took three queries and a fifth of the list's time."""

    def field_choices(self, field, request, model_admin):
        key = ":".join(
            [
                "admin-filter",
                model_admin.model._meta.label,
                self.field_path,
                user_scope(request.user),
                get_language() or "",
                str(data_version_for(request)),
            ]
        )
        choices = cache.get(key)
        if choices is None:
            choices = [
                (pk, str(label)) for pk, label in super().field_choices(field, request, model_admin)
            ]
            cache.set(key, choices, settings.DASHBOARD_CACHE_SECONDS)
        return choices


def local_time(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else None


def person_shown(name):
    """The report's user field `name` as the person's name. The admin's own display links to
    the user's admin page, which only security administrators may open: a 403 for the
    officers and reviewers who read reports."""

    @admin.display(description=ParkReport._meta.get_field(name).verbose_name)
    def shown(model_admin, report):
        person = getattr(report, name)
        if person is None:
            return model_admin.get_empty_value_display()
        return person.get_full_name() or person.get_username()

    return shown


@admin.register(ParkReport)
class ParkReportAdmin(DistrictScopedAdmin):
    """Districts fill in and submit; the bureau approves, returns and reopens.

    The rules are ParkReport's methods; this class wires them to the admin pages.
    """

    # Drawn by tracker/report_list.py. The warning marker sits beside the status and the
    # last change's time under its author, so that at 1400 px the list fits without
    # scrolling sideways to the reviewer.
    list_display = [
        "park",
        "period",
        "status_shown",
        "last_change",
        "submitted_at_shown",
        "reviewed_by",
    ]
    # 50 rows: the rows are most of the list's time, and a quarter of the belt's reports
    # (or a district's year) still fit on a page.
    list_per_page = 50
    # The "N in all" beside a filtered count cost a second COUNT on every view; the admin
    # then offers "show all" instead (and on the whole list, nothing: ReportChangeList).
    show_full_result_count = False
    change_list_template = "admin/tracker/parkreport/change_list.html"
    list_filter = [
        "status",
        "has_warnings",
        ("park__district", CachedRelatedOnlyFilter),
        ("park", CachedRelatedOnlyFilter),
        ("period", CachedRelatedOnlyFilter),
    ]
    list_select_related = ["park", "period", "updated_by", "reviewed_by"]
    search_fields = ["park__name", "park__code"]
    actions = ["approve_selected", "return_selected", "reopen_selected"]
    change_form_template = "admin/tracker/parkreport/change_form.html"
    object_history_template = "admin/tracker/parkreport/object_history.html"
    workflow_fields = [
        "status",
        "updated_by_shown",
        "updated_at",
        "submitted_by_shown",
        "submitted_at",
        "reviewed_by_shown",
        "reviewed_at",
        "reason",
        "unlocked_shown",
        "warning_marker",
    ]

    updated_by_shown = person_shown("updated_by")
    submitted_by_shown = person_shown("submitted_by")
    reviewed_by_shown = person_shown("reviewed_by")

    # Times as the history pages show them; the admin's localized date format costs about
    # 0.1 ms a cell, a tenth of the list's time.
    @admin.display(description=_("Last change"), ordering="updated_at")
    def last_change(self, report):
        when = local_time(report.updated_at)
        if report.updated_by is None:
            return when
        return format_html("{}<br>{}", report.updated_by, when)

    @admin.display(description=_("Status"), ordering="status")
    def status_shown(self, report):
        if not report.has_warnings:
            return report.get_status_display()
        return format_html("{} {}", report.get_status_display(), self.warning_marker(report))

    @admin.display(description=_("Submitted at"), ordering="submitted_at")
    def submitted_at_shown(self, report):
        return local_time(report.submitted_at)

    def get_changelist(self, request, **kwargs):
        return ReportChangeList

    # -- permissions -------------------------------------------------------------------

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or obj.can_edit(request.user))

    def has_review_permission(self, request):
        return ParkReport.can_review(request.user)

    # -- the form ----------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = report_form_class(request.user, "_submit_report" in request.POST)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        indicators = Indicator.objects.reported()
        figures = [(value_field_name(i), note_field_name(i)) for i in indicators]
        if obj is None:
            return [(None, {"fields": ["park", "period"]}), (_("Figures"), {"fields": figures})]
        if not self.has_change_permission(request, obj):
            figures = ["figures_table"]
            head = ["park", "period"]
        else:
            head = ["park", "period", "version"]
        return [
            (None, {"fields": head}),
            (_("Figures"), {"fields": figures}),
            (_("Workflow"), {"fields": self.workflow_fields}),
        ]

    @admin.display(description=_("Has warnings"), ordering="has_warnings")
    def warning_marker(self, report):
        """A marker only where there is something to look at; a yes/no icon read as
        "✖ = bad" on reports that had no warning."""
        if not report.has_warnings:
            # The admin's dash; None would read "None" on the report's own page.
            return self.get_empty_value_display()
        return format_html(
            '<span class="report-warning"><span aria-hidden="true">⚠ </span>{}</span>',
            _("Warning"),
        )

    @admin.display(description=ParkReport._meta.get_field("unlocked").verbose_name)
    def unlocked_shown(self, report):
        """In words: the admin's red ✖ for a boolean read as an error, and "no" is the
        usual, harmless case. "Yes" keeps the field's explanation."""
        if not report.unlocked:
            return _("No")
        help_text = ParkReport._meta.get_field("unlocked").help_text
        return format_html('{}<div class="help">{}</div>', _("Yes"), help_text)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["park", "period", "figures_table", *self.workflow_fields]

    @admin.display(description=_("Figures"))
    def figures_table(self, report):
        rows = []
        stored = {row.indicator_id: row for row in report.values.all()}
        for indicator in Indicator.objects.reported():
            rows.append({"indicator": indicator, "row": stored.get(indicator.pk)})
        return render_to_string("admin/tracker/parkreport/figures_table.html", {"rows": rows})

    def save_model(self, request, obj, form, change):
        changed = form.save_report(request.user)
        warnings = form.check_result.warnings if form.check_result else {}
        if warnings:
            self.message_user(
                request,
                _("Saved with warnings that the reviewer will see: %(warnings)s")
                % {"warnings": " ".join(warnings.values())},
                messages.WARNING,
            )
        if form.submitting:
            self.message_user(request, _("The report was submitted for review."), messages.SUCCESS)
        elif not changed:
            self.message_user(request, _("Nothing was changed."), messages.INFO)

    def add_view(self, request, form_url="", extra_context=None):
        if request.method == "GET" and self.has_add_permission(request):
            defaults = AddDefaults(request.user, request.GET)
            if defaults.existing is not None:
                self.message_user(
                    request,
                    _("A report for %(park)s, %(period)s already exists; here it is.")
                    % {"park": defaults.existing.park, "period": defaults.existing.period},
                    messages.INFO,
                )
                return HttpResponseRedirect(
                    reverse("admin:tracker_parkreport_change", args=[defaults.existing.pk])
                )
            for problem in defaults.problems:
                self.message_user(request, problem, messages.WARNING)
            request.report_defaults = defaults.initial
        return super().add_view(request, form_url, extra_context)

    def get_changeform_initial_data(self, request):
        # Only the checked defaults: a raw ?park= of another district never reaches the form.
        return getattr(request, "report_defaults", {})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ReportError as error:
            # Raised inside the admin's transaction, so nothing of this request was saved.
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = None
        if str(object_id).isdigit():
            report = self.get_queryset(request).filter(pk=object_id).first()
        extra = {}
        if report is not None:
            extra["review_steps"] = ReviewForm.steps_for(report, request.user)
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    # -- review ------------------------------------------------------------------------

    def get_urls(self):
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name="tracker_parkreport_review",
        )
        return [review, *super().get_urls()]

    def review_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        report = None
        if str(object_id).isdigit():
            report = self.get_queryset(request).filter(pk=object_id).first()
        if report is None:
            raise Http404(_("No such report."))
        form = ReviewForm(request.POST)
        if not form.is_valid():
            self.message_user(request, _("The review step was not understood."), messages.ERROR)
        else:
            try:
                form.apply(report, request.user)
            except ReportError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(report)s is now “%(status)s”.")
                    % {"report": report, "status": report.get_status_display()},
                    messages.SUCCESS,
                )
        return HttpResponseRedirect(reverse("admin:tracker_parkreport_change", args=[report.pk]))

    @admin.action(description=_("Approve the selected reports"), permissions=["review"])
    def approve_selected(self, request, queryset):
        self._apply_to_each(request, queryset, lambda report: report.approve(request.user))

    @admin.action(
        description=_("Return the selected reports (with a reason)"), permissions=["review"]
    )
    def return_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            "return_selected",
            lambda report, reason: report.return_to_district(request.user, reason),
        )

    @admin.action(
        description=_("Reopen the selected reports (with a reason)"), permissions=["review"]
    )
    def reopen_selected(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            "reopen_selected",
            lambda report, reason: report.reopen(request.user, reason),
        )

    def _with_reason(self, request, queryset, action, step):
        form = BulkReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            self._apply_to_each(request, queryset, lambda report: step(report, reason))
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": self.get_action_choices_label(action),
            "opts": self.model._meta,
            "reports": queryset.select_related("park", "period"),
            "form": form,
            "action": action,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/tracker/parkreport/bulk_reason.html", context)

    def get_action_choices_label(self, action):
        return getattr(self, action).short_description

    def _apply_to_each(self, request, queryset, step):
        done, refused = 0, []
        for report in queryset.select_related("park", "period"):
            try:
                step(report)
            except ReportError as error:
                refused.append(f"{report}: {' '.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(count)d report(s) done.") % {"count": done}, messages.SUCCESS
            )
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    # -- history -----------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        extra = {}
        if str(object_id).isdigit():
            extra["value_changes"] = ParkReport.value_history(int(object_id))
        return super().history_view(request, object_id, {**extra, **(extra_context or {})})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A report's figures are separate rows; its history page lists them instead.
        return HttpResponseRedirect(reverse("admin:tracker_parkreport_history", args=[object_id]))
