"""Enrolment: a QR code (inline SVG) and the secret as text, confirmed with a first code,
then 10 recovery codes shown once."""

import re
from base64 import b32encode

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.signals import second_factor_enrolled

from .conftest import ENROL, VERIFY, confirmed_device, log_in, redirect_path, totp_code


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


@pytest.fixture
def enrolling(client, clock, require_2fa, haizhu_officer):
    """小海 at her first login with REQUIRE_2FA on: password accepted, no device yet."""
    log_in(client, haizhu_officer)
    return client


def test_first_login_is_sent_to_enrolment_and_back_to_the_page(enrolling):
    to_verify = redirect_path(enrolling.get("/parks/"))
    assert to_verify == f"{VERIFY}?next=%2Fparks%2F"
    assert redirect_path(enrolling.get(to_verify)) == f"{ENROL}?next=%2Fparks%2F"


def test_the_page_shows_an_inline_qr_code_and_the_secret(enrolling, haizhu_officer):
    html = enrolling.get(ENROL).content.decode()
    device = TOTPDevice.objects.get(user=haizhu_officer)
    assert not device.confirmed
    assert re.search(
        r'<svg role="img" aria-label="用于身份验证器应用的二维码" class="qr-code"', html
    )
    assert "<path" in html and "<img" not in html
    secret = b32encode(device.bin_key).decode()
    shown = re.search(r'<code class="secret">([^<]+)</code>', html).group(1)
    assert shown.replace(" ", "") == secret
    assert "在应用中扫描此二维码添加账号" in html


def test_reloading_keeps_the_same_secret(enrolling, haizhu_officer):
    enrolling.get(ENROL)
    enrolling.get(ENROL)
    assert TOTPDevice.objects.filter(user=haizhu_officer).count() == 1


def test_a_wrong_first_code_confirms_nothing(enrolling, haizhu_officer):
    enrolling.get(ENROL)
    device = TOTPDevice.objects.get(user=haizhu_officer)
    wrong = f"{(int(totp_code(device)) + 1) % 1000000:06d}"
    response = enrolling.post(ENROL, {"code": wrong})
    assert "验证码不正确。请检查手机时间是否准确,然后重试。" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not StaticToken.objects.exists()
    assert redirect_path(enrolling.get("/")).startswith(VERIFY)


def test_the_right_code_confirms_and_shows_ten_recovery_codes_once(
    enrolling, clock, haizhu_officer
):
    enrolling.get(f"{ENROL}?next=/parks/")
    device = TOTPDevice.objects.get(user=haizhu_officer)
    enrolled = []
    second_factor_enrolled.connect(receiver := lambda **kw: enrolled.append(kw))
    try:
        response = enrolling.post(ENROL, {"code": totp_code(device), "next": "/parks/"})
    finally:
        second_factor_enrolled.disconnect(receiver)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", html)
    stored = set(
        StaticToken.objects.filter(device__user=haizhu_officer).values_list("token", flat=True)
    )
    assert len(shown) == 10 and set(shown) == stored
    assert 'href="/parks/"' in html
    device.refresh_from_db()
    assert device.confirmed
    assert [(e["user"], e["device"], e["replaced"]) for e in enrolled] == [
        (haizhu_officer, device, False)
    ]
    # The session is verified now: every page opens.
    assert enrolling.get("/parks/").status_code == 200
    # The codes are not shown again.
    assert "<li><code>" not in enrolling.get(reverse("accounts:security")).content.decode()


def test_a_password_alone_cannot_enrol_another_phone(client, clock, require_2fa, haizhu_officer):
    """Someone with the password but not the phone must not set up their own authenticator."""
    device, _codes = confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    assert redirect_path(client.get(ENROL)) == f"{VERIFY}?next=%2F"
    response = client.post(ENROL, {"code": "123456"})
    assert redirect_path(response).startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=haizhu_officer)) == [device]


def test_a_verified_user_can_move_to_a_new_phone(client, clock, require_2fa, haizhu_officer):
    old, old_codes = confirmed_device(haizhu_officer)
    log_in(client, haizhu_officer)
    client.post(VERIFY, {"code": totp_code(old)})
    client.get(ENROL)
    new = TOTPDevice.objects.get(user=haizhu_officer, confirmed=False)
    response = client.post(ENROL, {"code": totp_code(new)})
    assert response.status_code == 200
    assert list(TOTPDevice.objects.filter(user=haizhu_officer)) == [new]
    assert not StaticToken.objects.filter(token__in=old_codes).exists()
    # Still verified with the new phone.
    assert client.get("/parks/").status_code == 200


def test_enrolment_is_open_to_volunteers_when_not_required(client, clock, haizhu_officer):
    log_in(client, haizhu_officer)
    assert client.get("/parks/").status_code == 200
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=haizhu_officer)
    assert client.post(ENROL, {"code": totp_code(device)}).status_code == 200
    # From now on this user's logins need the code, even with REQUIRE_2FA off.
    clock.shift(60)
    other = Client()
    log_in(other, haizhu_officer)
    assert redirect_path(other.get("/parks/")).startswith(VERIFY)
