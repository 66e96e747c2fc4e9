"""The overview page `/`: scorecard, lag list, charts, switch, roles and query counts."""

import json

import pytest
from django.urls import reverse

from parks.models import Enterprise, Park
from tests.factories import approved_report, enterprise, report, seed_figures
from tracker.models import ParkReport

URL = reverse("overview")


def figures(response):
    return {chart_id: chart.figure() for chart_id, chart in response.context["charts"].items()}


def test_anonymous_is_sent_to_login(client, guideline):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["haizhu_client", "reviewer_client", "manager_client"])
def test_every_role_sees_the_overview_in_chinese(request, persona):
    client = request.getfixturevalue(persona)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-CN"' in html
    assert "政策目标进展" in html and "《广州珠江沿岸地区高质量发展带工信产业导则》" in html
    assert set(response.context["charts"]) == {
        "belt_revenue",
        "parks_at_level",
        "coverage_5g",
        "chain_leaders",
        "core_share",
    }


def test_scorecard_lists_every_2023_and_2025_target_with_status(manager_client, pazhou, yuzhu_bay):
    approved_report(pazhou, "2022Q4", coverage_5g=60)
    approved_report(pazhou, "2023Q4", coverage_5g=100, one_park_one_policy=1)
    approved_report(yuzhu_bay, "2023Q4", coverage_5g=90)
    response = manager_client.get(URL)
    rows = response.context["scorecard"]
    assert len(rows) == 16  # every target of the guideline fixture
    assert {row.target.milestone.year for row in rows} == {2023, 2025}
    by_code = {row.target.code: row for row in rows}
    # 鱼珠湾 ended 2023 below 100%: the park-scope target is missed; 琶洲 achieved it on time.
    assert by_code["2023-5g-coverage"].result.status == "missed"
    assert by_code["2023-5g-coverage"].result.outcome.kind == "missed"
    assert by_code["2023-5g-coverage"].value_text == (
        "12 个园区中:按期达成 1 个,逾期达成 0 个,未达成 1 个,无数据 10 个"
    )
    html = response.content.decode()
    assert '<span class="status status-missed">未达成</span>' in html
    assert "2023-12-31" in html and "2025-12-31" in html


def test_not_quantified_target_shows_no_made_up_number(manager_client, pazhou):
    enterprise(pazhou, Enterprise.Role.UPSTREAM, "2023-03-01")
    enterprise(pazhou, Enterprise.Role.DOWNSTREAM, "2023-04-01")
    response = manager_client.get(URL)
    rows = {row.target.code: row for row in response.context["scorecard"]}
    # The real count of firms brought in, but no target and no progress ratio.
    assert rows["2023-chain-partners"].value_text == "12 个园区合计 2 家"
    assert rows["2023-chain-partners"].target_text == "未量化"
    assert rows["2025-parks-100"].target_text == "未量化"
    assert rows["2023-chain-partners"].result.status == "not_quantified"
    html = response.content.decode()
    row_html = html[html.index('id="target-2025-parks-100"') :]
    row_html = row_html[: row_html.index("</tr>")]
    assert "未量化" in row_html and "≥ 2" not in row_html


def test_lag_list_names_parks_behind_target(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=90)
    response = manager_client.get(URL)
    lagging = dict(
        (park.code, [result.target.code for result, _park in items])
        for park, items in response.context["lagging"]
    )
    assert "2023-5g-coverage" in lagging["pazhou"]
    assert "哪些园区落后" in response.content.decode()


def test_charts_plot_the_latest_figures_and_target_lines(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=90)
    figure = figures(manager_client.get(URL))["coverage_5g"]
    bar = figure["data"][0]
    assert bar["orientation"] == "h"
    assert dict(zip(bar["y"], bar["x"], strict=True)) == {pazhou.name: 90.0}
    assert "%" in bar["hovertemplate"]
    assert figure["layout"]["shapes"][0]["x0"] == 100.0
    assert figure["layout"]["separators"] == ".,"
    assert figure["layout"]["xaxis"]["title"]["text"] == "5G网络覆盖率(%)"


def test_english_axis_titles_when_the_ui_is_english(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=90)
    manager_client.post(reverse("set_language"), {"language": "en", "next": URL})
    figure = figures(manager_client.get(URL))["coverage_5g"]
    assert figure["layout"]["xaxis"]["title"]["text"] == "5G network coverage (% of park area)"


