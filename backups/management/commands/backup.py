from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

import audit
from backups.snapshot import BackupError, create_backup, prune


def positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Write a consistent snapshot of the database (pg_dump on PostgreSQL, SQLite's online "
        "backup API) with a manifest holding its SHA-256, the app version and the migrations."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", type=Path, help="Folder for the archive (default: BACKUP_DIR)."
        )
        parser.add_argument(
            "--keep",
            type=positive,
            help="Then delete this command's older archives in that folder beyond the newest N.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, output=None, keep=None, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        output = output or Path(settings.BACKUP_DIR)
        try:
            path, manifest = create_backup(connection, output)
        except BackupError as exc:
            raise CommandError(f"{exc} No backup was written.") from exc
        removed = prune(output, keep) if keep else []
        audit.record(
            audit.Event.BACKUP,
            detail={"file": path.name, "sha256": manifest["sha256"], "removed": len(removed)},
        )
        self.stdout.write(f"Wrote {path} ({manifest['size']} bytes, sha256 {manifest['sha256']}).")
        for old in removed:
            self.stdout.write(f"Removed {old.name} (keeping the newest {keep}).")
