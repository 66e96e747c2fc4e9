"""A database with the demo data survives backup and restore table for table."""

from tests.backups.conftest import contents, manage_ok


def test_restore_into_an_empty_database_gives_back_every_table(scratch, source):
    assert source.contents["tracker_parkreport"][0] > 0
    assert source.contents["parks_enterprise"][0] > 0
    assert source.contents["audit_auditentry"][0] > 0
    target = scratch.new()
    result = manage_ok(target, "restore", str(source.archive))
    assert f"Restored the {scratch.vendor} backup" in result.stdout
    restored = contents(scratch, target)
    assert restored.keys() == source.contents.keys()
    for table, expected in source.contents.items():
        assert restored[table] == expected, table
    # The restore is recorded in the restored trail, naming the archive.
    rows = scratch.rows(target, "SELECT detail FROM audit_auditentry WHERE event = 'restore'")
    assert len(rows) == 1
    assert source.archive.name in str(rows[0][0])
