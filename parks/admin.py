from django import forms
from django.contrib import admin
from django.contrib.admin import RelatedOnlyFieldListFilter
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from parks.admin_scope import DistrictScopedAdmin
from parks.models import (
    District,
    Enterprise,
    IndustryDirection,
    KeyProject,
    OfficerProfile,
    Park,
)


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
    list_filter = [("district", RelatedOnlyFieldListFilter), "role", "waterway", "active"]
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

    def get_queryset(self, request):
        # Also serves the park autocomplete and raw-id pop-ups of the other admins.
        return super().get_queryset(request).for_user(request.user)


@admin.register(OfficerProfile)
class OfficerProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "district"]
    list_filter = ["district"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    raw_id_fields = ["user"]


class EnterpriseForm(forms.ModelForm):
    user = None  # set for each request by EnterpriseAdmin.get_form

    def clean_credit_code(self):
        code = self.cleaned_data["credit_code"]
        error = Enterprise.objects.credit_code_error(code, self.user, exclude_pk=self.instance.pk)
        if error is not None:
            raise error
        return code


@admin.register(Enterprise)
class EnterpriseAdmin(DistrictScopedAdmin):
    form = EnterpriseForm
    list_display = ["name", "credit_code", "park", "role", "industry_chain", "introduced_on"]
    list_filter = [("park", RelatedOnlyFieldListFilter), "role", "is_demo"]
    search_fields = ["name", "credit_code", "industry_chain"]
    list_select_related = ["park"]
    autocomplete_fields = ["park"]
    fields = ["name", "credit_code", "park", "role", "industry_chain", "introduced_on"]
    date_hierarchy = "introduced_on"

    def get_form(self, request, obj=None, change=False, **kwargs):
        # modelform_factory makes a new class on every call, so this stays per request.
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        return form


@admin.register(KeyProject)
class KeyProjectAdmin(DistrictScopedAdmin):
    """The bureau keeps the list; districts update their own projects' status and note."""

    list_display = ["name", "park", "status", "note", "updated_at"]
    list_filter = [("park", RelatedOnlyFieldListFilter), "status"]
    search_fields = ["name", "name_en", "note"]
    list_select_related = ["park"]
    fields = ["park", "name", "name_en", "status", "note", "sort_order"]
    district_fields = ["status", "note"]

    def get_readonly_fields(self, request, obj=None):
        if request.user.has_perm("parks.add_keyproject"):
            return []
        return [name for name in self.fields if name not in self.district_fields]
