"""The admin's report list: rows drawn in one pass are Django's own rows, and the page's
queries are pinned (tracker/report_list.py, issue 11)."""

import re

import pytest
from django.contrib.admin.templatetags.admin_list import items_for_result
from django.core.cache.backends.dummy import DummyCache
from django.urls import reverse
from django.utils import translation

from tracker import report_list
from tracker.models import ParkReport
from tracker.report_list import ReportRows

LIST_URL = reverse("admin:tracker_parkreport_changelist")


@pytest.fixture
def varied_reports(make_report, pazhou, yuzhu_bay, quarter, haizhu_officer, reviewer):
    """Reports in every state the columns show differently."""
    previous = quarter.__class__.objects.get(year=quarter.year, quarter=quarter.quarter - 1)
    return [
        make_report(pazhou, quarter, "submitted", updated_by=haizhu_officer, has_warnings=True),
        make_report(yuzhu_bay, quarter, "draft"),
        make_report(pazhou, previous, "approved", reviewed_by=reviewer, updated_by=reviewer),
        make_report(yuzhu_bay, previous, "returned", reviewed_by=reviewer),
    ]


def django_rows(cl):
    """The rows as Django's {% result_list %} draws them, cell by cell."""
    return ["".join(items_for_result(cl, report, None)) for report in cl.result_list]


def fast_rows(cl):
    return [str(row[0]) for row in ReportRows(cl).rows()]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("query", [{}, {"status__exact": "submitted"}, {"o": "-4.2"}])
def test_the_rows_are_djangos_rows(reviewer_client, varied_reports, language, query):
    reviewer_client.cookies["django_language"] = language
    response = reviewer_client.get(LIST_URL, query)
    assert response.status_code == 200
    cl = response.context["cl"]
    assert cl.result_list
    with translation.override(language):
        expected = django_rows(cl)
        assert fast_rows(cl) == expected
    html = response.content.decode()
    for row in expected:
        assert f"<tr>{row}</tr>" in html


def test_a_filtered_list_keeps_its_filters_in_the_change_links(reviewer_client, varied_reports):
    html = reviewer_client.get(LIST_URL, {"status__exact": "submitted"}).content.decode()
    change = reverse("admin:tracker_parkreport_change", args=[varied_reports[0].pk])
    assert f'href="{change}?_changelist_filters=status__exact%3Dsubmitted"' in html
    assert "field-status_shown" in html and "预警" in html


def test_a_column_the_fast_rows_do_not_know_is_drawn_by_django(
    reviewer_client, varied_reports, monkeypatch
):
    from tracker.admin import ParkReportAdmin

    monkeypatch.setattr(ParkReportAdmin, "list_display", ["park", "period", "version"])
    cl = reviewer_client.get(LIST_URL).context["cl"]
    assert fast_rows(cl) == django_rows(cl)
    assert 'class="field-version"' in fast_rows(cl)[0]


def test_the_list_shows_50_reports_a_page_and_one_count(
    reviewer_client, guideline, django_assert_num_queries, monkeypatch
):
    from tests import factories

    parks = list(guideline_parks())
    factories.seed_figures(parks, [2024, 2025])  # 12 parks × 8 quarters = 96 reports
    assert ParkReport.objects.count() > 50
    html = reviewer_client.get(LIST_URL).content.decode()
    assert len(re.findall(r'class="action-select"', html)) == 50
    # Again, before any write: session, user, user and group permissions, the data version
    # (the filters' cached choices and the kept rows), one COUNT; the rows are kept
    # (tracker/report_list.KeptRows), not read.
    with django_assert_num_queries(6):
        again = reviewer_client.get(LIST_URL).content.decode()
    assert results_table(again) == results_table(html)
    # Rows not kept (drawn each time): one more query, the page's 50 reports with park,
    # period and users.
    monkeypatch.setattr(report_list, "cache", DummyCache("rows", {}))
    with django_assert_num_queries(7):
        drawn = reviewer_client.get(LIST_URL).content.decode()
    assert results_table(drawn) == results_table(html)


def results_table(html):
    return html[
        html.index('id="result_list"') : html.index("</table>", html.index('id="result_list"'))
    ]


def guideline_parks():
    from parks.models import Park

    return Park.objects.order_by("sort_order")


def test_one_count_and_show_all_only_on_a_narrowed_list(reviewer_client, varied_reports):
    whole = reviewer_client.get(LIST_URL).content.decode()
    assert "4 条结果" not in whole and "显示全部" not in whole
    narrowed = reviewer_client.get(LIST_URL, {"status__exact": "submitted"}).content.decode()
    assert "1 条结果" in narrowed and "显示全部" in narrowed


