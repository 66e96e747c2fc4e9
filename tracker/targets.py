"""What the tracker follows: policies, their targets, and the indicators targets are measured on.

Apart from the reports (tracker/models.py, which imports these models so that Django and
`from tracker.models import ...` find them) to keep each module a readable size.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from common.values import format_decimal, localized


class PolicyQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Policy.Status.PUBLISHED)

    def in_force(self):
        """The policy the pages follow: the one the bureau marked current, else the latest
        published one; None while nothing is published."""
        # One query: the marked one sorts first, then the latest.
        return self.published().order_by("-is_current", "-published_on", "-pk").first()

    def with_in_force_flag(self):
        """Annotate `in_force_flag` (the rule of `in_force`) in the same query."""
        marked = self.model.objects.filter(is_current=True, status=Policy.Status.PUBLISHED)
        latest = self.model.objects.published().order_by("-published_on", "-pk").values("pk")[:1]
        return self.annotate(
            in_force_flag=models.Case(
                models.When(models.Exists(marked), then=models.F("is_current")),
                default=models.Q(pk=models.Subquery(latest)),
                output_field=models.BooleanField(),
            )
        )


class Policy(models.Model):
    """A policy document whose targets the tracker follows (docs/architecture.md).

    Several can be held at once (the 2022 guideline, a later plan); each page shows the
    targets of one policy only. Which one is in force is data: `PolicyQuerySet.in_force`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("In preparation")
        PUBLISHED = "published", _("Published")

    code = models.SlugField(
        _("Code"),
        max_length=40,
        unique=True,
        help_text=_("Latin letters, digits and hyphens; used in web addresses."),
    )
    title = models.CharField(_("Name"), max_length=200)
    title_en = models.CharField(_("English name"), max_length=300, blank=True)
    issuer = models.CharField(_("Issued by"), max_length=100)
    issuer_en = models.CharField(_("Issuer (English)"), max_length=200, blank=True)
    published_on = models.DateField(_("Published on"))
    source = models.CharField(_("Source"), max_length=200, blank=True)
    status = models.CharField(
        _("Status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_(
            "A policy in preparation is not shown on the progress pages; publish it when its targets are complete."
        ),
    )
    is_current = models.BooleanField(
        _("Marked in force"),
        default=False,
        help_text=_(
            "The pages follow the latest published policy unless one is marked here; marking one unmarks the others."
        ),
    )
    baseline_year = models.PositiveSmallIntegerField(
        _("Baseline year"),
        null=True,
        blank=True,
        help_text=_(
            "The year whose figures progress is measured from; empty means the year of publication."
        ),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on"]
        verbose_name = _("Policy")
        verbose_name_plural = _("Policy")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_policy",
            ),
            models.CheckConstraint(
                condition=models.Q(is_current=False) | models.Q(status="published"),
                name="current_policy_is_published",
            ),
        ]

    def __str__(self):
        return f"《{self.title}》"

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.is_current:
                # One policy in force at a time (the constraint would refuse a second one).
                Policy.objects.filter(is_current=True).exclude(pk=self.pk).update(is_current=False)
            super().save(*args, **kwargs)

    @property
    def display_title(self):
        """《Chinese title》, or the English title in English when there is one."""
        title = localized(self, "title")
        return f"《{title}》" if title == self.title else title

    @property
    def display_issuer(self):
        return localized(self, "issuer")

    @property
    def start_year(self):
        return self.baseline_year or self.published_on.year

    def milestones(self):
        """The distinct deadlines of this policy's targets, earliest first (uses prefetched
        targets when there are any)."""
        return sorted({target.milestone for target in self.targets.all()})

    def clean(self):
        if self.is_current and self.status != self.Status.PUBLISHED:
            raise ValidationError(
                {"is_current": _("Only a published policy can be the one in force.")}
            )
        if self.baseline_year and self.published_on and self.baseline_year > self.published_on.year:
            raise ValidationError(
                {"baseline_year": _("The baseline year cannot be after the year of publication.")}
            )

    def validate_constraints(self, exclude=None):
        # Marking this policy in force unmarks the other one on save, so "one policy in
        # force" is not an error for a form; clean() gives "only a published one" its message.
        super().validate_constraints(exclude={*(exclude or ()), "is_current"})


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(active=True)

    def reported(self):
        """Indicators districts fill in on the report form."""
        return self.active().filter(source=Indicator.Source.REPORT)


