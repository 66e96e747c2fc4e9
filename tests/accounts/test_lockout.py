"""Login lockout keyed on user name + the real client address (issue 9, Build 4).

Behind a proxy every request comes from the proxy's address; only X-Forwarded-For, as the
proxy wrote it, tells clients apart.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("login")
PROXY = "10.0.0.2"
ATTACKER = "203.0.113.5"
OFFICE = "198.51.100.9"


def login(client, username, password, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(LOGIN, {"username": username, "password": password}, **extra)


def logged_in_as(client, user):
    return client.session.get("_auth_user_id") == str(user.pk)


@pytest.fixture
def behind_one_proxy(settings):
    settings.NUM_PROXIES = 1


@pytest.fixture
def six_failures_from_attacker(huangpu_officer, client):
    for _ in range(6):
        response = login(client, "xiaohuang", "wrong-password", forwarded=ATTACKER)
    client.cookies.clear()
    return response


def test_failures_from_one_client_do_not_lock_out_another(
    behind_one_proxy, huangpu_officer, six_failures_from_attacker, client
):
    assert six_failures_from_attacker.status_code == 429
    response = login(client, "xiaohuang", PASSWORD, forwarded=OFFICE)
    assert response.status_code == 302
    assert logged_in_as(client, huangpu_officer)


def test_the_failing_client_is_locked_even_with_the_right_password(
    behind_one_proxy, huangpu_officer, six_failures_from_attacker, client
):
    response = login(client, "xiaohuang", PASSWORD, forwarded=ATTACKER)
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()
    assert not logged_in_as(client, huangpu_officer)


def test_failures_are_recorded_under_the_client_address(
    behind_one_proxy, huangpu_officer, six_failures_from_attacker
):
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address) == ("xiaohuang", ATTACKER)


def test_a_forged_prefix_does_not_change_the_address(
    behind_one_proxy, huangpu_officer, six_failures_from_attacker, client
):
    # The locked client claims to be the office; nginx appends the real address after it.
    response = login(client, "xiaohuang", PASSWORD, forwarded=f"{OFFICE}, {ATTACKER}")
    assert response.status_code == 429
    assert not logged_in_as(client, huangpu_officer)


def test_a_forged_prefix_cannot_lock_out_the_office(behind_one_proxy, huangpu_officer, client):
    for _ in range(6):
        login(client, "xiaohuang", "wrong-password", forwarded=f"{OFFICE}, {ATTACKER}")
    client.cookies.clear()
    assert login(client, "xiaohuang", PASSWORD, forwarded=OFFICE).status_code == 302
    assert logged_in_as(client, huangpu_officer)


def test_without_proxies_the_header_is_ignored(settings, huangpu_officer, client):
    settings.NUM_PROXIES = 0
    # A directly connected client cannot spread its failures over invented addresses...
    for number in range(6):
        login(client, "xiaohuang", "wrong-password", remote=ATTACKER, forwarded=f"192.0.2.{number}")
    response = login(client, "xiaohuang", PASSWORD, remote=ATTACKER, forwarded=OFFICE)
    assert response.status_code == 429
    assert AccessAttempt.objects.get().ip_address == ATTACKER
    # ...nor lock out the address it names.
    client.cookies.clear()
    assert login(client, "xiaohuang", PASSWORD, remote=OFFICE).status_code == 302
    assert logged_in_as(client, huangpu_officer)
