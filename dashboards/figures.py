"""The charts and scorecards of each dashboard page, built from a loaded `Progress`."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from common.values import BOOLEAN, format_decimal, format_figure, format_period, format_yi_yuan
from dashboards import evaluation as ev
from dashboards.charts import (
    PROJECTION,
    PROVISIONAL,
    Chart,
    ChartLink,
    Point,
    Series,
    TargetLine,
    rounded,
)
from dashboards.progress import DERIVED_SHARES, REVENUE, SEVERITY
from dashboards.quarterly import quarterly_figures
from tracker.models import Target

COMPARATOR_SIGNS = {ev.GE: "≥", ev.LE: "≤", ev.EQ: "="}
YI_YUAN = "亿元"
# The overview's lists stay bounded (issue 11 measures it at 370 parks, where a bar per park
# or a name per park fills screens): at most this many bars per chart and lagging parks…
OVERVIEW_PARKS = 40
# …and names in one cell of the scorecard or the level table. The indicator pages list all.
OVERVIEW_NAMES = 20


def amount_text(indicator, value):
    """A value with its unit in the page's language; money in 亿元 reads "100 billion
    yuan" in English rather than "1000 100 million yuan"."""
    if indicator.unit == YI_YUAN:
        return format_yi_yuan(value)
    return f"{format_decimal(value)} {indicator.display_unit}".strip()


def note_of(provisional=False, projected=False):
    """A point's marks: a projection may also rest on unapproved figures, and says both."""
    return tuple(
        code for code, flag in ((PROVISIONAL, provisional), (PROJECTION, projected)) if flag
    )


def park_target(progress, code):
    """The quantified park-scope target on an indicator, latest deadline first."""
    found = [
        target
        for target in progress.targets
        if target.scope == Target.Scope.PARK
        and target.indicator_id
        and target.indicator.code == code
        and target.value is not None
    ]
    return max(found, key=lambda target: target.milestone) if found else None


def target_text(target):
    if target.is_qualitative:
        return _("Qualitative target")
    if target.value is None:
        return _("Not quantified")
    sign = COMPARATOR_SIGNS.get(target.comparator, "")
    if target.scope == Target.Scope.BELT:
        return _("%(sign)s %(count)s parks with %(indicator)s ≥ %(level)s") % {
            "sign": sign,
            "count": format_decimal(target.value),
            "indicator": target.indicator.display_name,
            "level": amount_text(target.indicator, target.park_level),
        }
    if target.indicator.value_type == BOOLEAN:
        return format_figure(target.value, BOOLEAN)
    return f"{sign} {amount_text(target.indicator, target.value)}".strip()


def target_line(target):
    return TargetLine(
        target.value,
        _("Target %(year)d: %(text)s")
        % {"year": target.milestone.year, "text": target_text(target)},
        short=_("Target %(year)d") % {"year": target.milestone.year},
    )


# -- the scorecard --------------------------------------------------------------------------


@dataclass
class ScorecardRow:
    result: object
    target_text: str
    value_text: str
    names: list
    hidden: int
    provisional: bool
    more: int = 0  # visible parks counted but not named (names cut at a limit)

    @property
    def target(self):
        return self.result.target


def outcome_counts_text(result, total):
    """ "Of 12 parks: 4 achieved on time, 8 late, 0 missed" for a park target past its deadline."""
    text = _(
        "Of %(total)d parks: %(on_time)d achieved on time, %(late)d achieved late, %(missed)d missed"
    ) % {
        "total": total,
        "on_time": len(result.parks_by_outcome(ev.ON_TIME)),
        "late": len(result.parks_by_outcome(ev.LATE)),
        "missed": len(result.parks_by_outcome(ev.MISSED)),
    }
    no_data = len(result.parks_by_outcome(ev.NO_DATA))
    if no_data:
        text += _(", %(count)d without data") % {"count": no_data}
    return text


def first_of(items, limit):
    """The first `limit` items (all with no limit), and how many more there are."""
    if limit is None or len(items) <= limit:
        return items, 0
    return items[:limit], len(items) - limit


