"""Parks' standings kept between writes (dashboards/standings.py): the overview works out
again only the parks a write touched, and its results are always those of a full load."""

import dataclasses
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse

from dashboards import standings
from dashboards.progress import Progress
from dashboards.standings import Standings
from parks.models import Enterprise, Park
from tests.conftest import report_form_data
from tests.factories import approved_report, enterprise, example_policy, seed_figures
from tests.spreadsheets.conftest import confirm, upload, xlsx_bytes
from tracker.models import (
    DataVersion,
    Indicator,
    ParkReport,
    ParkVersion,
    Policy,
    ReportingPeriod,
    ReportValue,
    Target,
)

URL = reverse("overview")
EVERY_GUIDELINE_PARK = 12


@pytest.fixture
def worked_out(monkeypatch):
    """The codes of the parks whose standing the pages worked out, in order."""
    found = []
    real = standings.standing_of

    def spy(progress, park):
        found.append(park.code)
        return real(progress, park)

    monkeypatch.setattr(standings, "standing_of", spy)
    return found


@pytest.fixture
def figures(guideline, pazhou, yuzhu_bay):
    """Approved figures for two parks over 2022–2025, submitted ones for a third."""
    seed_figures([pazhou, yuzhu_bay], [2022, 2023, 2024, 2025])
    seed_figures([Park.objects.get(code="finance-city")], [2024, 2025], status="submitted")


def judged(evaluation):
    """An evaluation but its `as_of`: a kept standing outlives the day it was worked out on
    (Standings.time_signature), and nothing reads that day but the deadline checks."""
    return dataclasses.replace(evaluation, as_of=None)


def shown(progress):
    """Everything the overview shows that rests on figures, as plain values."""
    results = progress.target_results()
    parks = [
        (
            result.target.code,
            result.status,
            result.outcome,
            [(p.park.code, judged(p.evaluation), p.outcome) for p in result.parks],
            result.counts,
            result.latest_count,
        )
        for result in results
    ]
    chart_codes = {t.indicator.code for t in standings.park_targets(progress)}
    latest = {
        (park.code, code): progress.latest(park, code)
        for park in progress.parks
        for code in sorted(chart_codes)
    }
    belt = [progress.belt_revenue_total(year) for year in progress.years]
    return parks, latest, belt, [progress.year_has_data(year) for year in progress.years]


def same_as_a_full_load(user, **options):
    kept = Standings.load(user, **options)
    assert shown(kept) == shown(Progress.load(user, **options))
    return kept


def overview_parks(client, worked_out, **params):
    worked_out.clear()
    response = client.get(URL, params)
    assert response.status_code == 200
    return sorted(worked_out)


# -- the same results as a full load ---------------------------------------------------------


@pytest.mark.parametrize("include_submitted", [False, True])
@pytest.mark.parametrize("persona", ["manager", "haizhu_officer", "huangpu_officer"])
def test_standings_show_what_a_full_load_shows(request, figures, persona, include_submitted):
    user = request.getfixturevalue(persona)
    same_as_a_full_load(user, include_submitted=include_submitted)
    # Now from the kept standings, none worked out again.
    same_as_a_full_load(user, include_submitted=include_submitted)


@pytest.mark.parametrize("as_of", ["2023-06-30", "2024-01-15", "2026-03-31"])
def test_standings_on_other_dates_show_what_a_full_load_shows(manager, figures, as_of):
    same_as_a_full_load(manager, as_of=datetime.date.fromisoformat(as_of))


def test_a_page_of_standings_never_loads_figures(manager, figures, pazhou):
    kept = Standings.load(manager)
    with pytest.raises(NotImplementedError):
        kept.observations(pazhou, "revenue")


# -- only the parks a write touched are worked out again -------------------------------------


def test_the_first_view_works_out_every_park_and_the_next_none(manager_client, worked_out):
    assert len(overview_parks(manager_client, worked_out)) == EVERY_GUIDELINE_PARK
    DataVersion.bump(parks=[])  # a write that touched no park's figures: a new page, no work
    assert overview_parks(manager_client, worked_out) == []


