"""Pure progress maths: annual values, projections, target status, belt counts, shares.

No Django here; run with `-p no:django` if settings are not ready.
"""

from dataclasses import FrozenInstanceError
from datetime import date
from decimal import Decimal

import pytest

from dashboards import evaluation as ev
from dashboards.evaluation import (
    ACHIEVED,
    AT_RISK,
    MISSED,
    NO_DATA,
    NOT_QUANTIFIED,
    OFF_TRACK,
    ON_TRACK,
    STATUSES,
    AnnualValue,
    Observation,
    Thresholds,
    annual_value,
    count_parks_at_level,
    evaluate,
    latest_observation,
    project_year_end,
    share,
    value_at,
)

D = Decimal


def obs(year, quarter, value, provisional=False):
    return Observation(year, quarter, None if value is None else D(value), provisional)


def year_of(values, year=2025, provisional_quarters=()):
    """Observations for quarters 1.. of one year from a list of values (None = not reported)."""
    return [
        obs(year, quarter, value, quarter in provisional_quarters)
        for quarter, value in enumerate(values, start=1)
    ]


# -- Observation ----------------------------------------------------------------------------


def test_end_date_is_last_day_of_each_quarter():
    assert [obs(2024, q, 1).end_date for q in (1, 2, 3, 4)] == [
        date(2024, 3, 31),
        date(2024, 6, 30),
        date(2024, 9, 30),
        date(2024, 12, 31),
    ]


def test_observation_rejects_bad_quarter_and_float_value():
    with pytest.raises(ValueError):
        Observation(2025, 5, D(1))
    with pytest.raises(TypeError):
        Observation(2025, 1, 1.5)


# -- annual_value ---------------------------------------------------------------------------


def test_ytd_annual_is_q4_figure_not_sum_of_quarters():
    # 1–3月 100, 1–6月 220, 1–9月 350, 1–12月 480: the year is 480 (a sum would give 1150).
    result = annual_value("ytd", year_of(["100", "220", "350", "480"]), 2025)
    assert result == AnnualValue(2025, D(480), complete=True, provisional=False, quarters=(4,))


def test_ytd_without_q4_has_no_annual_value():
    result = annual_value("ytd", year_of(["100", "220", "350"]), 2025)
    assert result.value is None
    assert result.complete is False
    assert result.quarters == ()


def test_stock_annual_is_latest_quarter_reported():
    # Coverage 60% in Q1, Q2 not reported, 85% in Q3: the level is 85, year-end not in yet.
    result = annual_value("stock", year_of(["60", None, "85"]), 2025)
    assert result.value == D(85)
    assert result.quarters == (3,)
    assert result.complete is False


def test_stock_with_q4_is_complete():
    result = annual_value("stock", year_of(["60", "70", "85", "80"]), 2025)
    assert (result.value, result.complete, result.quarters) == (D(80), True, (4,))


def test_flow_annual_is_sum_of_quarters():
    # 30 + 50 + 40 + 80 = 200
    result = annual_value("flow", year_of(["30", "50", "40", "80"]), 2025)
    assert (result.value, result.complete, result.quarters) == (D(200), True, (1, 2, 3, 4))


def test_flow_with_missing_quarter_is_incomplete():
    # Q3 missing: 30 + 50 + 80 = 160, flagged incomplete.
    result = annual_value("flow", year_of(["30", "50", None, "80"]), 2025)
    assert (result.value, result.complete, result.quarters) == (D(160), False, (1, 2, 4))


def test_other_years_and_empty_values_are_ignored():
    observations = [obs(2024, 4, "999"), obs(2025, 1, "30"), obs(2025, 2, None), obs(2026, 1, "7")]
    result = annual_value("flow", observations, 2025)
    assert (result.value, result.quarters) == (D(30), (1,))


def test_year_without_observations_has_no_value():
    result = annual_value("flow", [obs(2024, 4, "10")], 2025)
    assert result == AnnualValue(2025, None, complete=False, provisional=False, quarters=())


def test_provisional_propagates_only_from_figures_used():
    observations = year_of(["100", "220", "350", "480"], provisional_quarters=(3,))
    # ytd uses Q4 only, so a provisional Q3 does not taint the year ...
    assert annual_value("ytd", observations, 2025).provisional is False
    # ... but a flow sum uses every quarter.
    assert annual_value("flow", observations, 2025).provisional is True
    provisional_q4 = year_of(["100", "220", "350", "480"], provisional_quarters=(4,))
    assert annual_value("ytd", provisional_q4, 2025).provisional is True


