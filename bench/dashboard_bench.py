"""Dashboard speed: median render time and query count per page as the data grows.

    .venv/bin/python bench/dashboard_bench.py [--renders 20]

Seeds a throw-away SQLite database (deleted afterwards) with the guideline, 37 parks (the
12 guideline parks + 25 linked value parks), their figures for every reported indicator in
2022–2026 (20 quarters) and a register of chain-leader and upstream/downstream firms, and
renders each page through Django's test client as a manager. Then it grows the data the
ways the pages feel:

- by parks: 370 parks (333 more linked parks), each with its figures 2022–2026;
- by years: the 37 parks with figures 2022–2035 (56 quarters), on a clock set to
  2036-01-15 (time-machine), so that the pages show all of those years.

Times are the median of wall-clock time and, beside it, of this process's CPU time (the
database is SQLite, in this process, so its work is in it too): on a shared machine the CPU
time is the steadier of the two. Each page is measured three ways:

- after one park's write (the goal's measure): before each view a write to one park's figures
  (the next park each time) raises the data version and that park's figures version, as a
  report step does; the page is not in the page cache, and the overview works out that
  park's standing again (dashboards/standings.py) and reads the others' as kept;
- after a rules change: before each view a write that every park's results rest on (a
  target, an indicator, a period) raises the rules version, so every park's standing is
  worked out again from its figures, as on the first view after a quarter's end;
- warm: served from the page cache, as every later view until the next write.

Goals (issue 11): the same query count at every size, each way; the overview's median
after one park's write at 370 parks ≤ 3 × its median at 37. The ratio after a rules change
is printed too: it is how the work of a full load grows.

The last line printed is one JSON object keyed by page path with, per size, median_ms and
queries, and the ratios to the base size.
"""

import argparse
import itertools
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
MORE_LINKED_PARKS = 370 - 12 - LINKED_PARKS
BASE_YEARS = range(2022, 2027)  # 20 quarters, as the guideline fixture's periods
MORE_YEARS = range(2027, 2036)  # 2022–2035 in all
LATE_CLOCK = "2036-01-15 10:00+08:00"


def setup_django(workdir):
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "tracker.settings"
    os.environ["CACHE_URL"] = "locmem://"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["PASSWORD_MAX_AGE_DAYS"] = "0"  # the years case runs on a clock in 2036
    import django

    django.setup()
    from django.conf import settings

    # Not setup_test_environment(): its instrumented template rendering would be measured.
    settings.DEBUG = False


def add_linked_parks(numbers):
    from parks.models import District, Park

    districts = list(District.objects.all())
    return Park.objects.bulk_create(
        Park(
            code=f"linked-{number:03d}",
            name=f"价值园区{number:03d}",
            district=districts[number % len(districts)],
            area_km2=Decimal("1.50"),
            role=Park.Role.LINKED,
            sort_order=100 + number,
        )
        for number in numbers
    )


def seed_registry():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    from tracker.roles import MANAGER

    call_command("migrate", verbosity=0)
    call_command("compile_translations", verbosity=0)
    call_command("load_guideline", verbosity=0)
    add_linked_parks(range(1, LINKED_PARKS + 1))
    manager = get_user_model().objects.create_user("bench-manager", password="x")
    manager.groups.add(Group.objects.get(name=MANAGER))
    return manager


def seed_years(years, parks=None):
    """Periods, approved reports with every reported indicator, and register firms, for
    `parks` (default: every park)."""
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
    parks = list(Park.objects.all()) if parks is None else parks
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


