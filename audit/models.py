"""The audit trail: one append-only row per security event or important action."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.network import client_address
from audit.context import current_request

# The floor the database triggers enforce (migration 0002): the Cybersecurity Law, Art. 21,
# asks for at least six months of logs. Settings may keep entries longer, never shorter.
MINIMUM_RETENTION_DAYS = 180


class AppendOnlyError(PermissionDenied):
    """An attempt to change or delete an audit entry."""


class Event(models.TextChoices):
    LOGIN = "login", pgettext_lazy("audit event", "Login")
    LOGIN_FAILED = "login_failed", pgettext_lazy("audit event", "Failed login")
    LOGOUT = "logout", pgettext_lazy("audit event", "Logout")
    SESSION_TIMEOUT = "session_timeout", pgettext_lazy("audit event", "Session timeout")
    PASSWORD_CHANGE = "password_change", pgettext_lazy("audit event", "Password change")
    SECOND_FACTOR_ENROLLED = (
        "second_factor_enrolled",
        pgettext_lazy("audit event", "Second factor enrolled"),
    )
    SECOND_FACTOR_VERIFIED = (
        "second_factor_verified",
        pgettext_lazy("audit event", "Second factor verified"),
    )
    SECOND_FACTOR_LOCKED_OUT = (
        "second_factor_locked_out",
        pgettext_lazy("audit event", "Too many wrong second-factor codes"),
    )
    RECOVERY_CODE_USED = "recovery_code_used", pgettext_lazy("audit event", "Recovery code used")
    OTHER_SESSION_ENDED = (
        "other_session_ended",
        pgettext_lazy("audit event", "Older session ended by a new login"),
    )
    ACCOUNT_CREATE = "account_create", pgettext_lazy("audit event", "Account created")
    ACCOUNT_DELETE = "account_delete", pgettext_lazy("audit event", "Account deleted")
    ROLE_CHANGE = "role_change", pgettext_lazy("audit event", "Role or permission change")
    DISTRICT_CHANGE = "district_change", pgettext_lazy("audit event", "District change")
    REPORT_SUBMIT = "report_submit", pgettext_lazy("audit event", "Report submitted")
    REPORT_APPROVE = "report_approve", pgettext_lazy("audit event", "Report approved")
    REPORT_RETURN = "report_return", pgettext_lazy("audit event", "Report returned")
    REPORT_REOPEN = "report_reopen", pgettext_lazy("audit event", "Report reopened")
    IMPORT_CONFIRM = "import_confirm", pgettext_lazy("audit event", "Import confirmed")
    EXPORT = "export", pgettext_lazy("audit event", "Export")
    DOWNLOAD = "download", pgettext_lazy("audit event", "Download")
    AUDIT_EXPORT = "audit_export", pgettext_lazy("audit event", "Audit trail export")
    AUDIT_PURGE = "audit_purge", pgettext_lazy("audit event", "Expired audit entries purged")
    BACKUP = "backup", pgettext_lazy("audit event", "Database backup")
    RESTORE = "restore", pgettext_lazy("audit event", "Database restore")


class Result(models.TextChoices):
    SUCCESS = "success", pgettext_lazy("audit result", "Success")
    FAILURE = "failure", pgettext_lazy("audit result", "Failure")


def _clip(value, field_name):
    limit = AuditEntry._meta.get_field(field_name).max_length
    return (value or "")[:limit]


def object_label(obj):
    """("app_label.model", pk, text) naming a model instance in an entry."""
    return obj._meta.label_lower, str(obj.pk), str(obj)


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError(_("Audit entries cannot be changed."))

    def delete(self):
        raise AppendOnlyError(
            _("Audit entries cannot be deleted; expired ones are purged by `purge_audit`.")
        )

    def older_than(self, days):
        return self.filter(timestamp__lt=timezone.now() - datetime.timedelta(days=days))

    def purge(self, retention_days):
        """Delete entries older than the retention period; returns how many went."""
        if retention_days < MINIMUM_RETENTION_DAYS:
            raise AppendOnlyError(
                _("The retention period cannot be shorter than %(days)d days.")
                % {"days": MINIMUM_RETENTION_DAYS}
            )
        deleted, _by_model = models.QuerySet.delete(self.older_than(retention_days))
        return deleted

    def matching(self, *, start=None, end=None, username="", event="", result="", address=""):
        """Filtered by the audit page's fields; start inclusive, end exclusive."""
        entries = self
        if start:
            entries = entries.filter(timestamp__gte=start)
        if end:
            entries = entries.filter(timestamp__lt=end)
        if username:
            entries = entries.filter(username__icontains=username)
        if event:
            entries = entries.filter(event=event)
        if result:
            entries = entries.filter(result=result)
        if address:
            entries = entries.filter(client_address__startswith=address)
        return entries


