"""/briefing/<year>/: the print-ready one-page summary of all targets."""

import pytest
from django.urls import reverse

from parks.models import Park
from tests.factories import approved_report, seed_figures


def url(year=2025):
    return reverse("briefing", args=[year])


def test_anonymous_is_sent_to_login(client, guideline):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["haizhu_client", "reviewer_client", "manager_client"])
def test_every_role_gets_the_briefing(request, persona):
    response = request.getfixturevalue(persona).get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "《广州珠江沿岸地区高质量发展带工信产业导则》目标进展(2025年)" in html
    assert len(response.context["scorecard"]) == 16  # every target of the guideline fixture


@pytest.mark.parametrize("year", [2021, 1900, 2999, 99999])
def test_year_out_of_range_is_404(manager_client, year):
    assert manager_client.get(url(year)).status_code == 404


def test_non_numeric_year_is_404(manager_client):
    assert manager_client.get("/briefing/twenty/").status_code == 404


def test_print_ready_without_navigation(manager_client):
    html = manager_client.get(url()).content.decode()
    assert "css/briefing.css" in html
    assert 'class="main-nav"' not in html and 'class="site-header"' not in html
    assert 'class="briefing"' in html


def test_briefing_speaks_for_the_end_of_its_year(manager_client, pazhou, yuzhu_bay):
    # 5G: 琶洲 reached 100% in 2024, after the 2023 deadline.
    approved_report(pazhou, "2022Q4", coverage_5g=60)
    approved_report(pazhou, "2023Q4", coverage_5g=90)
    approved_report(pazhou, "2024Q4", coverage_5g=100)
    response = manager_client.get(url(2023))
    assert response.context["progress"].as_of.isoformat() == "2023-12-31"
    rows = {row.target.code: row for row in response.context["scorecard"]}
    assert rows["2023-5g-coverage"].result.status == "missed"
    counted = {r.park.code: r.evaluation.actual for r in rows["2023-5g-coverage"].result.parks}
    assert counted["pazhou"] == 90


def test_query_count_is_the_same_at_two_data_sizes(
    manager_client, pazhou, django_assert_num_queries
):
    # session, user, the policy in force (also bounds the years), the user's permissions (one query),
    # Standings.load's 8 (dashboards/standings.py: the frame, the rules version, the figures
    # and register counts of the parks out of date);
    # the data version (the page cache's key); the demo-data banner check.
    seed_figures([pazhou], [2023])
    with django_assert_num_queries(14):
        manager_client.get(url())
    seed_figures(Park.objects.exclude(pk=pazhou.pk), [2022, 2023, 2024, 2025])
    with django_assert_num_queries(14):
        manager_client.get(url())
    # Warm (served from the page cache): session, user, the user's permissions (one
    # query: the scope in the cache key), the data version.
    with django_assert_num_queries(4):
        manager_client.get(url())