def scorecard(progress, results, names_limit=None):
    """One row per target; names_limit caps the parks named under a belt count (the
    overview's OVERVIEW_NAMES; the briefing names them all)."""
    rows = []
    for result in results:
        target = result.target
        names, hidden, more, provisional = [], 0, 0, False
        if target.is_qualitative:
            value = _("Judged by the bureau; no figure is reported")
        elif target.scope == Target.Scope.BELT:
            count = result.latest_count
            if count is None:
                value = _("No complete year yet")
            else:
                names, hidden = progress.visible_names(count.parks)
                names, more = first_of(names, names_limit)
                value = _("%(count)d parks in %(year)d") % {
                    "count": count.count,
                    "year": count.year,
                }
                provisional = count.provisional
        else:
            total = len(result.parks)
            provisional = any(p.evaluation.provisional for p in result.parks)
            if target.value is None:
                # No target to compare with: the real total, and no made-up progress.
                actuals = [p.evaluation.actual for p in result.parks]
                value = _("%(sum)s %(unit)s in %(total)d parks") % {
                    "sum": format_decimal(sum((a for a in actuals if a is not None), Decimal(0))),
                    "unit": target.indicator.display_unit,
                    "total": total,
                }
            elif result.outcome and result.outcome.kind != ev.OPEN:
                value = outcome_counts_text(result, total)
            else:
                value = _("%(achieved)d of %(total)d parks achieved") % {
                    "achieved": result.achieved_parks,
                    "total": total,
                }
        rows.append(
            ScorecardRow(
                result=result,
                target_text=target_text(target),
                value_text=value,
                names=names,
                hidden=hidden,
                provisional=provisional,
                more=more,
            )
        )
    return rows


def qualitative_by_year(rows):
    """[(deadline year, [target names])] of the scorecard's qualitative targets."""
    years = {}
    for row in rows:
        if row.target.is_qualitative:
            years.setdefault(row.target.milestone.year, []).append(row.target.display_name)
    return sorted(years.items())


def lagging_by_target(results):
    """For the briefing: [(target, [(status, label, [park names])])], worst status first.

    Grouped by target, a lagging park costs one name instead of a line that repeats every
    target's name, so the list stays short enough for one printed page."""
    rows = []
    for result in results:
        by_status = {}
        for park_result in result.lagging_parks:
            by_status.setdefault(park_result.status, []).append(park_result)
        if by_status:
            groups = [
                (status, found[0].status_label, [p.park.display_name for p in found])
                for status, found in sorted(
                    by_status.items(), key=lambda item: SEVERITY.index(item[0])
                )
            ]
            rows.append((result.target, groups))
    return rows


# -- overview --------------------------------------------------------------------------------


def belt_revenue_chart(progress):
    unit = progress.indicators[REVENUE].display_unit
    points = []
    for year in progress.years:
        total, projected, provisional = progress.belt_revenue_total(year)
        points.append(Point(str(year), total, note_of(provisional, projected)))
    return Chart(
        id="belt_revenue",
        title=_("Revenue of the belt's parks per year"),
        unit=unit,
        x_title=_("Year"),
        y_title=_("Revenue"),
        series=[Series(_("All active parks"), points)],
        caption=_(
            "Sum of the parks' January–December figures; the current year is projected from the year-to-date figure."
        ),
    )


def parks_at_level_chart(progress, static=False):
    belt_targets = [
        t for t in progress.targets if t.scope == Target.Scope.BELT and t.park_level is not None
    ]
    series, lines = [], []
    for target in sorted(belt_targets, key=lambda t: -t.park_level):
        points = []
        for year in progress.years:
            count = progress.parks_at_level(target.park_level, year)
            known = count.projected or progress.year_has_data(year)
            points.append(
                Point(
                    str(year),
                    Decimal(count.count) if known else None,
                    note_of(count.provisional, count.projected),
                )
            )
        name = _("Parks ≥ %(level)s") % {"level": amount_text(target.indicator, target.park_level)}
        series.append(Series(name, points))
        if target.value is not None:
            lines.append(target_line(target))
    return Chart(
        id="parks_at_level",
        title=_("Parks at each revenue level per year"),
        unit="",  # "Number of parks (parks)" says it twice
        x_title=_("Year"),
        y_title=_("Number of parks"),
        series=series,
        target_lines=lines,
        places=0,
        static=static,
        caption=_(
            "Counted on each park's January–December revenue; the current year is projected."
        ),
    )


def latest_per_park_chart(progress, code, chart_id, title):
    """Each visible park's latest figure; past OVERVIEW_PARKS parks, only the furthest from
    the target, with a link to the indicator's page, which has them all."""
    indicator = progress.indicators[code]
    latest = [(park, progress.latest(park, code)) for park in progress.parks]
    caption, link = _("Latest figure of each park."), None
    if len(latest) > OVERVIEW_PARKS:
        target = park_target(progress, code)
        latest = furthest_from_target(latest, target)[:OVERVIEW_PARKS]
        caption = cut_caption(target, len(progress.parks), latest)
        link = ChartLink(
            reverse("indicator_detail", args=[code])
            + f"?include={progress.include_param}{progress.policy_param}",
            _("%(indicator)s of all %(count)d parks")
            % {"indicator": indicator.display_name, "count": len(progress.parks)},
        )
    points = [
        Point(
            park.display_name,
            found.value if found else None,
            note_of(found.provisional if found else False),
        )
        for park, found in latest
    ]
    return park_bar_chart(progress, indicator, points, chart_id, title, caption, link)


