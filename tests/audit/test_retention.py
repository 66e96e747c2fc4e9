"""purge_audit deletes only entries older than AUDIT_RETENTION_DAYS, which is never below
180 days; younger entries survive whatever the settings say."""

import datetime
import os
import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command

from audit.models import AppendOnlyError, AuditEntry, Event
from tests.audit.conftest import only_entry


def entry_aged(now, days, hours=0):
    return AuditEntry.objects.create(
        event=Event.LOGIN,
        username=f"aged-{days}d{hours}h",
        timestamp=now - datetime.timedelta(days=days, hours=hours),
    )


def usernames():
    return set(AuditEntry.objects.filter(event=Event.LOGIN).values_list("username", flat=True))


def purge(*args):
    out = StringIO()
    call_command("purge_audit", *args, stdout=out)
    return out.getvalue()


def test_default_retention_is_180_days():
    assert django_settings.AUDIT_RETENTION_DAYS == 180


def test_purge_keeps_entries_younger_than_retention(db, frozen, settings):
    settings.AUDIT_RETENTION_DAYS = 180
    entry_aged(frozen, 400)
    entry_aged(frozen, 180, hours=1)
    entry_aged(frozen, 179, hours=23)
    entry_aged(frozen, 2)
    output = purge()
    assert usernames() == {"aged-179d23h", "aged-2d0h"}
    assert "Deleted 2 audit entries older than 180 days." in output
    record = only_entry("audit_purge")
    assert record.detail == {"deleted": 2, "retention_days": 180}
    assert record.timestamp == frozen


def test_longer_retention_keeps_more(db, frozen, settings):
    settings.AUDIT_RETENTION_DAYS = 365
    entry_aged(frozen, 400)
    entry_aged(frozen, 200)
    purge()
    assert usernames() == {"aged-200d0h"}


def test_dry_run_deletes_nothing(db, frozen):
    entry_aged(frozen, 400)
    output = purge("--dry-run")
    assert "1 audit entries are older than 180 days." in output
    assert usernames() == {"aged-400d0h"}


def test_purge_refuses_a_retention_below_six_months(db, frozen, settings):
    settings.AUDIT_RETENTION_DAYS = 90
    entry_aged(frozen, 120)
    with pytest.raises(CommandError, match="at least 180 days"):
        purge()
    assert usernames() == {"aged-120d0h"}


def test_queryset_purge_refuses_a_short_retention(db, frozen):
    entry_aged(frozen, 120)
    with pytest.raises(AppendOnlyError):
        AuditEntry.objects.purge(30)
    assert usernames() == {"aged-120d0h"}


def test_settings_refuse_a_retention_below_six_months():
    env = {**os.environ, "DEBUG": "1", "AUDIT_RETENTION_DAYS": "90"}
    result = subprocess.run(
        [sys.executable, "-c", "import tracker.settings"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "at least 180 days" in result.stderr