def test_unknown_rule_raises():
    with pytest.raises(ValueError):
        annual_value("sum", [], 2025)


def test_two_figures_for_one_quarter_raise():
    with pytest.raises(ValueError):
        annual_value("flow", [obs(2025, 1, "30"), obs(2025, 1, "31", provisional=True)], 2025)


# -- latest_observation and value_at --------------------------------------------------------


def test_latest_observation_is_latest_quarter_with_a_value():
    observations = [obs(2025, 1, "5"), obs(2024, 4, "9"), obs(2025, 3, None), obs(2025, 2, "6")]
    assert latest_observation(observations) == obs(2025, 2, "6")
    assert latest_observation([obs(2025, 1, None)]) is None
    assert latest_observation([]) is None


def test_value_at_ytd_is_that_quarters_cumulative_figure():
    assert value_at("ytd", year_of(["100", "220", "350"]), 2025, 2) == D(220)


def test_value_at_stock_is_that_quarters_level_or_none():
    observations = year_of(["60", None, "85"])
    assert value_at("stock", observations, 2025, 3) == D(85)
    assert value_at("stock", observations, 2025, 2) is None


def test_value_at_flow_sums_quarters_to_date():
    # 30 + 50 + 40 = 120
    assert value_at("flow", year_of(["30", "50", "40", "80"]), 2025, 3) == D(120)


def test_value_at_flow_is_none_when_an_earlier_quarter_is_missing():
    assert value_at("flow", year_of([None, "50", "40"]), 2025, 3) is None


# -- project_year_end -----------------------------------------------------------------------


def test_projection_ytd_scales_latest_cumulative_figure():
    # 1–6月 520 × 4 / 2 = 1040
    assert project_year_end("ytd", year_of(["250", "520"]), 2025) == D(1040)
    # 1–9月 700 × 4 / 3 = 933.3333…, rounded to 4 places
    assert project_year_end("ytd", year_of(["250", "520", "700"]), 2025) == D("933.3333")


def test_projection_flow_scales_average_of_quarters_reported():
    # (30 + 50) × 4 / 2 = 160
    assert project_year_end("flow", year_of(["30", "50"]), 2025) == D(160)
    # Q2 missing: (30 + 60) × 4 / 2 = 180
    assert project_year_end("flow", year_of(["30", None, "60"]), 2025) == D(180)


def test_projection_stock_is_latest_level():
    assert project_year_end("stock", year_of(["60", "85"]), 2025) == D(85)


def test_projection_is_none_without_figures_that_year():
    assert project_year_end("ytd", [obs(2024, 4, "1000")], 2025) is None


# -- evaluate -------------------------------------------------------------------------------
# The "half-way" scenario: baseline 2024 Q4 (2024-12-31), latest figure 2025 Q2 (2025-06-30),
# deadline 2025-12-28. 2024-12-31 → 2025-06-30 is 181 days of 362, so t = 0.5 exactly.
BASELINE = obs(2024, 4, "100")
DEADLINE = date(2025, 12, 28)
BEFORE = date(2025, 7, 15)
AFTER = date(2026, 1, 15)


def half_way(actual, *, target="300", comparator="ge", baseline=BASELINE, **kwargs):
    latest = obs(2025, 2, actual) if not isinstance(actual, Observation) else actual
    options = {"deadline": DEADLINE, "as_of": BEFORE, "baseline": baseline, **kwargs}
    return evaluate(comparator=comparator, target=D(target), latest=latest, **options)


def test_statuses_are_listed_in_order():
    assert STATUSES == (
        "achieved",
        "on_track",
        "at_risk",
        "off_track",
        "missed",
        "no_data",
        "not_quantified",
    )


def test_not_quantified_shows_actual_but_no_made_up_number():
    result = evaluate(
        comparator="ge",
        target=None,
        deadline=DEADLINE,
        as_of=BEFORE,
        baseline=BASELINE,
        latest=obs(2025, 2, "12"),
    )
    assert result.status == NOT_QUANTIFIED
    assert result.actual == D(12)
    assert (result.target, result.progress, result.expected, result.projected) == (None,) * 4


