"""How the dashboard pages write their values: areas, yes/no figures, money levels, name
lists, units and column headers, in Chinese and in English (issue 10, items 3, 5, 7, 11)."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from parks.models import District, Park
from tests.factories import approved_report as report
from tests.factories import seed_figures

NUMBER_CELLS = re.compile(r'<td class="num">([^<]*)</td>')


LEVEL_ROW = re.compile(
    r"<tr><td[^>]*>(\d{4})</td><td[^>]*>≥ ([^<]*)</td>\s*<td class=\"num\"[^>]*>\d+[^\n]*</td>\s*<td[^>]*>([^<]*)</td>"
)


def level_rows(html):
    """{(year, level text): names cell} of the overview's parks-at-level table."""
    section = html[html.index('id="level-parks"') :]
    return {(year, level): names for year, level, names in LEVEL_ROW.findall(section)}


def in_english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


# -- areas -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["huangpu", "haizhu", "tianhe"])
def test_district_areas_have_two_decimals_like_the_park_list(manager_client, code):
    html = manager_client.get(reverse("district_detail", args=[code])).content.decode()
    district = District.objects.get(code=code)
    parks = list(Park.objects.active().filter(district=district))
    cells = NUMBER_CELLS.findall(html)
    # One area per park, then the total, all with exactly two decimals.
    assert cells[: len(parks) + 1] == [f"{park.area_km2:.2f}" for park in parks] + [
        f"{sum(park.area_km2 for park in parks):.2f}"
    ]
    assert "0000" not in "".join(cells)
    listing = manager_client.get(reverse("park_list")).content.decode()
    for park in parks:
        assert re.search(rf'<td class="num"[^>]*>{park.area_km2:.2f}</td>', listing)


def test_park_page_area_has_two_decimals(manager_client, pazhou):
    html = manager_client.get(reverse("park_detail", args=["pazhou"])).content.decode()
    assert f"{pazhou.area_km2:.2f} 平方公里" in html


# -- the overview's column header ---------------------------------------------------------


def test_level_table_column_of_names_is_headed_parks(manager_client, guideline):
    html = manager_client.get(reverse("overview")).content.decode()
    section = html[html.index('id="level-parks"') :]
    headers = re.findall(r'<th scope="col"[^>]*>([^<]*)</th>', section[: section.index("</thead>")])
    assert headers == ["年份", "级别", "园区数量", "园区"]


# -- yes/no figures -----------------------------------------------------------------------


@pytest.fixture
def policy_adopted(pazhou):
    report(pazhou, "2022Q4", one_park_one_policy=0)
    report(pazhou, "2023Q4", one_park_one_policy=1)


def test_park_page_target_line_says_yes(manager_client, policy_adopted):
    response = manager_client.get(reverse("park_detail", args=["pazhou"]))
    html = response.content.decode()
    row = re.search(r"<tr><td class=\"row-title\">实施“一园一策”</td>.*?</tr>", html, re.S).group()
    cells = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)
    assert cells == ["是", "是"]  # the park's figure and the target
    assert "= 1" not in row and ">1<" not in row


def test_yes_no_chart_table_hover_axis_and_download(manager_client, policy_adopted):
    url = reverse("park_detail", args=["pazhou"])
    chart = manager_client.get(url).context["charts"]["indicator_one_park_one_policy"]
    assert [cell["text"] for _x, cells in chart.table()["body"] for cell in cells] == ["否", "是"]
    figure = chart.figure()
    trace = figure["data"][0]
    assert trace["y"] == [0.0, 1.0]  # plotted as numbers, read as words:
    assert trace["hovertext"] == ["否", "是"]
    assert "%{hovertext}" in trace["hovertemplate"]
    assert figure["layout"]["yaxis"]["ticktext"] == ["否", "是"]
    download = manager_client.get(
        url, {"download": "indicator_one_park_one_policy", "format": "csv"}
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert [row[2] for row in rows[1:]] == ["否", "是"]


def test_numbers_stay_numbers(manager_client, pazhou):
    report(pazhou, "2023Q4", coverage_5g=1)
    chart = manager_client.get(reverse("park_detail", args=["pazhou"])).context["charts"][
        "indicator_coverage_5g"
    ]
    assert chart.table()["body"][0][1][0]["text"] == "1.00"  # a percentage, not "Yes"
    assert "hovertext" not in chart.figure()["data"][0]


# -- English pages ------------------------------------------------------------------------


@pytest.fixture
def revenue_levels(guideline):
    parks = list(Park.objects.active()[:3])
    seed_figures(parks, [2023, 2024], scale=4)
    return parks


def test_english_overview_has_no_chinese_units_or_separators(manager_client, revenue_levels):
    html = in_english(manager_client).get(reverse("overview")).content.decode()
    assert 'lang="en"' in html
    assert "亿元" not in html
    assert "、" not in html
    assert "1000 100 million yuan" not in html
    assert "≥ 100 billion yuan" in html  # the 1,000 亿元 level
    assert "≥ 10 billion yuan" in html  # the 100 亿元 level
    assert "Two parks with revenue of 100 billion yuan or more" in html
    # Two parks reach 1,000 亿元 (seed scale 4: the 2nd and 3rd), listed with a semicolon
    # (their English names have commas).
    names = level_rows(html)[("2024", "100 billion yuan")]
    assert sorted(names.split("; ")) == sorted(park.name_en for park in revenue_levels[1:])


def test_chinese_overview_keeps_yi_yuan_and_dunhao(manager_client, revenue_levels):
    html = manager_client.get(reverse("overview")).content.decode()
    assert "≥ 1000 亿元" in html
    names = level_rows(html)[("2024", "1000 亿元")]
    assert sorted(names.split("、")) == sorted(park.name for park in revenue_levels[1:])


def test_english_units_are_set_off_by_a_space(manager_client, pazhou):
    report(pazhou, "2023Q4", revenue=Decimal("120"), coverage_5g=90)
    response = in_english(manager_client).get(reverse("indicator_detail", args=["revenue"]))
    html = response.content.decode()
    assert "<h1>Revenue (output value) (100 million yuan)</h1>" in html
    figure = response.context["charts"]["over_time"].figure()
    assert figure["layout"]["yaxis"]["title"]["text"] == "Revenue (output value) (100 million yuan)"
    assert "\uff08" not in html  # no full-width bracket in English


def test_english_assessment_writes_money_levels_in_billions(manager_client, guideline):
    call_command("load_demo", verbosity=0)
    url = reverse("policy_assessment", args=["pearl-river-belt-2022"])
    html = in_english(manager_client).get(url).content.decode()
    assert "<li>≥ 100 billion yuan: 2 parks" in html
    assert "<td>≥ 100 billion yuan, ≥ 10 billion yuan</td>" in html  # levels a park reached
    assert "Annual revenue (100 million yuan)" in html
    assert "1000 100 million yuan" not in html
    chinese = manager_client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert chinese.status_code == 302
    html = manager_client.get(url).content.decode()
    assert "<li>≥ 1000 亿元: " in html and "<td>≥ 1000 亿元、≥ 100 亿元</td>" in html
