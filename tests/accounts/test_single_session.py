"""One active session per user (SINGLE_SESSION, default on): a new login ends the older one,
with the database and the cache session backends."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.signals import other_session_ended

from .conftest import LOGIN, VERIFY, confirmed_device, log_in, redirect_path, totp_code

PARKS = reverse("park_list")
ENGINES = [
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cache",
    "django.contrib.sessions.backends.cached_db",
]


@pytest.fixture(params=ENGINES, ids=["db", "cache", "cached_db"])
def session_engine(request, settings):
    settings.SESSION_ENGINE = request.param
    return request.param


def test_a_new_login_ends_the_older_session(session_engine, haizhu_officer):
    office, home = Client(), Client()
    log_in(office, haizhu_officer)
    assert office.get(PARKS).status_code == 200
    log_in(home, haizhu_officer)
    assert home.get(PARKS).status_code == 200
    assert redirect_path(office.get(PARKS)) == f"{LOGIN}?next={PARKS}"


def test_the_ended_session_record_is_gone(haizhu_officer):
    office, home = Client(), Client()
    log_in(office, haizhu_officer)
    old_key = office.session.session_key
    ended = []
    other_session_ended.connect(receiver := lambda **kw: ended.append(kw["session_key"]))
    try:
        log_in(home, haizhu_officer)
    finally:
        other_session_ended.disconnect(receiver)
    assert not Session.objects.filter(session_key=old_key).exists()
    assert ended == [old_key]


def test_other_users_keep_their_sessions(haizhu_officer, huangpu_officer):
    haizhu, huangpu = Client(), Client()
    log_in(haizhu, haizhu_officer)
    log_in(huangpu, huangpu_officer)
    assert haizhu.get(PARKS).status_code == 200
    assert huangpu.get(PARKS).status_code == 200


def test_off_allows_several_sessions(settings, haizhu_officer):
    settings.SINGLE_SESSION = False
    office, home = Client(), Client()
    log_in(office, haizhu_officer)
    log_in(home, haizhu_officer)
    assert office.get(PARKS).status_code == 200
    assert home.get(PARKS).status_code == 200


def test_a_password_change_keeps_the_rule(haizhu_officer):
    """Changing the password gives the session a new key; a later login still ends it."""
    office, home = Client(), Client()
    log_in(office, haizhu_officer)
    new_password = "Riverside-2025!"
    response = office.post(
        reverse("accounts:password_change"),
        {
            "old_password": "persona-pass-2022",
            "new_password1": new_password,
            "new_password2": new_password,
        },
    )
    assert response.status_code == 302
    assert office.get(PARKS).status_code == 200
    log_in(home, haizhu_officer, password=new_password)
    assert redirect_path(office.get(PARKS)).startswith(LOGIN)


def test_a_password_alone_does_not_end_the_real_session(clock, settings, haizhu_officer):
    """With a second factor, only a completed login ends the older session: someone who has
    the password but not the phone cannot sign the real user out."""
    settings.REQUIRE_2FA = True
    device, _codes = confirmed_device(haizhu_officer)
    owner, thief = Client(), Client()
    log_in(owner, haizhu_officer)
    owner.post(VERIFY, {"code": totp_code(device)})
    assert owner.get(PARKS).status_code == 200

    log_in(thief, haizhu_officer)
    assert redirect_path(thief.get(PARKS)).startswith(VERIFY)
    assert owner.get(PARKS).status_code == 200

    clock.shift(30)
    thief.post(VERIFY, {"code": totp_code(device)})  # now with the code: a real login
    assert thief.get(PARKS).status_code == 200
    assert redirect_path(owner.get(PARKS)).startswith(LOGIN)