def furthest_from_target(latest, target):
    """[(park, latest observation or None)] sorted furthest from `target` first: the lowest
    figures for a "≥" target (and with no target), the highest for "≤", the furthest either
    way for "=". A park without a figure needs attention most; ties keep the park order
    (sorted() is stable)."""

    comparator = (target.comparator or ev.GE) if target else ev.GE

    def distance(item):
        found = item[1]
        if found is None or found.value is None:
            return (0, 0)
        if comparator == ev.GE:
            return (1, found.value)
        if comparator == ev.LE:
            return (1, -found.value)
        return (1, -abs(found.value - target.value))

    return sorted(latest, key=distance)


def cut_caption(target, total, shown):
    """What a cut chart shows of `total` parks; `shown`: its [(park, latest or None)]."""
    if target is None:
        text = _(
            "Latest figure: the %(shown)d parks with the lowest figures (of %(total)d); every park is on the indicator's page."
        )
    else:
        text = _(
            "Latest figure: the %(shown)d parks furthest from the target (of %(total)d); every park is on the indicator's page."
        )
    text %= {"shown": OVERVIEW_PARKS, "total": total}
    missing = sum(1 for _park, found in shown if found is None or found.value is None)
    if missing:
        # Parks without a figure come first but draw no bar: the caption says so.
        more = ngettext(
            "%(count)d of the parks shown has no figure yet (– in the table).",
            "%(count)d of the parks shown have no figure yet (– in the table).",
            missing,
        ) % {"count": missing}
        # A space between sentences in English, none after Chinese 。
        text = pgettext("two sentences", "%(first)s %(second)s") % {"first": text, "second": more}
    return text


def park_bar_chart(progress, indicator, points, chart_id, title, caption="", link=None):
    """One horizontal bar per park, with the indicator's park target as a line."""
    target = park_target(progress, indicator.code)
    return Chart(
        id=chart_id,
        title=title,
        unit=indicator.display_unit,
        x_title=_("Park"),
        y_title=indicator.display_name,
        series=[Series(indicator.display_name, points)],
        horizontal=True,
        target_lines=[target_line(target)] if target else [],
        places=0 if indicator.value_type in ("count", BOOLEAN) else 2,
        yes_no=indicator.value_type == BOOLEAN,
        caption=caption,
        link=link,
    )


def overview_charts(progress):
    """The belt's revenue and levels, then one bar chart per indicator the policy's park
    targets set a number on (a yes/no one would only draw bars of 0 and 1)."""
    charts = []
    if REVENUE in progress.indicators:
        charts = [belt_revenue_chart(progress), parks_at_level_chart(progress)]
    codes = []
    for target in progress.targets:
        indicator = target.indicator
        if (
            target.scope == Target.Scope.PARK
            and target.is_quantified
            and indicator.code in progress.indicators
            and indicator.value_type != "boolean"
            and indicator.code not in codes
        ):
            codes.append(indicator.code)
    for code in codes:
        title = _("%(indicator)s per park") % {"indicator": progress.indicators[code].display_name}
        charts.append(latest_per_park_chart(progress, code, code, title))
    return charts


def level_names(progress):
    """For each belt level and year: the visible parks counted (the first OVERVIEW_NAMES
    of them named, and how many more), and how many in other districts."""
    rows = []
    for target in progress.targets:
        if target.scope != Target.Scope.BELT or target.park_level is None:
            continue
        for year in progress.years:
            count = progress.parks_at_level(target.park_level, year)
            names, hidden = progress.visible_names(count.parks)
            names, more = first_of(names, OVERVIEW_NAMES)
            level = amount_text(target.indicator, count.level)
            rows.append((target, count, level, names, more, hidden))
    return rows


def overview_lagging(lagging):
    """The overview's "which parks lag": the first OVERVIEW_PARKS of `Progress.lagging`'s
    list (park order), and how many more parks lag."""
    return first_of(lagging, OVERVIEW_PARKS)


# -- park and indicator pages ------------------------------------------------------------------


def indicator_over_time_chart(progress, indicator, parks, chart_id=None):
    series = []
    for park in parks:
        points = [
            Point(format_period(o.year, o.quarter), o.value, note_of(o.provisional))
            for o in progress.observations(park, indicator.code)
        ]
        # A park without figures would only add an empty legend entry.
        if points or len(parks) == 1:
            series.append(Series(park.display_name, points))
    target = park_target(progress, indicator.code)
    places = 0 if indicator.value_type in ("count", BOOLEAN) else 2
    return Chart(
        id=chart_id or f"indicator_{indicator.code}",
        title=indicator.display_name,
        unit=indicator.display_unit,
        x_title=_("Quarter"),
        y_title=indicator.display_name,
        series=series,
        kind="line",
        target_lines=[target_line(target)] if target else [],
        places=places,
        yes_no=indicator.value_type == BOOLEAN,
        caption=_("Year-to-date figures are cumulative from January.")
        if indicator.period_rule == "ytd"
        else "",
    )