class AuditEntry(models.Model):
    timestamp = models.DateTimeField(_("Time"), default=timezone.now, db_index=True)
    # No database constraint and no cascade: deleting an account must neither be blocked by
    # its trail nor rewrite it (an update the triggers would refuse). The name stays in
    # `username` after the account is gone.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("User"),
    )
    username = models.CharField(_("User name"), max_length=150, blank=True, db_index=True)
    # Text, not an IP field: a forwarded header may hold anything, and the entry must
    # still be written.
    client_address = models.CharField(_("Client address"), max_length=64, blank=True)
    event = models.CharField(_("Event"), max_length=32, choices=Event.choices, db_index=True)
    object_type = models.CharField(_("Object type"), max_length=100, blank=True)
    object_id = models.CharField(_("Object ID"), max_length=64, blank=True)
    object_text = models.CharField(_("Object"), max_length=200, blank=True)
    result = models.CharField(
        _("Result"), max_length=10, choices=Result.choices, default=Result.SUCCESS
    )
    detail = models.JSONField(_("Details"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-timestamp", "-id"]
        verbose_name = _("Audit entry")
        verbose_name_plural = _("Audit trail")
        # Only "view" exists, so no role (and no admin page) can be granted add/change/delete.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.timestamp:%Y-%m-%d %H:%M:%S} {self.username or '-'} {self.event}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError(_("Audit entries cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(
            _("Audit entries cannot be deleted; expired ones are purged by `purge_audit`.")
        )

    @classmethod
    def record(cls, event, obj=None, **kwargs):
        """Write one entry; see `build` for the keywords."""
        entry = cls.build(event, obj, **kwargs)
        entry.save(force_insert=True)
        return entry

    @classmethod
    def record_many(cls, entries):
        """Write entries made by `build` in one statement (a batch of report steps)."""
        return cls.objects.bulk_create([entry for entry in entries if entry is not None])

    @classmethod
    def build(
        cls,
        event,
        obj=None,
        *,
        result=Result.SUCCESS,
        detail=None,
        user=None,
        username=None,
        request=None,
        object_type="",
        object_id="",
        object_text="",
    ):
        """One entry, not yet written. The request (and so the acting user and client
        address) is taken from the one being served when not given."""
        request = request if request is not None else current_request()
        if user is None and request is not None:
            acting = getattr(request, "user", None)
            if acting is not None and acting.is_authenticated:
                user = acting
        if username is None:
            username = user.get_username() if user is not None else ""
        if obj is not None:
            object_type, object_id, object_text = object_label(obj)
        return cls(
            user=user,
            username=_clip(username, "username"),
            client_address=_clip(client_address(request) if request else "", "client_address"),
            event=event,
            object_type=_clip(object_type, "object_type"),
            object_id=_clip(str(object_id), "object_id"),
            object_text=_clip(object_text, "object_text"),
            result=result,
            detail=detail or {},
        )

    def detail_text(self):
        """The details as `key: value` pairs for the page and the CSV, keys in alphabetical
        order (PostgreSQL's jsonb does not keep the order they were written in)."""
        parts = []
        for key, value in sorted((self.detail or {}).items()):
            if isinstance(value, list | tuple):
                value = ", ".join(str(item) for item in value)
            elif isinstance(value, dict):
                value = ", ".join(f"{k}={v}" for k, v in value.items())
            parts.append(f"{key}: {value}")
        return "; ".join(parts)
