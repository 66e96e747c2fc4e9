"""Fixtures shared by the browser tests: Debian's Chromium, headless, driven by Playwright.

Without /usr/bin/chromium a browser test fails, unless SKIP_BROWSER_TESTS=1 says to skip it.
"""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.factories import user
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER, MANAGER

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium_path():
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.environ.get("SKIP_BROWSER_TESTS") == "1":
        pytest.skip("SKIP_BROWSER_TESTS=1 and /usr/bin/chromium is not installed")
    pytest.fail(
        f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) "
        "or set SKIP_BROWSER_TESTS=1 to skip the browser tests"
    )


@pytest.fixture
def async_unsafe_allowed(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; Django refuses database calls
    # from such a thread unless told it is safe (the test's own queries run between pages).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser(chromium_path, async_unsafe_allowed):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def demo(transactional_db, async_unsafe_allowed):
    """The guideline, the demo data (every report status) and three named people."""
    call_command("load_guideline", verbosity=0)
    call_command("load_demo", verbosity=0)
    return {
        "xiaohai": user("xiaohai", DISTRICT_OFFICER, "haizhu"),
        "laoshen": user("laoshen", BUREAU_REVIEWER),
        "wangchu": user("wangchu", MANAGER),
    }
