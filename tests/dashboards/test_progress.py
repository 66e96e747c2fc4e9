"""The database side of progress: observations from reports and the register, target status
per park and for the belt, approved-only vs with submitted, and the district rule."""

import datetime
from decimal import Decimal

import pytest

from dashboards import evaluation as ev
from dashboards.progress import Progress, briefing_years
from parks.models import Enterprise, Park
from tests.factories import approved_report, enterprise, report, seed_figures
from tracker.models import Indicator, ParkReport, Policy, Target

D = Decimal
SUBMITTED = ParkReport.Status.SUBMITTED


def load(user, **kwargs):
    kwargs.setdefault("as_of", datetime.date(2026, 11, 26))
    return Progress.load(user, **kwargs)


def target(code):
    return Target.objects.select_related("indicator").get(code=code)


# -- annual values under each period rule ---------------------------------------------------


def test_ytd_annual_is_the_january_to_december_figure(manager, pazhou):
    for quarter, value in enumerate([100, 250, 420, 600], start=1):
        approved_report(pazhou, f"2024Q{quarter}", revenue=value)
    progress = load(manager)
    assert progress.annual(pazhou, "revenue", 2024).value == D(600)  # not 1370


def test_ytd_year_missing_q4_has_no_annual_value(manager, pazhou):
    approved_report(pazhou, "2024Q1", revenue=100)
    approved_report(pazhou, "2024Q2", revenue=250)
    annual = load(manager).annual(pazhou, "revenue", 2024)
    assert annual.value is None and not annual.complete


def test_stock_annual_is_latest_level_even_with_a_missing_quarter(manager, pazhou):
    approved_report(pazhou, "2024Q1", coverage_5g=70)
    approved_report(pazhou, "2024Q3", coverage_5g=85)
    annual = load(manager).annual(pazhou, "coverage_5g", 2024)
    assert annual.value == D(85) and annual.quarters == (3,) and not annual.complete


def test_flow_annual_sums_quarters_and_a_missing_quarter_leaves_it_incomplete(manager, pazhou):
    Indicator.objects.create(
        code="investment",
        name="固定资产投资",
        unit="亿元",
        value_type="decimal",
        period_rule="flow",
    )
    for quarter, value in ((1, 10), (2, 20), (3, 30), (4, 40)):
        approved_report(pazhou, f"2024Q{quarter}", investment=value)
    approved_report(pazhou, "2025Q1", investment=5)
    approved_report(pazhou, "2025Q3", investment=7)
    progress = load(manager)
    assert progress.annual(pazhou, "investment", 2024).value == D(100)
    partial = progress.annual(pazhou, "investment", 2025)
    assert partial.value == D(12) and not partial.complete


def test_register_counts_firms_brought_in_by_each_quarter_end(manager, pazhou):
    enterprise(pazhou, Enterprise.Role.CHAIN_LEADER, "2023-02-10")
    enterprise(pazhou, Enterprise.Role.CHAIN_LEADER, "2023-07-01")
    enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-03-31")
    enterprise(pazhou, Enterprise.Role.DOWNSTREAM, "2024-01-05")
    enterprise(pazhou, Enterprise.Role.OTHER, "2022-01-01")
    progress = load(manager)
    from dashboards.progress import Quarter

    leaders = [progress.value_at(pazhou, "chain_leaders", Quarter(2023, q)) for q in (1, 2, 3)]
    partners = [
        progress.value_at(pazhou, "chain_partners", Quarter(y, q))
        for y, q in ((2023, 1), (2023, 4), (2024, 1))
    ]
    assert leaders == [D(1), D(1), D(2)]
    assert partners == [D(1), D(1), D(2)]


def test_core_share_is_derived_from_core_and_total_revenue(manager, pazhou):
    approved_report(pazhou, "2024Q4", revenue=800, core_revenue=500)
    assert load(manager).latest(pazhou, "core_share").value == D("62.50")


# -- approved only, or with submitted ---------------------------------------------------------


