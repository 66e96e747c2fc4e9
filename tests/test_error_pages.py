"""With DEBUG off, 403 and 404 pages come in the app's own layout and language; the 500
page stands alone and touches no database (issue 10, item 19)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

MISSING = "/no-such-page/"
# District officers may not add reporting periods: the admin refuses with 403.
FORBIDDEN = reverse("admin:tracker_reportingperiod_add")


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["testserver"]


def looks_like_the_app(html):
    assert 'class="site-header"' in html
    assert "珠江沿岸高质量发展带目标进度追踪" in html  # the site name in the header
    assert 'href="/static/css/app.css"' in html


def test_404_for_an_officer(production, haizhu_client):
    response = haizhu_client.get(MISSING)
    assert response.status_code == 404
    html = response.content.decode()
    looks_like_the_app(html)
    assert 'class="main-nav"' in html  # a signed-in user can navigate on
    assert "页面不存在" in html
    assert "Not Found" not in html


def test_404_for_anonymous(production, client, guideline):
    response = client.get(MISSING)
    assert response.status_code == 404
    html = response.content.decode()
    looks_like_the_app(html)
    assert 'class="main-nav"' not in html
    assert "页面不存在" in html


def test_404_in_english(production, haizhu_client):
    haizhu_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = haizhu_client.get(MISSING).content.decode()
    assert 'lang="en"' in html and "Page not found" in html


def test_404_of_another_districts_park_is_the_same_page(production, haizhu_client):
    response = haizhu_client.get(reverse("park_detail", args=["yuzhu-bay"]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_403_for_an_officer(production, haizhu_client):
    response = haizhu_client.get(FORBIDDEN)
    assert response.status_code == 403
    html = response.content.decode()
    looks_like_the_app(html)
    assert "无权操作" in html
    assert "403 Forbidden" not in html


def test_403_for_anonymous_is_the_expired_form_page(production, guideline):
    # An anonymous visitor meets 403 when a form comes back without its CSRF token (e.g. a
    # login page left open across a restart of the session).
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    looks_like_the_app(html)
    assert "表单已失效" in html
    assert "CSRF" not in html


def test_500_page_stands_alone_without_queries(guideline, django_assert_num_queries):
    request = RequestFactory().get("/")
    with translation.override("zh-hans"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器错误" in html and 'lang="zh-CN"' in html
    assert "{%" not in html and "<link" not in html and "<script" not in html
    with translation.override("en"):
        assert "Server error" in server_error(request).content.decode()