def has_single_quarters(indicator):
    """A year-to-date amount (revenue, core-industry revenue); not a share, whose
    year-to-date ratio does not split into quarters."""
    return indicator.period_rule == ev.YTD and indicator.code not in DERIVED_SHARES


def park_indicator_chart(progress, indicator, parks):
    """The park page's chart of one indicator."""
    if len(parks) == 1 and has_single_quarters(indicator):
        return single_quarter_chart(progress, indicator, parks[0])
    return indicator_over_time_chart(progress, indicator, parks)


def growth_text(value):
    return "" if value is None else f"{rounded(value, 1):+f}%"


def growth_hover(value):
    """ "同比 +5.2%" for a hover label; "" without a growth rate."""
    if value is None:
        return ""
    return _("year on year %(growth)s") % {"growth": growth_text(value)}


def single_quarter_point(row):
    """A quarter's own figure (a quarterly.QuarterFigures), its 同比 in the hover label."""
    return Point(
        format_period(row.year, row.quarter),
        row.single,
        note_of(row.single_provisional),
        growth_hover(row.single_growth),
    )


def single_quarter_chart(progress, indicator, park):
    """Each quarter's own figure as bars under the year-to-date line, with the 同比 of both
    in the hover label, the table and the downloads (dashboards/quarterly.py)."""
    single, single_growth, ytd, ytd_growth = [], [], [], []
    for row in quarterly_figures(progress.observations(park, indicator.code)):
        x = format_period(row.year, row.quarter)
        single.append(single_quarter_point(row))
        ytd.append(Point(x, row.ytd, note_of(row.ytd_provisional), growth_hover(row.ytd_growth)))
        single_growth.append(Point(x, row.single_growth, note_of(row.single_growth_provisional)))
        ytd_growth.append(Point(x, row.ytd_growth, note_of(row.ytd_growth_provisional)))
    growth = {"plotted": False, "unit": "%", "places": 1, "signed": True}
    target = park_target(progress, indicator.code)
    return Chart(
        id=f"indicator_{indicator.code}",
        title=indicator.display_name,
        unit=indicator.display_unit,
        x_title=_("Quarter"),
        y_title=indicator.display_name,
        series=[
            Series(_("Single quarter"), single, kind="bar"),
            Series(_("Single quarter YoY"), single_growth, **growth),
            Series(_("Year to date"), ytd, kind="line"),
            Series(_("Year to date YoY"), ytd_growth, **growth),
        ],
        target_lines=[target_line(target)] if target else [],
        caption=_(
            "Bars: each quarter's own figure (year to date less the quarter before); line: "
            "year to date, cumulative from January. YoY (year on year): against the same quarter "
            "a year earlier. A quarter whose quarter before is missing has no single-quarter "
            "figure (–)."
        ),
    )


def single_quarter_by_park_chart(progress, indicator, parks):
    """The indicator page's companion to the year-to-date lines: each park's own quarters,
    with 同比 in the hover label."""
    series = []
    for park in parks:
        points = [
            single_quarter_point(row)
            for row in quarterly_figures(progress.observations(park, indicator.code))
        ]
        if points:
            series.append(Series(park.display_name, points))
    return Chart(
        id="single_quarter",
        title=_("%(indicator)s by single quarter") % {"indicator": indicator.display_name},
        unit=indicator.display_unit,
        x_title=_("Quarter"),
        y_title=indicator.display_name,
        series=series,
        kind="line",
        caption=_(
            "Each quarter's own figure: the year-to-date figure less the quarter before's; "
            "the hover label gives its year-on-year growth. A quarter whose quarter before "
            "is missing has no figure (–)."
        ),
    )


def ranking(progress, indicator):
    """[(rank, park, value, provisional)] for the latest quarter any visible park reported."""
    quarter = progress.latest_quarter(indicator.code)
    if quarter is None:
        return None, []
    found = []
    for park in progress.parks:
        value = progress.value_at(park, indicator.code, quarter)
        if value is not None:
            found.append((park, value, progress.provisional_at(park, indicator.code, quarter)))
    higher_first = indicator.direction == "higher"
    found.sort(key=lambda item: (-item[1] if higher_first else item[1], item[0].sort_order))
    return quarter, [(rank, *item) for rank, item in enumerate(found, start=1)]


def ranking_chart(progress, indicator):
    quarter, ranked = ranking(progress, indicator)
    points = [Point(park.display_name, value, note_of(prov)) for _r, park, value, prov in ranked]
    title = _("Ranking in %(quarter)s") % {"quarter": quarter.label if quarter else "–"}
    return park_bar_chart(progress, indicator, points, "ranking", title)