def test_not_quantified_wins_over_missing_data():
    result = evaluate(
        comparator="ge", target=None, deadline=DEADLINE, as_of=AFTER, baseline=None, latest=None
    )
    assert (result.status, result.actual) == (NOT_QUANTIFIED, None)


def test_no_data_without_latest_figure():
    for latest in (None, obs(2025, 2, None)):
        result = evaluate(
            comparator="ge",
            target=D(300),
            deadline=DEADLINE,
            as_of=BEFORE,
            baseline=BASELINE,
            latest=latest,
        )
        assert result.status == NO_DATA
        assert (result.actual, result.progress, result.expected) == (None, None, None)
        assert result.target == D(300)


def test_achieved_early_when_target_met_before_deadline():
    # 320 ≥ 300 in mid-2025: progress 320 / 300 = 1.0667.
    result = half_way("320")
    assert result.status == ACHIEVED
    assert result.progress == D("1.0667")
    assert result.expected == D(200)


def test_on_track_against_linear_path():
    # expected = 100 + (300 − 100) × 0.5 = 200; 198 / 200 = 0.99 ≥ 0.95
    result = half_way("198")
    assert result.status == ON_TRACK
    assert result.expected == D(200)
    assert result.progress == D("0.6600")  # 198 / 300


def test_at_risk_against_linear_path():
    # 170 / 200 = 0.85: below 0.95, at least 0.80
    assert half_way("170").status == AT_RISK


def test_off_track_against_linear_path():
    # 150 / 200 = 0.75 < 0.80
    assert half_way("150").status == OFF_TRACK


def test_threshold_edges():
    assert half_way("190").status == ON_TRACK  # 190 / 200 = 0.95 exactly
    assert half_way("189.99").status == AT_RISK  # 0.94995
    assert half_way("160").status == AT_RISK  # 0.80 exactly
    assert half_way("159.99").status == OFF_TRACK  # 0.79995


def test_custom_thresholds():
    # 170 / 200 = 0.85 is on track if 0.85 is enough.
    lenient = Thresholds(on_track=D("0.85"), at_risk=D("0.5"))
    assert half_way("170", thresholds=lenient).status == ON_TRACK
    with pytest.raises(ValueError):
        Thresholds(on_track=D("0.5"), at_risk=D("0.8"))


def test_projected_extrapolates_baseline_to_latest_to_deadline():
    # 100 → 190 over 181 days; 362 days reach 100 + 90 × 362 / 181 = 280.
    assert half_way("190").projected == D(280)


def test_missed_after_deadline():
    # Final figure 280 < 300: progress 280 / 300 = 0.9333; no path figures once closed.
    result = half_way(obs(2025, 4, "280"), as_of=AFTER)
    assert result.status == MISSED
    assert result.progress == D("0.9333")
    assert (result.expected, result.projected) == (None, None)


def test_achieved_on_deadline_day():
    result = half_way(obs(2025, 4, "300"), as_of=DEADLINE)
    assert (result.status, result.progress) == (ACHIEVED, D(1))


def test_no_baseline_grades_progress_ratio():
    assert half_way("285", baseline=None).status == ON_TRACK  # 285 / 300 = 0.95
    assert half_way("240", baseline=None).status == AT_RISK  # 0.80
    result = half_way("100", baseline=None)  # 0.3333
    assert (result.status, result.progress) == (OFF_TRACK, D("0.3333"))
    assert (result.expected, result.projected) == (None, None)


def test_baseline_at_latest_date_gives_no_path():
    # Baseline and latest are the same quarter: 190 / 300 = 0.6333 graded directly → off track.
    result = half_way("190", baseline=obs(2025, 2, "190"))
    assert result.status == OFF_TRACK
    assert (result.expected, result.projected) == (None, None)


def test_le_target_before_deadline():
    # Falling indicator: baseline 300, target ≤ 100, expected = 300 − 200 × 0.5 = 200.
    start = obs(2024, 4, "300")
    on = half_way("210", target="100", comparator="le", baseline=start)
    assert on.expected == D(200)
    assert on.status == ON_TRACK  # 200 / 210 = 0.9524
    assert on.progress == D("0.4762")  # 100 / 210
    assert half_way("250", target="100", comparator="le", baseline=start).status == AT_RISK  # 0.8
    assert half_way("300", target="100", comparator="le", baseline=start).status == OFF_TRACK
    assert half_way("90", target="100", comparator="le", baseline=start).status == ACHIEVED