def test_a_report_written_through_the_form_works_out_its_park_alone(
    haizhu_client, haizhu_officer, pazhou, make_report, worked_out
):
    report = make_report(pazhou, ReportingPeriod.objects.get(year=2024, quarter=3))
    overview_parks(haizhu_client, worked_out)
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_change", args=[report.pk]),
        report_form_data({"coverage_5g": "93.17"}, version=report.version, _submit_report="1"),
    )
    assert response.status_code == 302
    assert overview_parks(haizhu_client, worked_out) == ["pazhou"]
    kept = same_as_a_full_load(haizhu_officer, include_submitted=True)
    assert kept.latest(pazhou, "coverage_5g").value == Decimal("93.17")


def test_approving_from_the_list_works_out_its_park_alone(
    reviewer_client, reviewer, pazhou, make_report, worked_out
):
    period = ReportingPeriod.objects.get(year=2024, quarter=3)
    report = make_report(pazhou, period, "submitted", figures={"coverage_5g": "88.5"})
    overview_parks(reviewer_client, worked_out)
    reviewer_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "approve_selected", "_selected_action": [report.pk]},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.APPROVED
    assert overview_parks(reviewer_client, worked_out) == ["pazhou"]
    kept = same_as_a_full_load(reviewer)
    assert kept.latest(pazhou, "coverage_5g").value == Decimal("88.5")


