"""/audit/ in Chromium as the auditor: wide and phone-sized, the table scrolls inside its own
focusable box and the page never scrolls sideways. Screenshots go to test-artifacts/."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from audit.models import AuditEntry, Event, Result
from audit.roles import AUDITOR
from tests.browser.conftest import CHROMIUM_ARGS
from tests.browser.pages import SCREENSHOTS as ARTIFACTS
from tests.factories import PASSWORD, user

pytestmark = pytest.mark.browser


@pytest.fixture
def auditor_with_trail(transactional_db):
    call_command("load_guideline", verbosity=0)
    auditor = user("laoji", AUDITOR)
    for index in range(60):
        AuditEntry.objects.create(
            username="xiaohai" if index % 3 else "someone-trying-names",
            client_address=f"203.0.113.{index}",
            event=Event.REPORT_SUBMIT if index % 3 else Event.LOGIN_FAILED,
            result=Result.SUCCESS if index % 3 else Result.FAILURE,
            object_type="tracker.parkreport" if index % 3 else "",
            object_id=str(index) if index % 3 else "",
            object_text="琶洲 2026年第2季度" if index % 3 else "",
            detail={"from": "draft", "to": "submitted"} if index % 3 else {},
        )
    return auditor


def test_auditor_reads_the_trail_on_a_wide_screen_and_a_phone(
    chromium_path, auditor_with_trail, live_server, monkeypatch
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    origin = urlsplit(live_server.url)
    requests, errors, layout = [], [], {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        for width in (1400, 390):
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="zh-CN")
            page.on("request", lambda request: requests.append(request.url))
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.goto(f"{live_server.url}/accounts/login/")
            page.fill("input[name=username]", "laoji")
            page.fill("input[name=password]", PASSWORD)
            page.click(".login-box button[type=submit]")
            page.wait_for_url(f"{live_server.url}/")
            page.click("nav.main-nav >> text=审计日志")
            page.wait_for_url(f"{live_server.url}/audit/")
            page.screenshot(path=str(ARTIFACTS / f"audit-{width}-top.png"))
            page.locator(".audit-scroll").focus()
            layout[width] = page.evaluate(
                """() => {
                    const box = document.querySelector('.audit-scroll');
                    return {
                        pageOverflow: document.documentElement.scrollWidth
                            - document.documentElement.clientWidth,
                        boxScrolls: box.scrollWidth > box.clientWidth,
                        boxFocused: document.activeElement === box,
                        rows: document.querySelectorAll('.audit-table tbody tr').length,
                    };
                }"""
            )
            page.screenshot(path=str(ARTIFACTS / f"audit-{width}.png"), full_page=True)
            page.close()
        browser.close()

    assert errors == [], errors
    assert [url for url in requests if urlsplit(url).netloc != origin.netloc] == []
    for width, seen in layout.items():
        assert seen["pageOverflow"] <= 0, (width, seen)
        assert seen["boxFocused"], (width, seen)
        assert seen["rows"] == 50, (width, seen)
    assert layout[390]["boxScrolls"]
