"""Progress maths for indicator figures and targets (see docs/architecture.md).

Pure: no database and no settings. Callers pass plain observations and get plain results back.
Every figure is a Decimal; floats appear only inside the compound-growth power.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from common.values import QUARTERS, quarter_end

# How an indicator's quarterly figures combine into a year (Indicator.period_rule).
YTD = "ytd"
STOCK = "stock"
FLOW = "flow"
RULES = (YTD, STOCK, FLOW)

# Target comparators (Target.comparator).
GE = "ge"
LE = "le"
EQ = "eq"
COMPARATORS = (GE, LE, EQ)

# Paths from the baseline to the target.
LINEAR = "linear"
COMPOUND = "compound"
PATHS = (LINEAR, COMPOUND)

ACHIEVED = "achieved"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
OFF_TRACK = "off_track"
MISSED = "missed"
NO_DATA = "no_data"
NOT_QUANTIFIED = "not_quantified"
STATUSES = (ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK, MISSED, NO_DATA, NOT_QUANTIFIED)

# Observation.trusted builds a frozen instance without its checks or its __setattr__.
_new, _set = object.__new__, object.__setattr__

_FOUR_PLACES = Decimal("0.0001")
_TWO_PLACES = Decimal("0.01")


def _round4(value: Decimal) -> Decimal:
    # Half-up, as Chinese statistics round (四舍五入), not Decimal's default half-even.
    return value.quantize(_FOUR_PLACES, rounding=ROUND_HALF_UP)


def _check_choice(kind: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ValueError(f"unknown {kind} {value!r}; expected one of {choices}")


def _check_rule(rule: str) -> None:
    _check_choice("period rule", rule, RULES)


def _check_quarter(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1..4, not {quarter!r}")


# -- observations and annual values ---------------------------------------------------------


@dataclass(frozen=True)
class Observation:
    """One reported figure of one indicator for one quarter.

    provisional: the figure comes from a submitted report that is not approved yet.
    """

    year: int
    quarter: int
    value: Decimal | None
    provisional: bool = False

    def __post_init__(self):
        _check_quarter(self.quarter)
        if self.value is not None and not isinstance(self.value, Decimal):
            raise TypeError(f"value must be a Decimal or None, not {type(self.value).__name__}")

    @classmethod
    def trusted(cls, year, quarter, value, provisional=False):
        """An observation from figures already checked (a database row: its value a Decimal,
        its quarter 1–4), without the checks: a page at 370 parks builds tens of thousands."""
        observation = _new(cls)
        _set(
            observation,
            "__dict__",
            {"year": year, "quarter": quarter, "value": value, "provisional": provisional},
        )
        return observation

    @property
    def end_date(self) -> date:
        return quarter_end(self.year, self.quarter)


@dataclass(frozen=True)
class AnnualValue:
    """A year's value under an indicator's period rule.

    complete: the whole year is in (ytd and stock: the Q4 figure; flow: all four quarters).
    provisional: any observation used is provisional (an incomplete ytd year: its latest
      figure, which its projection uses).
    quarters: the quarters whose figures were used.
    """

    year: int
    value: Decimal | None
    complete: bool
    provisional: bool
    quarters: tuple[int, ...]


def _by_quarter(observations: Iterable[Observation], year: int) -> dict[int, Observation]:
    """The year's observations that have a value, keyed by quarter."""
    found: dict[int, Observation] = {}
    for observation in observations:
        if observation.year != year or observation.value is None:
            continue
        if observation.quarter in found:
            # Summing or picking between two figures for one quarter would hide a caller's bug.
            raise ValueError(f"two figures for {year} Q{observation.quarter}")
        found[observation.quarter] = observation
    return found


def by_year(observations: Iterable[Observation]) -> dict[int, list[Observation]]:
    """{year: that year's observations}. Annual values read one year's figures each: reading
    every year's for each year made the work grow with the square of the years."""
    years: dict[int, list[Observation]] = {}
    for observation in observations:
        years.setdefault(observation.year, []).append(observation)
    return years


