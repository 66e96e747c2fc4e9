"""What the report admin pages show: the warning marker in the list, and a history without
empty columns, with yes/no figures as words (issue 10, items 4, 6, 7, 11)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import report_form_data
from tracker.models import ParkReport

LIST_URL = reverse("admin:tracker_parkreport_changelist")
ADD_URL = reverse("admin:tracker_parkreport_add")


def login(user):
    client = Client()
    client.force_login(user)
    return client


def list_row(html, report):
    change = reverse("admin:tracker_parkreport_change", args=[report.pk])
    return re.search(rf'<tr>(?:(?!</tr>).)*href="{change}"(?:(?!</tr>).)*</tr>', html, re.S).group()


def test_warning_marker_only_on_reports_with_warnings(
    reviewer_client, make_report, pazhou, yuzhu_bay, quarter
):
    warned = make_report(pazhou, quarter, status="submitted", has_warnings=True)
    clean = make_report(yuzhu_bay, quarter, status="submitted")
    html = reviewer_client.get(LIST_URL).content.decode()
    warned_row, clean_row = list_row(html, warned), list_row(html, clean)
    # The marker sits beside the status (its own column pushed the reviewer out of sight).
    assert re.search(
        r'<td class="field-status_shown">已提交 <span class="report-warning">'
        r'<span aria-hidden="true">⚠ </span>预警</span></td>',
        warned_row,
    )
    assert '<td class="field-status_shown">已提交</td>' in clean_row
    # No yes/no icons: a red ✖ read as "something is wrong" on every clean report.
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html


def test_warning_marker_on_the_report_page_too(reviewer_client, make_report, pazhou, quarter):
    warned = make_report(pazhou, quarter, status="submitted", has_warnings=True)
    html = reviewer_client.get(
        reverse("admin:tracker_parkreport_change", args=[warned.pk])
    ).content.decode()
    field = re.search(
        r'<div class="form-row field-warning_marker">.*?</div>\s*</div>', html, re.S
    ).group()
    assert "⚠ </span>预警" in field
    assert "icon-" not in field


def form_row(html, field):
    return re.search(rf'<div class="form-row field-{field}">.*?</div>\s*</div>', html, re.S).group()


def test_report_page_without_warnings_or_unlocking_shows_no_raw_values(
    reviewer_client, make_report, pazhou, quarter
):
    report = make_report(pazhou, quarter, status="submitted")
    html = reviewer_client.get(
        reverse("admin:tracker_parkreport_change", args=[report.pk])
    ).content.decode()
    assert '<div class="readonly">-</div>' in form_row(html, "warning_marker")
    # "No" in words: the admin's red ✖ read as an error on every report never unlocked.
    unlocked = form_row(html, "unlocked_shown")
    assert '<div class="readonly">否</div>' in unlocked
    assert "icon-no.svg" not in html and "icon-yes.svg" not in html
    assert "None" not in html


def test_an_unlocked_report_says_yes_and_what_it_means(
    reviewer_client, make_report, pazhou, quarter
):
    report = make_report(pazhou, quarter, status="returned", unlocked=True)
    html = reviewer_client.get(
        reverse("admin:tracker_parkreport_change", args=[report.pk])
    ).content.decode()
    unlocked = form_row(html, "unlocked_shown")
    assert '<div class="readonly">是<div class="help">' in unlocked
    assert "区工信部门可以修改这一份报表" in unlocked


@pytest.fixture
def returned_report(haizhu_officer, reviewer_client, pazhou, quarter):
    # The reviewer acts through reviewer_client: a second sign-in of the same account would
    # end that client's session (one session per account).
    officer = login(haizhu_officer)
    officer.post(
        ADD_URL,
        report_form_data(
            {"one_park_one_policy": "1"}, park=pazhou.pk, period=quarter.pk, _submit_report="1"
        ),
    )
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    reviewer_client.post(
        reverse("admin:tracker_parkreport_review", args=[report.pk]),
        {"step": "return", "reason": "请补充5G覆盖说明", "version": report.version},
    )
    report.refresh_from_db()
    assert report.status == ParkReport.Status.RETURNED
    return report


def test_people_on_the_report_page_are_names_not_links_to_the_user_admin(
    haizhu_officer, reviewer_client, returned_report
):
    # Only security administrators may open a user's admin page: a link was a 403.
    officer = login(haizhu_officer)
    change = reverse("admin:tracker_parkreport_change", args=[returned_report.pk])
    for client in (officer, reviewer_client):
        html = client.get(change).content.decode()
        assert "/admin/auth/user/" not in html
        assert '<div class="readonly">xiaohai</div>' in form_row(html, "submitted_by_shown")
        assert '<div class="readonly">laoshen</div>' in form_row(html, "reviewed_by_shown")


def history_table(html):
    start = html.index('id="change-history"')
    return html[start : html.index("</table>", start)]


def history(client, report):
    return client.get(
        reverse("admin:tracker_parkreport_history", args=[report.pk])
    ).content.decode()


def test_history_shows_the_return_reason_on_its_row(reviewer_client, returned_report):
    html = history(reviewer_client, returned_report)
    table = history_table(html)
    headers = re.findall(r'<th scope="col">([^<]*)</th>', table)
    assert headers == ["日期/时间", "操作", "修改人", "原因", "修改内容"]
    reasons = [
        cells[3]
        for cells in (
            re.findall(r"<td(?: data-label=\"[^\"]*\")?>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr>.*?</tr>", table, re.S)
        )
        if cells
    ]
    assert reasons.count("请补充5G覆盖说明") == 1  # on the return, and only there
    assert set(reasons) == {"请补充5G覆盖说明", "—"}
    # On a phone the rows stack without the table's head: the reason names itself.
    assert '<td data-label="原因">请补充5G覆盖说明</td>' in table
    assert "None" not in table and ">无<" not in table and "Changes" not in table


def test_history_without_reasons_has_no_reason_column(haizhu_client, pazhou, quarter):
    haizhu_client.post(ADD_URL, report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"))
    report = ParkReport.objects.get(park=pazhou, period=quarter)
    html = history(haizhu_client, report)
    table = history_table(html)
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == [
        "日期/时间",
        "操作",
        "修改人",
        "修改内容",
    ]
    assert "None" not in table


def test_yes_no_figure_changes_read_yes_and_no(reviewer_client, returned_report):
    html = history(reviewer_client, returned_report)
    figures = html[html.index('id="value-history"') :]
    assert "— → 是" in figures
    assert "— → 1 (" not in figures


def test_history_in_english(reviewer_client, returned_report):
    reviewer_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = history(reviewer_client, returned_report)
    table = history_table(html)
    assert re.findall(r'<th scope="col">([^<]*)</th>', table) == [
        "Date/time",
        "Action",
        "Changed by",
        "Reason",
        "Changes",
    ]
    figures = html[html.index('id="value-history"') :]
    assert "— → Yes" in figures
    assert "One-park-one-policy plan adopted" in figures  # the indicator's English name
