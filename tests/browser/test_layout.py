"""Layout in a real browser (issue 10, items 1, 2, 8, 9, 11, 18): the review panel can be
typed in, the PNG download works, chart tables show and print every row, the briefing
prints on one A4 page, and phones get no sideways scrolling.

Debian's Chromium, headless, driven by Playwright, against the demo data (load_demo), which
has every report status and long lists of lagging parks.
"""

import io
from pathlib import Path

import pytest
from django.urls import reverse

from tests.browser.pages import (
    CJK,
    DESKTOP,
    OVERFLOW,
    PHONE,
    UNREACHABLE_SCROLL_BOXES,
    box_inside_viewport,
    charts_drawn,
    signed_in,
)
from tracker.models import ParkReport

pytestmark = pytest.mark.browser


# -- item 1: the reviewer's reason box -----------------------------------------------------


@pytest.mark.parametrize("width", [1280, DESKTOP, 1920, PHONE])
def test_reviewer_types_a_return_reason_on_the_report_page(browser, live_server, demo, width):
    report = ParkReport.objects.filter(status=ParkReport.Status.SUBMITTED).first()
    page = signed_in(browser, live_server, "laoshen", width)
    page.goto(live_server.url + reverse("admin:tracker_parkreport_change", args=[report.pk]))
    box = box_inside_viewport(page, "#id_review_reason")
    assert box["width"] >= min(300, width - 60), box  # a box to write in, not a sliver
    page.fill("#id_review_reason", "请核对5G覆盖率")
    button = page.locator("#review-form button[value=return]")
    box_inside_viewport(page, "#review-form button[value=return]")
    button.click()
    page.wait_for_load_state()
    report.refresh_from_db()
    assert report.status == ParkReport.Status.RETURNED
    assert report.reason == "请核对5G覆盖率"
    assert page.errors == []


# -- items 2 and 11: the chart's own download, in Chinese ------------------------------------


