"""A city reviewer's day in Chromium (issue 10): `/` opens with the reports awaiting review,
the longest waiting first; the reviewer returns the oldest with a reason typed on its own
page, reads its history, approves the next one on its page and a third from the list's bulk
action. The demo data has five reports awaiting review (tracker/demo_data.py)."""

import pytest
from django.urls import reverse

from tests.browser.pages import DESKTOP, PHONE, look_at, signed_in
from tests.browser.steps import follow, patient, refused_links
from tracker.attention import awaiting_review
from tracker.models import ParkReport

pytestmark = pytest.mark.browser

REVIEW_CONTROLS = (
    "#id_review_reason",
    "#review-form button[value=return]",
    "#review-form button[value=approve]",
)

RESULTS_FIT = "(box => box.scrollWidth <= box.clientWidth)(document.querySelector('.results'))"


def queue_ids(page):
    hrefs = page.locator("#todo .todo-queue li > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [int(href.rstrip("/").split("/")[-2]) for href in hrefs]


@pytest.mark.parametrize("width", [DESKTOP, PHONE])
def test_reviewer_returns_one_report_and_approves_two(browser, live_server, demo, width):
    laoshen = demo["laoshen"]
    waiting = list(awaiting_review())
    assert len(waiting) >= 3
    moments = [report.submitted_at for report in waiting]
    assert moments == sorted(moments) and len(set(moments)) > 1
    oldest, second, third = waiting[:3]
    page = patient(signed_in(browser, live_server, "laoshen", width))

    # The queue, oldest first, as the database orders it.
    look_at(page, "reviewer-queue", ["#todo .todo-queue li > a"])
    assert queue_ids(page) == [report.pk for report in waiting]
    assert page.locator("#todo-title .count").inner_text() == str(len(waiting))

    # Return the oldest with a reason typed on its own page.
    follow(page, "#todo .todo-queue li > a")
    assert page.url.endswith(reverse("admin:tracker_parkreport_change", args=[oldest.pk]))
    look_at(page, "reviewer-report", REVIEW_CONTROLS)
    assert refused_links(page, ".readonly") == []
    reason = "营收较上年同期增幅偏大,请附说明后重新提交。"
    page.fill("#id_review_reason", reason)
    follow(page, "#review-form button[value=return]")
    look_at(page, "reviewer-report-returned", [".messagelist .success"])
    oldest.refresh_from_db()
    assert oldest.status == ParkReport.Status.RETURNED
    assert (oldest.reason, oldest.reviewed_by) == (reason, laoshen)
    # Returned: no review step is left on its page, and its history names the step.
    assert page.locator("#review-form").count() == 0
    follow(page, "a.historylink")
    look_at(page, "reviewer-report-history", ["#change-history"])
    history = page.locator("#content").inner_text()
    assert reason in history and "None" not in history

    # The queue moves up; approve the next one on its page.
    page.goto(f"{live_server.url}/")
    look_at(page, "reviewer-queue-after-return", ["#todo .todo-queue li > a"])
    assert queue_ids(page) == [report.pk for report in waiting[1:]]
    follow(page, "#todo .todo-queue li > a")
    look_at(page, "reviewer-report-second", REVIEW_CONTROLS)
    follow(page, "#review-form button[value=approve]")
    second.refresh_from_db()
    assert (second.status, second.reviewed_by) == (ParkReport.Status.APPROVED, laoshen)

    # And the third from the list of all reports awaiting review, with the bulk action.
    page.goto(f"{live_server.url}/")
    follow(page, "#todo a[href$='?status__exact=submitted']")
    checkbox = f"#result_list input.action-select[value='{third.pk}']"
    look_at(page, "reviewer-list", [checkbox, "select[name=action]", "button[name=index]"])
    assert page.locator("#result_list input.action-select").count() == len(waiting) - 2
    if width == DESKTOP:  # every column in view beside the filters, none scrolled away
        assert page.evaluate(RESULTS_FIT), "the report list scrolls sideways at 1400 px"
    page.check(checkbox)
    page.select_option("select[name=action]", "approve_selected")
    follow(page, "button[name=index]")
    look_at(page, "reviewer-list-approved", [".messagelist .success"])
    third.refresh_from_db()
    assert (third.status, third.reviewed_by) == (ParkReport.Status.APPROVED, laoshen)
    untouched = [report.pk for report in waiting[3:]]
    assert set(ParkReport.objects.filter(pk__in=untouched).values_list("status", flat=True)) == {
        ParkReport.Status.SUBMITTED
    }
    page.context.close()
