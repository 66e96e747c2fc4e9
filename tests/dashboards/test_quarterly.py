"""Single-quarter figures and 同比 from year-to-date figures (issue 10, item 16)."""

from decimal import Decimal as D

from dashboards.evaluation import Observation
from dashboards.quarterly import growth_percent, quarterly_figures


def obs(year, quarter, value, provisional=False):
    return Observation(year, quarter, None if value is None else D(value), provisional)


def by_key(figures):
    return {(f.year, f.quarter): f for f in figures}


def test_single_quarter_is_the_difference_within_a_year_and_q1_its_own():
    figures = quarterly_figures(
        [obs(2024, 1, "100"), obs(2024, 2, "220"), obs(2024, 3, "350"), obs(2024, 4, "480")]
    )
    assert [f.single for f in figures] == [D(100), D(120), D(130), D(130)]
    assert [f.ytd for f in figures] == [D(100), D(220), D(350), D(480)]


def test_q1_starts_again_and_never_subtracts_last_years_q4():
    figures = by_key(quarterly_figures([obs(2024, 4, "480"), obs(2025, 1, "90")]))
    assert figures[2025, 1].single == D(90)


def test_a_quarter_after_a_missing_one_has_no_single_figure():
    figures = by_key(quarterly_figures([obs(2024, 1, "100"), obs(2024, 3, "350")]))
    assert figures[2024, 3].single is None  # not 250: that is Q2 and Q3 together
    assert figures[2024, 3].ytd == D(350)
    assert (2024, 2) not in figures


def test_missing_q1_leaves_q2_without_a_single_figure():
    figures = by_key(quarterly_figures([obs(2024, 2, "220"), obs(2024, 3, "350")]))
    assert figures[2024, 2].single is None
    assert figures[2024, 3].single == D(130)


def test_blank_figures_count_as_missing():
    figures = by_key(quarterly_figures([obs(2024, 1, None), obs(2024, 2, "220")]))
    assert list(figures) == [(2024, 2)] and figures[2024, 2].single is None


def test_growth_against_the_same_quarter_a_year_earlier():
    figures = by_key(
        quarterly_figures(
            [obs(2023, 1, "100"), obs(2023, 2, "200"), obs(2024, 1, "110"), obs(2024, 2, "260")]
        )
    )
    q2 = figures[2024, 2]
    assert q2.single == D(150)
    assert q2.single_growth == D(50)  # 150 against 100
    assert q2.ytd_growth == D(30)  # 260 against 200
    assert figures[2024, 1].single_growth == D(10)
    assert figures[2023, 2].single_growth is None and figures[2023, 2].ytd_growth is None


def test_growth_needs_last_years_single_figure_too():
    figures = by_key(
        quarterly_figures([obs(2023, 2, "200"), obs(2024, 1, "110"), obs(2024, 2, "260")])
    )
    # 2023 Q1 is missing: 2023 Q2 has no single figure, so 2024 Q2 has no single 同比 ...
    assert figures[2024, 2].single_growth is None
    # ... while the year-to-date figures still compare.
    assert figures[2024, 2].ytd_growth == D(30)


def test_growth_percent_refuses_a_base_of_zero_or_less():
    assert growth_percent(D(5), D(0)) is None
    assert growth_percent(D(5), D(-2)) is None
    assert growth_percent(None, D(2)) is None
    assert growth_percent(D(90), D(120)) == D(-25)


def test_provisional_follows_every_figure_used():
    figures = by_key(
        quarterly_figures(
            [
                obs(2023, 1, "100"),
                obs(2023, 2, "200", provisional=True),
                obs(2024, 1, "110"),
                obs(2024, 2, "260"),
            ]
        )
    )
    assert figures[2023, 2].single_provisional and figures[2023, 2].ytd_provisional
    q2 = figures[2024, 2]
    assert not q2.single_provisional and not q2.ytd_provisional
    assert q2.single_growth_provisional and q2.ytd_growth_provisional
    assert not figures[2024, 1].single_growth_provisional
