from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.values import localized
from parks.validators import validate_credit_code


def sees_all_districts(user):
    return user.is_active and (user.is_superuser or user.has_perm("parks.view_all_districts"))


def user_district_id(user):
    """The district an officer is bound to, or None."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "officer_profile", None)
    return profile.district_id if profile else None


class DistrictQuerySet(models.QuerySet):
    def for_user(self, user):
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_districts(user):
            return self
        district_id = user_district_id(user)
        return self.filter(pk=district_id) if district_id else self.none()


class District(models.Model):
    code = models.SlugField(_("Code"), max_length=32, unique=True)
    name = models.CharField(_("Name"), max_length=32, unique=True)
    name_en = models.CharField(_("English name"), max_length=64, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("District")
        verbose_name_plural = _("District")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("district_detail", args=[self.code])

    @property
    def display_name(self):
        return localized(self, "name")


class ParkQuerySet(models.QuerySet):
    def for_user(self, user):
        """Row-level rule: officers see their own district's parks, everyone else all."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if sees_all_districts(user):
            return self
        district_id = user_district_id(user)
        return self.filter(district_id=district_id) if district_id else self.none()

    def active(self):
        return self.filter(active=True)

    def guideline(self):
        """The 12 parks the guideline names: the two cores and the ten zones."""
        return self.filter(role__in=[Park.Role.CORE, Park.Role.ZONE])


class Park(models.Model):
    class Role(models.TextChoices):
        CORE = "core", _("Smart core")
        ZONE = "zone", _("Industrial zone")
        LINKED = "linked", _("Linked value park")

    class Waterway(models.TextChoices):
        FRONT = "front", _("Front channel")
        REAR = "rear", _("Rear channel")
        WEST = "west", _("West channel")
        ESTUARY = "estuary", _("Estuary")

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="parks", verbose_name=_("District")
    )
    location = models.CharField(_("Location"), max_length=100, blank=True)
    location_en = models.CharField(_("English location"), max_length=160, blank=True)
    area_km2 = models.DecimalField(_("Area (km²)"), max_digits=8, decimal_places=2)
    area_note = models.CharField(_("Area note"), max_length=32, blank=True)
    role = models.CharField(_("Layout role"), max_length=10, choices=Role.choices)
    waterway = models.CharField(_("Waterway"), max_length=10, choices=Waterway.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)
    active = models.BooleanField(_("Active"), default=True)

    objects = ParkQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Park")
        verbose_name_plural = _("Park")
        permissions = [("view_all_districts", _("Can view all districts' data"))]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("park_detail", args=[self.code])

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_location(self):
        return localized(self, "location")


