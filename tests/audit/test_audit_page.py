"""/audit/: only auditors read it (superusers and every other role get 403), with filters
and pages, in Chinese by default, in a fixed number of queries."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from audit.models import AuditEntry, Event, Result
from audit.roles import AUDITOR
from tests.audit.conftest import SHANGHAI
from tests.conftest import client_for

URL = reverse("audit:log")


def at(day, hour=10):
    return datetime.datetime(2026, 6, day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def sample(db):
    """Five entries in June 2026 besides whatever the personas' set-up recorded."""
    rows = [
        (at(1), "xiaohai", "192.0.2.1", Event.LOGIN, Result.SUCCESS),
        (at(2), "xiaohai", "192.0.2.1", Event.REPORT_SUBMIT, Result.SUCCESS),
        (at(3), "mallory", "203.0.113.66", Event.LOGIN_FAILED, Result.FAILURE),
        (at(4, 23), "laoshen", "198.51.100.3", Event.REPORT_APPROVE, Result.SUCCESS),
        (at(5), "wangchu", "198.51.100.9", Event.EXPORT, Result.SUCCESS),
    ]
    for timestamp, username, address, event, result in rows:
        AuditEntry.objects.create(
            timestamp=timestamp,
            username=username,
            client_address=address,
            event=event,
            result=result,
        )


def shown(response):
    return [
        (entry.username, entry.event)
        for entry in response.context["page"].object_list
        if entry.timestamp.year == 2026 and entry.timestamp.month == 6
    ]


# -- who may read it -------------------------------------------------------------------------


def test_auditor_reads_the_trail_in_chinese(auditor_client, sample):
    response = auditor_client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["审计日志", "客户端地址", "登录失败", "提交报表", "mallory", "203.0.113.66"]:
        assert text in page
    assert ("mallory", "login_failed") in shown(response)


@pytest.mark.parametrize(
    "persona", ["haizhu_officer", "reviewer", "manager", "superuser", "security_admin"]
)
def test_every_other_role_gets_403(request, client, persona, sample):
    client_for(client, request.getfixturevalue(persona))
    for url in (URL, reverse("audit:export")):
        response = client.get(url)
        assert response.status_code == 403
        assert "mallory" not in response.content.decode()
    assert not AuditEntry.objects.filter(event=Event.AUDIT_EXPORT).exists()


def test_a_superuser_in_the_auditor_group_is_still_refused(client, superuser, sample):
    """三员分立: the system administrator never reads the trail, even by joining the group."""
    superuser.groups.add(Group.objects.get(name=AUDITOR))
    client_for(client, superuser)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("audit:export")).status_code == 403


def test_anonymous_is_sent_to_login(client, sample):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_auditor_removed_from_the_group_loses_access(auditor_client, auditor, sample):
    assert auditor_client.get(URL).status_code == 200
    auditor.groups.clear()
    assert auditor_client.get(URL).status_code == 403


def test_navigation_offers_the_trail_to_auditors_only(client, auditor, manager, sample):
    client.force_login(auditor)
    assert f'href="{URL}"' in client.get(reverse("submissions")).content.decode()
    client.force_login(manager)
    assert f'href="{URL}"' not in client.get(reverse("submissions")).content.decode()


def test_writing_is_refused(auditor_client, sample):
    assert auditor_client.post(URL, {"event": "login"}).status_code == 405


# -- filters and pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"start": "2026-06-02", "end": "2026-06-04"}, {"xiaohai", "mallory", "laoshen"}),
        ({"username": "XIAO"}, {"xiaohai"}),
        ({"event": "login_failed"}, {"mallory"}),
        ({"result": "failure"}, {"mallory"}),
        ({"address": "198.51.100."}, {"laoshen", "wangchu"}),
        ({"start": "2026-06-04", "end": "2026-06-04"}, {"laoshen"}),
    ],
)
def test_filters(auditor_client, sample, query, expected):
    response = auditor_client.get(URL, query)
    assert response.status_code == 200
    assert {username for username, _event in shown(response)} == expected


def test_end_date_is_a_whole_local_day(auditor_client, sample):
    """23:00 on 4 June in Guangzhou is 15:00 UTC: it belongs to the 4th, not the 5th."""
    response = auditor_client.get(URL, {"start": "2026-06-04", "end": "2026-06-04"})
    assert shown(response) == [("laoshen", "report_approve")]
    assert "2026-06-04 23:00:00" in response.content.decode()


@pytest.mark.parametrize(
    "query, message",
    [
        ({"start": "2026-13-01"}, "输入一个有效的日期。"),
        (
            {"start": "2026-06-05", "end": "2026-06-01"},
            "开始日期 2026-06-05 晚于结束日期 2026-06-01",
        ),
        ({"event": "erase_everything"}, "选择一个有效的选项"),
    ],
)
def test_bad_filters_say_why_in_chinese(auditor_client, sample, query, message):
    response = auditor_client.get(URL, query)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert response.context["page"] is None


def test_pages_of_fifty_newest_first(auditor_client, db):
    base = at(10)
    for minute in range(120):
        AuditEntry.objects.create(
            timestamp=base + datetime.timedelta(minutes=minute),
            username=f"u{minute:03d}",
            event=Event.DOWNLOAD,
        )
    first = auditor_client.get(URL, {"event": "download"})
    assert [e.username for e in first.context["page"].object_list][:2] == ["u119", "u118"]
    assert len(first.context["page"].object_list) == 50
    third = auditor_client.get(URL, {"event": "download", "page": 3})
    assert [e.username for e in third.context["page"].object_list] == [
        f"u{minute:03d}" for minute in range(19, -1, -1)
    ]
    # Page links keep the filter.
    assert "?event=download&amp;page=2" in first.content.decode()


def test_query_count_does_not_grow_with_entries(auditor_client, sample, django_assert_num_queries):
    for index in range(200):
        AuditEntry.objects.create(username=f"bulk{index}", event=Event.EXPORT)
    # session, user, auditor group check, count, demo-data banner check, one page of entries
    with django_assert_num_queries(6):
        response = auditor_client.get(URL)
    assert response.status_code == 200
    with django_assert_num_queries(6):
        auditor_client.get(URL, {"event": "export", "page": 2})
