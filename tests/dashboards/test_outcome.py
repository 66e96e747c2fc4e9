"""Pure outcome maths (issue 10 item 12): a target against its deadline — on time, late (with
the quarter first met), missed, still open, no data, not quantified.

No Django here; run with `-p no:django` if settings are not ready.
"""

from datetime import date
from decimal import Decimal

import pytest

from dashboards.evaluation import (
    ACHIEVED,
    EQ,
    FLOW,
    GE,
    LATE,
    LE,
    MISSED,
    NO_DATA,
    NOT_QUANTIFIED,
    ON_TIME,
    ON_TRACK,
    OPEN,
    STOCK,
    YTD,
    Observation,
    Outcome,
    combined_outcome,
    comparable_figures,
    evaluate,
    first_met,
    latest_observation,
    outcome,
)

D = Decimal
DEADLINE = date(2023, 12, 31)


def obs(year, quarter, value):
    return Observation(year, quarter, D(value))


def judged(figures, as_of, target="100", comparator=GE, rule=STOCK):
    """Evaluate as the dashboards do (final figure: the last one by the deadline), then the
    outcome."""
    comparable = comparable_figures(rule, figures)
    by_deadline = (
        [f for f in comparable if f.end_date <= DEADLINE] if as_of >= DEADLINE else comparable
    )
    evaluation = evaluate(
        comparator=comparator,
        target=D(target) if target is not None else None,
        deadline=DEADLINE,
        as_of=as_of,
        baseline=comparable[0] if comparable else None,
        latest=latest_observation(by_deadline),
    )
    return outcome(evaluation, comparator, comparable)


# -- first_met -------------------------------------------------------------------------------


def test_first_met_is_the_first_quarter_meeting_the_target():
    figures = [obs(2023, 3, 90), obs(2024, 1, 99), obs(2024, 3, 100), obs(2024, 4, 100)]
    assert first_met(GE, D(100), figures) == (2024, 3)
    assert first_met(GE, D(101), figures) is None
    assert first_met(LE, D(95), figures) == (2023, 3)
    assert first_met(EQ, D(99), figures) == (2024, 1)


def test_first_met_after_a_date_skips_earlier_figures():
    figures = [obs(2023, 2, 100), obs(2023, 4, 90), obs(2024, 2, 100)]
    assert first_met(GE, D(100), figures) == (2023, 2)
    assert first_met(GE, D(100), figures, after=DEADLINE) == (2024, 2)


def test_comparable_figures_take_only_whole_years_of_year_to_date_and_flow_figures():
    ytd = [obs(2023, 3, 800), obs(2023, 4, 1010), obs(2024, 2, 600)]
    assert comparable_figures(YTD, ytd) == [obs(2023, 4, 1010)]
    flow = [obs(2023, q, 10) for q in (1, 2, 3, 4)] + [obs(2024, 1, 50)]
    assert comparable_figures(FLOW, flow) == [obs(2023, 4, 40)]
    stock = [obs(2024, 1, 5), obs(2023, 4, 3)]
    assert comparable_figures(STOCK, stock) == [obs(2023, 4, 3), obs(2024, 1, 5)]


# -- outcome ---------------------------------------------------------------------------------


def test_met_by_the_deadline_and_still_met_is_on_time_with_the_quarter_first_met():
    figures = [obs(2023, 1, 80), obs(2023, 2, 100), obs(2023, 4, 100), obs(2024, 4, 100)]
    result = judged(figures, as_of=date(2026, 11, 26))
    assert result == Outcome(ON_TIME, ACHIEVED, (2023, 2))


def test_met_only_after_the_deadline_is_late_not_missed():
    # 鱼珠湾's 5G: below 100% at the end of 2023, 100% from 2024Q3.
    figures = [obs(2023, 4, 96), obs(2024, 2, 99), obs(2024, 3, 100), obs(2024, 4, 100)]
    result = judged(figures, as_of=date(2026, 11, 26))
    assert result.kind == LATE
    assert result.first_met == (2024, 3)
    assert result.status == MISSED  # the status at the deadline stays what it was


def test_met_before_lost_by_the_deadline_and_met_again_is_late_from_the_return():
    figures = [obs(2023, 2, 100), obs(2023, 4, 90), obs(2024, 1, 100)]
    assert judged(figures, as_of=date(2025, 1, 1)).first_met == (2024, 1)


def test_never_met_is_missed():
    figures = [obs(2023, 4, 96), obs(2024, 4, 98)]
    assert judged(figures, as_of=date(2026, 1, 1)).kind == MISSED


def test_no_figure_by_the_deadline_but_met_later_is_late():
    assert judged([obs(2024, 2, 100)], as_of=date(2026, 1, 1)) == Outcome(LATE, NO_DATA, (2024, 2))


def test_no_figure_at_all_is_no_data():
    assert judged([], as_of=date(2026, 1, 1)).kind == NO_DATA


def test_before_the_deadline_the_target_is_open_with_its_status_today():
    figures = [obs(2022, 4, 60), obs(2023, 2, 85)]
    result = judged(figures, as_of=date(2023, 7, 1))
    assert result.kind == OPEN
    assert result.status == ON_TRACK


def test_no_target_value_is_not_quantified_whatever_the_figures():
    assert judged([obs(2023, 4, 100)], as_of=date(2026, 1, 1), target=None).kind == NOT_QUANTIFIED


def test_a_year_to_date_target_is_late_in_the_first_year_whose_annual_figure_meets_it():
    # Annual revenue 900 in 2023, 1,050 in 2024; the 2024 Q3 YTD figure is no annual value.
    figures = [obs(2023, 4, 900), obs(2024, 3, 800), obs(2024, 4, 1050)]
    result = judged(figures, as_of=date(2026, 1, 1), target="1000", rule=YTD)
    assert result == Outcome(LATE, MISSED, (2024, 4))


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([ON_TIME, ON_TIME], ON_TIME),
        ([ON_TIME, LATE], LATE),
        ([LATE, MISSED, ON_TIME], MISSED),
        ([LATE, NO_DATA], NO_DATA),
        ([], NO_DATA),
    ],
)
def test_combined_outcome_is_the_furthest_behind_park(kinds, expected):
    parts = [Outcome(kind, kind, (2024, 1) if kind == LATE else None) for kind in kinds]
    assert combined_outcome(parts).kind == expected


def test_combined_late_outcome_is_met_when_the_last_park_met_it():
    parts = [
        Outcome(LATE, MISSED, (2024, 1)),
        Outcome(LATE, MISSED, (2024, 3)),
        Outcome(ON_TIME, ACHIEVED, (2023, 2)),
    ]
    assert combined_outcome(parts) == Outcome(LATE, LATE, (2024, 3))


def test_unknown_comparator_is_refused():
    with pytest.raises(ValueError, match="unknown comparator"):
        first_met("gt", D(1), [obs(2023, 4, 2)])
