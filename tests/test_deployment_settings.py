"""Production settings from the environment (issue 9, Build 5): HTTPS, cookies, HSTS and the
proxy switches, each with its deploy check silenced only while it is off on purpose."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

PROJECT_DIR = settings.BASE_DIR
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "test-only-" + "k3y" * 20,
    "ALLOWED_HOSTS": "tracker.example.gov.cn,testserver",
}
SWITCHES = [
    "NUM_PROXIES",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def run_python(code, **env):
    clean = {k: v for k, v in os.environ.items() if k not in {*PRODUCTION, *SWITCHES}}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env={**clean, **PRODUCTION, **env, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env):
    names = SWITCHES[1:] + ["SECURE_PROXY_SSL_HEADER", "SILENCED_SYSTEM_CHECKS"]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def deploy_check(**env):
    code = (
        "from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    return run_python(code, **env)


def test_production_defaults_are_strict_but_not_beyond_this_host():
    values = production_settings()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert values["SECURE_HSTS_PRELOAD"] is False
    # Without a proxy nobody may claim HTTPS by a header.
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert sorted(values["SILENCED_SYSTEM_CHECKS"]) == ["security.W005", "security.W021"]


def test_each_switch_turns_off_and_silences_only_its_own_check():
    values = production_settings(
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="off",
        SECURE_HSTS_SECONDS="0",
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert sorted(values["SILENCED_SYSTEM_CHECKS"]) == [
        "security.W004",
        "security.W005",
        "security.W008",
        "security.W012",
        "security.W016",
        "security.W021",
    ]


def test_hsts_subdomains_and_preload_only_when_asked_for():
    values = production_settings(
        SECURE_HSTS_SECONDS="600", SECURE_HSTS_INCLUDE_SUBDOMAINS="1", SECURE_HSTS_PRELOAD="1"
    )
    assert values["SECURE_HSTS_SECONDS"] == 600
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SILENCED_SYSTEM_CHECKS"] == []


def test_behind_a_proxy_its_protocol_header_is_trusted():
    values = production_settings(NUM_PROXIES="1")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


@pytest.mark.parametrize(("name", "value"), [("NUM_PROXIES", "one"), ("NUM_PROXIES", "-1")])
def test_malformed_numbers_are_refused_by_name(name, value):
    result = run_python("import django; django.setup()", **{name: value})
    assert result.returncode != 0
    assert name in result.stderr


# A request through the whole middleware stack, in production mode, with and without a proxy.
# /favicon.ico answers with a redirect of its own, so it needs no database or static files.
FAVICON_REQUEST = """
import json, django
django.setup()
from django.test import Client
response = Client().get("/favicon.ico", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "status": response.status_code,
    "location": response.get("Location", ""),
    "hsts": response.get("Strict-Transport-Security"),
}))
"""


def favicon_over_claimed_https(**env):
    result = run_python(FAVICON_REQUEST, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_a_proxy_a_claimed_https_is_redirected_to_real_https():
    answer = favicon_over_claimed_https()
    assert answer["status"] == 301
    assert answer["location"] == "https://testserver/favicon.ico"
    assert answer["hsts"] is None


def test_behind_a_proxy_its_https_is_believed_and_hsts_sent():
    answer = favicon_over_claimed_https(NUM_PROXIES="1")
    assert answer["status"] == 302
    assert answer["location"].endswith("favicon.svg")
    assert answer["hsts"] == "max-age=31536000"


def test_deploy_check_is_clean_with_the_production_defaults():
    result = deploy_check()
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_is_clean_with_the_switches_off():
    result = deploy_check(
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        SECURE_HSTS_SECONDS="0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_still_warns_about_what_no_switch_covers():
    result = deploy_check(SECRET_KEY="short")
    assert result.returncode != 0
    assert "security.W009" in result.stdout + result.stderr


# -- headers on every response ----------------------------------------------------------


def test_hardening_headers_are_sent(db, client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    policy = response["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment", "usb"]:
        assert f"{feature}=()" in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
