"""Single-quarter figures and year-on-year growth (同比) from year-to-date figures.

Park revenue is reported year to date: Q2's figure is January–June, and Q1 starts again
from zero, so a chart of the reported figures is a sawtooth. A quarter's own figure is the
difference from the previous quarter of the same year (Q1's is Q1's own). Pure functions
over evaluation.Observation, as dashboards/evaluation.py; figures.py draws them.

A quarter whose previous quarter is missing has no single-quarter figure: Q4 − Q2 would be
two quarters' worth. A growth rate needs the same quarter a year earlier, above zero.
"""

from dataclasses import dataclass
from decimal import Decimal

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class QuarterFigures:
    """One quarter's figures; None where there is none (see the module's rules).

    single_growth / ytd_growth: % change against the same quarter a year earlier (同比).
    *_provisional: a figure used is from a submitted report not yet approved.
    """

    year: int
    quarter: int
    ytd: Decimal | None
    single: Decimal | None = None
    single_growth: Decimal | None = None
    ytd_growth: Decimal | None = None
    ytd_provisional: bool = False
    single_provisional: bool = False
    single_growth_provisional: bool = False
    ytd_growth_provisional: bool = False


def growth_percent(current, previous):
    """(current − previous) / previous in %; None without both, or from a base of 0 or less."""
    if current is None or previous is None or previous <= 0:
        return None
    return (current - previous) / previous * HUNDRED


def single_quarter(by_quarter, year, quarter):
    """(value, provisional) of one quarter's own figure from {(year, quarter): Observation}."""
    this = by_quarter.get((year, quarter))
    if this is None:
        return None, False
    if quarter == 1:
        return this.value, this.provisional
    previous = by_quarter.get((year, quarter - 1))
    if previous is None:
        return None, False
    return this.value - previous.value, this.provisional or previous.provisional


def quarterly_figures(observations):
    """[QuarterFigures] for every quarter with a year-to-date figure, oldest first."""
    by_quarter = {(o.year, o.quarter): o for o in observations if o.value is not None}
    singles = {key: single_quarter(by_quarter, *key) for key in by_quarter}
    found = []
    for year, quarter in sorted(by_quarter):
        this = by_quarter[year, quarter]
        single, single_provisional = singles[year, quarter]
        last_year = by_quarter.get((year - 1, quarter))
        last_single, last_single_provisional = singles.get((year - 1, quarter), (None, False))
        single_growth = growth_percent(single, last_single)
        ytd_growth = growth_percent(this.value, last_year.value if last_year else None)
        found.append(
            QuarterFigures(
                year=year,
                quarter=quarter,
                ytd=this.value,
                single=single,
                single_growth=single_growth,
                ytd_growth=ytd_growth,
                ytd_provisional=this.provisional,
                single_provisional=single_provisional,
                single_growth_provisional=single_growth is not None
                and (single_provisional or last_single_provisional),
                ytd_growth_provisional=ytd_growth is not None
                and (this.provisional or last_year.provisional),
            )
        )
    return found