def test_chart_downloads_as_png_and_its_toolbar_speaks_chinese(browser, live_server, demo):
    page = signed_in(browser, live_server, "wangchu", DESKTOP)
    page.goto(f"{live_server.url}/")
    charts_drawn(page)
    page.locator("#chart-belt_revenue .js-plotly-plot").hover()
    titles = page.locator("#chart-belt_revenue .modebar-btn").evaluate_all(
        "buttons => buttons.map(b => b.getAttribute('data-title'))"
    )
    assert titles, "no toolbar"
    assert all(CJK.search(title) for title in titles), titles
    assert not [t for t in titles if "Share" in t or "分享" in t or "Chart Studio" in t], titles
    with page.expect_download() as download_info:
        page.locator('#chart-belt_revenue .modebar-btn[data-title="下载为PNG图片"]').click()
    download = download_info.value
    assert download.suggested_filename == "belt_revenue.png"
    assert Path(download.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert page.csp_violations == []
    assert page.errors == []


# -- item 8: chart tables show, and print, every row -----------------------------------------

HIDDEN_ROWS = """() => [...document.querySelectorAll('.table-wrap, .table-scroll')].filter(
  box => box.scrollHeight > box.clientHeight + 1
).map(box => box.getAttribute('aria-label'))"""


def test_chart_tables_show_and_print_every_row(browser, live_server, demo):
    page = signed_in(browser, live_server, "wangchu", DESKTOP)
    page.goto(f"{live_server.url}/")
    charts_drawn(page)
    rows = page.locator("#chart-coverage_5g .chart-table tbody tr")
    assert rows.count() == 12
    assert page.evaluate(HIDDEN_ROWS) == []
    last = rows.nth(11).bounding_box()
    wrap = page.locator("#chart-coverage_5g .table-wrap").bounding_box()
    assert last["y"] + last["height"] <= wrap["y"] + wrap["height"] + 1
    page.emulate_media(media="print")
    assert page.evaluate(HIDDEN_ROWS) == []
    assert page.locator(".site-header").is_hidden()
    assert page.locator("#chart-coverage_5g .chart-table tbody tr").nth(11).is_visible()


# -- items 8 and 18: the briefing ------------------------------------------------------------


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_briefing_prints_on_one_a4_page(browser, live_server, demo, locale):
    from pypdf import PdfReader

    page = signed_in(browser, live_server, "wangchu", DESKTOP, locale=locale)
    page.goto(f"{live_server.url}/briefing/2025/")
    charts_drawn(page)
    pdf = page.pdf(format="A4", print_background=True)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_briefing_has_a_way_back_and_a_print_button(browser, live_server, demo):
    page = signed_in(browser, live_server, "wangchu", PHONE)
    page.add_init_script("window.print = () => { window.printed = true; };")
    page.goto(f"{live_server.url}/briefing/2025/")
    box_inside_viewport(page, ".briefing-tools a")
    box_inside_viewport(page, ".briefing-tools button[data-print]")
    page.click(".briefing-tools button[data-print]")
    assert page.evaluate("window.printed === true")
    page.emulate_media(media="print")
    assert page.locator(".briefing-tools").is_hidden()
    page.emulate_media(media="screen")
    page.click(".briefing-tools a")
    page.wait_for_url(f"{live_server.url}/?include=approved")
    assert page.errors == []


# -- item 9: phones --------------------------------------------------------------------------


def report_pages(officer_report, submitted):
    return [
        reverse("admin:tracker_parkreport_changelist"),
        reverse("admin:tracker_parkreport_add"),
        reverse("admin:tracker_parkreport_change", args=[officer_report.pk]),
        reverse("admin:tracker_parkreport_history", args=[officer_report.pk]),
    ], [reverse("admin:tracker_parkreport_change", args=[submitted.pk])]


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_no_page_scrolls_sideways(browser, live_server, demo, width):
    officer_report = ParkReport.objects.filter(park__code="pazhou").first()
    submitted = ParkReport.objects.filter(status=ParkReport.Status.SUBMITTED).first()
    officer_admin, reviewer_admin = report_pages(officer_report, submitted)
    dashboards = ["/", "/parks/", "/parks/pazhou/", "/districts/haizhu/"]
    dashboards += ["/indicators/revenue/", "/submissions/", "/briefing/2025/"]
    visits = {
        "xiaohai": dashboards + officer_admin,
        "laoshen": ["/districts/huangpu/", "/submissions/", *reviewer_admin],
        "wangchu": ["/", "/parks/yuzhu-bay/"],
    }
    for username, paths in visits.items():
        page = signed_in(browser, live_server, username, width)
        for path in paths:
            page.goto(live_server.url + path)
            page.wait_for_load_state("networkidle")
            assert page.evaluate(OVERFLOW) <= width, (username, path)
            assert page.evaluate(UNREACHABLE_SCROLL_BOXES) == [], (username, path)
            if not path.startswith("/admin/") and not path.startswith("/briefing/"):
                header = page.locator(".site-header").bounding_box()
                assert header["height"] <= (80 if width == PHONE else 60), (path, header)
                logout = box_inside_viewport(page, ".site-header form.inline button")
                assert logout["height"] < 30, "the log-out button wraps"
        assert page.errors == [], (username, page.errors)
        page.context.close()


# -- phones: axis titles stay on the chart ------------------------------------------------


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_axis_titles_fit_a_phone(browser, live_server, demo, locale):
    page = signed_in(browser, live_server, "wangchu", PHONE, locale=locale)
    page.goto(f"{live_server.url}/parks/pazhou/")
    charts_drawn(page)
    titles = page.locator("[data-figure] .g-ytitle text, [data-figure] .g-xtitle text")
    assert titles.count() > 0
    for index in range(titles.count()):
        box = titles.nth(index).bounding_box()
        assert box["x"] >= 0 and box["y"] >= 0, (titles.nth(index).text_content(), box)
        assert box["x"] + box["width"] <= PHONE, (titles.nth(index).text_content(), box)
    revenue_axis = page.locator("#chart-indicator_revenue .g-ytitle text").text_content()
    # A short Chinese title fits whole; the long English one keeps only its unit.
    assert revenue_axis == ("营收(产值)(亿元)" if locale == "zh-CN" else "100 million yuan")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.reload()
    charts_drawn(page)
    wide_axis = page.locator("#chart-indicator_revenue .g-ytitle text").text_content()
    assert revenue_axis in wide_axis
    assert page.errors == []
