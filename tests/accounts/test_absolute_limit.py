"""Absolute limit (SESSION_ABSOLUTE_HOURS, default 12): however active, a session ends."""

from django.urls import reverse

from .conftest import LOGIN, log_in, redirect_path

PARKS = reverse("park_list")


def stay_active(client, clock, minutes, every=20):
    for _ in range(minutes // every):
        clock.shift(every * 60)
        assert client.get(PARKS).status_code == 200


def test_an_active_session_ends_after_twelve_hours(client, clock, huangpu_officer):
    log_in(client, huangpu_officer)
    stay_active(client, clock, 11 * 60 + 40)
    clock.shift(20 * 60)  # 12 h since login
    response = client.get(PARKS)
    assert redirect_path(response) == f"{LOGIN}?next={PARKS}"
    page = client.get(response["Location"]).content.decode()
    assert "本次登录已达 12 小时上限,会话已结束。" in page


def test_the_session_record_never_outlives_the_limit(settings):
    assert settings.SESSION_ABSOLUTE_HOURS == 12
    assert settings.SESSION_COOKIE_AGE == 12 * 3600


def test_the_limit_is_a_setting(client, clock, settings, huangpu_officer):
    settings.SESSION_ABSOLUTE_HOURS = 1
    log_in(client, huangpu_officer)
    stay_active(client, clock, 40)
    clock.shift(20 * 60)
    assert redirect_path(client.get(PARKS)).startswith(LOGIN)


def test_a_session_without_login_time_is_over(client, clock, huangpu_officer):
    """Sessions from before these limits existed (no login time recorded) are ended."""
    log_in(client, huangpu_officer)
    session = client.session
    del session["accounts.login_at"]
    session.save()
    assert redirect_path(client.get(PARKS)).startswith(LOGIN)
