"""No page, admin action, model call or raw SQL changes or deletes an audit entry; only
entries older than 180 days may be deleted, and only by purge_audit.

The database tests use the real clock: the triggers read the database server's clock,
which a frozen Python clock cannot move."""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AppendOnlyError, AuditEntry, Event

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def entry(db):
    return AuditEntry.record(Event.EXPORT, username="xiaohai", detail={"rows": 3})


@pytest.fixture
def old_entry(db):
    return AuditEntry.objects.create(
        event=Event.LOGIN,
        username="former",
        timestamp=timezone.now() - datetime.timedelta(days=200),
    )


def raw(sql, params):
    """Run SQL in a savepoint, so that a refusal leaves the test's transaction usable."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def stored(entry):
    return AuditEntry.objects.filter(pk=entry.pk).values("username", "detail").first()


def test_model_refuses_to_save_a_change(entry):
    entry.username = "someone-else"
    with pytest.raises(AppendOnlyError):
        entry.save()
    assert stored(entry)["username"] == "xiaohai"


def test_model_refuses_to_delete(entry):
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_refuses_update_and_delete(entry):
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.filter(pk=entry.pk).update(username="x")
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.all().delete()
    assert stored(entry) == {"username": "xiaohai", "detail": {"rows": 3}}


def test_database_refuses_raw_update(entry, old_entry):
    for target in (entry, old_entry):
        with pytest.raises(DatabaseError, match="append-only"):
            raw(f"UPDATE {TABLE} SET username = %s WHERE id = %s", ["forged", target.pk])
    assert stored(entry)["username"] == "xiaohai"
    assert stored(old_entry)["username"] == "former"


def test_database_refuses_raw_delete_of_a_recent_entry(entry):
    with pytest.raises(DatabaseError, match="younger than 180 days"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError, match="younger than 180 days"):
        raw(f"DELETE FROM {TABLE}", [])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_database_refuses_an_entry_just_inside_the_floor(db):
    inside = AuditEntry.objects.create(
        event=Event.LOGIN, timestamp=timezone.now() - datetime.timedelta(days=179, hours=23)
    )
    with pytest.raises(DatabaseError, match="younger than 180 days"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [inside.pk])


def test_database_allows_deleting_an_entry_past_the_floor(old_entry, entry):
    assert raw(f"DELETE FROM {TABLE} WHERE id = %s", [old_entry.pk]) == 1
    assert list(AuditEntry.objects.values_list("pk", flat=True).filter(pk=entry.pk)) == [entry.pk]


def test_no_admin_page_and_no_write_permission_exists(db):
    assert AuditEntry not in admin.site._registry
    codenames = set(
        Permission.objects.filter(content_type__app_label="audit").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_auditentry"}


def test_admin_has_no_url_for_entries(superuser_client, entry):
    for path in (
        "/admin/audit/auditentry/",
        f"/admin/audit/auditentry/{entry.pk}/change/",
        f"/admin/audit/auditentry/{entry.pk}/delete/",
    ):
        assert superuser_client.get(path).status_code == 404
        assert superuser_client.post(path, {"post": "yes"}).status_code == 404
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_trail_and_keeps_the_guards(guideline):
    """flush (tests, a fresh development database) may empty the table; afterwards the
    database still refuses to delete a recent entry."""
    AuditEntry.record(Event.EXPORT, username="before-flush")
    call_command("flush", interactive=False, verbosity=0)
    assert not AuditEntry.objects.filter(username="before-flush").exists()
    fresh = AuditEntry.record(Event.EXPORT, username="after-flush")
    with pytest.raises(DatabaseError, match="younger than 180 days"):
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [fresh.pk])
