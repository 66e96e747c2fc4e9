"""Scratch databases for backup and restore, driven through manage.py in a subprocess as an
operator would: SQLite files always, PostgreSQL databases when DATABASE_URL points at one."""

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

POSTGRES_URL = os.environ.get("DATABASE_URL", "")
VENDORS = ["sqlite"] + (["postgresql"] if POSTGRES_URL.startswith("postgres") else [])
# The backup and restore commands each add their own entry after the snapshot is taken.
OWN_ENTRIES = "WHERE event NOT IN ('backup', 'restore')"


def manage(database_url, *args):
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def manage_ok(database_url, *args):
    result = manage(database_url, *args)
    assert result.returncode == 0, result.stderr
    return result


class SQLiteScratch:
    vendor = "sqlite"
    order = "rowid"

    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    def new(self):
        self.count += 1
        return f"sqlite:///{self.folder / f'scratch{self.count}.sqlite3'}"

    def rows(self, url, sql):
        with closing(sqlite3.connect(urlsplit(url).path)) as connection:
            return connection.execute(sql).fetchall()

    def execute(self, url, sql):
        with closing(sqlite3.connect(urlsplit(url).path)) as connection, connection:
            connection.execute(sql)

    def tables(self, url):
        found = self.rows(
            url, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return sorted(name for (name,) in found)

    def cleanup(self):
        pass


class PostgresScratch:
    vendor = "postgresql"
    order = "1"

    def __init__(self, server_url):
        self.server = urlsplit(server_url)
        self.names = []

    def _url(self, name):
        return urlunsplit(self.server._replace(path=f"/{name}"))

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as connection:
            connection.execute(sql)

    def new(self):
        name = f"backup_scratch_{os.getpid()}_{len(self.names) + 1}"
        self._admin(f'DROP DATABASE IF EXISTS "{name}"')
        self._admin(f'CREATE DATABASE "{name}"')
        self.names.append(name)
        return self._url(name)

    def rows(self, url, sql):
        import psycopg

        with psycopg.connect(url) as connection:
            return connection.execute(sql).fetchall()

    def execute(self, url, sql):
        import psycopg

        with psycopg.connect(url) as connection:
            connection.execute(sql)

    def tables(self, url):
        found = self.rows(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return sorted(name for (name,) in found)

    def cleanup(self):
        for name in self.names:
            self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def contents(scratch, url):
    """{table: (row count, first three, middle, last three rows)} of every table."""
    result = {}
    for table in scratch.tables(url):
        where = OWN_ENTRIES if table == "audit_auditentry" else ""
        count = scratch.rows(url, f'SELECT COUNT(*) FROM "{table}" {where}')[0][0]
        select = f'SELECT * FROM "{table}" {where} ORDER BY {scratch.order}'
        first = scratch.rows(url, f"{select} LIMIT 3")
        middle = scratch.rows(url, f"{select} LIMIT 1 OFFSET {count // 2}")
        last = scratch.rows(url, f"{select} DESC LIMIT 3")
        result[table] = (count, first, middle, last)
    return result


@dataclass
class Source:
    url: str
    archive: Path
    contents: dict


@pytest.fixture(scope="session", params=VENDORS)
def scratch(request, tmp_path_factory):
    if request.param == "sqlite":
        made = SQLiteScratch(tmp_path_factory.mktemp("sqlite"))
    else:
        made = PostgresScratch(POSTGRES_URL)
    yield made
    made.cleanup()


@pytest.fixture(scope="session")
def source(scratch, tmp_path_factory):
    """A database with the guideline, the demo accounts and the demo data, and its backup."""
    url = scratch.new()
    for command in (["migrate", "-v0"], ["load_guideline"], ["create_demo_users"], ["load_demo"]):
        manage_ok(url, *command)
    folder = tmp_path_factory.mktemp("archives")
    manage_ok(url, "backup", "--output", str(folder), "--keep", "30")
    (archive,) = folder.iterdir()
    return Source(url, archive, contents(scratch, url))
