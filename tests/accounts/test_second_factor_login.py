"""Login with a second step: the TOTP code or a single-use recovery code; wrong codes are
refused, and five of them end the half-logged-in session (and lock the login, via axes)."""

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from accounts.signals import recovery_code_used, second_factor_locked_out, second_factor_verified
from tests.factories import PASSWORD

from .conftest import LOGIN, VERIFY, confirmed_device, log_in, redirect_path, totp_code


@pytest.fixture
def enrolled(clock, haizhu_officer):
    """小海 with an authenticator app and 10 recovery codes."""
    return confirmed_device(haizhu_officer)


@pytest.fixture
def signals():
    seen = []

    def receiver(signal, **kwargs):
        seen.append((signal, kwargs))

    for signal in (second_factor_verified, recovery_code_used, second_factor_locked_out):
        signal.connect(receiver)
    yield seen
    for signal in (second_factor_verified, recovery_code_used, second_factor_locked_out):
        signal.disconnect(receiver)


def wrong_code(device):
    return f"{(int(totp_code(device)) + 7) % 1000000:06d}"


def test_the_password_leads_to_the_second_step(client, enrolled, haizhu_officer):
    response = log_in(client, haizhu_officer, next_url="/parks/")
    assert redirect_path(response) == "/parks/"
    assert redirect_path(client.get("/parks/")) == f"{VERIFY}?next=%2Fparks%2F"
    page = client.get(f"{VERIFY}?next=/parks/").content.decode()
    assert "请输入身份验证器应用当前显示的 6 位验证码" in page


def test_the_right_code_opens_the_page(client, enrolled, haizhu_officer, signals):
    device, _codes = enrolled
    log_in(client, haizhu_officer)
    key_before = client.session.session_key
    response = client.post(VERIFY, {"code": totp_code(device), "next": "/parks/"})
    assert redirect_path(response) == "/parks/"
    assert client.get("/parks/").status_code == 200
    # Verifying is a change of privilege: the session gets a new key.
    assert client.session.session_key != key_before
    assert not Session.objects.filter(session_key=key_before).exists()
    assert [(s, kw["user"], kw["device"]) for s, kw in signals] == [
        (second_factor_verified, haizhu_officer, device)
    ]


def test_a_code_with_spaces_is_accepted(client, enrolled, haizhu_officer):
    device, _codes = enrolled
    log_in(client, haizhu_officer)
    code = totp_code(device)
    client.post(VERIFY, {"code": f" {code[:3]} {code[3:]} "})
    assert client.get("/parks/").status_code == 200


def test_a_wrong_code_is_refused_in_chinese(client, enrolled, haizhu_officer):
    device, _codes = enrolled
    log_in(client, haizhu_officer)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    assert response.status_code == 200
    assert "验证码不正确,或已被使用过。" in response.content.decode()
    assert redirect_path(client.get("/parks/")).startswith(VERIFY)


def test_a_used_code_cannot_be_replayed(client, clock, enrolled, haizhu_officer):
    device, _codes = enrolled
    code = totp_code(device)
    log_in(client, haizhu_officer)
    client.post(VERIFY, {"code": code})
    other = Client()
    clock.shift(5)  # same 30-second step: the code on the screen has not changed
    log_in(other, haizhu_officer)
    response = other.post(VERIFY, {"code": code})
    assert "验证码不正确,或已被使用过。" in response.content.decode()


def test_a_recovery_code_works_once(client, clock, enrolled, haizhu_officer, signals):
    _device, codes = enrolled
    log_in(client, haizhu_officer)
    response = client.post(VERIFY, {"code": codes[0].upper(), "next": "/parks/"})
    assert redirect_path(response) == "/parks/"
    assert client.get("/parks/").status_code == 200
    used = [kw for s, kw in signals if s is recovery_code_used]
    assert [(kw["user"], kw["remaining"]) for kw in used] == [(haizhu_officer, 9)]

    client.post(reverse("logout"))
    clock.shift(60)
    log_in(client, haizhu_officer)
    response = client.post(VERIFY, {"code": codes[0]})
    assert "验证码不正确,或已被使用过。" in response.content.decode()
    assert redirect_path(client.get("/parks/")).startswith(VERIFY)
    clock.shift(60)
    client.post(VERIFY, {"code": codes[1]})
    assert client.get("/parks/").status_code == 200


def test_five_wrong_codes_end_the_half_logged_in_session(
    client, clock, enrolled, haizhu_officer, signals
):
    device, _codes = enrolled
    log_in(client, haizhu_officer)
    key = client.session.session_key
    for attempt in range(1, 5):
        response = client.post(VERIFY, {"code": wrong_code(device)})
        assert response.status_code == 200, attempt
        clock.shift(60)
    response = client.post(VERIFY, {"code": wrong_code(device)})
    # The fifth also reaches django-axes' limit: the login is locked, the session gone.
    assert response.status_code == 429
    assert not Session.objects.filter(session_key=key).exists()
    assert "_auth_user_id" not in client.session
    assert redirect_path(client.get("/parks/")).startswith(LOGIN)
    locked = [kw for s, kw in signals if s is second_factor_locked_out]
    assert [(kw["user"], kw["attempts"]) for kw in locked] == [(haizhu_officer, 5)]
    # Even the right password and code get nowhere now.
    assert log_in(client, haizhu_officer).status_code == 429


def test_the_count_is_per_login(client, clock, enrolled, haizhu_officer):
    """Four wrong codes, then the right one: in; the count starts again at the next login."""
    device, _codes = enrolled
    log_in(client, haizhu_officer)
    for _ in range(4):
        client.post(VERIFY, {"code": wrong_code(device)})
        clock.shift(60)
    client.post(VERIFY, {"code": totp_code(device)})
    assert client.get("/parks/").status_code == 200
    assert "accounts.second_step_failures" not in client.session


def test_a_half_logged_in_user_can_cancel(client, enrolled, haizhu_officer):
    log_in(client, haizhu_officer)
    assert redirect_path(client.post(reverse("logout"))) == LOGIN
    assert "_auth_user_id" not in client.session


def test_a_user_without_a_device_is_not_asked_when_not_required(client, haizhu_officer):
    assert log_in(client, haizhu_officer, password=PASSWORD).status_code == 302
    assert client.get("/parks/").status_code == 200
    assert redirect_path(client.get(VERIFY)) == "/"
