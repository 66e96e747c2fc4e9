"""The admin form for one park report: one value and one note field per reported indicator.

The business rules live on ParkReport (check_figures, start, record_values, submit); this
form only turns them into per-field messages.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.values import ParseError, format_decimal, localized, parse_decimal
from parks.models import Park
from tracker.attention import owed_periods
from tracker.models import Indicator, ParkReport, ReportingPeriod


def value_field_name(indicator):
    return f"value_{indicator.code}"


def note_field_name(indicator):
    return f"note_{indicator.code}"


def indicator_help_text(indicator):
    text = _("Valid range: %(range)s") % {"range": indicator.range_text()}
    description = localized(indicator, "description")
    if description:
        text = f"{text} · {description}"
    return text


def value_form_field(indicator):
    common = {
        "label": indicator.label,
        "required": False,
        "help_text": indicator_help_text(indicator),
    }
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return forms.ChoiceField(choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))], **common)
    # A CharField, so that a wrong entry gets the indicator's own message naming the field.
    return forms.CharField(max_length=40, widget=forms.TextInput(attrs={"size": 14}), **common)


def typed_number(indicator, text):
    """The number typed into a figure's field, read as the spreadsheet import reads a cell:
    thousands separators, full-width digits, "85%" for a percentage. None when blank."""
    if indicator.value_type == Indicator.ValueType.BOOLEAN:
        return text or None  # "1" or "0" from the yes/no choice
    try:
        return parse_decimal(
            text, percent_allowed=indicator.value_type == Indicator.ValueType.PERCENT
        )
    except ParseError:
        raise ValidationError(
            _("The value “%(value)s” for “%(name)s” is not a number."),
            params={"name": indicator.name, "value": text.strip()},
        ) from None


class ParkReportForm(forms.ModelForm):
    """Built per request by `report_form_class`, which sets `user`, `indicators`, `submitting`."""

    user = None
    indicators = ()
    submitting = False

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ParkReport
        fields = ["park", "period"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_result = None
        if "park" in self.fields:
            self.fields["park"].queryset = Park.objects.for_user(self.user).active()
        if "period" in self.fields:
            periods = ReportingPeriod.objects.open_on(timezone.localdate())
            if not self.is_bound:
                # Offer only what is still to report; a posted form keeps every open
                # quarter, so that a duplicate gets clean()'s clearer message.
                parks = self.fields["park"].queryset
                periods = periods_to_report(periods, parks, self.initial.get("park"))
            self.fields["period"].queryset = periods.order_by("due_on", "year", "quarter")
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
            stored = {row.indicator_id: row for row in self.instance.values.all()}
            for indicator in self.indicators:
                row = stored.get(indicator.pk)
                if row is None:
                    continue
                value = row.value
                if indicator.value_type == Indicator.ValueType.BOOLEAN and value is not None:
                    value = str(int(value))
                else:
                    value = format_decimal(value)
                self.initial.setdefault(value_field_name(indicator), value)
                self.initial.setdefault(note_field_name(indicator), row.note)

    def report_park_and_period(self):
        if self.instance.pk:
            return self.instance.park, self.instance.period
        return self.cleaned_data.get("park"), self.cleaned_data.get("period")

    def validate_unique(self):
        # clean() gives the duplicate report a clearer message; the database
        # constraint (ParkReport.start) catches the concurrent case.
        pass

    def clean(self):
        cleaned = super().clean()
        park, period = self.report_park_and_period()
        if park is None or period is None:
            return cleaned
        if self.instance.pk:
            self._check_still_editable()
        elif ParkReport.objects.filter(park=park, period=period).exists():
            raise ValidationError(
                _(
                    "A report for %(park)s, %(period)s already exists; open it from the list instead."
                ),
                params={"park": park, "period": period},
            )
        raw, unreadable = {}, set()
        for indicator in self.indicators:
            field = value_field_name(indicator)
            try:
                raw[indicator.code] = typed_number(indicator, cleaned.get(field) or "")
            except ValidationError as error:
                self.add_error(field, error)
                raw[indicator.code] = None
                unreadable.add(indicator.code)
        self.check_result = ParkReport.check_figures(park, period, raw)
        for code, message in self.check_result.errors:
            self.add_error(f"value_{code}", message)
        if self.submitting:
            for indicator in self.indicators:
                if raw[indicator.code] is None and indicator.code not in unreadable:
                    self.add_error(
                        value_field_name(indicator),
                        _("Fill in “%(name)s” before submitting the report.")
                        % {"name": indicator.name},
                    )
        return cleaned

    def _check_still_editable(self):
        expected = self.cleaned_data.get("version")
        if expected is None or expected != self.instance.version:
            raise self.instance.stale_error()
        if not self.instance.can_edit(self.user):
            raise ValidationError(
                _("This report is “%(status)s” and can no longer be changed."),
                params={"status": self.instance.get_status_display()},
            )

    def notes(self):
        return {
            indicator.code: self.cleaned_data.get(note_field_name(indicator), "")
            for indicator in self.indicators
        }

    def save_report(self, user):
        """Create or update the report from this form, then submit it if asked to.

        Returns True if anything was saved.
        """
        report = self.instance
        changed = False
        if report.pk is None:
            report.start(user)
            changed = True
        expected = report.version if changed else self.cleaned_data["version"]
        changed |= report.record_values(user, self.check_result, self.notes(), expected)
        if self.submitting:
            report.submit(user, expected_version=report.version)
            changed = True
        return changed


def report_form_class(user, submitting):
    indicators = list(Indicator.objects.reported())
    fields = {}
    for indicator in indicators:
        fields[value_field_name(indicator)] = value_form_field(indicator)
        fields[note_field_name(indicator)] = forms.CharField(
            label=_("Note on “%(name)s”") % {"name": indicator.name},
            max_length=200,
            required=False,
        )
    attributes = {"user": user, "indicators": indicators, "submitting": submitting, **fields}
    return type("ParkReportForm", (ParkReportForm,), attributes)


def periods_to_report(periods, parks, park=None):
    """`periods` without a report for `park`, or, with no park chosen, for every one of
    `parks` (a Park queryset)."""
    if park is not None:
        return periods.exclude(reports__park=park)
    return periods.annotate(
        reported=Count("reports", filter=Q(reports__park__in=parks), distinct=True)
    ).filter(reported__lt=parks.count())


class AddDefaults:
    """The add form's first park and quarter: from the link's `?park=&period=` if the user
    may report them, else the user's only park and the open quarter due first.

    `problems` says, in the user's language, what of the link was ignored (never naming a
    park the user may not see); `existing` is the report the link asks for, if it exists.
    """

    def __init__(self, user, params, today=None):
        self.today = today or timezone.localdate()
        self.problems = []
        self.existing = None
        self.parks = Park.objects.for_user(user).active()
        self.park = self._park(params.get("park"))
        self.period = self._period(params.get("period"))

    @property
    def initial(self):
        initial = {}
        if self.park is not None:
            initial["park"] = self.park.pk
        if self.period is not None:
            initial["period"] = self.period.pk
        return initial

    def _park(self, raw):
        if raw:
            park = self.parks.filter(pk=raw).first() if str(raw).isdigit() else None
            if park is not None:
                return park
            self.problems.append(
                _("The park in the link is not one you report for; choose a park from the list.")
            )
        parks = list(self.parks[:2])
        return parks[0] if len(parks) == 1 else None

    def _period(self, raw):
        open_periods = ReportingPeriod.objects.open_on(self.today)
        offered = periods_to_report(open_periods, self.parks, self.park)
        if raw:
            wanted = open_periods.filter(pk=raw).first() if str(raw).isdigit() else None
            if wanted is not None and offered.filter(pk=wanted.pk).exists():
                return wanted
            if wanted is not None and self.park is not None:
                self.existing = (
                    ParkReport.objects.filter(park=self.park, period=wanted)
                    .select_related("park", "period")
                    .first()
                )
                if self.existing is not None:
                    return None
            self.problems.append(
                _("The quarter in the link is not open for reporting; choose one from the list.")
            )
        offered = offered.order_by("due_on", "year", "quarter")
        first = owed_periods(offered).first() or offered.first()
        if first is None and self.park is not None:
            self.problems.append(
                _("Every open quarter already has a report for %(park)s.") % {"park": self.park}
            )
        return first


class ReviewForm(forms.Form):
    """The reviewer's step on one report's change page."""

    STEPS = {
        "approve": _("Approve"),
        "return": _("Return to the district"),
        "reopen": _("Reopen"),
    }

    step = forms.ChoiceField(choices=list(STEPS.items()))
    reason = forms.CharField(required=False, max_length=2000)
    version = forms.IntegerField(min_value=1)

    def apply(self, report, user):
        """Run the chosen step on `report`; raises ReportError when it is refused."""
        step = self.cleaned_data["step"]
        version = self.cleaned_data["version"]
        reason = self.cleaned_data["reason"]
        if step == "approve":
            report.approve(user, expected_version=version)
        elif step == "return":
            report.return_to_district(user, reason, expected_version=version)
        else:
            report.reopen(user, reason, expected_version=version)

    @classmethod
    def steps_for(cls, report, user):
        """The buttons to show: [(step, label)]."""
        if not ParkReport.can_review(user):
            return []
        if report.status == ParkReport.Status.SUBMITTED:
            return [("approve", cls.STEPS["approve"]), ("return", cls.STEPS["return"])]
        if report.can_be_reopened():
            return [("reopen", cls.STEPS["reopen"])]
        return []


class BulkReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        error_messages={"required": _("A reason is required.")},
    )
