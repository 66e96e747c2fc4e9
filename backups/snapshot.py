"""Consistent database snapshots in one archive, and their restore.

An archive (tracker-backup-<UTC time>.tar) holds manifest.json and the database: a pg_dump
custom-format file on PostgreSQL, a SQLite database made with SQLite's online backup API.
The manifest records the dump's SHA-256, the app version, the database vendor, the applied
migrations and the creation time; restore checks all of it before it touches anything.
"""

import datetime
import hashlib
import importlib.metadata
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
from pathlib import Path

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

ARCHIVE_PREFIX = "tracker-backup-"
ARCHIVE_SUFFIX = ".tar"
MANIFEST_NAME = "manifest.json"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
FORMAT_VERSION = 1


class BackupError(Exception):
    """A backup that cannot be made or an archive that must not be restored."""


def app_version():
    try:
        with open(Path(settings.BASE_DIR) / "pyproject.toml", "rb") as handle:
            return tomllib.load(handle)["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        try:
            return importlib.metadata.version("pearl-river-belt-tracker")
        except importlib.metadata.PackageNotFoundError:
            return "unknown"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def migration_state(connection):
    applied = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app_label, []).append(name)
    return {app_label: sorted(names) for app_label, names in sorted(applied.items())}


def check_vendor(connection):
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


# -- PostgreSQL client tools ---------------------------------------------------------------


def _pg_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} was not found on PATH: install the PostgreSQL client tools "
            "(the server's major version or newer)."
        )
    return path


def _pg_connection(connection):
    """Command-line arguments and environment for the client tools."""
    params = connection.settings_dict
    args = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if params.get(key):
            args.append(f"{option}={params[key]}")
    env = dict(os.environ)
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    sslmode = (params.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = sslmode
    return args + [f"--dbname={params['NAME']}"], env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")


# -- backup --------------------------------------------------------------------------------


def dump_database(connection, target):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # Copies page by page under SQLite's own locking: a consistent snapshot even
            # while the app keeps writing.
            connection.connection.backup(destination)
        finally:
            destination.close()
    else:
        # pg_dump reads everything in one repeatable-read transaction: consistent too.
        args, env = _pg_connection(connection)
        _run([_pg_tool("pg_dump"), "--format=custom", f"--file={target}", *args], env)


def create_backup(connection, output_dir):
    """Write an archive into output_dir; returns (path, manifest)."""
    check_vendor(connection)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    final = _free_name(output_dir, created)
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".partial-") as work:
        dump = Path(work) / DUMP_NAMES[connection.vendor]
        dump_database(connection, dump)
        manifest = {
            "format": FORMAT_VERSION,
            "app_version": app_version(),
            "vendor": connection.vendor,
            "database_file": dump.name,
            "size": dump.stat().st_size,
            "sha256": sha256_of(dump),
            "created_at": created.isoformat(),
            "migrations": migration_state(connection),
        }
        manifest_path = Path(work) / MANIFEST_NAME
        manifest_path.write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = Path(work) / final.name
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_path, arcname=MANIFEST_NAME)
            archive.add(dump, arcname=dump.name)
        # A half-written archive never carries the final name.
        os.replace(partial, final)
    return final, manifest


def _free_name(output_dir, created):
    stamp = created.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = output_dir / f"{ARCHIVE_PREFIX}{stamp}{ARCHIVE_SUFFIX}"
    counter = 2
    while path.exists():
        path = output_dir / f"{ARCHIVE_PREFIX}{stamp}-{counter}{ARCHIVE_SUFFIX}"
        counter += 1
    return path


def _age_key(path):
    """(time stamp, counter) from tracker-backup-<stamp>[-<counter>].tar."""
    stamp, _dash, counter = path.name[len(ARCHIVE_PREFIX) : -len(ARCHIVE_SUFFIX)].partition("-")
    return stamp, int(counter) if counter.isdigit() else 1


def prune(output_dir, keep):
    """Delete this command's archives beyond the newest `keep` (at least 1); other files stay."""
    if keep < 1:
        raise ValueError("keep at least one backup")
    archives = sorted(Path(output_dir).glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}"), key=_age_key)
    doomed = archives[:-keep]
    for path in doomed:
        path.unlink()
    return doomed


# -- restore -------------------------------------------------------------------------------


def open_archive(path, work):
    """Extract and verify an archive into the directory `work`; returns (manifest, dump)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} does not exist or is not a file.")
    try:
        with tarfile.open(path, "r:") as archive:
            names = archive.getnames()
            if MANIFEST_NAME not in names:
                raise BackupError(f"{path.name} is not a backup archive (no {MANIFEST_NAME}).")
            archive.extract(MANIFEST_NAME, work, filter="data")
            manifest = json.loads((Path(work) / MANIFEST_NAME).read_text())
            dump_name = manifest.get("database_file")
            if dump_name not in DUMP_NAMES.values() or dump_name not in names:
                raise BackupError(f"{path.name} does not hold the database its manifest names.")
            archive.extract(dump_name, work, filter="data")
    except (tarfile.TarError, OSError, ValueError, AttributeError) as exc:
        raise BackupError(f"{path.name} cannot be read as a backup archive: {exc}") from exc
    dump = Path(work) / dump_name
    if sha256_of(dump) != manifest.get("sha256"):
        raise BackupError(
            f"{path.name} is damaged: the database file's SHA-256 does not match the "
            "manifest. Nothing was restored."
        )
    return manifest, dump


def check_target(connection, manifest, force):
    if manifest.get("vendor") != connection.vendor:
        raise BackupError(
            f"The archive is a {manifest.get('vendor')} backup; this database is "
            f"{connection.vendor}. Restore it into a {manifest.get('vendor')} database."
        )
    tables = connection.introspection.table_names()
    if tables and not force:
        raise BackupError(
            f"The database is not empty ({len(tables)} tables, e.g. {tables[0]}). "
            "Restore into an empty database, or pass --force to replace its contents."
        )


def restore_database(connection, dump, force):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            # Replaces every page of the target: the result is the snapshot, whatever was there.
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        args, env = _pg_connection(connection)
        replace = ["--clean", "--if-exists"] if force else []
        _run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                *replace,
                *args,
                str(dump),
            ],
            env,
        )
    connection.close()