def _total(observations: Iterable[Observation]) -> Decimal:
    return sum((observation.value for observation in observations), Decimal(0))


def annual_value(rule: str, observations: Iterable[Observation], year: int) -> AnnualValue:
    """The year's value: ytd → the Q4 figure (never a sum); stock → the latest quarter's
    level; flow → the sum of the quarters reported (complete only with all four)."""
    _check_rule(rule)
    by_quarter = _by_quarter(observations, year)
    flagged = None
    if rule == YTD:
        used = [by_quarter[4]] if 4 in by_quarter else []
        value = used[0].value if used else None
        complete = bool(used)
        if not used and by_quarter:
            # The year is projected from its latest figure (project_year_end): an unapproved
            # one makes the projection provisional too.
            flagged = [by_quarter[max(by_quarter)]]
    elif rule == STOCK:
        used = [by_quarter[max(by_quarter)]] if by_quarter else []
        value = used[0].value if used else None
        complete = 4 in by_quarter
    else:
        used = [by_quarter[quarter] for quarter in sorted(by_quarter)]
        value = _total(used) if used else None
        complete = len(used) == 4
    return AnnualValue(
        year=year,
        value=value,
        complete=complete,
        provisional=any(observation.provisional for observation in flagged or used),
        quarters=tuple(observation.quarter for observation in used),
    )


def latest_observation(observations: Iterable[Observation]) -> Observation | None:
    """The latest observation by (year, quarter) that has a value."""
    with_value = [observation for observation in observations if observation.value is not None]
    if not with_value:
        return None
    return max(with_value, key=lambda observation: (observation.year, observation.quarter))


def value_at(
    rule: str, observations: Iterable[Observation], year: int, quarter: int
) -> Decimal | None:
    """The figure comparable across years for a quarter: ytd and stock → that quarter's
    figure; flow → the sum of quarters 1..quarter (None if any of them is missing)."""
    _check_rule(rule)
    _check_quarter(quarter)
    by_quarter = _by_quarter(observations, year)
    if rule == FLOW:
        wanted = range(1, quarter + 1)
        if any(q not in by_quarter for q in wanted):
            return None
        return _total(by_quarter[q] for q in wanted)
    observation = by_quarter.get(quarter)
    return observation.value if observation is not None else None


def project_year_end(rule: str, observations: Iterable[Observation], year: int) -> Decimal | None:
    """A straight-line guess at the annual value from the year so far (None if nothing yet).

    ytd: latest YTD figure × 4 / its quarter; flow: sum × 4 / quarters reported;
    stock: the latest level. ytd and flow results are rounded to 4 places.
    """
    _check_rule(rule)
    by_quarter = _by_quarter(observations, year)
    if not by_quarter:
        return None
    last = max(by_quarter)
    if rule == STOCK:
        return by_quarter[last].value
    if rule == YTD:
        return _round4(by_quarter[last].value * 4 / last)
    return _round4(_total(by_quarter.values()) * 4 / len(by_quarter))


# -- target status --------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Ratios of actual to expected (inverted for "le") that still count as on track / at risk."""

    on_track: Decimal = Decimal("0.95")
    at_risk: Decimal = Decimal("0.80")

    def __post_init__(self):
        if self.at_risk > self.on_track:
            raise ValueError("the at-risk threshold must not exceed the on-track threshold")


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Evaluation:
    """A target's status on a date.

    progress: how far the actual figure is towards the target (see `evaluate`).
    expected: the value on the path at the latest figure's own quarter-end (open targets with
      a baseline only).
    projected: baseline → latest extrapolated in a straight line to the deadline (open targets
      with a baseline only).
    """

    status: str
    actual: Decimal | None
    target: Decimal | None
    progress: Decimal | None
    expected: Decimal | None
    projected: Decimal | None
    provisional: bool
    as_of: date
    deadline: date


def _met(comparator: str, actual: Decimal, target: Decimal) -> bool:
    if comparator == GE:
        return actual >= target
    if comparator == LE:
        return actual <= target
    return actual == target