class IndustryDirection(models.Model):
    class Kind(models.TextChoices):
        ENCOURAGED = "encouraged", _("Encouraged")
        PRUDENT = "prudent", _("Prudent introduction")

    park = models.ForeignKey(
        Park, on_delete=models.CASCADE, related_name="industries", verbose_name=_("Park")
    )
    name = models.CharField(_("Industry direction"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    kind = models.CharField(
        _("Introduction mode"), max_length=12, choices=Kind.choices, default=Kind.ENCOURAGED
    )
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    class Meta:
        ordering = ["park", "kind", "sort_order", "id"]
        verbose_name = _("Key industry direction")
        verbose_name_plural = _("Key industry directions")
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="unique_industry_per_park")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localized(self, "name")


class ParkScopedQuerySet(models.QuerySet):
    """For rows that belong to a park: the same district rule as Park.objects.for_user."""

    def for_user(self, user):
        return self.filter(park__in=Park.objects.for_user(user))


class KeyProject(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        UNDER_CONSTRUCTION = "under_construction", _("Under construction")
        COMPLETED = "completed", _("Completed")
        IN_OPERATION = "in_operation", _("In operation")

    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="projects", verbose_name=_("Park")
    )
    name = models.CharField(_("Project name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    note = models.CharField(_("Note"), max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    objects = ParkScopedQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["park", "sort_order", "id"]
        verbose_name = _("Key project")
        verbose_name_plural = _("Key projects")
        constraints = [
            models.UniqueConstraint(fields=["park", "name"], name="unique_project_per_park")
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self):
        return localized(self, "name")


# All an officer may learn about a credit code held by an enterprise they cannot see: not its
# name, park or district, only that it is taken and whom to ask. Shared by the admin form and
# the register import.
CREDIT_CODE_REGISTERED_ELSEWHERE = _(
    "The unified social credit code %(code)s is already registered in a park outside your district. Please contact the city bureau."
)
# When the user is unknown (model validation), the same without naming any district.
CREDIT_CODE_TAKEN = _(
    "This unified social credit code is already registered. If the enterprise is not in your district's register, please contact the city bureau."
)


class EnterpriseQuerySet(ParkScopedQuerySet):
    def summary_by_role(self, shown):
        """[(role, label, count, [the first `shown` firms by name])] in two queries, whatever
        the register's size: a park page lists a few firms per role, not thousands."""
        counts = dict(self.order_by().values_list("role").annotate(count=models.Count("pk")))
        ranked = self.annotate(
            rank=models.Window(
                RowNumber(), partition_by=models.F("role"), order_by=models.F("name").asc()
            )
        ).filter(rank__lte=shown)
        firms = {}
        for firm in ranked.order_by("role", "name"):
            firms.setdefault(firm.role, []).append(firm)
        return [
            (role, label, counts.get(role, 0), firms.get(role, []))
            for role, label in Enterprise.Role.choices
        ]

    def credit_code_error(self, code, user, exclude_pk=None):
        """Why `user` may not give `code` to an enterprise, or None if they may.

        The holder is named only when the user can see it.
        """
        holders = self.filter(credit_code=code).select_related("park")
        if exclude_pk is not None:
            holders = holders.exclude(pk=exclude_pk)
        holder = holders.first()
        if holder is None:
            return None
        if not Park.objects.for_user(user).filter(pk=holder.park_id).exists():
            return ValidationError(
                CREDIT_CODE_REGISTERED_ELSEWHERE,
                code="credit_code_registered_elsewhere",
                params={"code": code},
            )
        return ValidationError(
            _(
                "The unified social credit code %(code)s is already registered for “%(name)s” in %(park)s."
            ),
            code="unique",
            params={"code": code, "name": holder.name, "park": holder.park.display_name},
        )


class Enterprise(models.Model):
    class Role(models.TextChoices):
        CHAIN_LEADER = "chain_leader", _("Chain-leader enterprise")
        UPSTREAM = "upstream", _("Upstream enterprise")
        DOWNSTREAM = "downstream", _("Downstream enterprise")
        OTHER = "other", _("Other")

    name = models.CharField(_("Enterprise name"), max_length=200)
    credit_code = models.CharField(
        _("Unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("Park")
    )
    role = models.CharField(_("Role in the industry chain"), max_length=16, choices=Role.choices)
    industry_chain = models.CharField(_("Industry chain"), max_length=100, blank=True)
    introduced_on = models.DateField(_("Date brought in"))
    is_demo = models.BooleanField(_("Demo data"), default=False, editable=False)
    updated_at = models.DateTimeField(_("Updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["park", "role", "name"]
        verbose_name = _("Enterprise")
        verbose_name_plural = _("Enterprise register")
        indexes = [models.Index(fields=["park", "role", "introduced_on"])]

    def __str__(self):
        return f"{self.name}({self.credit_code})"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The park it was read in: moving a firm changes the register of both parks, and the
        # dashboards' per-park versions (tracker/signals.py) must hear of the one it left.
        instance.loaded_park_id = instance.__dict__.get("park_id")
        return instance

    def unique_error_message(self, model_class, unique_check):
        # Django's "Enterprise with this … already exists" would do, but a form that knows
        # its user should say more (EnterpriseQuerySet.credit_code_error); this is the
        # fallback, and it must not depend on whose the enterprise is.
        if tuple(unique_check) == ("credit_code",):
            return ValidationError(CREDIT_CODE_TAKEN, code="unique")
        return super().unique_error_message(model_class, unique_check)


class OfficerProfile(models.Model):
    """Binds a district officer's account to exactly one district."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="officer_profile",
        verbose_name=_("User"),
    )
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="officers", verbose_name=_("District")
    )

    class Meta:
        verbose_name = _("District officer account")
        verbose_name_plural = _("District officer account")

    def __str__(self):
        return f"{self.user} — {self.district}"
