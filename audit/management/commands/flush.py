"""Django's flush, able to empty the audit table on SQLite as it already does on PostgreSQL.

flush empties every table (a development or test database; TransactionTestCase runs it after
each test). PostgreSQL's flush is a TRUNCATE, which row triggers do not see; SQLite's is a
DELETE, which the audit trigger refuses for recent entries. So on SQLite the triggers are
lifted and put back inside the flush's own transaction. In production the audit table is
kept by the database role's privileges (deploy/audit.md), not by this command.
"""

from django.core.management.commands import flush
from django.db import connections, transaction

from audit.models import AuditEntry


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options["database"]]
        table = AuditEntry._meta.db_table
        if connection.vendor != "sqlite" or table not in connection.introspection.table_names():
            return super().handle(**options)
        with transaction.atomic(using=options["database"]):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
                    [table],
                )
                triggers = cursor.fetchall()
                for name, _sql in triggers:
                    cursor.execute(f'DROP TRIGGER "{name}"')
            super().handle(**options)
            with connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)