def test_le_target_after_deadline():
    final = obs(2025, 4, "120")
    result = half_way(final, target="100", comparator="le", as_of=AFTER)
    assert (result.status, result.progress) == (MISSED, D("0.8333"))  # 100 / 120
    assert half_way(obs(2025, 4, "95"), target="100", comparator="le", as_of=AFTER).status == (
        ACHIEVED
    )


def test_eq_target_rising_from_baseline_is_judged_like_ge():
    # 5G coverage = 100%: baseline 0, expected 0 + 100 × 0.5 = 50; 48 / 50 = 0.96.
    result = half_way("48", target="100", comparator="eq", baseline=obs(2024, 4, "0"))
    assert (result.status, result.expected, result.progress) == (ON_TRACK, D(50), D("0.4800"))
    assert half_way("100", target="100", comparator="eq").status == ACHIEVED


def test_eq_overshoot_counts_against_closeness():
    # 110 against = 100: progress is 100 / 110 = 0.9091, and it is missed at the deadline.
    result = half_way(obs(2025, 4, "110"), target="100", comparator="eq", as_of=AFTER)
    assert (result.status, result.progress) == (MISSED, D("0.9091"))


def test_compound_and_linear_expected_values_differ():
    # 100 → 400 at t = 0.5: linear 100 + 300 × 0.5 = 250; compound 100 × 4^0.5 = 200.
    assert half_way("190", target="400").expected == D(250)
    assert half_way("190", target="400", path="compound").expected == D(200)


def test_compound_path_by_days():
    # Baseline 100, target 200 on 2025-12-31; at 2025-06-30 t = 181 / 365.
    # linear 100 + 100 × 181/365 = 149.5890; compound 100 × 2^(181/365) = 141.0191
    options = {"target": "200", "deadline": date(2025, 12, 31)}
    assert half_way("150", **options).expected == D("149.5890")
    assert half_way("150", path="compound", **options).expected == D("141.0191")


def test_compound_path_changes_status():
    # 190 against linear 250 is 0.76 (off track); against compound 200 it is 0.95 (on track).
    assert half_way("190", target="400").status == OFF_TRACK
    assert half_way("190", target="400", path="compound").status == ON_TRACK


def test_compound_falls_back_to_linear_from_zero_baseline():
    # 0 × anything stays 0, so the path is linear: 0 + 100 × 0.5 = 50.
    result = half_way("48", target="100", baseline=obs(2024, 4, "0"), path="compound")
    assert result.expected == D(50)


def test_progress_with_zero_target():
    # ≥ 0 with actual 0 is met; the ratio 0 / 0 is read as 1 (fully there).
    result = half_way("0", target="0", baseline=None)
    assert (result.status, result.progress) == (ACHIEVED, D(1))


def test_provisional_from_latest_or_baseline():
    assert half_way(obs(2025, 2, "198", provisional=True)).provisional is True
    assert half_way("198", baseline=obs(2024, 4, "100", provisional=True)).provisional is True
    assert half_way("198").provisional is False


def test_dates_are_returned():
    result = half_way("198")
    assert (result.as_of, result.deadline) == (BEFORE, DEADLINE)


def test_unknown_comparator_or_path_raises():
    with pytest.raises(ValueError):
        half_way("198", comparator="gt")
    with pytest.raises(ValueError):
        half_way("198", path="exponential")


# -- count_parks_at_level -------------------------------------------------------------------
# Revenue in 亿元, reported year-to-date. Park A crosses 1,000 during 2025: its 1–6月 figure
# (480) is below the level, its 1–12月 figure (1050) above.
REVENUE = {
    "A": ["230", "480", "760", "1050"],
    "B": ["240", "500", "740", "990"],
    "C": ["300", "610", "900", "1200"],
}
LEVEL = D(1000)