def _ratio(numerator: Decimal, denominator: Decimal, reached: bool) -> Decimal | None:
    # A ratio of negative figures means nothing; over zero it is "all the way" only if reached.
    if numerator < 0 or denominator < 0:
        return None
    if denominator == 0:
        return Decimal(1) if reached else None
    return numerator / denominator


def _directed_ratio(comparator: str, actual: Decimal, reference: Decimal) -> Decimal | None:
    """actual/reference for "ge", reference/actual for "le": 1 or more means reached."""
    if comparator == GE:
        return _ratio(actual, reference, actual >= reference)
    return _ratio(reference, actual, actual <= reference)


def _expected(
    path: str, baseline: Observation, target: Decimal, deadline: date, on: date
) -> Decimal:
    start = baseline.end_date
    elapsed = Decimal((on - start).days) / Decimal((deadline - start).days)
    elapsed = min(max(elapsed, Decimal(0)), Decimal(1))
    base = baseline.value
    if path == COMPOUND and base > 0 and target > 0:
        grown = float(base) * (float(target) / float(base)) ** float(elapsed)
        return _round4(Decimal(repr(grown)))
    return _round4(base + (target - base) * elapsed)


def _extrapolate(baseline: Observation, latest: Observation, deadline: date) -> Decimal:
    span = (latest.end_date - baseline.end_date).days
    reach = (deadline - baseline.end_date).days
    return _round4(baseline.value + (latest.value - baseline.value) * reach / span)


def _grade(ratio: Decimal | None, thresholds: Thresholds) -> str:
    if ratio is None:
        return OFF_TRACK
    if ratio >= thresholds.on_track:
        return ON_TRACK
    if ratio >= thresholds.at_risk:
        return AT_RISK
    return OFF_TRACK


def _progress_ratio(comparator: str, actual: Decimal, target: Decimal) -> Decimal | None:
    # "eq" is judged from the side the actual figure is on, so overshooting lowers the ratio.
    if comparator == EQ:
        comparator = GE if actual <= target else LE
    return _directed_ratio(comparator, actual, target)


def _has_path(baseline: Observation | None, latest: Observation, deadline: date) -> bool:
    """A usable baseline: it has a value and ends before both the latest figure and the deadline."""
    return (
        baseline is not None
        and baseline.value is not None
        and baseline.end_date < latest.end_date
        and baseline.end_date < deadline
    )


def _grade_against_path(
    comparator: str,
    baseline: Observation,
    actual: Decimal,
    target: Decimal,
    expected: Decimal,
    thresholds: Thresholds,
) -> str:
    # "eq" is judged as "ge" on a path rising from the baseline to the target, else as "le".
    if comparator == EQ:
        rising = baseline.value < target or (baseline.value == target and actual < target)
        comparator = GE if rising else LE
    return _grade(_directed_ratio(comparator, actual, expected), thresholds)


