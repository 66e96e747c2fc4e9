"""Password rules beyond Django's own: character classes and no reuse of recent passwords."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import PasswordHistory


def character_classes(password):
    """Which of the four classes occur: upper-case, lower-case, digit, symbol.

    Anything that is not a cased letter or a digit counts as a symbol (so do Chinese
    characters, which have no case)."""
    found = set()
    for char in password:
        if char.isupper():
            found.add("upper")
        elif char.islower():
            found.add("lower")
        elif char.isdigit():
            found.add("digit")
        else:
            found.add("symbol")
    return found


class CharacterClassValidator:
    def __init__(self, min_classes=None):
        self.min_classes = settings.PASSWORD_MIN_CLASSES if min_classes is None else min_classes

    def validate(self, password, user=None):
        found = len(character_classes(password))
        if found < self.min_classes:
            raise ValidationError(
                _(
                    "This password uses %(found)d of the four kinds of characters (upper-case "
                    "letters, lower-case letters, digits, symbols); it needs at least %(min)d."
                ),
                code="password_too_few_character_classes",
                params={"found": found, "min": self.min_classes},
            )

    def get_help_text(self):
        return _(
            "Your password must contain at least %(min)d of these: upper-case letters, "
            "lower-case letters, digits, symbols."
        ) % {"min": self.min_classes}


class PasswordHistoryValidator:
    """Refuses the last ``remember`` passwords; records each new one (and so its date)."""

    def __init__(self, remember=None):
        self.remember = settings.PASSWORD_HISTORY if remember is None else remember

    def validate(self, password, user=None):
        if self.remember <= 0 or user is None or user.pk is None:
            return
        if PasswordHistory.objects.was_used(user, password, self.remember):
            raise ValidationError(
                ngettext(
                    "You used this password recently: choose one that differs from your last password.",
                    "You used this password recently: choose one that differs from your last %(count)d passwords.",
                    self.remember,
                ),
                code="password_recently_used",
                params={"count": self.remember},
            )

    def password_changed(self, password, user=None):
        from .passwords import record_change

        if user is not None and user.pk is not None:
            record_change(user, keep=self.remember)

    def get_help_text(self):
        if self.remember <= 0:
            return ""
        return ngettext(
            "Your password must differ from your last password.",
            "Your password must differ from your last %(count)d passwords.",
            self.remember,
        ) % {"count": self.remember}
