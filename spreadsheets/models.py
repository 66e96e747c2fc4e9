import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# An upload waiting for confirmation longer than this is dropped.
SESSION_LIFETIME = datetime.timedelta(hours=6)


def parse_token(value):
    """The session token in `value`, or None for anything that is not one (a tampered form)."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


class ImportSessionQuerySet(models.QuerySet):
    def with_token(self, value):
        return self.filter(token=parse_token(value))

    def stale(self, now=None):
        return self.filter(created_at__lt=(now or timezone.now()) - SESSION_LIFETIME)

    def delete_stale(self, now=None):
        return self.stale(now).delete()[0]

    def pending(self):
        return self.filter(done_at__isnull=True)

    def keep_newest(self, user, count):
        """Drop `user`'s unconfirmed previews but the newest `count`: each holds a file."""
        older = self.pending().filter(user=user).order_by("-created_at", "-pk")[count:]
        return self.filter(pk__in=list(older.values_list("pk", flat=True))).delete()[0]


class ImportSession(models.Model):
    """An uploaded spreadsheet between preview and confirm.

    Kept in the database, not on one server's disk, so the confirm request may land on any
    app server. The fingerprint is the state of the affected rows at preview time; confirm
    refuses when it no longer matches.
    """

    class Kind(models.TextChoices):
        PARK_FIGURES = "park_figures", _("Park figures")
        ENTERPRISES = "enterprises", _("Enterprise register")
        KEY_PROJECTS = "key_projects", _("Key projects")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", null=True
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    data = models.BinaryField()
    submit = models.BooleanField(default=False)
    fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Set in the transaction that writes the import, so a retried confirm (a worker killed
    # after the commit) can answer what happened instead of importing, or refusing, again.
    done_at = models.DateTimeField(null=True, blank=True)
    new_count = models.PositiveIntegerField(default=0)
    changed_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)

    objects = ImportSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("Import session")
        verbose_name_plural = _("Import sessions")

    def __str__(self):
        return f"{self.filename} ({self.kind})"

    def mark_done(self, plan, now=None):
        """Record the committed import; the file itself is no longer needed."""
        self.done_at = now or timezone.now()
        self.new_count = plan.new_count
        self.changed_count = plan.changed_count
        self.unchanged_count = plan.unchanged_count
        self.data = b""
        self.save(
            update_fields=["done_at", "new_count", "changed_count", "unchanged_count", "data"]
        )
