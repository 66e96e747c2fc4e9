"""A district officer's day in Chromium (issue 10): the to-do on `/` leads to the missing
report of 琶洲 for 2026 Q3; the officer fills it in, saves a draft, submits; after the
reviewer returns it the to-do shows it with the reason, and the officer fixes and resubmits.

The demo data leaves 琶洲's 2026 Q3 report missing (tracker/demo_data.py) and, in tests,
periods never lock by themselves, so the quarter is open and overdue.
"""

from decimal import Decimal

import pytest

from parks.models import Park
from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tests.browser.steps import figures, follow, patient, refused_links, report_of, todo_links
from tracker.attention import add_url
from tracker.models import ParkReport, ReportingPeriod

pytestmark = pytest.mark.browser

FORM_CONTROLS = (
    "#id_value_revenue",
    "#id_value_one_park_one_policy",
    "input[name=_continue]",
    "input[name=_submit_report]",
)
FIGURES = {
    "revenue": "1,012.5",  # typed as an office types it: a thousands separator
    "core_revenue": "640",
    "coverage_5g": "96%",
}


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_officer_fills_in_submits_and_fixes_a_returned_report(browser, live_server, demo, width):
    assert report_of("pazhou", 2026, 3) is None
    pazhou_pk, pazhou = Park.objects.values_list("pk", "name").get(code="pazhou")
    page = patient(signed_in(browser, live_server, "xiaohai", width))

    # The to-do: 琶洲's 2026 Q3 report is overdue, and the link opens its new-report form.
    # (Later quarters join the to-do as the real calendar reaches them: look for this one.)
    q3 = ReportingPeriod.objects.get(year=2026, quarter=3)
    q3_link = f"#todo .todo-overdue a[href$='period={q3.pk}']"
    look_at(page, "officer-todo", [q3_link])
    overdue = todo_links(page, "overdue")
    assert (f"{pazhou} · 2026年第3季度", add_url(pazhou_pk, q3.pk)) in overdue, overdue
    follow(page, q3_link)
    look_at(page, "officer-report-new", FORM_CONTROLS)
    assert page.locator("#id_park option:checked").inner_text() == pazhou
    assert page.locator("#id_period option:checked").inner_text() == "2026年第3季度"

    # A draft with three figures: saved, still a draft, with the numbers as typed.
    for code, typed in FIGURES.items():
        page.fill(f"#id_value_{code}", typed)
    page.fill("#id_note_revenue", "含琶洲南区新入驻企业")
    follow(page, "input[name=_continue]")
    look_at(page, "officer-report-draft", FORM_CONTROLS)
    assert refused_links(page, ".readonly") == []
    draft = report_of("pazhou", 2026, 3)
    assert draft.status == ParkReport.Status.DRAFT
    assert draft.updated_by == demo["xiaohai"]
    assert figures(draft) == {
        "revenue": Decimal("1012.5"),
        "core_revenue": Decimal("640"),
        "coverage_5g": Decimal("96"),
    }
    assert page.locator("#id_value_revenue").input_value() == "1012.5"

    # Submitting without the yes/no figure is refused on that field; nothing changes.
    follow(page, "input[name=_submit_report]")
    look_at(page, "officer-report-incomplete", [".field-value_one_park_one_policy .errorlist"])
    assert report_of("pazhou", 2026, 3).status == ParkReport.Status.DRAFT

    page.select_option("#id_value_one_park_one_policy", "1")
    follow(page, "input[name=_submit_report]")
    look_at(page, "officer-report-submitted", [".messagelist .success"])
    submitted = report_of("pazhou", 2026, 3)
    assert submitted.status == ParkReport.Status.SUBMITTED
    assert submitted.submitted_by == demo["xiaohai"]
    assert figures(submitted)["one_park_one_policy"] == 1
    # Back on the list, the report reads 已提交; its page shows the figures, read-only.
    row = page.locator(f'#result_list tr:has(a[href$="/{submitted.pk}/change/"])')
    assert "已提交" in row.inner_text()
    follow(page, f'#result_list a[href$="/{submitted.pk}/change/"]')
    look_at(page, "officer-report-readonly", [".figures-scroll"])
    assert page.locator("#id_value_revenue").count() == 0
    assert page.locator("input[name=_submit_report]").count() == 0
    assert "1012.5" in page.locator(".report-figures").inner_text()

    # The reviewer sends it back.
    reason = "5G覆盖率与运营商季报不一致,请核实。"
    submitted.return_to_district(demo["laoshen"], reason)

    page.goto(f"{live_server.url}/")
    look_at(page, "officer-todo-returned", ["#todo .todo-returned li > a"])
    assert todo_links(page, "overdue") == []
    returned = page.locator("#todo .todo-returned li")
    assert returned.count() == 1
    assert f"{pazhou} · 2026年第3季度" in returned.inner_text()
    assert reason in returned.locator(".reason").inner_text()
    follow(page, "#todo .todo-returned li > a")
    look_at(page, "officer-report-returned", FORM_CONTROLS)
    assert reason in page.locator(".field-reason").inner_text()

    page.fill("#id_value_coverage_5g", "93.5")
    follow(page, "input[name=_submit_report]")
    look_at(page, "officer-report-resubmitted", [".messagelist .success"])
    resubmitted = report_of("pazhou", 2026, 3)
    assert resubmitted.status == ParkReport.Status.SUBMITTED
    assert figures(resubmitted)["coverage_5g"] == Decimal("93.5")
    assert figures(resubmitted)["revenue"] == Decimal("1012.5")
    # First submitted on the first try: resubmitting keeps the on-time measure's moment.
    assert resubmitted.first_submitted_at == submitted.first_submitted_at

    # Nothing about 2026 Q3 is left on the to-do.
    page.goto(f"{live_server.url}/")
    look_at(page, "officer-todo-done")
    assert page.locator("#todo").count() == 1
    for group in ("overdue", "returned", "due", "draft"):
        assert [text for text, _ in todo_links(page, group) if "2026年第3季度" in text] == []
    page.context.close()
