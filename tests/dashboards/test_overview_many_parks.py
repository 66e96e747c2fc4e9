"""The overview with many parks (issue 11 measures it at 370): each per-park chart shows
the 40 parks furthest from the target, "which parks lag" 40 parks, a name list 20 names,
each saying how many more there are and where they all are. Up to 40 parks nothing changes.
"""

import csv
import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import translation

from dashboards import figures
from dashboards.progress import Progress
from parks.models import District, Park
from tests.dashboards.test_overview import manager_queries
from tests.factories import reporting_period
from tracker.models import Indicator, ParkReport, Policy, ReportValue

URL = reverse("overview")
ADDED = 45  # linked parks on top of the guideline's 12: 57 in all
IN_HAIZHU = 42  # many-001 … many-042 in 海珠 (with 琶洲: 43 for its officer), the rest in 黄埔


def coverage(number):
    """5G coverage in 2023 Q4 of added park `number`: 51, 52, … below the 100% target, with
    a tie at 90 for many-039, -040 and -041 and none at all for many-045."""
    if number == ADDED:
        return None
    return Decimal(90) if number in (39, 40, 41) else Decimal(50 + number)


def add_parks(count, coverage_of=coverage):
    """`count` linked parks after the guideline's, each with an approved 2023 Q4 report
    (revenue 150, core revenue 90: over the 100 level), written in bulk as
    bench/dashboard_bench.py does; the guideline parks get 5G 100% and revenue 50."""
    haizhu, huangpu = District.objects.get(code="haizhu"), District.objects.get(code="huangpu")
    added = Park.objects.bulk_create(
        Park(
            code=f"many-{number:03d}",
            name=f"测试园区{number:03d}",
            name_en=f"Test park {number:03d}",
            district=haizhu if number <= IN_HAIZHU else huangpu,
            area_km2=Decimal("1.50"),
            role=Park.Role.LINKED,
            sort_order=100 + number,
        )
        for number in range(1, count + 1)
    )
    period = reporting_period("2023Q4")
    figures_of = {park.pk: (Decimal(100), Decimal(50)) for park in Park.objects.guideline()}
    figures_of.update(
        {park.pk: (coverage_of(n), Decimal(150)) for n, park in enumerate(added, start=1)}
    )
    reports = ParkReport.objects.bulk_create(
        ParkReport(park_id=pk, period=period, status=ParkReport.Status.APPROVED)
        for pk in figures_of
    )
    indicators = Indicator.objects.in_bulk(
        ["coverage_5g", "revenue", "core_revenue"], field_name="code"
    )
    values = []
    for report in reports:
        five_g, revenue = figures_of[report.park_id]
        found = {"coverage_5g": five_g, "revenue": revenue, "core_revenue": revenue * 6 / 10}
        values += [
            ReportValue(report=report, indicator=indicators[code], value=value)
            for code, value in found.items()
            if value is not None
        ]
    ReportValue.objects.bulk_create(values)
    return added


def names(*numbers, english=False):
    return [f"Test park {n:03d}" if english else f"测试园区{n:03d}" for n in numbers]


def bars(response, chart_id="coverage_5g"):
    return response.context["charts"][chart_id]


def categories(chart):
    return [point.x for point in chart.series[0].points]


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": URL})


def lagging_parks(user):
    """Every visible lagging park, in park order, as Progress gives them (the lag rules are
    tested elsewhere; here only the cut)."""
    progress = Progress.load(user, policy=Policy.objects.in_force())
    return [park.name for park, _items in progress.lagging(progress.target_results())]


# -- up to 40 parks: as before --------------------------------------------------------------


def test_forty_parks_are_all_charted_in_park_order_as_before(manager_client, guideline):
    add_parks(figures.OVERVIEW_PARKS - 12, coverage_of=lambda n: Decimal(50 + n))
    response = manager_client.get(URL)
    chart = bars(response)
    every_park = [park.name for park in Park.objects.all()]
    assert len(every_park) == figures.OVERVIEW_PARKS
    assert categories(chart) == every_park
    bar = chart.figure()["data"][0]
    assert bar["y"] == every_park
    assert bar["x"] == [100.0] * 12 + [float(50 + n) for n in range(1, 29)]
    assert chart.caption == "各园区最新数字。" and chart.link is None
    html = response.content.decode()
    assert "距目标最远" not in html and 'class="chart-link"' not in html
    assert response.context["lagging_more"] == 0
    assert "个园区滞后" not in html


