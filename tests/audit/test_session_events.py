"""Logins, failed logins, logouts and the account signals land in the trail with who,
when, from where and the result."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from accounts import signals as account_signals
from tests.audit.conftest import FROZEN_NOW, entries, only_entry
from tests.factories import PASSWORD

LOGIN = reverse("login")
LOGOUT = reverse("logout")


@pytest.fixture
def behind_proxy(settings):
    settings.NUM_PROXIES = 1
    # The proxy connects from 10.0.0.2 and appends the client it saw to X-Forwarded-For.
    return {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7, 203.0.113.9"}


def test_login_records_user_time_and_client_behind_the_proxy(
    client, haizhu_officer, behind_proxy, frozen
):
    response = client.post(LOGIN, {"username": "xiaohai", "password": PASSWORD}, **behind_proxy)
    assert response.status_code == 302
    entry = only_entry("login")
    assert entry.user == haizhu_officer
    assert entry.username == "xiaohai"
    # The address the proxy saw, not the proxy's own and not what the client wrote in front.
    assert entry.client_address == "203.0.113.9"
    assert entry.timestamp == FROZEN_NOW
    assert entry.result == "success"
    assert (entry.object_type, entry.object_id) == ("auth.user", str(haizhu_officer.pk))


def test_without_proxy_setting_the_header_is_ignored(client, haizhu_officer, settings):
    settings.NUM_PROXIES = 0
    client.post(
        LOGIN,
        {"username": "xiaohai", "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert only_entry("login").client_address == "192.0.2.10"


def test_failed_login_keeps_the_attempted_name_and_address(
    client, haizhu_officer, behind_proxy, frozen
):
    client.post(LOGIN, {"username": "xiaohai", "password": "wrong-password"}, **behind_proxy)
    client.post(LOGIN, {"username": "nobody", "password": "x"}, **behind_proxy)
    first, second = entries("login_failed")
    assert (first.username, second.username) == ("xiaohai", "nobody")
    assert first.user is None and second.user is None
    assert first.result == second.result == "failure"
    assert first.client_address == "203.0.113.9"
    assert first.timestamp == FROZEN_NOW
    assert "wrong-password" not in str(first.detail)
    assert not entries("login")


def test_locked_out_attempt_is_marked(client, haizhu_officer):
    for _ in range(5):
        client.post(LOGIN, {"username": "xiaohai", "password": "wrong-password"})
    response = client.post(LOGIN, {"username": "xiaohai", "password": PASSWORD})
    assert response.status_code == 429
    failures = entries("login_failed", username="xiaohai")
    assert len(failures) == 6
    assert failures[-1].detail == {"locked_out": True}
    assert not entries("login")


def test_logout_is_recorded(client, haizhu_officer, frozen):
    client.post(LOGIN, {"username": "xiaohai", "password": PASSWORD})
    client.post(LOGOUT)
    entry = only_entry("logout")
    assert entry.user == haizhu_officer
    assert entry.client_address == "127.0.0.1"
    assert entry.timestamp == FROZEN_NOW


def test_logout_without_a_session_records_nothing(client, guideline):
    client.post(LOGOUT)
    assert not entries("logout")


@pytest.mark.parametrize(
    "name, arguments, event, result, detail",
    [
        ("session_timed_out", {"reason": "idle"}, "session_timeout", "success", {"reason": "idle"}),
        (
            "other_session_ended",
            {"session_key": "s3cr3t-session-key"},
            "other_session_ended",
            "success",
            {},
        ),
        (
            "password_changed",
            {"forced": "expired"},
            "password_change",
            "success",
            {"forced": "expired"},
        ),
        (
            "second_factor_enrolled",
            {"device": object(), "replaced": True},
            "second_factor_enrolled",
            "success",
            {"replaced": True},
        ),
        ("second_factor_verified", {"device": object()}, "second_factor_verified", "success", {}),
        ("recovery_code_used", {"remaining": 9}, "recovery_code_used", "success", {"remaining": 9}),
        (
            "second_factor_locked_out",
            {"attempts": 5},
            "second_factor_locked_out",
            "failure",
            {"attempts": 5},
        ),
    ],
)
def test_account_signals_are_recorded(
    name, arguments, event, result, detail, haizhu_officer, behind_proxy, frozen
):
    request = RequestFactory().get("/", **behind_proxy)
    getattr(account_signals, name).send(
        sender=None, user=haizhu_officer, request=request, **arguments
    )
    entry = only_entry(event)
    assert entry.user == haizhu_officer
    assert (entry.object_type, entry.object_id) == ("auth.user", str(haizhu_officer.pk))
    assert entry.client_address == "203.0.113.9"
    assert entry.timestamp == FROZEN_NOW
    assert entry.result == result
    # Scalars only: never a device, and never a session key (it would let a reader log in).
    assert entry.detail == detail


def test_password_set_by_an_administrator_names_both(haizhu_officer, security_admin):
    account_signals.password_changed.send(
        sender=None, user=haizhu_officer, request=None, changed_by=security_admin, forced=None
    )
    entry = only_entry("password_change")
    assert entry.user == security_admin
    assert entry.object_id == str(haizhu_officer.pk)
    assert entry.object_text == "xiaohai"
    assert entry.client_address == ""