def test_park_crossing_level_mid_year_is_counted_for_the_year():
    annual = {park: annual_value("ytd", year_of(values), 2025) for park, values in REVENUE.items()}
    result = count_parks_at_level(annual, LEVEL, 2025)
    # C 1200 and A 1050 reach 1,000; B 990 does not.
    assert (result.parks, result.count) == (("C", "A"), 2)
    assert (result.projected, result.provisional) == (False, False)


def test_mid_year_without_projections_counts_nobody():
    mid_year = {park: year_of(values[:2]) for park, values in REVENUE.items()}
    annual = {park: annual_value("ytd", o, 2025) for park, o in mid_year.items()}
    result = count_parks_at_level(annual, LEVEL, 2025)
    assert (result.count, result.projected) == (0, False)


def test_mid_year_projections_count_and_mark_projected():
    mid_year = {park: year_of(values[:2]) for park, values in REVENUE.items()}
    annual = {park: annual_value("ytd", o, 2025) for park, o in mid_year.items()}
    projections = {park: project_year_end("ytd", o, 2025) for park, o in mid_year.items()}
    # 1–6月 × 2: A 960, B 1000, C 1220 → B and C reach 1,000.
    result = count_parks_at_level(annual, LEVEL, 2025, projections=projections)
    assert (result.parks, result.count, result.projected) == (("C", "B"), 2, True)


def test_complete_value_wins_over_projection():
    annual = {"A": AnnualValue(2025, D(1050), complete=True, provisional=False, quarters=(4,))}
    result = count_parks_at_level(annual, LEVEL, 2025, projections={"A": D(900), "B": D(800)})
    # A counts on its real figure; B's projection (800) is below the level, so nothing projected.
    assert (result.parks, result.projected) == (("A",), False)


def test_count_flags_provisional_figures_and_skips_missing_parks():
    annual = {
        "A": AnnualValue(2025, D(1050), complete=True, provisional=True, quarters=(4,)),
        "B": None,
    }
    result = count_parks_at_level(annual, LEVEL, 2025)
    assert (result.parks, result.provisional) == (("A",), True)


def test_count_refuses_another_years_value():
    annual = {"A": AnnualValue(2024, D(1050), complete=True, provisional=False, quarters=(4,))}
    with pytest.raises(ValueError):
        count_parks_at_level(annual, LEVEL, 2025)


# -- share ----------------------------------------------------------------------------------


def test_share_is_percentage_to_two_places():
    assert share(D(1), D(3)) == D("33.33")  # 33.333…
    assert share(D(2), D(3)) == D("66.67")  # 66.666…
    assert share(D(1), D(800)) == D("0.13")  # 0.125 rounds half up, not to even (0.12)


def test_share_is_none_for_zero_or_missing():
    assert share(D(5), D(0)) is None
    assert share(None, D(10)) is None
    assert share(D(5), None) is None
    assert share(D(0), D(10)) == D("0.00")


def test_incomplete_ytd_year_is_provisional_when_its_latest_figure_is():
    # No Q4 yet: the year is projected from Q3, so an unapproved Q3 marks it.
    result = annual_value("ytd", year_of(["100", "220", "350"], provisional_quarters=(3,)), 2025)
    assert (result.value, result.complete, result.provisional) == (None, False, True)
    assert (
        annual_value("ytd", year_of(["100", "220"], provisional_quarters=(1,)), 2025).provisional
        is False
    )


def test_a_trusted_observation_is_the_checked_one():
    checked = ev.Observation(2024, 3, Decimal("1.5"), provisional=True)
    trusted = ev.Observation.trusted(2024, 3, Decimal("1.5"), True)
    assert trusted == checked and hash(trusted) == hash(checked)
    assert trusted.end_date == checked.end_date
    with pytest.raises(FrozenInstanceError):
        trusted.value = Decimal(2)


def test_by_year_groups_each_years_figures_in_their_order():
    figures = [ev.Observation(year, q, Decimal(q)) for year in (2023, 2024) for q in (1, 2, 4)]
    years = ev.by_year(figures)
    assert sorted(years) == [2023, 2024]
    assert [o.quarter for o in years[2024]] == [1, 2, 4]
    # comparable figures of a ytd indicator: each complete year's Q4 figure
    assert [(o.year, o.value) for o in ev.comparable_figures(ev.YTD, figures)] == [
        (2023, Decimal(4)),
        (2024, Decimal(4)),
    ]
