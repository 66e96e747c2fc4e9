"""The idle-logout warning: the page carries the time left; the status endpoint answers
without counting as activity; only "stay signed in" (the extend endpoint) extends."""

import re

from django.test import Client
from django.urls import reverse

from .conftest import LOGIN, log_in, redirect_path

PARKS = reverse("park_list")
STATUS = reverse("accounts:session_status")
EXTEND = reverse("accounts:session_extend")


def banner(html):
    match = re.search(r'<div id="session-timeout"[^>]*>', html)
    return match.group(0) if match else None


def attribute(tag, name):
    return re.search(rf'{name}="([^"]*)"', tag).group(1)


def test_pages_carry_the_time_left_and_the_warning_lead(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    clock.shift(5 * 60)
    html = client.get(PARKS).content.decode()
    tag = banner(html)
    # The page itself is activity, so a full idle period is left.
    assert attribute(tag, "data-remaining") == "1800"
    assert attribute(tag, "data-limit") == "idle"
    assert attribute(tag, "data-warning") == "120"
    assert " hidden" in tag
    assert attribute(tag, "data-status-url") == STATUS
    assert attribute(tag, "data-extend-url") == EXTEND
    assert '<script src="/static/js/session-timeout.js" defer></script>' in html
    assert "保持登录" in html  # the banner's button, in Chinese


def test_the_admin_pages_carry_it_too(client, clock, reviewer):
    log_in(client, reviewer)
    html = client.get(reverse("admin:index")).content.decode()
    assert banner(html) is not None
    assert "/static/js/session-timeout.js" in html


def test_no_warning_for_anonymous_visitors(client, guideline):
    assert banner(client.get(LOGIN).content.decode()) is None


def test_status_does_not_extend_the_session(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    clock.shift(20 * 60)
    assert client.get(STATUS).json() == {"authenticated": True, "remaining": 600, "limit": "idle"}
    clock.shift(9 * 60)
    assert client.get(STATUS).json()["remaining"] == 60
    clock.shift(60)
    assert client.get(STATUS).json() == {"authenticated": False, "remaining": 0}
    # Polling did not keep the session alive: it is over.
    assert redirect_path(client.get(PARKS)) == f"{LOGIN}?next={PARKS}"


def test_staying_signed_in_extends_the_session(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    clock.shift(29 * 60)
    response = client.post(EXTEND)
    assert response.json() == {"authenticated": True, "remaining": 1800, "limit": "idle"}
    clock.shift(29 * 60)
    assert client.get(PARKS).status_code == 200


def test_extending_is_a_post_with_a_csrf_token(clock, haizhu_officer):
    client = Client(enforce_csrf_checks=True)
    log_in_strict(client, haizhu_officer)
    clock.shift(29 * 60)
    assert client.get(EXTEND).status_code == 405
    assert client.post(EXTEND).status_code == 403
    clock.shift(60)
    assert client.get(STATUS).json()["authenticated"] is False


def log_in_strict(client, user):
    client.get(LOGIN)
    token = client.cookies["csrftoken"].value
    from tests.factories import PASSWORD

    client.post(
        LOGIN,
        {"username": user.get_username(), "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert "_auth_user_id" in client.session


def test_extending_cannot_move_the_absolute_limit(client, clock, settings, haizhu_officer):
    settings.SESSION_ABSOLUTE_HOURS = 1
    log_in(client, haizhu_officer)
    clock.shift(29 * 60)
    client.get(PARKS)
    clock.shift(29 * 60)
    state = client.post(EXTEND).json()
    assert state == {"authenticated": True, "remaining": 120, "limit": "absolute"}
    html = client.get(PARKS).content.decode()
    assert attribute(banner(html), "data-limit") == "absolute"


def test_an_ended_session_extends_nothing(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    clock.shift(31 * 60)
    assert client.post(EXTEND).json() == {"authenticated": False, "remaining": 0}
    assert redirect_path(client.get(PARKS)).startswith(LOGIN)


def test_when_the_status_finds_the_session_over_the_login_page_says_why(
    client, clock, haizhu_officer
):
    log_in(client, haizhu_officer)
    clock.shift(30 * 60)
    assert client.get(STATUS).json()["authenticated"] is False
    # The warning's script now opens the login page.
    page = client.get(f"{LOGIN}?next={PARKS}").content.decode()
    assert "您已 30 分钟无操作,系统已自动退出登录。" in page


def test_the_status_endpoint_is_cheap(client, haizhu_officer, django_assert_num_queries):
    log_in(client, haizhu_officer)
    # the session and its user; nothing is written (it is not activity)
    with django_assert_num_queries(2):
        client.get(STATUS)


def test_pages_pay_nothing_extra_for_the_limits(
    client, clock, haizhu_officer, django_assert_num_queries
):
    """The limits live in the session: checking them costs no query, and activity is written
    at most once a minute."""
    page = reverse("accounts:security")  # 6 queries of its own (test_security_page)
    log_in(client, haizhu_officer)
    client.get(page)
    clock.shift(30)
    with django_assert_num_queries(6):
        client.get(page)
    clock.shift(61)
    # a minute on, the page records the activity: the session's save (savepoint, UPDATE,
    # release) on top
    with django_assert_num_queries(9):
        client.get(page)
