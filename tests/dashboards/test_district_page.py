"""/districts/<code>/: the district's parks and their target statuses."""

import pytest
from django.urls import reverse

from tests.factories import approved_report, seed_figures


def url(code="huangpu"):
    return reverse("district_detail", args=[code])


def test_anonymous_is_sent_to_login(client, guideline):
    response = client.get(url())
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("haizhu_client", 404),
        ("huangpu_client", 200),
        ("reviewer_client", 200),
        ("manager_client", 200),
    ],
)
def test_who_sees_the_district(request, persona, status, guideline):
    assert request.getfixturevalue(persona).get(url()).status_code == status


def test_unknown_district_is_404(manager_client):
    assert manager_client.get(url("atlantis")).status_code == 404


def test_parks_with_their_target_statuses(huangpu_client, yuzhu_bay):
    approved_report(yuzhu_bay, "2023Q4", coverage_5g=100, one_park_one_policy=1)
    response = huangpu_client.get(url())
    rows = {park.code: results for park, results in response.context["status_rows"]}
    assert list(rows) == ["yuzhu-core", "suigang", "yuzhu-bay"]
    codes = [result.target.code for result in response.context["target_results"]]
    statuses = dict(zip(codes, [r.status for r in rows["yuzhu-bay"]], strict=True))
    assert statuses["2023-5g-coverage"] == "achieved"
    assert statuses["2023-one-park-one-policy"] == "achieved"
    assert statuses["2023-chain-leader"] == "missed"
    assert set(r.status for r in rows["suigang"]) <= {"no_data", "missed", "not_quantified"}
    html = response.content.decode()
    # Past the deadline each cell says the outcome: met at the deadline is on time.
    assert "本区园区目标状态" in html and "按期达成" in html and "未达成" in html


def test_query_count_is_the_same_at_two_data_sizes(
    manager_client, yuzhu_bay, django_assert_num_queries
):
    # session, user, the user's permissions (one query), the district, the policy in force; Progress.load's
    # 7; the park list and the area total; the data version (the page cache's key); the demo-data
    # banner check.
    seed_figures([yuzhu_bay], [2023])
    with django_assert_num_queries(16):
        manager_client.get(url())
    seed_figures([yuzhu_bay], [2022, 2024, 2025])
    with django_assert_num_queries(16):
        manager_client.get(url())
    # Warm (served from the page cache): session, user, the user's permissions (one
    # query: the scope in the cache key), the data version.
    with django_assert_num_queries(4):
        manager_client.get(url())
