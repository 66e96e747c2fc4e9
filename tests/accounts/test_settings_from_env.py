"""The sign-in settings come from the environment; a malformed number stops start-up with a
message naming the variable; REQUIRE_2FA is on unless DEBUG."""

import os
import subprocess
import sys

from django.conf import settings

NAMES = [
    "SESSION_IDLE_TIMEOUT_MINUTES",
    "SESSION_ABSOLUTE_HOURS",
    "SESSION_WARNING_SECONDS",
    "SINGLE_SESSION",
    "PASSWORD_MIN_LENGTH",
    "PASSWORD_MIN_CLASSES",
    "PASSWORD_HISTORY",
    "PASSWORD_MAX_AGE_DAYS",
    "REQUIRE_2FA",
]


def read_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", *NAMES}}
    clean.update({"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "example.org", **env})
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print([getattr(settings, name) for name in {NAMES!r}])"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_defaults():
    result = read_settings(DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[30, 12, 120, True, 8, 3, 5, 90, True]"


def test_development_turns_the_second_factor_off_only():
    result = read_settings(DEBUG="1")
    assert result.stdout.strip() == "[30, 12, 120, True, 8, 3, 5, 90, False]"


def test_every_value_can_be_set():
    result = read_settings(
        DEBUG="0",
        SESSION_IDLE_TIMEOUT_MINUTES="15",
        SESSION_ABSOLUTE_HOURS="8",
        SESSION_WARNING_SECONDS="60",
        SINGLE_SESSION="0",
        PASSWORD_MIN_LENGTH="12",
        PASSWORD_MIN_CLASSES="4",
        PASSWORD_HISTORY="10",
        PASSWORD_MAX_AGE_DAYS="180",
        REQUIRE_2FA="0",
    )
    assert result.stdout.strip() == "[15, 8, 60, False, 12, 4, 10, 180, False]"


def test_a_malformed_number_is_refused_by_name():
    result = read_settings(DEBUG="1", SESSION_IDLE_TIMEOUT_MINUTES="half an hour")
    assert result.returncode != 0
    assert "SESSION_IDLE_TIMEOUT_MINUTES must be a whole number" in result.stderr
