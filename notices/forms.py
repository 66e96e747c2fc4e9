from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notices.models import OFFICER_KINDS, REVIEWER_KINDS, Kind, NoticePreference
from parks.models import user_district_id
from tracker.models import ParkReport


def kinds_for(user):
    """The notices the user's role can get: districts' and reviewers' ones."""
    allowed = set()
    if user_district_id(user):
        allowed.update(OFFICER_KINDS)
    if ParkReport.can_review(user):
        allowed.update(REVIEWER_KINDS)
    return [kind for kind in Kind if kind in allowed]


class NoticeSettingsForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        max_length=254,
        help_text=_("Leave empty to get the notices in the app only."),
        error_messages={
            "invalid": _(
                "“%(value)s” is not a valid email address (for example name@example.gov.cn)."
            )
        },
    )
    language = forms.ChoiceField(
        label=_("Language of notices and mails"), choices=settings.LANGUAGES
    )
    kinds = forms.MultipleChoiceField(
        label=_("Notices I want"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        self.preference = NoticePreference.of(user)
        self.offered = kinds_for(user)
        initial = {
            "email": user.email,
            "language": self.preference.language,
            "kinds": [kind for kind in self.offered if self.preference.wants(kind)],
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["kinds"].choices = [(kind, Kind(kind).label) for kind in self.offered]
        if not self.offered:
            del self.fields["kinds"]

    def save(self):
        data = self.cleaned_data
        self.user.email = data["email"].strip()
        self.user.save(update_fields=["email"])
        preference = self.preference
        preference.language = data["language"]
        if self.offered:
            # Kinds the page does not offer (another role's) keep their setting.
            others = [kind for kind in preference.kinds if kind not in self.offered]
            preference.kinds = others + [kind for kind in self.offered if kind in data["kinds"]]
        preference.save()
        return preference
