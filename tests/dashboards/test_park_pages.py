"""The park and district pages' registry facts and who may open them (the progress parts
are in test_park_progress_page.py and test_district_page.py)."""

import pytest
from django.urls import reverse

PAGES = [
    reverse("park_detail", args=["pazhou"]),
    reverse("district_detail", args=["huangpu"]),
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, guideline, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_park_page_lists_industries_and_projects(haizhu_client):
    response = haizhu_client.get(reverse("park_detail", args=["pazhou"]))
    html = response.content.decode()
    assert "广州人工智能与数字经济试验区琶洲核心区" in html
    assert "移动互联网" in html
    assert "三七互娱广州总部大楼项目" in html
    assert "14.90" in html


def test_unknown_park_is_404(manager_client):
    assert manager_client.get(reverse("park_detail", args=["atlantis"])).status_code == 404


def test_district_page_lists_its_parks(manager_client):
    response = manager_client.get(reverse("district_detail", args=["huangpu"]))
    assert [park.code for park in response.context["parks"]] == [
        "yuzhu-core",
        "suigang",
        "yuzhu-bay",
    ]


def test_officer_cannot_open_another_districts_park_or_district(haizhu_client):
    assert haizhu_client.get(reverse("park_detail", args=["yuzhu-bay"])).status_code == 404
    assert haizhu_client.get(reverse("district_detail", args=["huangpu"])).status_code == 404
    assert haizhu_client.get(reverse("district_detail", args=["haizhu"])).status_code == 200