def test_switch_adds_submitted_figures_marked_provisional(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=80)
    report(pazhou, "2024Q4", status=ParkReport.Status.SUBMITTED, coverage_5g=95)
    approved = figures(manager_client.get(URL))["coverage_5g"]["data"][0]
    assert approved["x"] == [80.0] and approved["customdata"] == [""]
    response = manager_client.get(URL, {"include": "submitted"})
    with_submitted = figures(response)["coverage_5g"]["data"][0]
    assert with_submitted["x"] == [95.0]
    assert "待审核" in with_submitted["customdata"][0]
    html = response.content.decode()
    assert 'href="?include=submitted&amp;policy=pearl-river-belt-2022" aria-current="page"' in html
    assert "已提交但未审核的数字为暂定数" in html


def test_bad_include_parameter_gives_a_clear_message(manager_client):
    response = manager_client.get(URL, {"include": "everything"})
    assert response.status_code == 400
    assert "不是有效的数字范围选项" in response.content.decode()


def test_figure_json_is_in_a_json_script_not_inline_code(manager_client, pazhou):
    approved_report(pazhou, "2023Q4", coverage_5g=90)
    html = manager_client.get(URL).content.decode()
    assert '<script id="figure-coverage_5g" type="application/json">' in html
    payload = html.split('<script id="figure-coverage_5g" type="application/json">')[1]
    assert json.loads(payload.split("</script>")[0])["data"][0]["x"] == [90.0]


def test_officer_never_sees_another_districts_park_named(haizhu_client, pazhou, yuzhu_bay):
    approved_report(pazhou, "2025Q4", revenue=1200, core_revenue=700, coverage_5g=100)
    approved_report(yuzhu_bay, "2025Q4", revenue=1500, core_revenue=900, coverage_5g=90)
    response = haizhu_client.get(URL)
    html = response.content.decode()
    others = [park for park in Park.objects.exclude(district__code="haizhu")]
    for park in others:
        assert park.name not in html, park.name
        for chart in response.context["charts"].values():
            assert park.name not in json.dumps(chart.figure(), ensure_ascii=False)
    # The belt count is an aggregate: 2 parks ≥ 1,000, one of them in another district.
    assert "另有 1 个其他区园区" in html
    for chart_id in response.context["charts"]:
        csv = haizhu_client.get(URL, {"download": chart_id, "format": "csv"}).content.decode()
        assert not any(park.name in csv for park in others)


def manager_queries():
    # session, user, the policy in force, the user's permissions (one query, for the cache
    # key's scope and for_user's has_perm), then Standings.load: targets, indicators,
    # periods, active parks with their figures versions, visible parks, the rules version,
    # and for the parks whose standing is out of date their report values and register
    # counts; the other policies for the switcher; the data version (the page cache's key);
    # the demo-data banner check.
    return 15


def test_query_count_is_the_same_at_two_data_sizes(
    manager_client, pazhou, yuzhu_bay, django_assert_num_queries
):
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(manager_queries()):
        assert manager_client.get(URL).status_code == 200
    seed_figures(Park.objects.exclude(pk=pazhou.pk), [2022, 2023, 2024, 2025])
    with django_assert_num_queries(manager_queries()):
        assert manager_client.get(URL).status_code == 200
    # Warm (served from the page cache): session, user, the user's permissions (one
    # query: the scope in the cache key), the data version.
    with django_assert_num_queries(4):
        assert manager_client.get(URL).status_code == 200


def test_officer_query_count_is_the_same_at_two_data_sizes(
    haizhu_client, pazhou, django_assert_num_queries
):
    # As for a manager (15), plus the officer's district profile (for_user), plus the to-do
    # (tracker.attention.owed_reports): the district's parks, the open periods owed, and
    # those parks' reports in them.
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(16 + 3):
        haizhu_client.get(URL)
    seed_figures(Park.objects.all(), [2024, 2025])
    with django_assert_num_queries(16 + 3):
        haizhu_client.get(URL)
    # Warm: as for a manager, plus the officer's district profile (the scope in the key).
    with django_assert_num_queries(5):
        haizhu_client.get(URL)


def test_policy_in_force_is_named_in_english_when_the_ui_is_english(manager_client, guideline):
    manager_client.post(reverse("set_language"), {"language": "en", "next": URL})
    html = manager_client.get(URL).content.decode()
    line = html[html.index('class="policy-title"') :].split("</p>")[0]
    assert "Industrial Guideline for Guangzhou&#x27;s High-Quality Development Belt" in line
    assert "Guangzhou Municipal Bureau of Industry and Information Technology" in line
    assert "广州" not in line


def test_policy_in_force_keeps_its_chinese_title_in_chinese(manager_client, guideline):
    html = manager_client.get(URL).content.decode()
    line = html[html.index('class="policy-title"') :].split("</p>")[0]
    assert "《广州珠江沿岸地区高质量发展带工信产业导则》" in line
