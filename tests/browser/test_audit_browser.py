"""/audit/ in Chromium as the auditor: wide and phone-sized, the table scrolls inside its own
focusable box and the page never scrolls sideways. Screenshots go to test-artifacts/."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from audit.models import AuditEntry, Event, Result
from audit.roles import AUDITOR
from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tests.factories import user

pytestmark = pytest.mark.browser


@pytest.fixture
def auditor_with_trail(transactional_db, async_unsafe_allowed):
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


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_auditor_reads_the_trail_on_a_wide_screen_and_a_phone(
    browser, auditor_with_trail, live_server, width
):
    page = signed_in(browser, live_server, "laoji", width)
    origin = urlsplit(live_server.url)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.click("nav.main-nav >> text=审计日志")
    page.wait_for_url(f"{live_server.url}/audit/")
    page.locator(".audit-scroll").focus()
    seen = page.evaluate(
        """() => {
            const box = document.querySelector('.audit-scroll');
            return {
                boxScrolls: box.scrollWidth > box.clientWidth,
                boxFocused: document.activeElement === box,
                rows: document.querySelectorAll('.audit-table tbody tr').length,
            };
        }"""
    )
    look_at(page, "audit-trail", controls=[".audit-scroll"])
    assert [url for url in requests if urlsplit(url).netloc != origin.netloc] == []
    assert seen["boxFocused"], seen
    assert seen["rows"] == 50, seen
    if width == PHONE:
        assert seen["boxScrolls"]