def timed(client, path, renders, before=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    response = client.get(path)  # warm-up: template and translation caches, the page cache
    assert response.status_code == 200, (path, response.status_code)
    timings, cpu = [], []
    for _ in range(renders):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            timings.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return round(statistics.median(timings), 1), len(queries), round(statistics.median(cpu), 1)


def one_park_written():
    """A write to one park's figures, as a report step makes it (the next park each time)."""
    from parks.models import Park
    from tracker.versions import DataVersion

    parks = itertools.cycle(sorted(Park.objects.values_list("pk", flat=True)))

    def write():
        DataVersion.bump(parks=[next(parks)])

    return write


def rules_changed():
    """A write every park's results rest on (a target, an indicator, a period)."""
    from tracker.versions import DataVersion

    DataVersion.bump()


def measure(client, renders):
    results = {}
    for path in PAGES:
        cold_ms, cold_queries, cold_cpu = timed(client, path, renders, one_park_written())
        full_ms, full_queries, full_cpu = timed(client, path, renders, rules_changed)
        warm_ms, warm_queries, warm_cpu = timed(client, path, renders)
        results[path] = {
            "median_ms": cold_ms,
            "cpu_median_ms": cold_cpu,
            "queries": cold_queries,
            "full_median_ms": full_ms,
            "full_cpu_median_ms": full_cpu,
            "full_queries": full_queries,
            "warm_median_ms": warm_ms,
            "warm_cpu_median_ms": warm_cpu,
            "warm_queries": warm_queries,
        }
    return results


def size_line(label):
    from parks.models import Park
    from tracker.models import ReportingPeriod, ReportValue

    print(
        f"{label}: {Park.objects.count()} parks, {ReportingPeriod.objects.count()} quarters, "
        f"{ReportValue.objects.count()} figures",
        flush=True,
    )


def show(results, base=None):
    def ratio(result, name):
        if not base:
            return ""
        return f" ×{result[name] / base[path][name]:.2f}"

    for path, result in results.items():
        print(
            f"  {path}\n"
            f"    after one park's write {result['median_ms']:7.1f} ms"
            f" (cpu {result['cpu_median_ms']:6.1f}{ratio(result, 'cpu_median_ms')})"
            f" {result['queries']:2d} q{ratio(result, 'median_ms')}"
            f" | after a rules change {result['full_median_ms']:7.1f} ms"
            f" (cpu {result['full_cpu_median_ms']:6.1f}{ratio(result, 'full_cpu_median_ms')})"
            f" {result['full_queries']:2d} q{ratio(result, 'full_median_ms')}"
            f" | warm {result['warm_median_ms']:5.1f} ms {result['warm_queries']:2d} q",
            flush=True,
        )


def grow_and_measure(client, manager, renders):
    """{size: results}: the base, ×10 parks, then (on the base parks) 2022–2035."""
    import time_machine
    from django.db import transaction

    from parks.models import Park

    sizes = {}
    size_line("base")
    sizes["base"] = measure(client, renders)
    show(sizes["base"])
    # The parks case is rolled back afterwards, so the years case grows the base again.
    with transaction.atomic():
        seed_years(
            BASE_YEARS,
            add_linked_parks(range(LINKED_PARKS + 1, LINKED_PARKS + 1 + MORE_LINKED_PARKS)),
        )
        size_line("parks x10")
        sizes["parks_x10"] = measure(client, renders)
        show(sizes["parks_x10"], sizes["base"])
        transaction.set_rollback(True)
    seed_years(MORE_YEARS, list(Park.objects.all()))
    with time_machine.travel(LATE_CLOCK, tick=True):
        client.force_login(manager)  # the earlier session is past its time limit by then
        size_line("years 2022-2035")
        sizes["years_2035"] = measure(client, renders)
        show(sizes["years_2035"], sizes["base"])
    return sizes


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=20)
    parser.add_argument(
        "--pages", nargs="+", default=PAGES, metavar="PATH", help="only these pages (default: all)"
    )
    args = parser.parse_args()
    PAGES[:] = [path for path in PAGES if path in args.pages]
    workdir = Path(tempfile.mkdtemp(prefix="dashboard-bench-"))
    try:
        setup_django(workdir)
        from django.test import Client

        manager = seed_registry()
        seed_years(BASE_YEARS)
        client = Client()
        client.force_login(manager)
        sizes = grow_and_measure(client, manager, args.renders)
        summary = {}
        for path in PAGES:
            base = sizes["base"][path]
            summary[path] = {
                **{size: results[path] for size, results in sizes.items()},
                "same_queries": all(
                    len({results[path][name] for results in sizes.values()}) == 1
                    for name in ("queries", "full_queries", "warm_queries")
                ),
                "ratio_parks_x10": round(
                    sizes["parks_x10"][path]["median_ms"] / base["median_ms"], 2
                ),
                "ratio_years_2035": round(
                    sizes["years_2035"][path]["median_ms"] / base["median_ms"], 2
                ),
            }
        overview = summary["/"]["ratio_parks_x10"]
        big, base = sizes["parks_x10"]["/"], sizes["base"]["/"]
        ratios = {
            "cpu_ratio_parks_x10": big["cpu_median_ms"] / base["cpu_median_ms"],
            "full_ratio_parks_x10": big["full_median_ms"] / base["full_median_ms"],
            "full_cpu_ratio_parks_x10": big["full_cpu_median_ms"] / base["full_cpu_median_ms"],
            "warm_ratio_parks_x10": big["warm_median_ms"] / base["warm_median_ms"],
        }
        print(
            f"overview at 370 parks / at 37, after one park's write: {overview:.2f}"
            f" (cpu {ratios['cpu_ratio_parks_x10']:.2f}) (goal ≤ 3);"
            f" after a rules change {ratios['full_ratio_parks_x10']:.2f}"
            f" (cpu {ratios['full_cpu_ratio_parks_x10']:.2f}); warm {ratios['warm_ratio_parks_x10']:.2f}"
        )
        summary["/"].update({name: round(value, 2) for name, value in ratios.items()})
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
