#!/usr/bin/env python
"""Speed of the park-figures import: preview and confirm of 10,000 park-period rows.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--baseline-rows 1000]

Builds its own throw-away database (a temporary SQLite file; with DATABASE_URL set to a
postgres:// URL, also a temporary database on that server, dropped afterwards), with
enough synthetic parks for the rows, every reported indicator in every row. Prints rows
per second for preview and confirm, peak memory, SQL query counts at two sizes, and the
speed of a plain django-import-export ModelResource of ReportValue (library defaults) on
a sample of the same values. The last line is one JSON object for the confirm on SQLite.

On a shared machine wall-clock seconds follow the other processes' load; the CPU seconds
of the bench's own process (cpu_seconds) compare two versions more fairly.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
PERIODS = [(year, quarter) for year in range(2022, 2027) for quarter in range(1, 5)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--baseline-rows", type=int, default=1_000)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_child(args)

    results = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        results["sqlite"] = spawn(url, args)
    postgres = os.environ.get("DATABASE_URL", "")
    if postgres.startswith(("postgres://", "postgresql://")):
        with throwaway_postgres(postgres) as url:
            results["postgresql"] = spawn(url, args)

    for backend, result in results.items():
        report(backend, result)
    sqlite = results["sqlite"]["confirm"]
    print(
        json.dumps(
            {
                "rows": sqlite["rows"],
                "seconds": round(sqlite["seconds"], 3),
                "cpu_seconds": round(sqlite["cpu_seconds"], 3),
                "rows_per_s": round(sqlite["rows"] / sqlite["seconds"], 1),
                "baseline_ratio": round(results["sqlite"]["baseline_ratio"], 1),
                "peak_mb": round(results["sqlite"]["peak_mb"], 1),
                "queries": sqlite["queries"],
            }
        )
    )


def spawn(database_url, args):
    # Every period open, so that every row may be imported: none locks by its age either.
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1", "PERIOD_EXPIRY_DAYS": "0"}
    command = [sys.executable, __file__, "--child", "--rows", str(args.rows)]
    command += ["--baseline-rows", str(args.baseline_rows)]
    output = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


class throwaway_postgres:
    """A fresh database on the server of DATABASE_URL, dropped on exit."""

    def __init__(self, url):
        self.url = urlparse(url)
        self.name = f"import_bench_{os.getpid()}"

    def _admin(self):
        import psycopg

        return psycopg.connect(urlunparse(self.url._replace(path="/postgres")), autocommit=True)

    def __enter__(self):
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            connection.execute(f'CREATE DATABASE "{self.name}"')
        return urlunparse(self.url._replace(path=f"/{self.name}"))

    def __exit__(self, *exc):
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def report(backend, result):
    for stage in ("preview", "confirm"):
        figures = result[stage]
        print(
            f"{backend:10} {stage:8} {figures['rows']:>6} rows in {figures['seconds']:6.2f} s"
            f" = {figures['rows'] / figures['seconds']:8.0f} rows/s,"
            f" {figures['queries']} queries (CPU {figures['cpu_seconds']:.2f} s of this process)"
        )
    small = result["small_confirm"]
    print(
        f"{backend:10} queries at two sizes: {small['rows']} rows → {small['queries']},"
        f" {result['confirm']['rows']} rows → {result['confirm']['queries']}"
        " (one statement per read and per table written, whatever the size)"
    )
    base = result["baseline"]
    print(
        f"{backend:10} baseline ModelResource(ReportValue): {base['values']} values in"
        f" {base['seconds']:.2f} s = {base['values'] / base['seconds']:.0f} values/s;"
        f" ours {result['our_values_per_s']:.0f} values/s → {result['baseline_ratio']:.1f}×"
    )
    print(f"{backend:10} peak memory (max RSS of the run) {result['peak_mb']:.0f} MB")


# --- the child: runs against DATABASE_URL ---------------------------------------------------


def run_child(args):
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_guideline", verbosity=0)

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from spreadsheets.importers.park_figures import ParkFiguresImporter

    officer, parks = synthetic_district("bench", args.rows // len(PERIODS) + 1)
    small_officer, small_parks = synthetic_district("bench-small", 50)
    data = figures_file(parks, args.rows)
    small_data = figures_file(small_parks, 1_000)

    cpu = {}

    def timed(function):
        with CaptureQueriesContext(connection) as queries:
            started, cpu_started = time.perf_counter(), time.process_time()
            outcome = function()
            seconds = time.perf_counter() - started
            cpu["last"] = time.process_time() - cpu_started
        return outcome, seconds, len(queries)

    importer = ParkFiguresImporter(officer)
    plan, preview_seconds, preview_queries = timed(lambda: importer.preview(data, "bench.csv"))
    preview_cpu = cpu["last"]
    importer = ParkFiguresImporter(officer)
    _plan, confirm_seconds, confirm_queries = timed(
        lambda: importer.confirm(data, "bench.csv", plan.fingerprint)
    )
    confirm_cpu = cpu["last"]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    small_plan = ParkFiguresImporter(small_officer).preview(small_data, "small.csv")
    small_importer = ParkFiguresImporter(small_officer)
    _plan, _seconds, small_queries = timed(
        lambda: small_importer.confirm(small_data, "small.csv", small_plan.fingerprint)
    )

    indicator_count = len(importer.indicators)
    our_values_per_s = args.rows * indicator_count / confirm_seconds
    baseline = run_baseline(args.baseline_rows, indicator_count)
    print(
        json.dumps(
            {
                "preview": {
                    "rows": args.rows,
                    "seconds": preview_seconds,
                    "cpu_seconds": preview_cpu,
                    "queries": preview_queries,
                },
                "confirm": {
                    "rows": args.rows,
                    "seconds": confirm_seconds,
                    "cpu_seconds": confirm_cpu,
                    "queries": confirm_queries,
                },
                "small_confirm": {"rows": 1_000, "queries": small_queries},
                "baseline": baseline,
                "our_values_per_s": our_values_per_s,
                "baseline_ratio": our_values_per_s / (baseline["values"] / baseline["seconds"]),
                "peak_mb": peak_mb,
            }
        )
    )


def synthetic_district(code, park_count):
    from django.contrib.auth.models import Group, User

    from parks.models import District, OfficerProfile, Park
    from tracker.models import ReportingPeriod
    from tracker.roles import DISTRICT_OFFICER, ensure_roles

    ensure_roles()
    # Every period open, so that every row may be imported.
    ReportingPeriod.objects.update(opens_on="2020-01-01", locked=False)
    district = District.objects.create(code=code, name=f"测试区{code}", sort_order=99)
    Park.objects.bulk_create(
        Park(
            code=f"{code}-{index:04d}",
            name=f"{code}测试园区{index:04d}",
            district=district,
            area_km2="1.00",
            role=Park.Role.LINKED,
            sort_order=100 + index,
        )
        for index in range(park_count)
    )
    officer = User.objects.create_user(f"officer-{code}", is_staff=True)
    officer.groups.add(Group.objects.get(name=DISTRICT_OFFICER))
    OfficerProfile.objects.create(user=officer, district=district)
    return officer, list(Park.objects.filter(district=district).order_by("code"))


def figure_rows(parks, count):
    """count rows (park, period, revenue, core revenue, 5G %, 一园一策), all valid."""
    rows = []
    for park_index, park in enumerate(parks):
        for year, quarter in PERIODS:
            if len(rows) == count:
                return rows
            revenue = 100 * quarter + park_index % 50 + (year - 2022) * 10
            rows.append(
                [
                    park.code,
                    park.name,
                    f"{year}Q{quarter}",
                    f"{revenue:,}.25",
                    f"{revenue // 2}",
                    f"{min(100, 40 + quarter * 10)}%",
                    "是" if quarter > 2 else "否",
                ]
            )
    return rows


def figures_file(parks, count):
    from spreadsheets.columns import park_figures_headers, reported_indicators
    from spreadsheets.exports import write_csv

    headers = park_figures_headers(reported_indicators())
    return write_csv(headers, figure_rows(parks, count))


def run_baseline(row_count, indicator_count):
    """The same kind of values through a plain ModelResource with the library's defaults."""
    import tablib
    from import_export import resources

    from common.values import parse_decimal
    from parks.models import Park
    from spreadsheets.parsing import parse_bool, parse_period
    from tracker.models import Indicator, ParkReport, ReportingPeriod, ReportValue

    class ReportValueResource(resources.ModelResource):
        class Meta:
            model = ReportValue

    _officer, parks = synthetic_district("bench-baseline", row_count // len(PERIODS) + 1)
    periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.all()}
    indicators = list(Indicator.objects.reported().order_by("sort_order"))[:indicator_count]
    dataset = tablib.Dataset(headers=["report", "indicator", "value"])
    by_code = {park.code: park for park in parks}
    for row in figure_rows(parks, row_count):
        report = ParkReport.objects.create(
            park=by_code[row[0]], period=periods[parse_period(row[2])]
        )
        for indicator, raw in zip(indicators, row[3:], strict=True):
            if indicator.value_type == Indicator.ValueType.BOOLEAN:
                value = 1 if parse_bool(raw) else 0
            else:
                value = parse_decimal(raw)
            dataset.append([report.pk, indicator.pk, value])
    started = time.perf_counter()
    result = ReportValueResource().import_data(dataset, dry_run=False)
    seconds = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    assert Park.objects.filter(district__code="bench-baseline").exists()
    return {"values": len(dataset), "seconds": seconds}


if __name__ == "__main__":
    main()
