import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

import audit
from backups.snapshot import BackupError, check_target, open_archive, restore_database


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into this database. Refuses a damaged "
        "archive, another database vendor's backup and a non-empty database (unless --force)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The tracker-backup-*.tar archive.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database that is not empty.",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, file, force=False, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        with tempfile.TemporaryDirectory(prefix="tracker-restore-") as work:
            try:
                manifest, dump = open_archive(file, work)
                check_target(connection, manifest, force)
                restore_database(connection, dump, force)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        audit.record(
            audit.Event.RESTORE,
            detail={
                "file": Path(file).name,
                "created_at": manifest["created_at"],
                "app_version": manifest["app_version"],
                "sha256": manifest["sha256"],
            },
        )
        self.stdout.write(
            f"Restored the {manifest['vendor']} backup of {manifest['created_at']} "
            f"(app version {manifest['app_version']})."
        )
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("This code has newer migrations: run `manage.py migrate` next.")