# -- the cached filter sidebar ---------------------------------------------------------------


def filter_sidebar(client, **query):
    html = client.get(LIST_URL, query).content.decode()
    return html[
        html.index('id="changelist-filter"') : html.index(
            "</nav>", html.index('id="changelist-filter"')
        )
    ]


def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def test_a_new_report_shows_in_the_cached_filters_at_once(
    reviewer, haizhu_officer, make_report, yuzhu_bay, pazhou, quarter
):
    from tests.conftest import report_form_data

    bureau = logged_in(reviewer)
    make_report(yuzhu_bay, quarter.__class__.objects.get(year=2025, quarter=2), "submitted")
    make_report(yuzhu_bay, quarter, "submitted")
    assert pazhou.name not in filter_sidebar(bureau)
    response = logged_in(haizhu_officer).post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(park=pazhou.pk, period=quarter.pk),
    )
    assert response.status_code == 302
    assert pazhou.name in filter_sidebar(bureau)


def test_an_officer_never_gets_the_bureaus_cached_filters(
    reviewer, haizhu_officer, make_report, yuzhu_bay, pazhou, quarter
):
    previous = quarter.__class__.objects.get(year=2025, quarter=2)
    for park in (yuzhu_bay, pazhou):
        make_report(park, quarter, "submitted")
        make_report(park, previous, "submitted")
    bureau = filter_sidebar(logged_in(reviewer))
    assert yuzhu_bay.name in bureau and pazhou.name in bureau
    officer = filter_sidebar(logged_in(haizhu_officer))
    assert yuzhu_bay.name not in officer
    assert "2025年第2季度" in officer  # the sidebar drawn for the officer's own reports


def test_the_cached_filters_follow_the_chosen_filter_and_language(reviewer_client, varied_reports):
    chosen = filter_sidebar(reviewer_client, status__exact="submitted")
    assert 'class="selected"' in chosen
    assert chosen != filter_sidebar(reviewer_client)
    reviewer_client.cookies["django_language"] = "en"
    assert "2025 Q2" in filter_sidebar(reviewer_client)  # 2025年第2季度 in Chinese


# -- kept rows -------------------------------------------------------------------------------


def test_kept_rows_are_the_rows_drawn_and_a_write_shows_at_once(
    reviewer_client, varied_reports, reviewer
):
    first = reviewer_client.get(LIST_URL).content.decode()
    assert results_table(reviewer_client.get(LIST_URL).content.decode()) == results_table(first)
    submitted = varied_reports[0]
    submitted.approve(reviewer)
    after = results_table(reviewer_client.get(LIST_URL).content.decode())
    assert after != results_table(first)
    row = after[after.index(reverse("admin:tracker_parkreport_change", args=[submitted.pk])) :]
    row = row[: row.index("</tr>")]
    assert 'field-status_shown">审核通过' in row and "已提交" not in row


def test_kept_rows_follow_the_address_the_language_and_the_user(
    reviewer_client, varied_reports, haizhu_officer, reviewer
):
    whole = results_table(reviewer_client.get(LIST_URL).content.decode())
    narrowed = results_table(
        reviewer_client.get(LIST_URL, {"status__exact": "draft"}).content.decode()
    )
    assert narrowed != whole and narrowed.count("<tr") < whole.count("<tr")
    reviewer_client.cookies["django_language"] = "en"
    english = results_table(reviewer_client.get(LIST_URL).content.decode())
    assert "Submitted" in english and "已提交" not in english
    # 海珠's officer: only 琶洲's reports, never the bureau's kept page.
    officer = results_table(logged_in(haizhu_officer).get(LIST_URL).content.decode())
    assert "琶洲" in officer and "鱼珠湾" not in officer
    assert "鱼珠湾" in whole


def test_a_persons_new_name_shows_in_kept_rows_at_once(reviewer_client, varied_reports, reviewer):
    assert reviewer.username in results_table(reviewer_client.get(LIST_URL).content.decode())
    reviewer.username = "laoshen-renamed"
    reviewer.save()
    assert "laoshen-renamed" in results_table(reviewer_client.get(LIST_URL).content.decode())


def test_signing_in_leaves_the_data_version_alone(reviewer):
    from django.contrib.auth.models import update_last_login

    from tracker.versions import DataVersion

    before = DataVersion.current()
    update_last_login(None, reviewer)
    assert DataVersion.current() == before