def test_only_approved_figures_count_by_default(manager, pazhou):
    approved_report(pazhou, "2024Q4", coverage_5g=80)
    report(pazhou, "2025Q1", status=SUBMITTED, coverage_5g=95)
    report(pazhou, "2025Q2", status=ParkReport.Status.DRAFT, coverage_5g=99)
    report(pazhou, "2025Q3", status=ParkReport.Status.RETURNED, coverage_5g=99)
    latest = load(manager).latest(pazhou, "coverage_5g")
    assert (latest.value, latest.provisional) == (D(80), False)


def test_submitted_figures_on_request_are_marked_provisional(manager, pazhou):
    approved_report(pazhou, "2024Q4", coverage_5g=80)
    report(pazhou, "2025Q1", status=SUBMITTED, coverage_5g=95)
    report(pazhou, "2025Q2", status=ParkReport.Status.DRAFT, coverage_5g=99)
    latest = load(manager, include_submitted=True).latest(pazhou, "coverage_5g")
    assert (latest.value, latest.provisional) == (D(95), True)


# -- each status with a worked example ---------------------------------------------------------


@pytest.mark.parametrize(
    ("mid_year", "status"),
    [
        # Path 60 (2022-12-31) → 100 (2023-12-31); at 2023-06-30 it expects 79.84.
        (80, ev.ON_TRACK),  # 80 / 79.84 = 1.002
        (70, ev.AT_RISK),  # 0.877
        (62, ev.OFF_TRACK),  # 0.777
        (100, ev.ACHIEVED),  # met before the deadline
    ],
)
def test_status_before_the_deadline(manager, pazhou, mid_year, status):
    approved_report(pazhou, "2022Q4", coverage_5g=60)
    approved_report(pazhou, "2023Q2", coverage_5g=mid_year)
    progress = load(manager, as_of=datetime.date(2023, 8, 1))
    evaluation = progress.evaluate_for_park(target("2023-5g-coverage"), pazhou)
    assert evaluation.status == status
    assert evaluation.actual == D(mid_year)
    if status != ev.ACHIEVED:
        assert evaluation.expected == D("79.8356")
        assert evaluation.projected is not None


@pytest.mark.parametrize(("final", "status"), [(100, ev.ACHIEVED), (95, ev.MISSED)])
def test_status_after_the_deadline_uses_the_final_figure(manager, pazhou, final, status):
    approved_report(pazhou, "2022Q4", coverage_5g=60)
    approved_report(pazhou, "2023Q4", coverage_5g=final)
    # A later figure does not change a 2023 target's outcome.
    approved_report(pazhou, "2024Q4", coverage_5g=100 if final != 100 else 50)
    evaluation = load(manager).evaluate_for_park(target("2023-5g-coverage"), pazhou)
    assert (evaluation.status, evaluation.actual) == (status, D(final))


def test_no_data_without_a_figure(manager, pazhou):
    evaluation = load(manager).evaluate_for_park(target("2023-5g-coverage"), pazhou)
    assert evaluation.status == ev.NO_DATA and evaluation.actual is None


def test_not_quantified_target_shows_the_count_but_no_made_up_target(manager, pazhou):
    enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-03-01")
    result = load(manager).target_result(target("2023-chain-partners"))
    assert result.status == ev.NOT_QUANTIFIED
    evaluation = next(r.evaluation for r in result.parks if r.park == pazhou)
    assert evaluation.actual == D(1)
    assert evaluation.target is None and evaluation.progress is None
    assert evaluation.expected is None and evaluation.projected is None


def test_qualitative_target_is_not_quantified(manager):
    assert load(manager).target_result(target("2023-infrastructure")).status == ev.NOT_QUANTIFIED


def test_park_scope_status_is_the_furthest_behind_park(manager, pazhou, yuzhu_bay):
    approved_report(pazhou, "2023Q4", coverage_5g=100)
    approved_report(yuzhu_bay, "2023Q4", coverage_5g=90)
    progress = load(manager, parks=Park.objects.filter(code__in=["pazhou", "yuzhu-bay"]))
    result = progress.target_result(target("2023-5g-coverage"))
    assert result.status == ev.MISSED
    assert result.achieved_parks == 1
    assert [r.park.code for r in result.lagging_parks] == ["yuzhu-bay"]


