#!/usr/bin/env python
"""Hostile uploads: how long the import page takes to refuse each, and the worker's peak memory.

    .venv/bin/python bench/abuse_bench.py [--case NAME ...]

Each case runs in its own process (so each peak memory is its own) against a throw-away
SQLite database with the guideline loaded, and posts its file as 小海 (海珠 officer) to the
enterprise register's import page, as a browser would. Goal (issue 9): every file answered
in ≤ 5 s with a peak memory (ru_maxrss of the process, Django and the set-up included) of
≤ 250 MB. The last line is one JSON object with every case's figures.

Cases: a 4 MB CSV of 1,000,000 junk rows; an .xlsx zip bomb (a sheet of ~1.7 GB of
repeated XML); the same with its declared sizes rewritten to lie; a shared-strings bomb;
a file of 370,000 bad rows; and 20,000 bad rows, the most a file may hold, which is read
and checked whole (the error list is grouped and capped).
"""

import argparse
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
GOAL_SECONDS = 5
GOAL_MB = 250
BOMB_BYTES = 1_700 * 1024 * 1024
HEADERS = "统一社会信用代码,企业名称,园区代码,园区名称,角色,产业链,引进日期"
CASES = ("csv_junk", "zip_bomb", "zip_bomb_lying", "shared_strings_bomb", "bad_rows_370k")
CASES += ("bad_rows_20k",)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
SMALL_SHEET = SHEET_HEAD + '<row r="1"><c r="A1" t="s"><v>0</v></c></row>' + SHEET_TAIL


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", action="append", choices=CASES)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args.child)
    results = {}
    for case in args.case or CASES:
        with tempfile.TemporaryDirectory() as folder:
            env = {
                **os.environ,
                "DEBUG": "1",
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'abuse.sqlite3'}",
            }
            command = [sys.executable, __file__, "--child", case]
            output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
        result = json.loads(output.stdout.strip().splitlines()[-1])
        result["ok"] = result["seconds"] <= GOAL_SECONDS and result["peak_mb"] <= GOAL_MB
        results[case] = result
        print(
            f"{case:20} file {result['file_mb']:6.2f} MB (unpacks to {result['unpacked_mb']:7.1f} MB)"
            f" → HTTP {result['status']} in {result['seconds']:5.2f} s,"
            f" peak {result['peak_mb']:5.0f} MB, page {result['page_kb']:6.1f} KB,"
            f" {'ok' if result['ok'] else 'OVER GOAL'}: {result['message']}"
        )
    print(json.dumps({"goal": {"seconds": GOAL_SECONDS, "peak_mb": GOAL_MB}, "cases": results}))


# --- hostile files ----------------------------------------------------------------------


def csv_junk():
    block = b"".join(b"%02d,\n" % n for n in range(100))
    rows = block * 10_000  # 1,000,000 rows, built without a million small objects
    return "junk.csv", HEADERS.encode() + b"\n" + rows


def bad_rows(count):
    line = "1,a,x,,z,,q\n"  # five bad cells in 12 bytes: 370,000 rows fit the upload limit
    return f"bad-{count}.csv", (HEADERS + "\n" + line * count).encode()


def streamed_xlsx(sheet_parts, strings_parts):
    """An .xlsx whose sheet and shared strings are written from iterables of str chunks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        for name, parts in (
            ("xl/worksheets/sheet1.xml", sheet_parts),
            ("xl/sharedStrings.xml", strings_parts),
        ):
            with archive.open(name, "w", force_zip64=True) as member:
                for part in parts:
                    member.write(part.encode())
    return buffer.getvalue()


def repeated(head, unit, tail, total):
    chunk = unit * max(1, 1024 * 1024 // len(unit))
    yield head
    for _ in range(total // len(chunk)):
        yield chunk
    yield tail


def zip_bomb():
    # One cell, then ~1.7 GB of the whitespace XML allows between rows: deflate packs a run
    # of one byte about 1,000:1, so the file stays under the upload limit.
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>'
    strings = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>x</t></si></sst>'
    sheet = repeated(SHEET_HEAD + row, " ", SHEET_TAIL, BOMB_BYTES)
    return "bomb.xlsx", streamed_xlsx(sheet, [strings])


def zip_bomb_lying():
    """The zip bomb with every size in its central directory rewritten to 1 KB."""
    name, data = zip_bomb()
    data = bytearray(data)
    position = data.find(b"PK\x01\x02")
    while position != -1:
        # Central directory entry: compressed size at +20, uncompressed size at +24.
        if struct.unpack_from("<I", data, position + 24)[0] != 0xFFFFFFFF:
            struct.pack_into("<I", data, position + 24, 1024)
        else:  # zip64: the real size sits in the extra field; rewrite it there
            name_length, extra_length = struct.unpack_from("<HH", data, position + 28)
            extra = position + 46 + name_length
            end = extra + extra_length
            while extra < end:
                tag, size = struct.unpack_from("<HH", data, extra)
                if tag == 0x0001:
                    struct.pack_into("<Q", data, extra + 4, 1024)
                extra += 4 + size
        position = data.find(b"PK\x01\x02", position + 4)
    return name.replace("bomb", "bomb-lying"), bytes(data)


def shared_strings_bomb():
    head = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    unit = "<si><t>" + "B" * 100_000 + "</t></si>"
    strings = repeated(head, unit, "</sst>", BOMB_BYTES)
    return "strings-bomb.xlsx", streamed_xlsx([SMALL_SHEET], strings)


def unpacked_mb(data):
    if not data.startswith(b"PK"):
        return len(data) / 1024 / 1024
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return sum(member.file_size for member in archive.infolist()) / 1024 / 1024
    except zipfile.BadZipFile:
        return 0.0


FILES = {
    "csv_junk": csv_junk,
    "zip_bomb": zip_bomb,
    "zip_bomb_lying": zip_bomb_lying,
    "shared_strings_bomb": shared_strings_bomb,
    "bad_rows_370k": lambda: bad_rows(370_000),
    "bad_rows_20k": lambda: bad_rows(20_000),
}


# --- the child: one case, one process ----------------------------------------------------


def run_child(case):
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from parks.models import District, Enterprise, OfficerProfile
    from tracker.roles import DISTRICT_OFFICER

    setup_test_environment()
    call_command("migrate", verbosity=0)
    call_command("load_guideline", verbosity=0)
    officer = get_user_model().objects.create_user(username="xiaohai", is_staff=True)
    officer.groups.add(Group.objects.get(name=DISTRICT_OFFICER))
    OfficerProfile.objects.create(user=officer, district=District.objects.get(code="haizhu"))
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(officer)
    url = reverse("admin:parks_enterprise_import")
    client.get(url)  # templates and translations loaded, as in a warm worker

    filename, data = FILES[case]()
    upload = SimpleUploadedFile(filename, data)
    started = time.perf_counter()
    response = client.post(url, {"import_file": upload})
    seconds = time.perf_counter() - started
    context = response.context or {}
    groups = context.get("error_groups") or []
    message = groups[0].message if groups else ""
    if not message and context.get("form") is not None:
        message = " ".join(str(e) for e in context["form"].errors.get("import_file", []))
    assert not Enterprise.objects.exists(), "a refused file changed the register"
    print(
        json.dumps(
            {
                "file_mb": round(len(data) / 1024 / 1024, 2),
                "unpacked_mb": round(unpacked_mb(data), 1),
                "status": response.status_code,
                "seconds": round(seconds, 3),
                "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "page_kb": round(len(response.content) / 1024, 1),
                "problems": context.get("error_count", 0),
                "groups_shown": len(groups),
                "message": message[:120],
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