def test_twelve_parks_show_no_cut_anywhere(manager_client, pazhou):
    response = manager_client.get(URL)
    assert categories(bars(response)) == [park.name for park in Park.objects.all()]
    assert all(row.more == 0 for row in response.context["scorecard"])
    assert all(row[4] == 0 for row in response.context["level_names"])


# -- 57 parks, as a manager ------------------------------------------------------------------


@pytest.fixture
def many_parks(guideline):
    return add_parks(ADDED)


def test_chart_shows_the_forty_parks_furthest_from_the_target(manager_client, many_parks):
    chart = bars(manager_client.get(URL))
    # No figure first (it needs attention), then the lowest against "≥ 100%"; of the three
    # at 90 the first in park order.
    assert categories(chart) == names(45, *range(1, 39), 39)
    shown = chart.figure()["data"][0]
    assert len(shown["y"]) == 39  # 测试园区045 has no bar: no figure
    assert shown["x"][:3] == [51.0, 52.0, 53.0]
    for left_out in names(40, 41, 42, 43, 44) + ["琶洲"]:
        assert left_out not in categories(chart), left_out
    assert chart.target_lines[0].value == 100


def test_every_per_park_chart_is_cut(manager_client, many_parks):
    charts = manager_client.get(URL).context["charts"]
    for chart_id in ("coverage_5g", "chain_leaders", "core_share"):
        assert len(categories(charts[chart_id])) == figures.OVERVIEW_PARKS, chart_id
        assert charts[chart_id].link is not None
    # The belt's charts are per year, not per park.
    assert charts["belt_revenue"].link is None and charts["parks_at_level"].link is None


def test_cut_chart_says_so_and_links_to_the_indicators_page(manager_client, many_parks):
    response = manager_client.get(URL)
    chart = bars(response)
    # 测试园区045 has no figure: first in the table, but no bar, so the caption says so.
    caption = (
        "最新数据：距目标最远的 40 个园区（共 57 个）；全部园区见指标页。"
        "所示园区中 1 个尚无数据（表中为“–”）。"
    )
    assert chart.caption == caption
    link = reverse("indicator_detail", args=["coverage_5g"])
    assert chart.link.url == f"{link}?include=approved&policy=pearl-river-belt-2022"
    html = response.content.decode()
    card = html[html.index('id="chart-coverage_5g"') :]
    card = card[: card.index("</section>")]
    assert f'<p class="caption">{caption}</p>' in card
    assert (
        f'<a href="{link}?include=approved&amp;policy=pearl-river-belt-2022">'
        "全部 57 个园区的5G网络覆盖率 " in card
    )
    # The link comes before the chart, so a keyboard reaches it with the caption it explains.
    assert card.index('class="chart-link"') < card.index('class="chart"')
    # With submitted figures, the link keeps them.
    response = manager_client.get(URL, {"include": "submitted"})
    assert bars(response).link.url == f"{link}?include=submitted&policy=pearl-river-belt-2022"


def test_cut_chart_caption_and_link_in_english(manager_client, many_parks):
    english(manager_client)
    response = manager_client.get(URL)
    chart = bars(response)
    assert chart.caption == (
        "Latest figure: the 40 parks furthest from the target (of 57); "
        "every park is on the indicator's page. "
        "1 of the parks shown has no figure yet (– in the table)."
    )
    assert chart.link.text == "5G network coverage of all 57 parks"
    assert categories(chart) == names(45, *range(1, 39), 39, english=True)
    html = response.content.decode()
    assert "5G network coverage of all 57 parks" in html


