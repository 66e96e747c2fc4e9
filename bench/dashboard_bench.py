"""Dashboard speed: median render time and query count per page, at two data sizes.

    .venv/bin/python bench/dashboard_bench.py [--renders 20]

Seeds a throw-away SQLite database (deleted afterwards) with the guideline, 37 parks (the
12 guideline parks + 25 linked value parks), 20 quarters of figures for every reported
indicator and a register of chain-leader and upstream/downstream firms; renders each page
through Django's test client as a manager; then adds 10× the quarters (200 in all, the extra
ones before the guideline) and renders again. Goals (2-core machine, SQLite): overview median
≤ 150 ms, the same query count at both sizes, time ratio ≤ 1.5.

The last line printed is one JSON object keyed by page path with median_ms, queries,
queries_10x and ratio_10x.
"""

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    "/",
    "/parks/pazhou/",
    "/indicators/revenue/",
    "/districts/huangpu/",
    "/briefing/2025/",
    "/policies/",
    "/policies/pearl-river-belt-2022/assessment/",
]
LINKED_PARKS = 25
BASE_YEARS = range(2022, 2027)  # 20 quarters, as the guideline fixture's periods
EXTRA_YEARS = range(1977, 2022)  # 180 more quarters: 10× in all


def setup_django(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in


def seed_registry():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from parks.models import District, Park
    from tracker.roles import MANAGER

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("load_guideline", verbosity=0)
    districts = list(District.objects.all())
    Park.objects.bulk_create(
        Park(
            code=f"linked-{number:02d}",
            name=f"价值园区{number:02d}",
            district=districts[number % len(districts)],
            area_km2=Decimal("1.50"),
            role=Park.Role.LINKED,
            sort_order=100 + number,
        )
        for number in range(1, LINKED_PARKS + 1)
    )
    manager = get_user_model().objects.create_user("bench-manager", password="x")
    manager.groups.add(Group.objects.get(name=MANAGER))
    return manager


def seed_years(years):
    """Periods, approved reports with every reported indicator, and register firms."""
    from common.values import quarter_end
    from parks.models import Enterprise, Park
    from tracker.models import Indicator, ParkReport, ReportingPeriod, ReportValue

    existing = set(ReportingPeriod.objects.values_list("year", "quarter"))
    ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            year=year,
            quarter=quarter,
            opens_on=quarter_end(year, quarter),
            due_on=quarter_end(year, quarter),
        )
        for year in years
        for quarter in (1, 2, 3, 4)
        if (year, quarter) not in existing
    )
    periods = {(p.year, p.quarter): p for p in ReportingPeriod.objects.filter(year__in=list(years))}
    parks = list(Park.objects.all())
    reports = ParkReport.objects.bulk_create(
        ParkReport(park=park, period=periods[year, quarter], status=ParkReport.Status.APPROVED)
        for park in parks
        for year in years
        for quarter in (1, 2, 3, 4)
    )
    indicators = {i.code: i for i in Indicator.objects.reported()}
    values = []
    for report in reports:
        number = report.park.sort_order + 1
        quarter = report.period.quarter
        revenue = Decimal(number * 30 * quarter) * (1 + Decimal(report.period.year - 2020) / 10)
        figures = {
            "revenue": revenue,
            "core_revenue": revenue * Decimal("0.55"),
            "coverage_5g": Decimal(min(100, 50 + 10 * max(0, report.period.year - 2020))),
            "one_park_one_policy": Decimal(1),
        }
        values += [
            ReportValue(
                report=report, indicator=indicators[code], value=value.quantize(Decimal("0.0001"))
            )
            for code, value in figures.items()
            if code in indicators
        ]
    ReportValue.objects.bulk_create(values, batch_size=2000)
    firms = []
    for park in parks:
        for year in years:
            for role in (Enterprise.Role.CHAIN_LEADER, Enterprise.Role.UPSTREAM):
                firms.append(
                    Enterprise(
                        name=f"{park.code}-{year}-{role}",
                        credit_code=f"B{park.pk:04d}{year}{role[:4]}".ljust(18, "0")[:18],
                        park=park,
                        role=role,
                        introduced_on=date(year, 3, 1),
                    )
                )
    Enterprise.objects.bulk_create(firms, batch_size=2000)


def measure(client, renders):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    results = {}
    for path in PAGES:
        response = client.get(path)  # warm-up: template and translation caches
        assert response.status_code == 200, (path, response.status_code)
        timings = []
        for _ in range(renders):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        results[path] = {"median_ms": round(statistics.median(timings), 1), "queries": len(queries)}
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    try:
        setup_django(workdir)
        from django.test import Client

        from parks.models import Park
        from tracker.models import ReportValue

        manager = seed_registry()
        seed_years(BASE_YEARS)
        client = Client()
        client.force_login(manager)
        print(
            f"size 1: {Park.objects.count()} parks, {len(BASE_YEARS) * 4} quarters, {ReportValue.objects.count()} figures"
        )
        base = measure(client, args.renders)
        for path, result in base.items():
            print(
                f"  {path:24} median {result['median_ms']:7.1f} ms  {result['queries']:3d} queries"
            )
        seed_years(EXTRA_YEARS)
        quarters = (len(BASE_YEARS) + len(EXTRA_YEARS)) * 4
        print(
            f"size 10x: {Park.objects.count()} parks, {quarters} quarters, {ReportValue.objects.count()} figures"
        )
        big = measure(client, args.renders)
        summary = {}
        for path in PAGES:
            ratio = big[path]["median_ms"] / base[path]["median_ms"]
            print(
                f"  {path:24} median {big[path]['median_ms']:7.1f} ms  {big[path]['queries']:3d} queries  ratio {ratio:.2f}"
            )
            summary[path] = {
                "median_ms": base[path]["median_ms"],
                "queries": base[path]["queries"],
                "queries_10x": big[path]["queries"],
                "ratio_10x": round(ratio, 2),
            }
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
