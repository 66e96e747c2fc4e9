from django.contrib import admin
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from parks.models import (
    District,
    Enterprise,
    IndustryDirection,
    KeyProject,
    OfficerProfile,
    Park,
)
from spreadsheets.admin import EnterpriseImportExportMixin, KeyProjectImportExportMixin


class IndustryDirectionInline(admin.TabularInline):
    model = IndustryDirection
    extra = 0
    fields = ["name", "name_en", "kind", "sort_order"]


class KeyProjectInline(admin.TabularInline):
    model = KeyProject
    extra = 0
    fields = ["name", "name_en", "status", "note", "sort_order"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "park_count", "total_area"]
    search_fields = ["name", "name_en", "code"]
    ordering = ["sort_order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(area=Sum("parks__area_km2"))

    @admin.display(description=_("Parks"))
    def park_count(self, district):
        return district.parks.count()

    @admin.display(description=_("Total park area (km²)"), ordering="area")
    def total_area(self, district):
        return district.area


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):
    list_display = ["name", "district", "role", "area_km2", "waterway", "active"]
    list_filter = ["district", "role", "waterway", "active"]
    search_fields = ["name", "name_en", "code", "location"]
    list_select_related = ["district"]
    ordering = ["sort_order"]
    inlines = [IndustryDirectionInline, KeyProjectInline]
    fieldsets = [
        (None, {"fields": ["name", "name_en", "code", "district", "role", "active"]}),
        (
            _("Location and area"),
            {"fields": ["location", "location_en", "area_km2", "area_note", "waterway"]},
        ),
        (_("Display"), {"fields": ["sort_order"]}),
    ]


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "district"]
    list_filter = ["district"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


# Minimal stand-ins so the spreadsheet mixins can be used and tested; the district reporting
# issue brings the full admins, to which the mixins are added the same way.
@admin.register(Enterprise)
class EnterpriseAdmin(EnterpriseImportExportMixin, admin.ModelAdmin):
    list_display = ["name", "credit_code", "park", "role", "introduced_on"]
    list_select_related = ["park"]

    def get_queryset(self, request):
        return Enterprise.objects.for_user(request.user).select_related("park")


@admin.register(KeyProject)
class KeyProjectAdmin(KeyProjectImportExportMixin, admin.ModelAdmin):
    list_display = ["name", "park", "status"]
    list_select_related = ["park"]

    def get_queryset(self, request):
        return KeyProject.objects.for_user(request.user).select_related("park")
