"""restore refuses a non-empty database, a damaged archive and another vendor's backup, and
changes nothing when it refuses."""

import io
import json
import tarfile

from tests.backups.conftest import contents, manage, manage_ok


def refused(result, message):
    assert result.returncode != 0
    assert message in result.stderr


def test_non_empty_database_is_refused_unless_forced(scratch, source):
    target = scratch.new()
    manage_ok(target, "restore", str(source.archive))
    scratch.execute(target, "INSERT INTO auth_group (name) VALUES ('added-after-backup')")
    before = contents(scratch, target)
    refused(manage(target, "restore", str(source.archive)), "The database is not empty")
    assert contents(scratch, target) == before
    # --force replaces everything with the snapshot.
    manage_ok(target, "restore", "--force", str(source.archive))
    assert contents(scratch, target) == source.contents


def rewrite(archive, destination, change_manifest=None, change_dump=None):
    """A copy of the archive with its manifest or database bytes altered."""
    with tarfile.open(archive) as original, tarfile.open(destination, "w") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "manifest.json" and change_manifest:
                manifest = json.loads(data)
                change_manifest(manifest)
                data = json.dumps(manifest).encode()
            elif member.name != "manifest.json" and change_dump:
                data = change_dump(data)
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return destination


def flip_one_byte(data):
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]


def test_damaged_archive_is_refused_and_nothing_restored(scratch, source, tmp_path):
    damaged = rewrite(source.archive, tmp_path / source.archive.name, change_dump=flip_one_byte)
    target = scratch.new()
    result = manage(target, "restore", str(damaged))
    refused(result, "is damaged: the database file's SHA-256 does not match the manifest")
    assert scratch.tables(target) == []


def test_truncated_archive_is_refused(scratch, source, tmp_path):
    truncated = tmp_path / "truncated.tar"
    truncated.write_bytes(source.archive.read_bytes()[:2000])
    target = scratch.new()
    refused(manage(target, "restore", str(truncated)), "truncated.tar")
    assert scratch.tables(target) == []


def test_not_an_archive_is_refused(scratch, tmp_path):
    stray = tmp_path / "notes.txt"
    stray.write_text("not a backup")
    target = scratch.new()
    refused(manage(target, "restore", str(stray)), "cannot be read as a backup archive")
    assert scratch.tables(target) == []


def test_another_vendors_backup_is_refused(scratch, source, tmp_path):
    other = "postgresql" if scratch.vendor == "sqlite" else "sqlite"
    relabelled = rewrite(
        source.archive,
        tmp_path / "relabelled.tar",
        change_manifest=lambda manifest: manifest.update(vendor=other),
    )
    target = scratch.new()
    refused(manage(target, "restore", str(relabelled)), f"The archive is a {other} backup")
    assert scratch.tables(target) == []