class Indicator(models.Model):
    class ValueType(models.TextChoices):
        DECIMAL = "decimal", _("Number")
        PERCENT = "percent", _("Percentage")
        COUNT = "count", _("Count")
        BOOLEAN = "boolean", _("Yes/no")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    class PeriodRule(models.TextChoices):
        YTD = "ytd", _("Year to date")
        STOCK = "stock", _("Stock at period end")
        FLOW = "flow", _("Flow in the period")

    class Source(models.TextChoices):
        REPORT = "report", _("Park report")
        REGISTER = "register", _("Enterprise register")
        DERIVED = "derived", _("Derived")

    code = models.SlugField(_("Code"), max_length=40, unique=True)
    name = models.CharField(_("Name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    unit = models.CharField(_("Unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("Unit (English)"), max_length=40, blank=True)
    value_type = models.CharField(_("Value type"), max_length=10, choices=ValueType.choices)
    min_value = models.DecimalField(
        _("Minimum"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("Maximum"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    direction = models.CharField(
        _("Direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    period_rule = models.CharField(_("Period rule"), max_length=10, choices=PeriodRule.choices)
    source = models.CharField(
        _("Data source"), max_length=10, choices=Source.choices, default=Source.REPORT
    )
    description = models.TextField(_("Description"), blank=True)
    description_en = models.TextField(_("Description (English)"), blank=True)
    part_of = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="parts",
        verbose_name=_("Part of"),
        help_text=_(
            "If this figure is a part of another one (e.g. core-industry revenue of revenue), a report's value cannot exceed that one."
        ),
    )
    active = models.BooleanField(_("Active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("Indicator")
        verbose_name_plural = _("Indicator")

    def __str__(self):
        return f"{self.name}({self.unit})" if self.unit else self.name

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def display_unit(self):
        return localized(self, "unit")

    @property
    def label(self):
        """Column header and form label: 名称(单位)."""
        return f"{self.name}({self.unit})" if self.unit else self.name

    # Bounds a value type allows at all: a percentage lies in 0–100, yes/no is 0 or 1.
    TYPE_BOUNDS = {"percent": (Decimal(0), Decimal(100)), "boolean": (Decimal(0), Decimal(1))}

    def clean(self):
        errors = {}
        if None not in (self.min_value, self.max_value) and self.min_value > self.max_value:
            errors["max_value"] = _("The maximum cannot be smaller than the minimum.")
        low, high = self.TYPE_BOUNDS.get(self.value_type, (None, None))
        for name in ("min_value", "max_value"):
            bound = getattr(self, name)
            if low is not None and bound is not None and not low <= bound <= high:
                errors.setdefault(
                    name,
                    _("A “%(type)s” indicator's bounds must lie between %(low)s and %(high)s.")
                    % {"type": self.get_value_type_display(), "low": low, "high": high},
                )
        if self.part_of_id:
            errors.update(self._part_of_errors())
        if errors:
            raise ValidationError(errors)

    def _part_of_errors(self):
        whole, seen = self.part_of, {self.pk}
        while whole is not None:
            if whole.pk in seen:
                return {"part_of": _("An indicator cannot be a part of itself, directly or not.")}
            seen.add(whole.pk)
            whole = whole.part_of
        if self.part_of.unit != self.unit:
            return {
                "part_of": _("A part must have the same unit as the whole (“%(unit)s”).")
                % {"unit": self.part_of.unit}
            }
        return {}

    def range_text(self):
        if self.value_type == self.ValueType.BOOLEAN:
            return _("Yes/no")
        low = "" if self.min_value is None else format_decimal(self.min_value)
        high = "" if self.max_value is None else format_decimal(self.max_value)
        return f"{low} – {high}"

    def clean_value(self, value):
        """Check one value's type and range; the message names the indicator."""
        if value is None:
            return None
        if not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except ArithmeticError:
                raise ValidationError(
                    _("The value “%(value)s” for “%(name)s” is not a number."),
                    params={"name": self.name, "value": value},
                ) from None
        if not value.is_finite():
            raise ValidationError(
                _("The value “%(value)s” for “%(name)s” is not a number."),
                params={"name": self.name, "value": value},
            )
        if self.value_type in (self.ValueType.COUNT, self.ValueType.BOOLEAN) and value != int(
            value
        ):
            raise ValidationError(
                _("“%(name)s” must be a whole number; “%(value)s” was entered."),
                params={"name": self.name, "value": format_decimal(value)},
            )
        if self.value_type == self.ValueType.BOOLEAN and value not in (0, 1):
            raise ValidationError(
                _("“%(name)s” can only be “是” (yes) or “否” (no)."), params={"name": self.name}
            )
        too_low = self.min_value is not None and value < self.min_value
        too_high = self.max_value is not None and value > self.max_value
        if too_low or too_high:
            raise ValidationError(
                _("The value %(value)s for “%(name)s” is outside the valid range %(range)s."),
                params={
                    "name": self.name,
                    "value": format_decimal(value),
                    "range": self.range_text(),
                },
            )
        if value.as_tuple().exponent < -4:
            raise ValidationError(
                _("“%(name)s” takes at most 4 decimal places."), params={"name": self.name}
            )
        return value


class TargetQuerySet(models.QuerySet):
    def quantified(self):
        return self.exclude(value=None).exclude(indicator=None)

    def qualitative(self):
        return self.filter(indicator=None)

    def for_policy(self, policy):
        """The targets of one policy; pages never mix two policies' targets."""
        return self.filter(policy=policy)

    def in_force(self):
        """The targets of the policy in force (none while no policy is published)."""
        return self.for_policy(Policy.objects.in_force())


class Target(models.Model):
    class Scope(models.TextChoices):
        PARK = "park", _("Every park")
        BELT = "belt", _("The belt as a whole")

    class Comparator(models.TextChoices):
        GE = "ge", "≥"
        LE = "le", "≤"
        EQ = "eq", "="

    policy = models.ForeignKey(
        Policy, on_delete=models.PROTECT, related_name="targets", verbose_name=_("Policy")
    )
    code = models.SlugField(
        _("Code"),
        max_length=60,
        unique=True,
        help_text=_("Unique across all policies, e.g. “2030-revenue”."),
    )
    name = models.CharField(_("Name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("Indicator"),
        help_text=_("Leave empty for a qualitative target."),
    )
    scope = models.CharField(_("Scope"), max_length=10, choices=Scope.choices)
    milestone = models.DateField(_("Deadline"))
    comparator = models.CharField(
        _("Comparator"), max_length=2, choices=Comparator.choices, blank=True
    )
    value = models.DecimalField(
        _("Target value"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Leave empty where the text gives no number (e.g. “一批”, “若干”)."),
    )
    park_level = models.DecimalField(
        _("Park level"),
        max_digits=16,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Belt targets count the parks at or above this level, e.g. revenue ≥ 1,000 亿元."
        ),
    )
    clause = models.TextField(_("Quoted clause"))
    note = models.TextField(_("Note"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("Sort order"), default=0)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["milestone", "sort_order", "code"]
        verbose_name = _("Target")
        verbose_name_plural = _("Target")

    def __str__(self):
        return f"{self.milestone.year} {self.name}"

    @property
    def display_name(self):
        return localized(self, "name")

    @property
    def is_qualitative(self):
        return self.indicator_id is None

    @property
    def is_quantified(self):
        return self.indicator_id is not None and self.value is not None

    def clean(self):
        errors = self._qualitative_errors() if self.is_qualitative else self._quantified_errors()
        policy = self._policy_or_none()
        if (
            self.milestone
            and policy
            and policy.published_on
            and self.milestone <= policy.published_on
        ):
            errors.setdefault(
                "milestone",
                _("The deadline must come after the policy's publication date (%(date)s).")
                % {"date": policy.published_on.isoformat()},
            )
        if errors:
            raise ValidationError(errors)

    def _policy_or_none(self):
        try:
            return self.policy  # set on an inline's target even before its policy is saved
        except Policy.DoesNotExist:
            return None

    def _qualitative_errors(self):
        message = _(
            "A qualitative target (no indicator) takes no comparator, value or park level; choose an indicator or clear this field."
        )
        fields = {"comparator": self.comparator, "value": self.value, "park_level": self.park_level}
        return {name: message for name, given in fields.items() if given not in ("", None)}

    def _quantified_errors(self):
        errors = {}
        indicator = self.indicator
        if not self.comparator:
            errors["comparator"] = _(
                "A quantified target needs a comparator (≥, ≤ or =); leave only the value empty where the text gives no number."
            )
        elif indicator.value_type == Indicator.ValueType.BOOLEAN and self.comparator != "eq":
            errors["comparator"] = _("A yes/no indicator is compared with “=”.")
        if self.scope == self.Scope.BELT:
            if self.park_level is None:
                errors["park_level"] = _(
                    "A belt target counts the parks at or above a level: give the park level."
                )
            else:
                errors.update(self._checked("park_level", indicator))
            if self.value is not None and (self.value < 0 or self.value != int(self.value)):
                errors["value"] = _(
                    "A belt target's value is a number of parks: a whole number, 0 or more."
                )
        else:
            if self.park_level is not None:
                errors["park_level"] = _("Only a belt target takes a park level.")
            errors.update(self._checked("value", indicator))
        return errors

    def _checked(self, name, indicator):
        """{name: message} if the field's number is not a valid value of the indicator."""
        try:
            indicator.clean_value(getattr(self, name))
        except ValidationError as error:
            return {name: error.messages}
        return {}
