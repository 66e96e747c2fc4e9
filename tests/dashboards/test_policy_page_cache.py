"""The policy list, a policy's overview and its assessment come from the page cache
(dashboards/pagecache.py) and never show figures older than the last committed write: one
test per kind of write, each one a write that changes what the page shows (issue 11)."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from parks.models import Enterprise, Park
from tests.conftest import VALID_CREDIT_CODE, report_form_data
from tests.dashboards.test_page_cache import logged_in, main, page, warm
from tests.spreadsheets.conftest import confirm, upload, xlsx_bytes
from tracker.models import ParkReport, Policy, ReportingPeriod, Target

GUIDELINE = "pearl-river-belt-2022"
LIST = reverse("policy_list")
OVERVIEW = reverse("policy_overview", args=[GUIDELINE])
ASSESSMENT = reverse("policy_assessment", args=[GUIDELINE])
PAGES = [LIST, OVERVIEW, ASSESSMENT]
SUBMITTED = {"include": "submitted"}


@pytest.fixture
def q4(guideline):
    return ReportingPeriod.objects.get(year=2023, quarter=4)


@pytest.fixture
def eleven_adopted(make_report, pazhou, q4):
    """Every park but 琶洲 adopted its one-park-one-policy plan in 2023: 琶洲's report decides
    whether the 2023 target was met on time, which moves a count on every policy page."""
    for park in Park.objects.exclude(pk=pazhou.pk):
        make_report(park, q4, "approved", figures={"one_park_one_policy": "1"})


def content(html):
    """The page's own content, without the messages of the write before it."""
    return re.sub(r'<ul class="messages">.*?</ul>', "", main(html), flags=re.S)


def shows_the_last_write(client, url, before, **params):
    """The page after a write: changed, and exactly what it is when drawn afresh."""
    after = content(page(client, url, **params))
    cache.clear()
    assert after != before
    assert after == content(page(client, url, **params))
    return after


@pytest.mark.parametrize("url", PAGES)
def test_the_report_form_shows_at_once(haizhu_client, eleven_adopted, pazhou, q4, url):
    before = content(warm(haizhu_client, url, **SUBMITTED))
    response = haizhu_client.post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(
            {"one_park_one_policy": "1"}, park=pazhou.pk, period=q4.pk, _submit_report="1"
        ),
    )
    assert response.status_code == 302
    assert ParkReport.objects.get(park=pazhou, period=q4).status == ParkReport.Status.SUBMITTED
    shows_the_last_write(haizhu_client, url, before, **SUBMITTED)


@pytest.mark.parametrize("url", PAGES)
def test_an_admin_action_shows_at_once(
    reviewer_client, eleven_adopted, make_report, pazhou, q4, url
):
    report = make_report(pazhou, q4, "submitted", figures={"one_park_one_policy": "1"})
    before = content(warm(reviewer_client, url))
    reviewer_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "approve_selected", "_selected_action": [report.pk]},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.APPROVED
    shows_the_last_write(reviewer_client, url, before)


@pytest.mark.parametrize("url", PAGES)
def test_a_reopened_report_shows_at_once(
    reviewer_client, eleven_adopted, make_report, pazhou, q4, url
):
    report = make_report(pazhou, q4, "approved", figures={"one_park_one_policy": "1"})
    before = content(warm(reviewer_client, url))
    reviewer_client.post(
        reverse("admin:tracker_parkreport_review", args=[report.pk]),
        {"step": "reopen", "reason": "统计局修订了数据", "version": report.version},
    )
    assert ParkReport.objects.get(pk=report.pk).status == ParkReport.Status.RETURNED
    shows_the_last_write(reviewer_client, url, before)


@pytest.mark.parametrize("url", PAGES)
def test_an_import_shows_at_once(haizhu_client, eleven_adopted, pazhou, q4, url):
    before = content(warm(haizhu_client, url, **SUBMITTED))
    data = xlsx_bytes(
        [
            ["园区代码", "期间", "revenue", "core_revenue", "coverage_5g", "one_park_one_policy"],
            ["pazhou", "2023Q4", "300", "200", "90", "1"],
        ]
    )
    response = upload(haizhu_client, "admin:tracker_parkreport_import", data, "f.xlsx", submit="on")
    confirm(haizhu_client, "admin:tracker_parkreport_process_import", response)
    assert ParkReport.objects.get(park=pazhou, period=q4).status == ParkReport.Status.SUBMITTED
    shows_the_last_write(haizhu_client, url, before, **SUBMITTED)


@pytest.mark.parametrize("url", PAGES)
def test_a_policy_edit_shows_at_once(manager_client, url):
    before = content(warm(manager_client, url))
    assert "珠江导则新名" not in before
    guideline = Policy.objects.get(code=GUIDELINE)
    guideline.title = "珠江导则新名"
    guideline.save()
    assert "珠江导则新名" in shows_the_last_write(manager_client, url, before)


@pytest.mark.parametrize("url", [OVERVIEW, ASSESSMENT])
def test_a_new_enterprise_shows_at_once(manager_client, pazhou, url):
    before = content(warm(manager_client, url))
    Enterprise.objects.create(
        name="示范链主公司",
        credit_code=VALID_CREDIT_CODE,
        park=pazhou,
        role=Enterprise.Role.CHAIN_LEADER,
        introduced_on="2023-03-01",
    )
    shows_the_last_write(manager_client, url, before)


@pytest.mark.parametrize("url", PAGES)
def test_a_target_edit_shows_at_once(manager_client, url):
    target = Target.objects.filter(policy__code=GUIDELINE, value__isnull=True).first()
    before = content(warm(manager_client, url))
    target.value = Decimal("42.42")
    target.save()
    shows_the_last_write(manager_client, url, before)


# -- scope, downloads, queries ---------------------------------------------------------------


def test_an_officer_never_gets_the_bureaus_cached_assessment(
    manager, haizhu_officer, pazhou, yuzhu_bay
):
    assert yuzhu_bay.name in content(warm(logged_in(manager), ASSESSMENT))
    officer = content(page(logged_in(haizhu_officer), ASSESSMENT))
    assert pazhou.name in officer and yuzhu_bay.name not in officer


def test_the_assessments_downloads_bypass_the_cache(
    manager_client, eleven_adopted, make_report, pazhou, q4
):
    warm(manager_client, ASSESSMENT)
    make_report(pazhou, q4, "approved", figures={"one_park_one_policy": "1"})
    response = manager_client.get(ASSESSMENT, {"format": "xlsx"})
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert manager_client.get(ASSESSMENT, {"format": "bogus"}).status_code == 404


@pytest.mark.parametrize("url", PAGES)
def test_a_cached_policy_page_needs_only_the_request_queries(
    manager_client, url, django_assert_num_queries
):
    manager_client.get(url)
    # session, user, the user's permissions (the scope in the key), data version
    with django_assert_num_queries(4):
        assert manager_client.get(url).status_code == 200
