"""backup writes one archive with a manifest that vouches for it, and --keep N leaves the
newest N of its own archives.

In-process, so on committed data (transactional_db): SQLite's backup API waits for a
writer's open transaction to end, which inside a rolled-back test never happens."""

import datetime
import hashlib
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEntry, Event
from tests.audit.conftest import SHANGHAI


def backup(*args):
    out = StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def test_archive_holds_a_manifest_that_matches_the_database_file(transactional_db, tmp_path):
    output = backup("--output", str(tmp_path))
    (archive,) = tmp_path.iterdir()
    assert str(archive) in output
    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == sorted(["manifest.json", tar.getnames()[1]])
        manifest = json.loads(tar.extractfile("manifest.json").read())
        dump = tar.extractfile(manifest["database_file"]).read()
    assert manifest["sha256"] == hashlib.sha256(dump).hexdigest()
    assert manifest["size"] == len(dump)
    assert manifest["vendor"] == connection.vendor
    assert manifest["app_version"] == "0.1.0"
    assert manifest["migrations"]["audit"] == ["0001_audit_trail", "0002_append_only_guards"]
    assert datetime.datetime.fromisoformat(manifest["created_at"]).tzinfo is not None
    entry = AuditEntry.objects.get(event=Event.BACKUP)
    assert entry.detail["file"] == archive.name
    assert entry.detail["sha256"] == manifest["sha256"]


def test_keep_deletes_only_its_own_older_archives(transactional_db, tmp_path, time_machine):
    (tmp_path / "notes.txt").write_text("someone else's file")
    names = []
    for day in range(1, 5):
        time_machine.move_to(datetime.datetime(2026, 6, day, 2, 0, tzinfo=SHANGHAI), tick=False)
        backup("--output", str(tmp_path), "--keep", "2")
        names.append(sorted(path.name for path in tmp_path.glob("tracker-backup-*.tar")))
    # 02:00 in Guangzhou is 18:00 UTC the day before.
    assert names[-1] == [
        "tracker-backup-20260602T180000Z.tar",
        "tracker-backup-20260603T180000Z.tar",
    ]
    assert names[1] == [
        "tracker-backup-20260531T180000Z.tar",
        "tracker-backup-20260601T180000Z.tar",
    ]
    assert (tmp_path / "notes.txt").read_text() == "someone else's file"


def test_two_backups_in_one_second_both_survive_and_keep_counts_them(
    transactional_db, tmp_path, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 6, 1, 2, 0, tzinfo=SHANGHAI), tick=False)
    for _ in range(3):
        backup("--output", str(tmp_path), "--keep", "2")
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "tracker-backup-20260531T180000Z-2.tar",
        "tracker-backup-20260531T180000Z-3.tar",
    ]


@pytest.mark.parametrize("keep", ["0", "-3", "many"])
def test_keep_must_be_a_positive_number(transactional_db, tmp_path, keep):
    with pytest.raises(CommandError):
        backup("--output", str(tmp_path), "--keep", keep)
    assert list(tmp_path.iterdir()) == []
