"""Database guards for the audit trail: no UPDATE ever, no DELETE of an entry younger than
180 days (a fixed floor: the six months of the Cybersecurity Law, Art. 21, whatever
AUDIT_RETENTION_DAYS says). They stop raw SQL and any code path that bypasses the model.
On PostgreSQL, also revoke UPDATE/DELETE/TRUNCATE from the app's role (deploy/audit.md)."""

from django.db import migrations

SQLITE_FORWARD = [
    """
    CREATE TRIGGER audit_auditentry_no_update
    BEFORE UPDATE ON audit_auditentry
    BEGIN
        SELECT RAISE(ABORT, 'audit entries are append-only: UPDATE refused');
    END
    """,
    # Django keeps SQLite datetimes as UTC text 'YYYY-MM-DD HH:MM:SS[.ffffff]', which
    # compares in time order with datetime('now', ...).
    """
    CREATE TRIGGER audit_auditentry_keep_180_days
    BEFORE DELETE ON audit_auditentry
    WHEN OLD."timestamp" > datetime('now', '-180 days')
    BEGIN
        SELECT RAISE(ABORT, 'audit entries younger than 180 days cannot be deleted');
    END
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_no_update",
    "DROP TRIGGER IF EXISTS audit_auditentry_keep_180_days",
]

POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION audit_auditentry_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'UPDATE' THEN
            RAISE EXCEPTION 'audit entries are append-only: UPDATE refused'
                USING ERRCODE = 'restrict_violation';
        END IF;
        IF OLD."timestamp" > now() - interval '180 days' THEN
            RAISE EXCEPTION 'audit entries younger than 180 days cannot be deleted'
                USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN OLD;
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_auditentry_guard
    BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_auditentry_guard()
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS audit_auditentry_guard ON audit_auditentry",
    "DROP FUNCTION IF EXISTS audit_auditentry_guard()",
]


class RunSQLOn(migrations.RunSQL):
    """RunSQL for one database vendor only."""

    def __init__(self, vendor, *args, **kwargs):
        self.vendor = vendor
        super().__init__(*args, **kwargs)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_audit_trail")]

    operations = [
        RunSQLOn("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        RunSQLOn("postgresql", POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    ]
