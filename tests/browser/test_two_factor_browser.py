"""Sign-in in a real browser (Debian's Chromium through Playwright), with REQUIRE_2FA on:
password → enrolment (QR code, secret, first code) → recovery codes → the page asked for;
then log out and in again with a code; then the idle warning and "stay signed in" by
keyboard. No console error (a CSP violation is one). Screenshots go to test-artifacts/."""

import base64
import time

import pytest
from django_otp.oath import TOTP

from tests.browser.axe import serious_violations
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.pages import SCREENSHOTS as ARTIFACTS
from tests.factories import PASSWORD, user
from tracker.roles import BUREAU_REVIEWER, DISTRICT_OFFICER

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db, settings):
    from django.core.management import call_command

    call_command("load_guideline", verbosity=0)
    settings.REQUIRE_2FA = True
    # A short idle limit so that the warning shows within seconds (55 s before the end).
    settings.SESSION_IDLE_TIMEOUT_MINUTES = 1
    settings.SESSION_WARNING_SECONDS = 55
    return {
        "xiaohai": user("xiaohai", DISTRICT_OFFICER, "haizhu"),
        "laoshen": user("laoshen", BUREAU_REVIEWER),
    }


class Codes:
    """The authenticator app: codes from the secret the page shows, each step used once."""

    def __init__(self, secret):
        self.key = base64.b32decode(secret.replace(" ", ""))
        self.last_step = None

    def next(self):
        while True:
            totp = TOTP(self.key)
            if self.last_step is None or totp.t() > self.last_step:
                self.last_step = totp.t()
                return f"{totp.token():06d}"
            time.sleep(0.5)


def log_in(page, base, username, path):
    page.goto(f"{base}{path}")
    assert serious_violations(page) == [], "login"
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click(".login-box button[type=submit]")


def sign_in_flow(page, base, username, tag):
    log_in(page, base, username, "/parks/")
    assert "/accounts/two-factor/setup/" in page.url
    assert page.locator("svg.qr-code").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"2fa-{tag}-enrol.png"), full_page=True)
    assert serious_violations(page) == [], "enrol"
    codes = Codes(page.locator("code.secret").inner_text())
    page.fill("input[name=code]", codes.next())
    with page.expect_navigation():
        page.click(".enrol button[type=submit]")
    assert page.locator("ol.recovery-codes code").count() == 10
    page.screenshot(path=str(ARTIFACTS / f"2fa-{tag}-recovery-codes.png"), full_page=True)
    assert serious_violations(page) == [], "recovery-codes"
    with page.expect_navigation():
        page.click("a.button")
    assert page.url == f"{base}/parks/"

    with page.expect_navigation():
        page.click("header form[action='/accounts/logout/'] button")
    log_in(page, base, username, "/indicators/revenue/")
    assert "/accounts/two-factor/" in page.url
    page.fill("input[name=code]", codes.next())
    page.screenshot(path=str(ARTIFACTS / f"2fa-{tag}-code.png"), full_page=True)
    assert serious_violations(page) == [], "code"
    with page.expect_navigation():
        page.click(".login-box button[type=submit]")
    assert page.url == f"{base}/indicators/revenue/"


def idle_warning(page, base, tag):
    page.goto(f"{base}/parks/")
    page.wait_for_selector("#session-timeout:not([hidden])", timeout=30000)
    page.screenshot(path=str(ARTIFACTS / f"2fa-{tag}-idle-warning.png"))
    assert serious_violations(page) == [], "idle-warning"
    assert page.evaluate("document.activeElement.className") == "session-stay"
    page.keyboard.press("Enter")
    page.wait_for_selector("#session-timeout", state="hidden", timeout=5000)


@pytest.mark.parametrize(
    ("username", "width", "height"),
    [("xiaohai", 1400, 900), ("laoshen", 390, 844)],
    ids=["officer-1400", "reviewer-390"],
)
def test_two_step_sign_in_and_idle_warning(
    chromium_path,  # noqa: F811
    people,
    live_server,
    monkeypatch,
    username,
    width,
    height,
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # see test_dashboards_browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    errors = []
    tag = f"{username}-{width}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale="zh-CN")
        page.on("console", lambda message: message.type == "error" and errors.append(message.text))
        page.on("pageerror", lambda error: errors.append(str(error)))
        sign_in_flow(page, live_server.url, username, tag)
        idle_warning(page, live_server.url, tag)
        browser.close()
    assert errors == [], errors
