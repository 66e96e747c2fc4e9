"""Accessibility (issue 10; GB/T 37668, WCAG 2.x AA in substance): every page each role uses,
at 1400 px and 390 px, has no serious or critical axe-core violation (look_at runs axe on
every page a browser test visits), and every chart's figures are a focusable, labelled table.

One browser per test, one context per role and width, against the demo data (load_demo).
"""

import pytest
from django.urls import reverse

from audit.roles import AUDITOR
from parks.models import Park
from tests.browser.pages import DESKTOP, PHONE, look_at, new_page, signed_in
from tests.factories import report, user
from tracker.models import ParkReport, ReportingPeriod
from tracker.roles import SECURITY_ADMIN

pytestmark = pytest.mark.browser

POLICY = "pearl-river-belt-2022"
WIDTHS = [DESKTOP, PHONE]
ERROR_PAGES = {"not-found": 404, "forbidden": 403}
# Per chart: its table scrolls in a focusable, named region that no aria-hidden hides, and
# the drawing itself is named, its mode bar buttons are not hidden from screen readers.
CHART_TABLES = """() => [...document.querySelectorAll('[data-figure]')].map(chart => {
  const box = chart.closest('.chart-card').querySelector('.table-wrap');
  return !!box && box.tabIndex === 0 && box.getAttribute('role') === 'region'
    && !!box.getAttribute('aria-label') && !!box.querySelector('table caption')
    && !box.closest('[aria-hidden=true]') && !chart.closest('[aria-hidden=true]')
    && !!chart.getAttribute('aria-label')
    && [...chart.querySelectorAll('.modebar-btn')].every(b => b.getAttribute('aria-label'));
})"""

ACTIVE = (
    "() => [document.activeElement.getAttribute('role') || document.activeElement.localName,"
    " document.activeElement.getAttribute('aria-label')]"
)


def dashboard_pages():
    """What every role that reads the dashboards opens."""
    return [
        ("overview", "/"),
        ("parks", reverse("park_list")),
        ("park-pazhou", reverse("park_detail", args=["pazhou"])),
        ("district-haizhu", reverse("district_detail", args=["haizhu"])),
        # One indicator of each kind: reported decimal, percent, yes/no; register; derived.
        *(
            (f"indicator-{code}", reverse("indicator_detail", args=[code]))
            for code in (
                "revenue",
                "coverage_5g",
                "one_park_one_policy",
                "chain_leaders",
                "core_share",
            )
        ),
        ("submissions", reverse("submissions")),
        ("briefing", reverse("briefing", args=[2025])),
        ("policies", reverse("policy_list")),
        ("policy", reverse("policy_overview", args=[POLICY])),
        ("assessment", reverse("policy_assessment", args=[POLICY])),
        ("notices", reverse("notices:list")),
        ("notice-settings", reverse("notices:settings")),
        ("security", reverse("accounts:security")),
        ("password", reverse("accounts:password_change")),
        ("not-found", "/parks/no-such-park/"),
    ]


def report_pages(park_report):
    change = reverse("admin:tracker_parkreport_change", args=[park_report.pk])
    return [
        ("admin", reverse("admin:index")),
        ("reports", reverse("admin:tracker_parkreport_changelist")),
        ("report", change),
        ("report-history", reverse("admin:tracker_parkreport_history", args=[park_report.pk])),
    ]


def huangpu_park():
    return reverse("park_detail", args=[Park.objects.filter(district__code="huangpu").first().code])


def visit_all(page, live_server, role, pages):
    """Every page through look_at; the problems of all of them, not only the first."""
    problems = []
    for name, path in pages:
        status = ERROR_PAGES.get(name, 200)
        response = page.goto(live_server.url + path)
        if response.status != status:
            problems.append(f"{path}: status {response.status}, not {status}")
        # The browser logs an error page's own status as a console error; nothing else may.
        page.errors[:] = [error for error in page.errors if f"status of {status}" not in error]
        try:
            look_at(page, f"a11y-{role}-{name}")
        except AssertionError as problem:
            problems.append(f"{path}: {problem}")
        page.errors.clear()
    return problems


