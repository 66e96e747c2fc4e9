"""Per-user security state: password age, the must-change flag, the current session, and the
hashes of recent passwords."""

import datetime

from django.conf import settings
from django.contrib.auth.hashers import check_password
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccountSecurityQuerySet(models.QuerySet):
    def for_user(self, user):
        state, _created = self.get_or_create(user=user)
        state.user = user  # already loaded: no query for its date_joined
        return state

    def remember_session(self, user, session_key):
        """Store the current session key and return the one it replaces ("" if none)."""
        state = self.for_user(user)
        previous = state.session_key
        if previous != session_key:
            state.session_key = session_key
            state.save(update_fields=["session_key"])
        return previous

    def session_rotated(self, user, old_key, new_key):
        # Conditional: only when the rotated session is the one we remembered.
        return self.filter(user=user, session_key=old_key).update(session_key=new_key)


class AccountSecurity(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_security",
        verbose_name=_("user"),
    )
    # Null until the first change is recorded; then the account's creation date counts.
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_(
            "Set when an administrator sets the password; cleared by the user's own change."
        ),
    )
    # The session of the user's latest completed login (SINGLE_SESSION).
    session_key = models.CharField(_("current session"), max_length=40, blank=True)

    objects = AccountSecurityQuerySet.as_manager()

    class Meta:
        verbose_name = _("account security")
        verbose_name_plural = _("account security")

    def __str__(self):
        return str(self.user)

    def password_set_at(self):
        return self.password_changed_at or self.user.date_joined

    def password_expires_at(self):
        """When the password expires, or None if passwords never expire."""
        days = settings.PASSWORD_MAX_AGE_DAYS
        if days <= 0:
            return None
        return self.password_set_at() + datetime.timedelta(days=days)

    def password_expired(self, now=None):
        expires = self.password_expires_at()
        return expires is not None and (now or timezone.now()) >= expires

    def mark_password_fresh(self):
        """A password the holder may keep (the demo accounts): fresh, no forced change."""
        self.password_changed_at = timezone.now()
        self.must_change_password = False
        self.save(update_fields=["password_changed_at", "must_change_password"])


class PasswordHistoryQuerySet(models.QuerySet):
    def latest_for(self, user, count):
        return self.filter(user=user).order_by("-created_at", "-pk")[:count]

    def was_used(self, user, raw_password, count):
        hashes = list(self.latest_for(user, count).values_list("password", flat=True))
        # An account older than the history still has its current password to compare with.
        if user.password and user.password not in hashes:
            hashes.insert(0, user.password)
        return any(check_password(raw_password, encoded) for encoded in hashes[:count])

    def record(self, user, password_hash, keep):
        self.create(user=user, password=password_hash)
        kept = list(self.latest_for(user, max(keep, 1)).values_list("pk", flat=True))
        self.filter(user=user).exclude(pk__in=kept).delete()


class PasswordHistory(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="password_history",
        verbose_name=_("user"),
    )
    password = models.CharField(_("password hash"), max_length=128)
    created_at = models.DateTimeField(_("set at"), default=timezone.now)

    objects = PasswordHistoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("previous password")
        verbose_name_plural = _("previous passwords")
        indexes = [models.Index(fields=["user", "-created_at"], name="password_history_latest")]

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