def test_downloads_give_the_rows_the_chart_shows(manager_client, many_parks):
    chart = bars(manager_client.get(URL))
    plotted = chart.figure()["data"][0]["y"]
    response = manager_client.get(URL, {"download": "coverage_5g", "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]
    assert [row[1] for row in rows] == plotted
    assert len(rows) == 39 and "琶洲" not in {row[1] for row in rows}


def test_lagging_list_shows_forty_parks_and_counts_the_rest(manager_client, manager, many_parks):
    every_lagging = lagging_parks(manager)
    assert len(every_lagging) > figures.OVERVIEW_PARKS
    response = manager_client.get(URL)
    shown = [park.name for park, _items in response.context["lagging"]]
    assert shown == every_lagging[: figures.OVERVIEW_PARKS]  # the park order kept
    more = len(every_lagging) - figures.OVERVIEW_PARKS
    assert response.context["lagging_more"] == more
    html = response.content.decode()
    section = html[html.index('id="lagging"') :]
    section = section[: section.index("</section>")]
    assert section.count("<li>") == figures.OVERVIEW_PARKS
    assert f"另有 {more} 个园区滞后，见各指标页。" in section


def test_lagging_count_in_english_is_plural_aware(manager_client, manager, guideline):
    # 41 parks, every one lagging (the 5G target missed on the linked ones, no chain leader
    # in the register on any): one more than the list shows.
    add_parks(figures.OVERVIEW_PARKS - 12 + 1, coverage_of=lambda n: Decimal(50))
    assert len(lagging_parks(manager)) == figures.OVERVIEW_PARKS + 1
    english(manager_client)
    html = manager_client.get(URL).content.decode()
    assert "1 more park lags; see each indicator's page." in html


def test_lagging_count_in_english_plural(manager_client, manager, many_parks):
    more = len(lagging_parks(manager)) - figures.OVERVIEW_PARKS
    assert more > 1
    english(manager_client)
    html = manager_client.get(URL).content.decode()
    assert f"{more} more parks lag; see each indicator's page." in html


def test_name_lists_stop_at_twenty_and_count_the_rest(manager_client, many_parks):
    response = manager_client.get(URL)
    rows = {row.target.code: row for row in response.context["scorecard"]}
    row = rows["2025-parks-100"]  # all 45 added parks are over 100 (亿元) in 2023
    assert len(row.names) == figures.OVERVIEW_NAMES and row.more == 25 and row.hidden == 0
    assert set(row.names) <= set(names(*range(1, ADDED + 1)))
    level_rows = [r for r in response.context["level_names"] if r[1].year == 2023]
    level_row = next(r for r in level_rows if r[1].level == 100)
    _target, count, _level, level_parks, more, hidden = level_row
    assert count.count == 45 and len(level_parks) == 20 and more == 25 and hidden == 0
    html = response.content.decode()
    assert "另有 25 个园区</small>" in html
    table = html[html.index('id="level-parks"') :]
    assert "另有 25 个园区</td>" in table
    assert "测试园区" in table


def test_name_lists_in_english(manager_client, many_parks):
    english(manager_client)
    html = manager_client.get(URL).content.decode()
    assert "and 25 more parks</small>" in html
    assert "and 25 more parks</td>" in html[html.index('id="level-parks"') :]


def test_briefing_still_names_every_park(manager_client, many_parks):
    response = manager_client.get(reverse("briefing", args=[2025]))
    rows = {row.target.code: row for row in response.context["scorecard"]}
    assert len(rows["2025-parks-100"].names) == 45 and rows["2025-parks-100"].more == 0


def test_indicator_page_still_ranks_every_park(manager_client, many_parks):
    response = manager_client.get(reverse("indicator_detail", args=["coverage_5g"]))
    assert len(response.context["ranked"]) == 12 + ADDED - 1  # 测试园区045: no figure


def test_query_count_is_unchanged_with_many_parks(
    manager_client, many_parks, django_assert_num_queries
):
    with django_assert_num_queries(manager_queries()):
        assert manager_client.get(URL).status_code == 200


# -- an officer: only their district's parks count ---------------------------------------------


def test_officer_cut_counts_visible_parks_only(haizhu_client, haizhu_officer, many_parks):
    response = haizhu_client.get(URL)
    chart = bars(response)
    # 琶洲 and many-001 … -042: 43 parks; 黄埔's 043 … 045 (045 without a figure) never show.
    assert categories(chart) == names(*range(1, 41))  # of the three at 90, 041 is left out
    # Every one of them has a figure: no word of missing ones.
    assert chart.caption == ("最新数据：距目标最远的 40 个园区（共 43 个）；全部园区见指标页。")
    html = response.content.decode()
    for other in names(43, 44, 45) + ["鱼珠湾"]:
        assert other not in html, other
    every_lagging = lagging_parks(haizhu_officer)
    assert len(every_lagging) == 43
    assert response.context["lagging_more"] == 3
    assert "另有 3 个园区滞后，见各指标页。" in html


def test_officer_name_lists_merge_more_and_other_districts(haizhu_client, many_parks):
    response = haizhu_client.get(URL)
    rows = {row.target.code: row for row in response.context["scorecard"]}
    row = rows["2025-parks-100"]
    # 42 haizhu parks over the level: 20 named, 22 more; 黄埔's 3 in other districts.
    assert (len(row.names), row.more, row.hidden) == (20, 22, 3)
    html = response.content.decode()
    assert "另有 22 个园区 及 3 个其他区园区</small>" in html
    assert "另有 22 个园区 及 3 个其他区园区</td>" in html


def test_officer_name_lists_in_english(haizhu_client, many_parks):
    english(haizhu_client)
    html = haizhu_client.get(URL).content.decode()
    assert "and 22 more parks and 3 parks in other districts</small>" in html


def test_officer_with_few_parks_sees_no_cut(huangpu_client, many_parks):
    # 黄埔: its 3 guideline parks and many-043 … -045: 6 of the 57.
    response = huangpu_client.get(URL)
    chart = bars(response)
    assert chart.caption == "各园区最新数字。" and chart.link is None
    assert categories(chart) == [p.name for p in Park.objects.filter(district__code="huangpu")]
    assert response.context["lagging_more"] == 0


# -- which parks are furthest ------------------------------------------------------------------


def latest_of(*values):
    return [
        (f"park {index}", None if value is None else SimpleNamespace(value=Decimal(value)))
        for index, value in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("comparator", "value", "expected"),
    [
        # "≥": the lowest first; no figure before any figure; a tie keeps the park order.
        ("ge", 100, ["park 2", "park 1", "park 4", "park 3", "park 0"]),
        # "≤": the highest first.
        ("le", 10, ["park 2", "park 0", "park 3", "park 1", "park 4"]),
        # "=": the furthest either way (|90 − 50| = |10 − 50| = 40: in park order).
        ("eq", 50, ["park 2", "park 0", "park 1", "park 4", "park 3"]),
        # No comparator set on the target: read as "≥", as the evaluation does.
        ("", 100, ["park 2", "park 1", "park 4", "park 3", "park 0"]),
    ],
)
def test_furthest_from_target(comparator, value, expected):
    target = SimpleNamespace(comparator=comparator, value=Decimal(value))
    latest = latest_of(90, 10, None, 60, 10)
    assert [park for park, _found in figures.furthest_from_target(latest, target)] == expected


def test_without_a_target_the_lowest_first():
    latest = latest_of(90, 10, None, 60, 10)
    order = [park for park, _found in figures.furthest_from_target(latest, None)]
    assert order == ["park 2", "park 1", "park 4", "park 3", "park 0"]


def test_chart_of_an_indicator_without_a_park_target_shows_the_lowest(manager, many_parks):
    # Revenue has belt targets only: the guideline parks' 50 are the lowest, then the
    # added parks' 150 in park order.
    progress = Progress.load(manager, policy=Policy.objects.in_force())
    assert figures.park_target(progress, "revenue") is None
    with translation.override("zh-hans"):
        chart = figures.latest_per_park_chart(progress, "revenue", "revenue", "营收")
    expected = [park.name for park in Park.objects.guideline()] + names(*range(1, 29))
    assert [point.x for point in chart.series[0].points] == expected
    assert chart.caption == "最新数据：数值最低的 40 个园区（共 57 个）；全部园区见指标页。"
    assert chart.link.text == "全部 57 个园区的营收(产值)"