def chart_tables(page, live_server, path):
    page.goto(live_server.url + path)
    return page.evaluate(CHART_TABLES)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_district_officer_s_pages(browser, live_server, demo, width):
    pazhou = Park.objects.get(code="pazhou")
    latest = ReportingPeriod.objects.filter(reports__isnull=False).order_by("-year", "-quarter")[0]
    draft = report(pazhou, latest, updated_by=demo["xiaohai"], revenue=120)
    page = signed_in(browser, live_server, "xiaohai", width)
    pages = [
        *dashboard_pages(),
        ("forbidden", reverse("audit:log")),  # the trail is the auditor's alone
        *report_pages(draft),
        ("report-add", reverse("admin:tracker_parkreport_add")),
        ("import", reverse("admin:tracker_parkreport_import")),
        ("export", reverse("admin:tracker_parkreport_export")),
        ("sheet-template", reverse("admin:tracker_parkreport_spreadsheet_template")),
        ("enterprises", reverse("admin:parks_enterprise_changelist")),
        ("enterprise-import", reverse("admin:parks_enterprise_import")),
    ]
    problems = visit_all(page, live_server, "officer", pages)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_reviewer_s_pages(browser, live_server, demo, width):
    submitted = ParkReport.objects.filter(status=ParkReport.Status.SUBMITTED).first()
    page = signed_in(browser, live_server, "laoshen", width)
    pages = [
        *dashboard_pages(),
        ("park-huangpu", huangpu_park()),
        *report_pages(submitted),
        ("forbidden", reverse("audit:log")),
    ]
    problems = visit_all(page, live_server, "reviewer", pages)
    assert problems == [], "\n".join(problems)
    # The report page checked above is the one with the review panel.
    page.goto(live_server.url + reverse("admin:tracker_parkreport_change", args=[submitted.pk]))
    assert page.locator("#review-form #id_review_reason").count() == 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manager_s_pages(browser, live_server, demo, width):
    anonymous = new_page(browser, width)
    problems = visit_all(anonymous, live_server, "anyone", [("login", reverse("login"))])
    page = signed_in(browser, live_server, "wangchu", width)
    pages = [*dashboard_pages(), ("park-huangpu", huangpu_park())]
    problems += visit_all(page, live_server, "manager", pages)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_auditor_s_and_security_admin_s_pages(browser, live_server, demo, width):
    user("laoji", AUDITOR)
    user("laoan", SECURITY_ADMIN)
    auditor = signed_in(browser, live_server, "laoji", width)
    pages = [("audit", reverse("audit:log")), ("security", reverse("accounts:security"))]
    problems = visit_all(auditor, live_server, "auditor", pages)
    security = signed_in(browser, live_server, "laoan", width)
    pages = [
        ("admin", reverse("admin:index")),
        ("users", reverse("admin:auth_user_changelist")),
        ("user", reverse("admin:auth_user_change", args=[demo["xiaohai"].pk])),
    ]
    problems += visit_all(security, live_server, "security", pages)
    assert problems == [], "\n".join(problems)


def test_english_pages_on_a_phone(browser, live_server, demo):
    submitted = ParkReport.objects.filter(status=ParkReport.Status.SUBMITTED).first()
    page = signed_in(browser, live_server, "laoshen", PHONE, locale="en-US")
    pages = [
        (name, path)
        for name, path in dashboard_pages()
        if name in ("overview", "park-pazhou", "indicator-revenue", "submissions", "briefing")
    ]
    pages += [("report", reverse("admin:tracker_parkreport_change", args=[submitted.pk]))]
    problems = visit_all(page, live_server, "reviewer-en", pages)
    assert problems == [], "\n".join(problems)
    assert page.evaluate("document.documentElement.lang") == "en"


def test_every_chart_s_figures_are_a_focusable_labelled_table(browser, live_server, demo):
    page = signed_in(browser, live_server, "wangchu", DESKTOP)
    for path in ("/", "/parks/pazhou/", "/indicators/revenue/", "/briefing/2025/"):
        tables = chart_tables(page, live_server, path)
        assert tables and all(tables), (path, tables)
    # Tabbing from a chart's title passes its mode bar's buttons and reaches its table,
    # whose name a screen reader reads out.
    page.goto(live_server.url + "/parks/pazhou/")
    page.wait_for_selector(".chart-card .modebar-btn", state="attached")
    page.locator(".chart-card h3").first.click()
    reached = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(page.evaluate(ACTIVE))
        if reached[-1][0] == "region":
            break
    title = page.locator(".chart-card h3").first.inner_text()
    assert reached[-1] == ["region", f"数据表:{title}"], reached
    assert ["button", "下载为PNG图片"] in reached, reached
