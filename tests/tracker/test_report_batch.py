"""ReportBatch: many reports created, recorded and submitted at once, by the same rules as
one report's start / record_values / submit, written with a fixed number of queries."""

from decimal import Decimal

import pytest

from parks.models import Park
from tests import factories
from tracker.models import (
    ParkReport,
    ReportError,
    ReportingPeriod,
    ReportValue,
    StaleReportError,
)
from tracker.services import ReportBatch

REASON = "Spreadsheet import"


@pytest.fixture
def huangpu_parks(guideline):
    """黄埔's parks (小黄's district), in a fixed order."""
    return list(Park.objects.filter(district__code="huangpu").order_by("code"))


def stored_values(report):
    return {row.indicator.code: row for row in report.values.select_related("indicator")}


def figures(report):
    """Everything a recording writes on a report's figures: {code: (value, note, warning)}."""
    return {
        row.indicator.code: (row.value, row.note, row.warning)
        for row in report.values.select_related("indicator")
    }


def snapshot():
    """Everything a batch could write, to show that a refused one wrote nothing."""
    return (
        sorted(ParkReport.objects.values_list("pk", "status", "version", "submitted_by")),
        sorted(ReportValue.objects.values_list("report_id", "indicator_id", "value", "note")),
        ParkReport.history.count(),
        ReportValue.history.count(),
    )


def record(batch, report, raw, notes=None):
    check = ParkReport.check_figures(report.park, report.period, raw)
    assert check.ok, check.errors
    stored = stored_values(report) if report.pk else {}
    return batch.record_values(report, check, stored, notes=notes)


# -- creating ----------------------------------------------------------------------------


def test_new_reports_are_drafts_at_version_one_with_their_history(huangpu_officer, huangpu_parks):
    period = ReportingPeriod.objects.get(year=2025, quarter=3)
    batch = ReportBatch(huangpu_officer, REASON)
    for park in huangpu_parks:
        record(batch, batch.start(park, period), {"revenue": "100", "coverage_5g": "85"})
    batch.save()

    reports = ParkReport.objects.filter(period=period).order_by("park__code")
    assert [report.park for report in reports] == huangpu_parks
    for report in reports:
        assert (report.status, report.version, report.updated_by) == ("draft", 1, huangpu_officer)
        assert report.submitted_at is None and report.submitted_by is None
        assert figures(report) == {
            "revenue": (Decimal("100"), "", ""),
            "coverage_5g": (Decimal("85"), "", ""),
        }
        history = list(report.history.all())
        assert [(h.history_type, h.history_user, h.history_change_reason) for h in history] == [
            ("+", huangpu_officer, REASON)
        ]
    value_history = ReportValue.history.filter(report__period=period)
    assert value_history.count() == 2 * len(huangpu_parks)
    assert set(value_history.values_list("history_type", "history_user")) == {
        ("+", huangpu_officer.pk)
    }


def test_a_started_and_submitted_report_is_written_once(haizhu_officer, pazhou, quarter):
    batch = ReportBatch(haizhu_officer, REASON)
    report = batch.start(pazhou, quarter)
    record(batch, report, {"revenue": "120"})
    batch.submit(report)
    batch.save()

    report = ParkReport.objects.get(pk=report.pk)
    assert (report.status, report.version) == ("submitted", 1)
    assert report.submitted_by == haizhu_officer
    assert report.submitted_at == batch.now
    assert report.history.count() == 1


# -- the same rules as for one report ------------------------------------------------------


def test_recording_in_bulk_writes_what_recording_one_report_writes(
    huangpu_officer, huangpu_parks, quarter
):
    one, many = huangpu_parks[:2]
    before = {"revenue": "100", "core_revenue": "40", "coverage_5g": "80"}
    single = factories.report(one, quarter, **before)
    bulk = factories.report(many, quarter, **before)
    raw = {"revenue": "130", "core_revenue": "40", "coverage_5g": None, "one_park_one_policy": "1"}
    notes = {"revenue": " 统计局口径 "}

    check = ParkReport.check_figures(one, quarter, raw)
    assert single.record_values(huangpu_officer, check, notes)
    batch = ReportBatch(huangpu_officer, REASON)
    assert record(batch, bulk, raw, notes=notes)
    batch.save()

    single.refresh_from_db()
    bulk.refresh_from_db()
    assert figures(bulk) == figures(single)
    assert figures(bulk)["revenue"] == (Decimal("130"), "统计局口径", "")
    assert (bulk.version, bulk.has_warnings) == (single.version, single.has_warnings) == (2, False)
    # core_revenue did not change: neither wrote it, so it has no history row of its own.
    for report in (single, bulk):
        changed = ReportValue.history.filter(report_id=report.pk, history_type="~")
        assert sorted(changed.values_list("indicator__code", flat=True)) == [
            "coverage_5g",
            "revenue",
        ]


