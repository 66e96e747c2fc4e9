"""Uploads wait for confirmation in the database, so any app server can confirm them."""

import datetime

from django.core.management import call_command
from django.utils import timezone

from spreadsheets.models import SESSION_LIFETIME, ImportSession
from spreadsheets.storage import DatabaseStorage
from tests.spreadsheets.conftest import upload, xlsx_bytes


def test_database_storage_saves_reads_and_removes(db):
    storage = DatabaseStorage(read_mode="rb")
    storage.save(b"PK\x03\x04 bytes")
    again = DatabaseStorage(name=storage.name, read_mode="rb")  # e.g. on another server
    assert again.read() == b"PK\x03\x04 bytes"
    again.remove()
    assert not ImportSession.objects.exists()
    assert DatabaseStorage(name="not-a-token", read_mode="rb").read() is None


def test_preview_keeps_the_upload_in_the_database(haizhu_client, haizhu_officer, guideline):
    data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", "1"]])
    response = upload(haizhu_client, "admin:tracker_parkreport_import", data, "a.xlsx")
    session = ImportSession.objects.get()
    assert session.token == response.context["session"].token
    assert (session.user, session.kind, bytes(session.data)) == (
        haizhu_officer,
        "park_figures",
        data,
    )
    assert len(session.fingerprint) == 64


def test_stale_sessions_are_cleaned_up(db):
    old = ImportSession.objects.create(data=b"x")
    ImportSession.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - SESSION_LIFETIME - datetime.timedelta(minutes=1)
    )
    fresh = ImportSession.objects.create(data=b"y")
    call_command("clear_import_sessions", verbosity=0)
    assert list(ImportSession.objects.all()) == [fresh]


def test_only_the_newest_previews_of_a_user_are_kept(
    haizhu_client, haizhu_officer, huangpu_officer, settings, guideline
):
    settings.IMPORT_PREVIEWS_PER_USER = 2
    others = ImportSession.objects.create(user=huangpu_officer, kind="park_figures", data=b"x")
    done = ImportSession.objects.create(
        user=haizhu_officer, kind="park_figures", data=b"", done_at=timezone.now()
    )
    tokens = []
    for value in range(4):
        data = xlsx_bytes([["园区代码", "期间", "revenue"], ["pazhou", "2024Q3", str(value)]])
        response = upload(haizhu_client, "admin:tracker_parkreport_import", data, "a.xlsx")
        tokens.append(response.context["session"].token)
    pending = ImportSession.objects.pending().filter(user=haizhu_officer)
    assert sorted(pending.values_list("token", flat=True)) == sorted(tokens[-2:])
    # Another user's previews and finished imports (kept to answer a retried confirm) stay.
    assert ImportSession.objects.filter(pk__in=[others.pk, done.pk]).count() == 2
