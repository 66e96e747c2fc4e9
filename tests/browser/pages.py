"""What every browser test does with a page: sign in, wait for charts, check that controls
are usable, nothing scrolls sideways and axe-core finds no serious accessibility violation,
and save a screenshot.

Screenshots go to test-artifacts/screenshots/ (git-ignored), named <name>-<width>.png.
"""

import re
from pathlib import Path

from tests.browser.axe import serious_violations
from tests.factories import PASSWORD

DESKTOP, PHONE = 1400, 390
CJK = re.compile(r"[\u4e00-\u9fff]")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"

RECORD_CSP_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation',"
    " e => window.cspViolation(e.violatedDirective + ' ' + e.blockedURI))"
)
OVERFLOW = "() => document.documentElement.scrollWidth"
UNREACHABLE_SCROLL_BOXES = """() => [...document.querySelectorAll('*')].filter(el => {
  const style = getComputedStyle(el);
  return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1
    && !(el.tabIndex >= 0 && (el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')))
    && !el.closest('.js-plotly-plot') && !el.matches('nav');
}).map(el => el.className || el.tagName)"""


def new_page(browser, width, locale="zh-CN"):
    """A page of a new context that records console errors and CSP violations."""
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale=locale, accept_downloads=True
    )
    page = context.new_page()
    page.errors = []
    page.csp_violations = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.expose_function("cspViolation", lambda report: page.csp_violations.append(report))
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    return page


def signed_in(browser, live_server, username, width, locale="zh-CN"):
    page = new_page(browser, width, locale)
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click(".login-box button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def charts_drawn(page):
    expected = page.locator("[data-figure]").count()
    page.wait_for_function(
        "n => document.querySelectorAll('[data-figure] .main-svg').length >= n",
        arg=expected,
        timeout=20000,
    )


def box_inside_viewport(page, selector):
    box = page.locator(selector).first.bounding_box()
    width = page.viewport_size["width"]
    assert box is not None, f"{selector} is not displayed"
    assert box["width"] > 0 and box["height"] > 0, (selector, box)
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (selector, box, width)
    return box


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)


def look_at(page, name, controls=()):
    """The checks every visited page passes, then its screenshot."""
    page.wait_for_load_state("networkidle")
    if page.locator("[data-figure]").count():
        charts_drawn(page)
    width = page.viewport_size["width"]
    assert page.evaluate(OVERFLOW) <= width, (name, "scrolls sideways")
    assert (boxes := page.evaluate(UNREACHABLE_SCROLL_BOXES)) == [], (name, boxes)
    for selector in controls:
        box_inside_viewport(page, selector)
    screenshot(page, name)
    assert page.errors == [], (name, page.errors)
    assert page.csp_violations == [], (name, page.csp_violations)
    violations = serious_violations(page)
    assert violations == [], (name, violations)
