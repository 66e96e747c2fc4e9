from decimal import Decimal

import pytest
from django.urls import reverse

PAGES = [reverse("park_list")]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_login(client, guideline, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_park_list_groups_by_role_with_total_area(manager_client):
    response = manager_client.get(reverse("park_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("智核") < html.index("产业化片区")
    assert response.context["guideline_area"] == Decimal("81.87")
    assert response.context["guideline_count"] == 12
    assert "81.87" in html
    assert "广州大学城" in html and "广州五羊新城创新活力区" in html


def test_english_is_selectable(manager_client):
    response = manager_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("park_list")}
    )
    assert response.status_code == 302
    html = manager_client.get(reverse("park_list")).content.decode()
    assert 'lang="en"' in html
    assert "Guangzhou University Town" in html


def test_chinese_by_default(manager_client):
    html = manager_client.get(reverse("park_list")).content.decode()
    assert 'lang="zh-CN"' in html
    assert "滨江高端产业园" in html


def test_officer_list_links_only_own_parks(haizhu_client):
    html = haizhu_client.get(reverse("park_list")).content.decode()
    assert reverse("park_detail", args=["pazhou"]) in html
    assert reverse("park_detail", args=["yuzhu-bay"]) not in html
    # The registry itself (names, areas) is the guideline's public text: all 12 listed.
    assert "鱼珠湾商务区" in html


def test_navigation_names_the_park_list_in_both_languages(manager_client):
    link = f'<a href="{reverse("park_list")}">'
    assert link + "园区</a>" in manager_client.get(reverse("park_list")).content.decode()
    manager_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert link + "Parks</a>" in manager_client.get(reverse("park_list")).content.decode()
