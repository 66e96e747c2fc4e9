"""Bytes of a first visit to a page: its HTML and every script and stylesheet it references.

    .venv/bin/python bench/first_load_bench.py [--path /] [--user reviewer]

Seeds a throw-away SQLite database (deleted afterwards) with the guideline, the demo
accounts and the demo data, renders the page through Django's test client as the demo user,
finds each <script src> and <link rel=stylesheet href> of the page, reads that file from the
static files finders (what collectstatic would copy) and compresses each with gzip at level 9
(what whitenoise stores next to it) and, when the `brotli` package is installed, with
brotli. Goal (issue 11): the page `/` ≤ 450 KB gzipped in all.

The last line printed is one JSON object: {"path", "files": [{url, raw, gzip, brotli}],
"total": {raw, gzip, brotli}, "goal_gzip", "met"}.
"""

import argparse
import gzip
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL_GZIP = 450 * 1024
ASSET = re.compile(
    r"<script[^>]*\ssrc=\"([^\"]+)\"|<link[^>]*rel=\"stylesheet\"[^>]*href=\"([^\"]+)\""
    r"|<link[^>]*href=\"([^\"]+)\"[^>]*rel=\"stylesheet\""
)


def setup_django(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in


def seed():
    from django.core.management import call_command

    for command in ("migrate", "compile_translations", "load_guideline", "create_demo_users"):
        call_command(command, verbosity=0)
    call_command("load_demo", verbosity=0)


def sizes(data):
    found = {"raw": len(data), "gzip": len(gzip.compress(data, compresslevel=9, mtime=0))}
    try:
        import brotli
    except ImportError:
        found["brotli"] = None
    else:
        found["brotli"] = len(brotli.compress(data))
    return found


def static_file(url):
    from django.conf import settings
    from django.contrib.staticfiles import finders

    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if not url.startswith(prefix):
        raise SystemExit(f"{url} is not a static file of this app")
    found = finders.find(url[len(prefix) :].split("?", 1)[0])
    if not found:
        raise SystemExit(f"{url}: no static file found")
    return Path(found).read_bytes()


def page_assets(html):
    return [next(group for group in match.groups() if group) for match in ASSET.finditer(html)]


def measure(path, username):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path}: HTTP {response.status_code}")
    html = response.content
    files = [{"url": path, **sizes(html)}]
    for url in page_assets(html.decode()):
        files.append({"url": url, **sizes(static_file(url))})
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", default="/")
    parser.add_argument("--user", default="reviewer", help="a demo user name")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="first-load-bench-"))
    try:
        setup_django(workdir)
        seed()
        files = measure(args.path, args.user)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    total = {
        kind: (None if any(f[kind] is None for f in files) else sum(f[kind] for f in files))
        for kind in ("raw", "gzip", "brotli")
    }
    for item in files:
        brotli_size = "-" if item["brotli"] is None else f"{item['brotli'] / 1024:8.1f}"
        print(
            f"  {item['url']:48} raw {item['raw'] / 1024:8.1f} KB  gzip {item['gzip'] / 1024:8.1f} KB"
            f"  brotli {brotli_size} KB"
        )
    brotli_total = "-" if total["brotli"] is None else f"{total['brotli'] / 1024:.1f}"
    print(
        f"  {'total':48} raw {total['raw'] / 1024:8.1f} KB  gzip {total['gzip'] / 1024:8.1f} KB"
        f"  brotli {brotli_total} KB   goal gzip ≤ {GOAL_GZIP // 1024} KB"
    )
    print(
        json.dumps(
            {
                "path": args.path,
                "files": files,
                "total": total,
                "goal_gzip": GOAL_GZIP,
                "met": total["gzip"] <= GOAL_GZIP,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