# -- belt targets ------------------------------------------------------------------------------


def test_park_crossing_the_level_mid_year_counts_on_its_full_year_figure(
    manager, pazhou, yuzhu_bay
):
    approved_report(pazhou, "2024Q4", revenue=900)
    approved_report(pazhou, "2025Q2", revenue=600)  # 1–6月: not yet 1,000
    approved_report(pazhou, "2025Q4", revenue=1100)  # 1–12月: crossed during the year
    approved_report(yuzhu_bay, "2025Q4", revenue=1500)
    progress = load(manager)
    assert progress.parks_at_level(D(1000), 2024).count == 0
    count = progress.parks_at_level(D(1000), 2025)
    assert count.parks == (yuzhu_bay.pk, pazhou.pk) and not count.projected
    result = progress.target_result(target("2025-parks-1000"))
    assert result.status == ev.ACHIEVED
    assert result.latest_count.year == 2025


def test_current_year_is_projected_from_the_ytd_figure_and_marked(manager, pazhou):
    approved_report(pazhou, "2025Q2", revenue=600)  # × 4 / 2 = 1,200 by year end
    progress = load(manager, as_of=datetime.date(2025, 8, 1))
    count = progress.parks_at_level(D(1000), 2025)
    assert count.count == 1 and count.projected
    # A projection never decides a status.
    assert progress.target_result(target("2025-parks-1000")).status == ev.NO_DATA


def test_belt_target_missed_after_the_deadline(manager, pazhou, yuzhu_bay):
    approved_report(pazhou, "2022Q4", revenue=500)
    approved_report(pazhou, "2025Q4", revenue=1100)
    approved_report(yuzhu_bay, "2025Q4", revenue=300)
    result = load(manager).target_result(target("2025-parks-1000"))
    assert result.status == ev.MISSED
    assert result.evaluation.actual == D(1) and result.evaluation.target == D(2)


def test_belt_target_off_track_before_the_deadline(manager, pazhou, yuzhu_bay):
    approved_report(pazhou, "2022Q4", revenue=500)
    approved_report(pazhou, "2023Q4", revenue=600)
    progress = load(manager, as_of=datetime.date(2024, 3, 1))
    result = progress.target_result(target("2025-parks-1000"))
    # Path 0 parks (2022) → 2 (2025): 0.67 expected for 2023, none there.
    assert result.status == ev.OFF_TRACK


# -- the district rule ---------------------------------------------------------------------------


def test_officer_gets_only_own_district_figures_but_belt_aggregates(
    haizhu_officer, pazhou, yuzhu_bay
):
    approved_report(pazhou, "2025Q4", revenue=1200, coverage_5g=100)
    approved_report(yuzhu_bay, "2025Q4", revenue=1500, coverage_5g=90)
    progress = load(haizhu_officer)
    assert [park.code for park in progress.parks] == ["pazhou"]
    assert progress.observations(yuzhu_bay, "coverage_5g") == []
    count = progress.parks_at_level(D(1000), 2025)
    assert count.count == 2
    assert progress.visible_names(count.parks) == ([pazhou.display_name], 1)


def test_load_takes_the_same_queries_whatever_the_data(
    manager, pazhou, yuzhu_bay, django_assert_num_queries
):
    seed_figures([pazhou], [2024])
    load(manager)  # warms the user's permission cache
    # the policy in force, targets, indicators, periods, active parks, visible parks, report
    # values, register.
    with django_assert_num_queries(8):
        load(manager)
    seed_figures([yuzhu_bay], [2022, 2023, 2025])
    with django_assert_num_queries(8):
        load(manager)


def test_briefing_years_run_from_the_policy_to_this_year(guideline):
    policy = Policy.objects.in_force()
    assert list(briefing_years(policy, datetime.date(2026, 5, 1))) == [2022, 2023, 2024, 2025, 2026]
    policy.baseline_year = 2020
    assert list(briefing_years(policy, datetime.date(2026, 5, 1)))[0] == 2020
    assert list(briefing_years(None)) == []
