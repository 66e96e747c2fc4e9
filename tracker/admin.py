from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from spreadsheets.admin import ParkFiguresImportExportMixin
from tracker.models import Indicator, ParkReport, Policy, ReportingPeriod, Target


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "issuer", "published_on"]
    search_fields = ["title", "title_en", "issuer"]


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
        "active",
    ]
    list_filter = ["value_type", "period_rule", "source", "active"]
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
    list_display = [
        "name",
        "milestone",
        "scope",
        "indicator",
        "comparator",
        "value_display",
        "park_level",
    ]
    list_filter = [MilestoneYearFilter, "scope", "policy", "indicator"]
    search_fields = ["name", "name_en", "code", "clause"]
    list_select_related = ["indicator", "policy"]
    ordering = ["milestone", "sort_order"]

    @admin.display(description=_("Target value"), ordering="value")
    def value_display(self, target):
        if target.is_qualitative:
            return _("Qualitative target")
        if target.value is None:
            return _("Not quantified")
        return target.value.normalize()


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "quarter", "opens_on", "due_on", "locked"]
    list_filter = ["year", "quarter", "locked"]
    list_editable = ["locked"]
    ordering = ["-year", "-quarter"]


# Minimal stand-in so the spreadsheet mixin can be used and tested; the district reporting
# issue brings the full ParkReportAdmin, to which the mixin is added the same way.
@admin.register(ParkReport)
class ParkReportAdmin(ParkFiguresImportExportMixin, admin.ModelAdmin):
    list_display = ["park", "period", "status", "version", "updated_at"]
    list_select_related = ["park", "period"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(pk__in=ParkReport.objects.for_user(request.user).values("pk"))
        )