def evaluate(
    *,
    comparator: str,
    target: Decimal | None,
    deadline: date,
    as_of: date,
    baseline: Observation | None,
    latest: Observation | None,
    path: str = LINEAR,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> Evaluation:
    """A target's status on `as_of`.

    Deadline passed (as_of >= deadline): achieved or missed on `latest`, which the caller
    makes the final figure at the deadline.

    Before it, a met target is achieved. Otherwise the actual figure is compared with the value
    expected on the path from the baseline to the target, taken at the latest figure's own
    quarter-end so a figure is not judged against a date it could not cover. "linear"
    interpolates by days; "compound" grows by a constant rate (linear when baseline or target
    is not positive). The ratio actual/expected ("le": expected/actual; "eq": as "ge" when the
    baseline is below the target, else as "le") is graded against `thresholds`. Without a
    usable baseline (none, no value, or not earlier than the latest figure) the progress ratio
    is graded instead.

    progress: actual/target for "ge", target/actual for "le"; for "eq" the smaller over the
    larger, so overshooting counts against closeness. A zero denominator gives 1 when the
    target is met and None otherwise; negative figures give None. Rounded to 4 places.
    """
    _check_choice("comparator", comparator, COMPARATORS)
    _check_choice("path", path, PATHS)
    actual = latest.value if latest is not None else None
    result = partial(
        Evaluation,
        actual=actual,
        target=target,
        progress=None,
        expected=None,
        projected=None,
        provisional=actual is not None and latest.provisional,
        as_of=as_of,
        deadline=deadline,
    )
    if target is None:
        return result(status=NOT_QUANTIFIED)
    if actual is None:
        return result(status=NO_DATA)

    met = _met(comparator, actual, target)
    raw_progress = _progress_ratio(comparator, actual, target)
    progress = _round4(raw_progress) if raw_progress is not None else None
    if as_of >= deadline:
        return result(status=ACHIEVED if met else MISSED, progress=progress)
    if not _has_path(baseline, latest, deadline):
        status = ACHIEVED if met else _grade(raw_progress, thresholds)
        return result(status=status, progress=progress)

    expected = _expected(path, baseline, target, deadline, latest.end_date)
    if met:
        status = ACHIEVED
    else:
        status = _grade_against_path(comparator, baseline, actual, target, expected, thresholds)
    return result(
        status=status,
        progress=progress,
        expected=expected,
        projected=_extrapolate(baseline, latest, deadline),
        provisional=latest.provisional or baseline.provisional,
    )


# -- belt targets ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ParkLevelCount:
    """Parks whose annual value reaches a level, e.g. revenue ≥ 1,000 亿元.

    parks: sorted by value, highest first. projected: a projection put at least one park in.
    provisional: at least one counted park's annual value uses a provisional figure.
    """

    year: int
    level: Decimal
    parks: tuple[str, ...]
    count: int
    projected: bool
    provisional: bool


def count_parks_at_level(
    annual_values: Mapping[str, AnnualValue | None],
    level: Decimal,
    year: int,
    *,
    projections: Mapping[str, Decimal | None] | None = None,
) -> ParkLevelCount:
    """Count parks whose complete annual value for `year` is at or above `level`.

    With `projections` (the current year, before Q4 is in), a park without a complete annual
    value is judged on its projection instead. A projection carries no provisional flag of its
    own; the park's (incomplete) AnnualValue supplies it when given.
    """
    projections = projections or {}
    counted: list[tuple[Decimal, str]] = []
    used_projection = False
    provisional = False
    for park in set(annual_values) | set(projections):
        annual = annual_values.get(park)
        if annual is not None and annual.year != year:
            raise ValueError(f"annual value of {park!r} is for {annual.year}, not {year}")
        if annual is not None and annual.complete and annual.value is not None:
            value, from_projection = annual.value, False
        elif projections.get(park) is not None:
            value, from_projection = projections[park], True
        else:
            continue
        if value >= level:
            counted.append((value, park))
            used_projection = used_projection or from_projection
            provisional = provisional or (annual is not None and annual.provisional)
    counted.sort(key=lambda item: (-item[0], item[1]))
    return ParkLevelCount(
        year=year,
        level=level,
        parks=tuple(park for _value, park in counted),
        count=len(counted),
        projected=used_projection,
        provisional=provisional,
    )


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole as a percentage rounded half-up to 2 places; None if either is missing or
    whole is zero."""
    if part is None or whole is None or whole == 0:
        return None
    return (part / whole * 100).quantize(_TWO_PLACES, rounding=ROUND_HALF_UP)


# -- outcome against the deadline -----------------------------------------------------------

# What became of a target by its deadline (issue 10 item 12): a target met after its deadline
# is late, not missed, and says the quarter it was first met.
ON_TIME = "on_time"
LATE = "late"
OPEN = "open"
OUTCOMES = (ON_TIME, LATE, MISSED, OPEN, NO_DATA, NOT_QUANTIFIED)


@dataclass(frozen=True)
class Outcome:
    """kind: one of OUTCOMES. first_met: (year, quarter) the target was first met — for a late
    outcome the first quarter after the deadline, for an on-time one the start of the run of
    met quarters that reached the deadline. status: the evaluation's status (for an open
    target: on track, at risk, …, as on the as-of date)."""

    kind: str
    status: str
    first_met: tuple[int, int] | None = None


def comparable_figures(rule: str, observations: Iterable[Observation]) -> list[Observation]:
    """The figures a target can be judged on, oldest first: stock → every quarter's level;
    ytd → each year's January–December (Q4) figure; flow → each complete year's sum, as Q4."""
    _check_rule(rule)
    observations = [o for o in observations if o.value is not None]
    if rule == STOCK:
        return sorted(observations, key=lambda o: (o.year, o.quarter))
    years = by_year(observations)
    found = []
    for year in sorted(years):
        annual = annual_value(rule, years[year], year)
        if annual.complete:
            found.append(Observation(year, 4, annual.value, annual.provisional))
    return found


def first_met(
    comparator: str, target: Decimal, figures: Iterable[Observation], after: date | None = None
) -> tuple[int, int] | None:
    """(year, quarter) of the first figure ending after `after` (any, if None) that meets the
    target; None if none does."""
    _check_choice("comparator", comparator, COMPARATORS)
    for figure in sorted(figures, key=lambda o: (o.year, o.quarter)):
        if after is not None and figure.end_date <= after:
            continue
        if _met(comparator, figure.value, target):
            return (figure.year, figure.quarter)
    return None


def _met_run_start(comparator, target, figures, deadline):
    """Start of the unbroken run of met figures that ends at the last figure by the deadline."""
    start = None
    for figure in sorted(figures, key=lambda o: (o.year, o.quarter)):
        if figure.end_date > deadline:
            break
        start = (
            (start or (figure.year, figure.quarter))
            if _met(comparator, figure.value, target)
            else None
        )
    return start


def outcome(evaluation: Evaluation, comparator: str, figures: Iterable[Observation]) -> Outcome:
    """The target's outcome on `evaluation.as_of` against its deadline.

    Before the deadline it is open (its status says how it is going). After it: met on the
    final figure by the deadline → on time; not met then (or no figure by then) but met by a
    later figure → late, with that figure's quarter; otherwise missed (no data if there was
    no figure at all by the deadline and none met since).
    `figures`: the comparable figures (see `comparable_figures`), up to the as-of date.
    """
    status = evaluation.status
    if status == NOT_QUANTIFIED:
        return Outcome(NOT_QUANTIFIED, status)
    if evaluation.as_of < evaluation.deadline:
        return Outcome(OPEN, status)
    figures = list(figures)
    target = evaluation.target
    if status == ACHIEVED:
        return Outcome(
            ON_TIME, status, _met_run_start(comparator, target, figures, evaluation.deadline)
        )
    late = first_met(comparator, target, figures, after=evaluation.deadline)
    if late is not None:
        return Outcome(LATE, status, late)
    return Outcome(NO_DATA if status == NO_DATA else MISSED, status)


# Worst first: a park-scope target's outcome is its furthest-behind park's.
OUTCOME_SEVERITY = (MISSED, NO_DATA, OPEN, LATE, ON_TIME)


def combined_outcome(outcomes: Iterable[Outcome]) -> Outcome:
    """Several parks' outcomes as one: the worst kind; a late whole is met in the quarter its
    last park met it."""
    outcomes = [o for o in outcomes if o.kind in OUTCOME_SEVERITY]
    if not outcomes:
        return Outcome(NO_DATA, NO_DATA)
    worst_kind = min((o.kind for o in outcomes), key=OUTCOME_SEVERITY.index)
    first = None
    if worst_kind == LATE:
        first = max(o.first_met for o in outcomes if o.kind == LATE)
    elif worst_kind == ON_TIME:
        first = max((o.first_met for o in outcomes if o.first_met), default=None)
    return Outcome(worst_kind, worst_kind, first)
