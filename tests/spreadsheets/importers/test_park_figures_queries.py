"""The park-figures import reads and writes in a fixed number of queries, whatever its size."""

import pytest

from parks.models import Park
from spreadsheets.importers.park_figures import ParkFiguresImporter
from tests import factories
from tests.spreadsheets.conftest import xlsx_bytes
from tracker.models import ParkReport, ReportingPeriod, ReportValue

HEADERS = ["园区代码", "期间", "revenue", "core_revenue", "coverage_5g", "一园一策"]


def build_file(parks, periods):
    """Half the rows change existing reports, half create new ones."""
    rows = [HEADERS]
    for park in parks:
        factories.report(park, periods[0], revenue="10", core_revenue="5")
        rows.append([park.code, periods[0].label, "20", "6", "50%", "是"])
        rows.append([park.code, periods[1].label, "30", "7", "60", "否"])
    return xlsx_bytes(rows)


def confirm_queries(django_assert_num_queries, user, data, expected):
    importer = ParkFiguresImporter(user)
    plan = importer.preview(data, "figures.xlsx")
    with django_assert_num_queries(expected):
        importer.confirm(data, "figures.xlsx", plan.fingerprint)
    return plan


# Confirm, whatever the row count (indicators and permissions were read at preview):
#   1 savepoint (atomic)
#   2 parks named in the file; which of them are the user's (district read at preview)
#   1 periods
#   1 existing reports, 1 their values, 1 neighbouring quarters' values
#   1 lock and re-read the versions of the reports to change
#   3 new reports (one executemany), their ids, their history
#   2 changed reports (one executemany) and their history
#   3 new values, their ids, their history
#   2 changed values and their history
#   1 the dashboards' data version, 1 the written parks' figures versions (tracker/versions.py)
#   1 release savepoint
EXPECTED_QUERIES = 21


@pytest.mark.parametrize("park_count", [1, 3])
def test_confirm_query_count_does_not_grow_with_rows(
    django_assert_num_queries, huangpu_officer, park_count
):
    parks = list(Park.objects.filter(district__code="huangpu").order_by("code"))[:park_count]
    periods = [
        ReportingPeriod.objects.get(year=2024, quarter=3),
        ReportingPeriod.objects.get(year=2024, quarter=4),
    ]
    data = build_file(parks, periods)
    plan = confirm_queries(django_assert_num_queries, huangpu_officer, data, EXPECTED_QUERIES)
    assert (plan.new_count, plan.changed_count) == (park_count, park_count)
    assert ParkReport.objects.count() == 2 * park_count
    assert ReportValue.objects.count() == 8 * park_count
