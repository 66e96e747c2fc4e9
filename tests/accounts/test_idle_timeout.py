"""Idle timeout (SESSION_IDLE_TIMEOUT_MINUTES, default 30): the server ends the session and the
next request goes to the login page, with ?next= the page asked for."""

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from accounts.signals import session_timed_out

from .conftest import LOGIN, log_in, redirect_path

PARKS = reverse("park_list")


@pytest.fixture
def timeouts():
    seen = []

    def receiver(sender, user, request, reason, **kwargs):
        seen.append((user.get_username(), reason))

    session_timed_out.connect(receiver)
    yield seen
    session_timed_out.disconnect(receiver)


def test_default_is_thirty_minutes(settings):
    assert settings.SESSION_IDLE_TIMEOUT_MINUTES == 30


def test_activity_within_the_limit_keeps_the_session(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    for _ in range(4):
        clock.shift(29 * 60)
        assert client.get(PARKS).status_code == 200


def test_thirty_idle_minutes_end_the_session_on_the_server(client, clock, haizhu_officer, timeouts):
    log_in(client, haizhu_officer)
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    clock.shift(30 * 60)
    response = client.get(PARKS)
    assert redirect_path(response) == f"{LOGIN}?next={PARKS}"
    assert not Session.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session
    assert timeouts == [("xiaohai", "idle")]


def test_the_login_page_says_why_in_chinese(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    clock.shift(31 * 60)
    page = client.get(PARKS, follow=True).content.decode()
    assert "您已 30 分钟无操作,系统已自动退出登录。" in page


def test_a_post_after_the_timeout_changes_nothing(client, clock, haizhu_officer, pazhou, quarter):
    from tests.conftest import report_form_data
    from tracker.models import ParkReport

    log_in(client, haizhu_officer)
    clock.shift(45 * 60)
    add = reverse("admin:tracker_parkreport_add")
    response = client.post(add, report_form_data(park=pazhou.pk, period=quarter.pk))
    assert redirect_path(response) == f"{LOGIN}?next={add}"
    assert not ParkReport.objects.exists()


def test_the_limit_is_a_setting(client, clock, settings, haizhu_officer):
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 5
    log_in(client, haizhu_officer)
    clock.shift(4 * 60)
    assert client.get(PARKS).status_code == 200
    clock.shift(5 * 60)
    assert redirect_path(client.get(PARKS)).startswith(LOGIN)


def test_the_admin_times_out_too(client, clock, reviewer):
    log_in(client, reviewer)
    clock.shift(30 * 60)
    index = reverse("admin:index")
    assert redirect_path(client.get(index)) == f"{LOGIN}?next={index}"