def test_without_notes_the_stored_notes_stay(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    report.values.update(note="估算")
    batch = ReportBatch(haizhu_officer, REASON)
    record(batch, report, {"revenue": "110"})
    batch.save()
    assert figures(report)["revenue"] == (Decimal("110"), "估算", "")


def test_unchanged_figures_leave_the_report_alone(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    before = snapshot()
    batch = ReportBatch(haizhu_officer, REASON)
    assert record(batch, report, {"revenue": "100.00"}) is False
    batch.save()
    assert snapshot() == before


def test_a_returned_report_recorded_in_bulk_is_a_draft_again(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="returned", revenue="100")
    batch = ReportBatch(haizhu_officer, REASON)
    record(batch, report, {"revenue": "105"})
    batch.save()
    report.refresh_from_db()
    assert (report.status, report.version) == ("draft", 2)


def test_recording_and_submitting_claims_one_version(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    batch = ReportBatch(haizhu_officer, REASON)
    record(batch, report, {"revenue": "105"})
    batch.submit(report)
    batch.save()
    report.refresh_from_db()
    assert (report.status, report.version) == ("submitted", 2)
    assert (report.submitted_by, report.submitted_at) == (haizhu_officer, batch.now)
    assert [h.history_type for h in report.history.all()] == ["~", "+"]


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_submitting_a_report_the_district_may_not_change_is_refused_as_for_one(
    haizhu_officer, pazhou, quarter, status
):
    report = factories.report(pazhou, quarter, status=status, revenue="100")
    before = snapshot()
    with pytest.raises(ReportError) as single:
        ParkReport.objects.get(pk=report.pk).submit(haizhu_officer)
    batch = ReportBatch(haizhu_officer, REASON)
    with pytest.raises(ReportError) as bulk:
        batch.submit(report)
    assert (bulk.value.code, bulk.value.messages) == (single.value.code, single.value.messages)
    assert bulk.value.code == "forbidden"
    assert snapshot() == before


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_recording_on_a_report_under_review_is_refused(haizhu_officer, pazhou, quarter, status):
    report = factories.report(pazhou, quarter, status=status, revenue="100")
    batch = ReportBatch(haizhu_officer, REASON)
    with pytest.raises(ReportError) as refused:
        record(batch, report, {"revenue": "150"})
    assert refused.value.code == "bad_status"
    batch.save()  # the refused step left nothing to write
    report.refresh_from_db()
    assert (report.status, report.version) == (status, 1)


def test_an_officer_of_another_district_cannot_submit_in_bulk(
    huangpu_officer, pazhou, yuzhu_bay, quarter
):
    own = factories.report(yuzhu_bay, quarter, revenue="100")
    other = factories.report(pazhou, quarter, revenue="100")
    before = snapshot()
    batch = ReportBatch(huangpu_officer, REASON)
    batch.submit(ParkReport.objects.select_related("period").get(pk=own.pk))
    batch.submit(ParkReport.objects.select_related("period").get(pk=other.pk))
    with pytest.raises(ReportError) as refused:
        batch.save()
    assert refused.value.code == "forbidden"
    assert snapshot() == before


def test_a_version_claimed_meanwhile_refuses_the_whole_batch(
    haizhu_officer, reviewer, pazhou, quarter
):
    report = factories.report(pazhou, quarter, revenue="100")
    batch = ReportBatch(haizhu_officer, REASON)
    earlier = ReportingPeriod.objects.get(year=2025, quarter=2)
    record(batch, batch.start(pazhou, earlier), {"revenue": "1"})
    record(batch, report, {"revenue": "110"})
    # The reviewer saves the report after the batch read it.
    meanwhile = ParkReport.objects.get(pk=report.pk)
    meanwhile.claim_version(meanwhile.version, reviewer)
    meanwhile.save()
    before = snapshot()

    with pytest.raises(StaleReportError) as refused:
        batch.save()

    assert "laoshen" in refused.value.messages[0]
    assert snapshot() == before
    assert figures(ParkReport.objects.get(pk=report.pk))["revenue"][0] == Decimal("100")


def test_a_report_deleted_meanwhile_refuses_the_batch(haizhu_officer, pazhou, quarter):
    report = factories.report(pazhou, quarter, revenue="100")
    batch = ReportBatch(haizhu_officer, REASON)
    record(batch, report, {"revenue": "110"})
    ParkReport.objects.filter(pk=report.pk).delete()
    with pytest.raises(StaleReportError):
        batch.save()


# -- queries -----------------------------------------------------------------------------


def build_batch(user, parks, stored_period, new_period):
    """One stored report changed and one new report per park."""
    reports = [factories.report(park, stored_period, revenue="10") for park in parks]
    reports = ParkReport.objects.filter(pk__in=[r.pk for r in reports]).select_related("period")
    batch = ReportBatch(user, REASON)
    for report in reports:
        record(batch, report, {"revenue": "20", "coverage_5g": "50"})
        batch.submit(report)
        new = batch.start(report.park, new_period)
        record(batch, new, {"revenue": "30"})
        batch.submit(new)
    return batch


# save(), whatever the number of reports:
#   1 the submitted reports' parks are the user's
#   1 lock and re-read the versions of the stored reports
#   3 new reports (one statement), their ids, their history
#   2 changed reports (one statement) and their history
#   3 new values, their ids, their history
#   2 changed values and their history
#   1 the audit entries of the submitted reports (one statement)
SAVE_QUERIES = 13


@pytest.mark.parametrize("park_count", [1, 3])
def test_save_takes_the_same_queries_for_any_number_of_reports(
    django_assert_num_queries, huangpu_officer, huangpu_parks, park_count
):
    stored = ReportingPeriod.objects.get(year=2025, quarter=2)
    new = ReportingPeriod.objects.get(year=2025, quarter=3)
    batch = build_batch(huangpu_officer, huangpu_parks[:park_count], stored, new)
    with django_assert_num_queries(SAVE_QUERIES):
        batch.save()
    assert ParkReport.objects.filter(status="submitted").count() == 2 * park_count
    assert ReportValue.objects.count() == 3 * park_count


# -- neighbouring quarters -----------------------------------------------------------------


STORED_QUARTERS = [(2024, 1), (2024, 4), (2025, 1), (2025, 3), (2025, 4)]


def revenue_of(number, year, quarter):
    return Decimal(number * 1000 + year * 10 + quarter)


def test_neighbour_values_of_many_parks_and_periods_in_one_query(
    huangpu_parks, django_assert_num_queries
):
    for number, park in enumerate(huangpu_parks, start=1):
        for year, quarter in STORED_QUARTERS:
            period = ReportingPeriod.objects.get(year=year, quarter=quarter)
            revenue = str(revenue_of(number, year, quarter))
            factories.report(park, period, revenue=revenue, coverage_5g=None)
    wanted = [
        ReportingPeriod.objects.get(year=year, quarter=quarter)
        for year, quarter in [(2025, 1), (2025, 4), (2024, 4)]
    ]

    with django_assert_num_queries(1):
        found = ReportValue.objects.neighbour_values([p.pk for p in huangpu_parks], wanted)

    expected = {}
    for number, park in enumerate(huangpu_parks, start=1):
        # 2025Q1: none before it in 2025, 2024Q1 a year back; 2025Q4: 2025Q3 and 2024Q4;
        # 2024Q4: neither 2024Q3 nor 2023Q4 was stored. Blank values are left out.
        for year, quarter in [(2024, 1), (2025, 3), (2024, 4)]:
            expected[park.pk, year, quarter] = {"revenue": revenue_of(number, year, quarter)}
    assert found == expected


def test_one_reports_neighbours_are_the_previous_quarter_and_a_year_back(pazhou):
    for year, quarter in STORED_QUARTERS:
        period = ReportingPeriod.objects.get(year=year, quarter=quarter)
        factories.report(pazhou, period, revenue=str(revenue_of(1, year, quarter)))
    q4 = ReportingPeriod.objects.get(year=2025, quarter=4)
    q1 = ReportingPeriod.objects.get(year=2025, quarter=1)
    assert ParkReport.neighbour_values(pazhou, q4) == (
        {"revenue": revenue_of(1, 2025, 3)},
        {"revenue": revenue_of(1, 2024, 4)},
    )
    assert ParkReport.neighbour_values(pazhou, q1) == ({}, {"revenue": revenue_of(1, 2024, 1)})
