from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from audit.models import MINIMUM_RETENTION_DAYS, AuditEntry, Event


class Command(BaseCommand):
    help = (
        "Delete audit entries older than AUDIT_RETENTION_DAYS (at least 180). Younger "
        "entries are never deleted; the database refuses it too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Only say how many entries would go."
        )

    def handle(self, *args, dry_run=False, **options):
        days = settings.AUDIT_RETENTION_DAYS
        if days < MINIMUM_RETENTION_DAYS:
            raise CommandError(
                f"AUDIT_RETENTION_DAYS is {days}; audit entries must be kept at least "
                f"{MINIMUM_RETENTION_DAYS} days. Nothing was deleted."
            )
        if dry_run:
            count = AuditEntry.objects.older_than(days).count()
            self.stdout.write(f"{count} audit entries are older than {days} days.")
            return
        deleted = AuditEntry.objects.purge(days)
        AuditEntry.record(Event.AUDIT_PURGE, detail={"deleted": deleted, "retention_days": days})
        self.stdout.write(f"Deleted {deleted} audit entries older than {days} days.")
