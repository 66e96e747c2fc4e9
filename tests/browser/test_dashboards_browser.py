"""The dashboards in a real browser: Debian's Chromium, headless, driven by Playwright.

Charts must draw (plotly's SVG), with no console error (a CSP violation is one) and no
request to any host but the app's own. Screenshots go to test-artifacts/screenshots/.
Without /usr/bin/chromium the test fails, unless SKIP_BROWSER_TESTS=1 says to skip it.
"""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction

from parks.models import Enterprise, Park
from tests.browser.pages import look_at, signed_in
from tests.factories import approved_report, enterprise, user
from tracker.roles import MANAGER

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded(transactional_db, async_unsafe_allowed):
    # One commit for all the rows rather than one per row (seconds on PostgreSQL).
    with transaction.atomic():
        call_command("load_guideline", verbosity=0)
        manager = user("wangchu", MANAGER)
        for number, park in enumerate(Park.objects.all(), start=1):
            for year in (2022, 2023, 2024, 2025):
                for quarter in (1, 2, 3, 4):
                    revenue = number * 40 * quarter * (1 + (year - 2022) / 4)
                    approved_report(
                        park,
                        f"{year}Q{quarter}",
                        revenue=round(revenue, 2),
                        core_revenue=round(revenue * 0.55, 2),
                        coverage_5g=min(100, 70 + 8 * (year - 2022)),
                        one_park_one_policy=1,
                    )
            enterprise(park, Enterprise.Role.CHAIN_LEADER, "2023-03-01")
    return manager


def test_manager_sees_charts_drawn_offline(browser, seeded, live_server):
    origin = urlsplit(live_server.url)
    page = signed_in(browser, live_server, "wangchu", 1280)
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for name, path in (
        ("overview", "/"),
        ("park", "/parks/pazhou/"),
        ("briefing", "/briefing/2025/"),
    ):
        page.goto(f"{live_server.url}{path}")
        expected = page.locator("[data-figure]").count()
        assert expected > 0, f"{path} has no chart"
        look_at(page, f"charts-{name}")
        drawn = page.locator("[data-figure] .js-plotly-plot, [data-figure].js-plotly-plot")
        assert drawn.count() == expected, f"{path}: {drawn.count()} of {expected} drawn"
    zh_tick = page.evaluate("document.documentElement.lang")
    # The basic bundle takes the zh-CN locale (static/js/charts.js): the mode bar of a chart
    # on the last (interactive) page speaks Chinese.
    page.goto(f"{live_server.url}/parks/pazhou/")
    page.wait_for_selector("[data-figure] .modebar-btn", state="attached", timeout=20000)
    titles = page.eval_on_selector_all(
        "[data-figure] .modebar-btn", "buttons => buttons.map(b => b.dataset.title)"
    )

    assert "下载为PNG图片" in titles and "平移" in titles, titles
    # Every button's title is translated (plotly.js 4 renamed some: the locale keeps both).
    assert all(not title.isascii() for title in titles), titles
    assert zh_tick == "zh-CN"
    foreign = [url for url in requests if urlsplit(url).netloc != origin.netloc]
    assert foreign == [], foreign
    assert any(url.endswith("/static/vendor/plotly.min.js") for url in requests)
