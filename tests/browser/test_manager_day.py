"""A manager's day in Chromium (issue 10): every dashboard page, reached the way a manager
gets there (the main navigation, then links on the pages), and the English switch. Each
page draws its charts with no console error, no sideways scrolling and no raw empty value
("None", "NaN") in its text."""

import pytest

from parks.models import Park
from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tests.browser.steps import follow, patient, raw_values
from tracker.models import Indicator, Policy

pytestmark = pytest.mark.browser

NAV = "nav.main-nav"
BRIEFING_CONTROLS = (".briefing-tools a", ".briefing-tools button[data-print]")
BADGES_OUTSIDE_CELLS = """() => [...document.querySelectorAll('td .status')].filter(badge =>
  badge.getBoundingClientRect().right > badge.closest('td').getBoundingClientRect().right + 1
).map(badge => badge.textContent)"""


def read(page, name, controls=()):
    look_at(page, name, controls)
    assert raw_values(page) == [], (name, raw_values(page))


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_manager_reads_every_dashboard(browser, live_server, demo, width):
    pazhou = Park.objects.get(code="pazhou")
    policy = Policy.objects.in_force()
    page = patient(signed_in(browser, live_server, "wangchu", width))

    # The overview: no to-do for a manager, the switch and the ways on.
    submitted_too = ".figure-switch a[href^='?include=submitted']"
    read(page, "manager-overview", [f"{NAV} a[href='/parks/']", submitted_too])
    assert page.locator("#todo").count() == 0
    assert page.locator("#scorecard tbody tr").count() >= 10
    follow(page, submitted_too)
    read(page, "manager-overview-submitted", [f"{NAV} a[href='/parks/']"])
    assert (
        page.locator(".figure-switch a.current")
        .get_attribute("href")
        .startswith("?include=submitted")
    )

    # The policies, from the overview's policy line.
    follow(page, "nav.policy-switch a[href='/policies/']")
    read(page, "manager-policies", [f"main a[href='/policies/{policy.code}/']"])
    follow(page, f"main a[href='/policies/{policy.code}/']")
    read(page, "manager-policy", ["nav.policy-switch a[href$='/assessment/']"])
    follow(page, "nav.policy-switch a[href$='/assessment/']")
    read(page, "manager-assessment", [".downloads a[href*='format=docx']"])

    follow(page, f"{NAV} a[href='/parks/']")
    read(page, "manager-parks", [f"a[href='/parks/{pazhou.code}/']"])
    assert page.locator("main tbody tr").count() == Park.objects.active().count()

    follow(page, f"main a[href='/parks/{pazhou.code}/']")
    read(page, "manager-park", ["dl.facts a[href='/districts/haizhu/']"])
    assert page.locator("h1").inner_text() == pazhou.name

    follow(page, "dl.facts a[href='/districts/haizhu/']")
    read(page, "manager-district", [f"main a[href^='/parks/{pazhou.code}/']"])
    assert page.locator("h1").inner_text() == "海珠区"

    # Every indicator, through the indicator page's own navigation.
    follow(page, f"{NAV} a[href='/indicators/revenue/']")
    codes = page.locator(".indicator-nav a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.split('/')[2])"
    )
    assert "revenue" in codes and len(codes) >= 4
    assert set(codes) <= set(Indicator.objects.active().values_list("code", flat=True))
    for code in codes:
        if code != "revenue":
            follow(page, f".indicator-nav a[href^='/indicators/{code}/']")
        read(page, f"manager-indicator-{code}", [".indicator-nav a.current"])
        assert (
            page.locator(".indicator-nav a.current")
            .get_attribute("href")
            .startswith(f"/indicators/{code}/")
        )

    page.goto(f"{live_server.url}/briefing/2025/")
    read(page, "manager-briefing", BRIEFING_CONTROLS)
    assert page.evaluate(BADGES_OUTSIDE_CELLS) == []

    page.goto(f"{live_server.url}/")
    follow(page, f"{NAV} a[href='/submissions/']")
    read(page, "manager-submissions", [".lang-switch button[value=en]"])

    # English on this page: the same page, in English.
    follow(page, ".lang-switch button[value=en]")
    look_at(page, "manager-submissions-en", [".lang-switch button[value=zh-hans]"])
    assert page.url == f"{live_server.url}/submissions/"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("h1").inner_text() == "Submission status"
    assert page.locator(f"{NAV} a[href='/parks/']").inner_text() == "Parks"
    assert pazhou.name_en in page.locator("main").inner_text()

    # The briefing in English: longer status labels still inside their cells.
    page.goto(f"{live_server.url}/briefing/2025/")
    look_at(page, "manager-briefing-en", BRIEFING_CONTROLS)
    assert page.locator("h1").inner_text().startswith("Progress against the targets")
    assert page.evaluate(BADGES_OUTSIDE_CELLS) == []

    page.context.close()