def test_reopening_works_out_its_park_alone(reviewer_client, reviewer, pazhou, worked_out):
    report = approved_report(pazhou, "2024Q3", coverage_5g="77.25")
    overview_parks(reviewer_client, worked_out)
    reviewer_client.post(
        reverse("admin:tracker_parkreport_review", args=[report.pk]),
        {"step": "reopen", "reason": "统计局修订了数据", "version": report.version},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.RETURNED
    assert overview_parks(reviewer_client, worked_out) == ["pazhou"]
    assert same_as_a_full_load(reviewer).latest(pazhou, "coverage_5g") is None


def test_an_import_works_out_the_parks_it_wrote_alone(haizhu_client, haizhu_officer, worked_out):
    overview_parks(haizhu_client, worked_out)
    data = xlsx_bytes([["园区代码", "期间", "coverage_5g"], ["pazhou", "2024Q3", "91.5"]])
    response = upload(haizhu_client, "admin:tracker_parkreport_import", data, "f.xlsx", submit="on")
    confirm(haizhu_client, "admin:tracker_parkreport_process_import", response)
    assert overview_parks(haizhu_client, worked_out) == ["pazhou"]
    kept = same_as_a_full_load(haizhu_officer, include_submitted=True)
    assert kept.latest(Park.objects.get(code="pazhou"), "coverage_5g").value == Decimal("91.5")


def test_a_figure_deleted_in_the_admin_works_out_its_park_alone(
    manager_client, manager, pazhou, worked_out
):
    approved_report(pazhou, "2024Q3", coverage_5g="66.5")
    overview_parks(manager_client, worked_out)
    ReportValue.objects.get(report__park=pazhou, indicator__code="coverage_5g").delete()
    assert overview_parks(manager_client, worked_out) == ["pazhou"]
    assert same_as_a_full_load(manager).latest(pazhou, "coverage_5g") is None


def test_enterprises_added_moved_and_deleted_work_out_their_parks(
    manager_client, manager, pazhou, yuzhu_bay, worked_out
):
    overview_parks(manager_client, worked_out)
    firm = enterprise(pazhou, Enterprise.Role.CHAIN_LEADER, "2023-03-01")
    assert overview_parks(manager_client, worked_out) == ["pazhou"]
    assert same_as_a_full_load(manager).latest(pazhou, "chain_leaders").value == 1
    # Moved through the admin's way of saving: a row read from the database, then saved.
    moved = Enterprise.objects.get(pk=firm.pk)
    moved.park = yuzhu_bay
    moved.save()
    assert overview_parks(manager_client, worked_out) == ["pazhou", "yuzhu-bay"]
    kept = same_as_a_full_load(manager)
    assert kept.latest(pazhou, "chain_leaders").value == 0
    assert kept.latest(yuzhu_bay, "chain_leaders").value == 1
    Enterprise.objects.get(pk=firm.pk).delete()
    assert overview_parks(manager_client, worked_out) == ["yuzhu-bay"]
    assert same_as_a_full_load(manager).latest(yuzhu_bay, "chain_leaders").value == 0


@pytest.mark.parametrize("edit", ["target", "indicator", "period", "park"])
def test_a_write_every_park_rests_on_works_out_every_park(
    manager_client, manager, pazhou, figures, worked_out, edit
):
    overview_parks(manager_client, worked_out)
    if edit == "target":
        target = Target.objects.get(code="2023-5g-coverage")
        target.value = Decimal("42.42")
        target.save()
    elif edit == "indicator":
        indicator = Indicator.objects.get(code="coverage_5g")
        indicator.name_en = "5G coverage (edited)"
        indicator.save()
    elif edit == "period":
        period = ReportingPeriod.objects.get(year=2024, quarter=3)
        period.due_on += datetime.timedelta(days=1)
        period.save()
    else:
        pazhou.name_en = "Pazhou (edited)"
        pazhou.save()
    assert len(overview_parks(manager_client, worked_out)) == EVERY_GUIDELINE_PARK
    same_as_a_full_load(manager)


def test_a_new_day_keeps_the_standings_and_a_quarters_end_works_out_every_park(
    manager, figures, worked_out
):
    def parks_on(day):
        worked_out.clear()
        same_as_a_full_load(manager, as_of=datetime.date.fromisoformat(day))
        return len(worked_out)

    assert parks_on("2026-05-10") == EVERY_GUIDELINE_PARK
    assert parks_on("2026-05-11") == 0
    assert parks_on("2026-06-29") == 0
    assert parks_on("2026-06-30") == EVERY_GUIDELINE_PARK  # Q2 has ended: its figures count
    assert parks_on("2026-12-30") == EVERY_GUIDELINE_PARK  # Q3 has
    assert parks_on("2027-01-01") == EVERY_GUIDELINE_PARK  # a new year, 2026 complete


def test_a_deadline_passing_works_out_every_park(manager, figures, worked_out):
    # 2023-12-31 is both a quarter's end and the 2023 targets' deadline: move one target's
    # deadline into a quarter, so that only the deadline marks the day.
    target = Target.objects.get(code="2023-5g-coverage")
    target.milestone = datetime.date(2024, 2, 15)
    target.save()
    Standings.load(manager, as_of=datetime.date(2024, 2, 14))
    worked_out.clear()
    Standings.load(manager, as_of=datetime.date(2024, 2, 14))
    assert worked_out == []
    same_as_a_full_load(manager, as_of=datetime.date(2024, 2, 15))
    assert len(worked_out) == EVERY_GUIDELINE_PARK


def test_approved_and_submitted_figures_are_kept_apart(manager_client, figures, worked_out):
    overview_parks(manager_client, worked_out)
    assert len(overview_parks(manager_client, worked_out, include="submitted")) == 12
    assert overview_parks(manager_client, worked_out) == []


def test_a_rolled_back_write_leaves_the_parks_version_alone(pazhou):
    ParkVersion.bump([pazhou.pk])
    before = ParkVersion.objects.get(park=pazhou).value
    with pytest.raises(RuntimeError), transaction.atomic():
        DataVersion.bump(parks=[pazhou.pk])
        raise RuntimeError
    assert ParkVersion.objects.get(park=pazhou).value == before


def test_a_parks_first_write_makes_its_version_and_later_ones_change_it(pazhou, yuzhu_bay):
    assert not ParkVersion.objects.filter(park=pazhou).exists()
    DataVersion.bump(parks=[pazhou.pk])
    first = ParkVersion.objects.get(park=pazhou).value
    assert first > 0
    rules = DataVersion.rules()
    DataVersion.bump(parks=[pazhou.pk, yuzhu_bay.pk])
    assert ParkVersion.objects.get(park=pazhou).value not in (0, first)
    assert ParkVersion.objects.filter(park=yuzhu_bay).exists()
    assert DataVersion.rules() == rules  # the other parks' standings stay
    DataVersion.bump()
    assert DataVersion.rules() != rules


# -- queries ---------------------------------------------------------------------------------


def test_query_counts_after_a_write_to_one_park_and_to_none(
    manager_client, pazhou, figures, django_assert_num_queries
):
    # As tests/dashboards/test_overview.py pins the first view (15): after a write to one
    # park the same queries load that park's figures and register counts.
    manager_client.get(URL)
    DataVersion.bump(parks=[pazhou.pk])
    with django_assert_num_queries(15):
        assert manager_client.get(URL).status_code == 200
    # A new page with no park out of date (here: the other language) loads no figures:
    # session, user, permissions, data version, policy, targets, indicators, periods, active
    # parks, visible parks, rules version, the other policies (the demo-data banner's answer
    # is kept for the data version from the view before).
    manager_client.post(reverse("set_language"), {"language": "en", "next": URL})
    with django_assert_num_queries(12):
        assert manager_client.get(URL).status_code == 200


# -- kept in each process, shared through the cache ------------------------------------------


def test_another_process_starts_from_the_shared_cache(manager_client, pazhou, worked_out):
    assert len(overview_parks(manager_client, worked_out)) == EVERY_GUIDELINE_PARK
    standings.kept.clear()  # another app server process: only the shared cache is common
    DataVersion.bump(parks=[])
    assert overview_parks(manager_client, worked_out) == []
    # One park written: this process works it out alone and leaves the shared cache as it
    # was; a process starting from that cache then works the park out again for itself.
    DataVersion.bump(parks=[pazhou.pk])
    assert overview_parks(manager_client, worked_out) == ["pazhou"]
    standings.kept.clear()
    DataVersion.bump(parks=[])
    assert overview_parks(manager_client, worked_out) == ["pazhou"]


def test_each_process_keeps_a_few_quarters_and_policies_only(manager, figures):
    days = [datetime.date(2024 + month // 12, month % 12 + 1, 10) for month in range(0, 30, 3)]
    for day in days:
        Standings.load(manager, as_of=day)
    assert len(standings.kept) == standings.KEPT_IN_PROCESS
    assert all(key.endswith(f":{DataVersion.rules()}") for key in standings.kept)
    # The oldest are let go first.
    assert not any(":2024:2023Q4:" in key for key in standings.kept)
    assert any(":2026:2026Q1:" in key for key in standings.kept)


def test_the_policy_list_and_a_briefing_show_what_a_full_load_shows(manager, figures):
    policies = [Policy.objects.get(code="pearl-river-belt-2022"), example_policy()]
    same_as_a_full_load(manager, policy=policies)
    same_as_a_full_load(manager, as_of=datetime.date(2025, 12, 31))


def test_two_app_servers_share_standings_through_redis(
    manager_client, pazhou, monkeypatch, worked_out
):
    """Redis at 127.0.0.1:6379 (as on the CI machine), its database 14 for this test alone."""
    import redis
    from django.core.cache.backends.redis import RedisCache

    location = "redis://127.0.0.1:6379/14"
    try:
        redis.Redis.from_url(location).ping()
    except redis.ConnectionError as error:
        pytest.fail(f"this test needs Redis on 127.0.0.1:6379: {error}")
    shared = RedisCache(location, {})
    shared.clear()
    monkeypatch.setattr(standings, "cache", shared)
    try:
        # Server A works every park out and shares the standings.
        assert len(overview_parks(manager_client, worked_out)) == EVERY_GUIDELINE_PARK
        # Server B: its own process memory, the same Redis.
        standings.kept.clear()
        DataVersion.bump(parks=[])
        assert overview_parks(manager_client, worked_out) == []
        DataVersion.bump(parks=[pazhou.pk])
        assert overview_parks(manager_client, worked_out) == ["pazhou"]
    finally:
        shared.clear()
