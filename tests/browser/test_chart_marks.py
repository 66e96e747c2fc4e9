"""Chart marks and the park's single-quarter revenue in a real browser (issue 10, items 15
and 16, and the briefing's badges): each mark is explained in a legend on the page, not
only in a tooltip; the revenue chart draws single-quarter bars under the year-to-date line;
nothing runs over its cell or scrolls sideways.

Debian's Chromium, headless, driven by Playwright, against the demo data (load_demo), which
has submitted reports not yet approved.
"""

import pytest
from django.urls import reverse

from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tracker.models import ParkReport

pytestmark = pytest.mark.browser

LEGEND = {
    "zh-CN": ("标记说明", "暂定数:已提交、待审核"),
    "en-US": ("Marks", "provisional: submitted, not yet approved"),
}


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_park_revenue_bars_line_and_dagger_legend(browser, live_server, demo, width, locale):
    park = ParkReport.objects.filter(status=ParkReport.Status.SUBMITTED).first().park
    page = signed_in(browser, live_server, "wangchu", width, locale)
    page.goto(f"{live_server.url}{reverse('park_detail', args=[park.code])}?include=submitted")
    look_at(page, f"park-revenue-{locale}", controls=["#chart-indicator_revenue .marks-legend"])
    card = page.locator("#chart-indicator_revenue")
    assert card.locator(".barlayer .point").count() > 0  # the single quarters
    assert card.locator(".scatterlayer .trace").count() == 1  # the year to date
    title, meaning = LEGEND[locale]
    legend = card.locator(".marks-legend")
    assert legend.is_visible()
    assert title in legend.inner_text() and meaning in legend.inner_text()
    assert "†" in legend.inner_text() and "≈" not in legend.inner_text()
    # The table names the growth columns and marks the unapproved figures.
    table = card.locator("table").inner_text()
    assert ("单季同比" if locale == "zh-CN" else "Single quarter YoY") in table
    assert card.locator("td sup.mark-provisional").count() > 0


def test_overview_explains_both_marks_where_it_shows_them(browser, live_server, demo):
    page = signed_in(browser, live_server, "wangchu", DESKTOP)
    page.goto(f"{live_server.url}/?include=submitted")
    look_at(page, "overview-marks")
    legends = page.locator(".marks-legend")
    texts = " ".join(legends.all_inner_texts())
    assert "暂定数" in texts and "预测值" in texts
    for index in range(legends.count()):
        assert legends.nth(index).is_visible()
    page.goto(f"{live_server.url}/?include=approved")
    # Approved figures only: the current year's projection keeps its ≈, nothing has a †.
    assert "暂定数" not in " ".join(page.locator(".marks-legend").all_inner_texts())


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_briefing_badges_stay_inside_their_cells(browser, live_server, demo, locale):
    page = signed_in(browser, live_server, "wangchu", DESKTOP, locale)
    page.goto(f"{live_server.url}{reverse('briefing', args=[2025])}")
    look_at(page, f"briefing-badges-{locale}")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.scorecard td .status')].filter(badge => {
          const cell = badge.closest('td').getBoundingClientRect();
          const box = badge.getBoundingClientRect();
          return box.right > cell.right + 0.5 || box.left < cell.left - 0.5;
        }).map(badge => badge.textContent)"""
    )
    assert overflowing == []
    assert page.locator(".scorecard .outcome-late").count() > 0  # the badge that ran over
