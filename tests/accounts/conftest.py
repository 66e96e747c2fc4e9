"""Shared helpers for the sign-in tests: a frozen clock, logging in through the real form,
TOTP devices and their codes."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import second_factor
from tests.factories import PASSWORD

START = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
LOGIN = reverse("login")
VERIFY = reverse("accounts:second_factor")
ENROL = reverse("accounts:enrol")
PASSWORD_CHANGE = reverse("accounts:password_change")


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    # New hashes cheap (MD5); personas' PBKDF2 hashes still check. Only speed changes.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


@pytest.fixture
def clock(time_machine):
    """The clock stands still at START until the test moves it (clock.shift(seconds))."""
    time_machine.move_to(START, tick=False)
    return time_machine


def log_in(client, user, password=PASSWORD, next_url=None):
    data = {"username": user.get_username(), "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


def totp_code(device):
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def confirmed_device(user):
    """An authenticator app and 10 recovery codes, as enrolment leaves them."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    codes = second_factor.issue_recovery_codes(user)
    return device, codes


def redirect_path(response):
    assert response.status_code == 302, response.status_code
    return response["Location"]
