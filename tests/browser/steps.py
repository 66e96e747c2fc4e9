"""Steps the role-day browser tests share: follow a link or press a button and wait for the
page it leads to, and read the to-do on `/`."""

import re

from tracker.models import ParkReport


def follow(page, selector):
    """Click `selector` (a link or a submit button) and wait for the next page to load."""
    with page.expect_navigation():
        page.locator(selector).first.click()
    page.wait_for_load_state()


def todo_links(page, group):
    """(text, href) of each link in a to-do group (overdue, returned, due, draft) on `/`."""
    links = page.locator(f"#todo .todo-{group} li > a")
    return [(link.inner_text(), link.get_attribute("href")) for link in links.all()]


def report_of(park_code, year, quarter):
    """The park's report for that quarter, or None."""
    reports = ParkReport.objects.filter(park__code=park_code)
    return reports.filter(period__year=year, period__quarter=quarter).first()


def figures(report):
    """{indicator code: value} as stored."""
    return {row.indicator.code: row.value for row in report.values.select_related("indicator")}


def refused_links(page, selector):
    """The links under `selector` that answer with an error for the signed-in user."""
    refused = []
    for href in page.locator(f"{selector} a[href]").evaluate_all("as => as.map(a => a.href)"):
        status = page.request.get(href).status
        if status >= 400:
            refused.append((href, status))
    return refused


RAW_VALUE = re.compile(r"\b(None|nan|NaN|undefined|null)\b")


def raw_values(page):
    """Python's or JavaScript's empty values leaking into the page's text (in Chinese pages,
    where none of these words belongs)."""
    return RAW_VALUE.findall(page.locator("body").inner_text())


# With the whole suite on every core (and other work besides) a chart page has taken more
# than Playwright's default 30 s to settle; a failure should mean the page is wrong.
PATIENCE_MS = 90_000


def patient(page):
    page.set_default_timeout(PATIENCE_MS)
    page.set_default_navigation_timeout(PATIENCE_MS)
    return page
