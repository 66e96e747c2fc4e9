"""Mail configuration comes from the environment; bad values are refused by name."""

import json
import os
import subprocess
import sys

from django.conf import settings

SHOW = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({k: getattr(s, k) for k in ['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', "
    "'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', "
    "'DEFAULT_FROM_EMAIL', 'SITE_URL', 'REMINDER_DAYS_BEFORE_DUE', "
    "'REMINDER_REVIEW_AFTER_DAYS', 'REMINDER_ESCALATE_AFTER_DAYS']}))"
)
MAIL_VARIABLES = {
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
    "DEFAULT_FROM_EMAIL",
    "SITE_URL",
    "SECRET_KEY",
    "DEBUG",
}


def start(**env):
    clean = {k: v for k, v in os.environ.items() if k not in MAIL_VARIABLES}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def config(**env):
    result = start(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_development_prints_mails_on_the_console():
    values = config(DEBUG="1")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert values["SITE_URL"] == "http://127.0.0.1:8000"
    assert values["REMINDER_DAYS_BEFORE_DUE"] == [7, 1]
    assert (values["REMINDER_REVIEW_AFTER_DAYS"], values["REMINDER_ESCALATE_AFTER_DAYS"]) == (3, 7)


def test_development_with_a_mail_host_uses_smtp():
    values = config(DEBUG="1", EMAIL_HOST="smtp.example.gov.cn")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_production_takes_the_mail_server_from_the_environment():
    values = config(
        DEBUG="0",
        SECRET_KEY="x" * 60,
        EMAIL_HOST="smtp.example.gov.cn",
        EMAIL_PORT="465",
        EMAIL_HOST_USER="tracker",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_SSL="1",
        DEFAULT_FROM_EMAIL="珠江沿岸追踪 <tracker@example.gov.cn>",
        SITE_URL="https://tracker.example.gov.cn/",
        REMINDER_DAYS_BEFORE_DUE="10,3,1",
    )
    assert values == {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.example.gov.cn",
        "EMAIL_PORT": 465,
        "EMAIL_HOST_USER": "tracker",
        "EMAIL_HOST_PASSWORD": "s3cret",
        "EMAIL_USE_TLS": False,
        "EMAIL_USE_SSL": True,
        "DEFAULT_FROM_EMAIL": "珠江沿岸追踪 <tracker@example.gov.cn>",
        "SITE_URL": "https://tracker.example.gov.cn",
        "REMINDER_DAYS_BEFORE_DUE": [10, 3, 1],
        "REMINDER_REVIEW_AFTER_DAYS": 3,
        "REMINDER_ESCALATE_AFTER_DAYS": 7,
    }


def test_an_explicit_backend_wins():
    values = config(DEBUG="1", EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"


def test_tls_and_ssl_together_are_refused():
    result = start(DEBUG="1", EMAIL_USE_TLS="1", EMAIL_USE_SSL="1")
    assert result.returncode != 0
    assert "EMAIL_USE_TLS" in result.stderr and "EMAIL_USE_SSL" in result.stderr


def test_a_port_that_is_not_a_number_is_refused_by_name():
    result = start(DEBUG="1", EMAIL_PORT="smtp")
    assert result.returncode != 0
    assert "EMAIL_PORT must be a whole number" in result.stderr


def test_bad_reminder_days_are_refused_by_name():
    result = start(DEBUG="1", REMINDER_DAYS_BEFORE_DUE="7,one")
    assert result.returncode != 0
    assert "REMINDER_DAYS_BEFORE_DUE" in result.stderr
