"""Start-up refuses unsafe or malformed configuration, naming the variable."""

import os
import subprocess
import sys

from django.conf import settings

PROJECT_DIR = settings.BASE_DIR


def start_django(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_start_without_secret_key_is_refused():
    result = start_django(DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_start_with_secret_key_works():
    result = start_django(DEBUG="0", SECRET_KEY="x" * 60, ALLOWED_HOSTS="example.org")
    assert result.returncode == 0, result.stderr


def test_debug_start_without_secret_key_uses_development_key():
    assert start_django(DEBUG="1").returncode == 0


def test_malformed_database_url_is_refused():
    result = start_django(DEBUG="1", DATABASE_URL="mysql-ish:/nowhere")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_chinese_is_the_default_language():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Shanghai"
