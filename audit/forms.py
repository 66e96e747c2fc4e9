import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from audit.models import Event, Result


class DateInput(forms.DateInput):
    input_type = "date"


class AuditFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DateInput)
    end = forms.DateField(label=_("To"), required=False, widget=DateInput)
    username = forms.CharField(label=_("User name"), required=False, max_length=150)
    event = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", pgettext_lazy("audit filter", "All"))] + Event.choices,
    )
    result = forms.ChoiceField(
        label=_("Result"),
        required=False,
        choices=[("", pgettext_lazy("audit filter", "All"))] + Result.choices,
    )
    address = forms.CharField(label=_("Client address"), required=False, max_length=64)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date %(start)s is after the end date %(end)s."),
                code="bad_range",
                params={"start": start.isoformat(), "end": end.isoformat()},
            )
        return cleaned

    def filters(self):
        """Keyword arguments for AuditEntry.objects.matching; dates are local whole days."""
        data = self.cleaned_data
        return {
            "start": _day_start(data.get("start")),
            "end": _day_start(data["end"] + datetime.timedelta(days=1))
            if data.get("end")
            else None,
            "username": data.get("username", "").strip(),
            "event": data.get("event", ""),
            "result": data.get("result", ""),
            "address": data.get("address", "").strip(),
        }

    def described(self):
        """The filters as given, for the entry that records an export."""
        return {name: str(value) for name, value in self.cleaned_data.items() if value}


def _day_start(day):
    if day is None:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
