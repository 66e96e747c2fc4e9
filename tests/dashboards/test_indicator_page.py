"""/indicators/<code>/: visible parks over time and the latest period's ranking."""

import pytest
from django.urls import reverse

from parks.models import Park
from tests.factories import approved_report, seed_figures


def url(code="coverage_5g"):
    return reverse("indicator_detail", args=[code])


def test_anonymous_is_sent_to_login(client, guideline):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["haizhu_client", "reviewer_client", "manager_client"])
def test_every_role_sees_the_page(request, persona):
    response = request.getfixturevalue(persona).get(url())
    assert response.status_code == 200
    assert "5G网络覆盖率" in response.content.decode()


def test_unknown_indicator_is_404(manager_client):
    assert manager_client.get(url("no-such-thing")).status_code == 404


def test_ranking_for_the_latest_quarter(manager_client, pazhou, yuzhu_bay):
    approved_report(pazhou, "2024Q4", coverage_5g=90)
    approved_report(yuzhu_bay, "2024Q4", coverage_5g=95)
    approved_report(pazhou, "2025Q1", coverage_5g=99)
    approved_report(yuzhu_bay, "2025Q1", coverage_5g=97)
    response = manager_client.get(url())
    assert response.context["quarter"].label == "2025Q1"
    assert [(rank, park.code, value) for rank, park, value, _p in response.context["ranked"]] == [
        (1, "pazhou", 99),
        (2, "yuzhu-bay", 97),
    ]
    over_time = response.context["charts"]["over_time"].figure()
    assert [trace["name"] for trace in over_time["data"]][:2] == [pazhou.name, yuzhu_bay.name]
    assert "2025Q1 排名" in response.content.decode()


def test_officer_sees_only_own_district(haizhu_client, pazhou, yuzhu_bay):
    approved_report(pazhou, "2025Q1", coverage_5g=99)
    approved_report(yuzhu_bay, "2025Q1", coverage_5g=97)
    response = haizhu_client.get(url())
    assert [park.code for _r, park, _v, _p in response.context["ranked"]] == ["pazhou"]
    html = response.content.decode()
    assert yuzhu_bay.name not in html
    for chart_id in ("over_time", "ranking"):
        download = haizhu_client.get(url(), {"download": chart_id, "format": "csv"})
        assert yuzhu_bay.name not in download.content.decode("utf-8-sig")


def test_query_count_is_the_same_at_two_data_sizes(
    manager_client, pazhou, django_assert_num_queries
):
    # session, user, the indicator, the policy in force, the user's permissions (one query), then
    # Progress.load: targets,
    # indicators, periods, active parks, visible parks, report values (a reported
    # indicator needs no register query); the demo-data banner check.
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(13):
        manager_client.get(url())
    seed_figures(Park.objects.exclude(pk=pazhou.pk), [2022, 2023, 2024])
    with django_assert_num_queries(13):
        manager_client.get(url())
    # Warm (served from the page cache): session, user, the user's permissions (one
    # query: the scope in the cache key), the data version.
    with django_assert_num_queries(4):
        manager_client.get(url())
    # Another page: a register indicator adds the register count (the demo-data answer
    # is cached under the data version by the views above).
    with django_assert_num_queries(13):
        manager_client.get(url("chain_leaders"))


def test_revenue_page_has_each_parks_single_quarters(manager_client, pazhou, yuzhu_bay):
    approved_report(pazhou, "2025Q1", revenue=100)
    approved_report(pazhou, "2025Q2", revenue=230)
    approved_report(pazhou, "2026Q1", revenue=120)
    approved_report(yuzhu_bay, "2025Q2", revenue=50)
    response = manager_client.get(url("revenue"))
    chart = response.context["charts"]["single_quarter"]
    rows = {x: [cell["text"] for cell in cells] for x, cells in chart.table()["body"]}
    names = [series.name for series in chart.series]
    assert names == [pazhou.name, yuzhu_bay.name]
    # 琶洲: Q1 is its own figure, Q2 = 230 - 100; 鱼珠湾 lacks Q1, so its Q2 has no figure.
    assert rows["2025Q1"][0] == "100.00"
    assert rows["2025Q2"] == ["130.00", "–"]
    assert rows["2026Q1"][0] == "120.00"
    hover = chart.figure()["data"][0]["customdata"]
    assert any("同比 +20.0%" in text for text in map(str, hover))
    html = response.content.decode()
    assert "营收(产值)(单季)" in html


def test_share_and_level_indicators_have_no_single_quarter_chart(manager_client, pazhou):
    approved_report(pazhou, "2025Q1", coverage_5g=90)
    for code in ("coverage_5g", "core_share"):
        assert "single_quarter" not in manager_client.get(url(code)).context["charts"]
