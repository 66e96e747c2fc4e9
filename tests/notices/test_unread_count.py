"""The unread count in the page header and on the admin index, without a query per page."""

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notices import unread
from notices.models import Notice
from tests.notices.conftest import notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_unread(open_quarter, haizhu_officer, clock):
    clock.go(-7)
    run_reminders()
    clock.go(1)
    run_reminders()
    clock.stop()


def test_the_header_shows_the_unread_count(two_unread, haizhu_client):
    page = haizhu_client.get("/parks/").content.decode()
    assert '<a class="notices-link" href="/notices/">通知 <span class="badge">' in page
    assert '<span class="visually-hidden">未读: </span>2</span>' in page


def test_no_badge_without_unread_notices(two_unread, haizhu_client):
    haizhu_client.post("/notices/read-all/")
    page = haizhu_client.get("/parks/").content.decode()
    assert '<a class="notices-link" href="/notices/">通知</a>' in page


def test_marking_read_updates_the_count_at_once(two_unread, haizhu_client, haizhu_officer):
    notice = notices_of(haizhu_officer)[0]
    haizhu_client.post(f"/notices/{notice.pk}/read/")
    page = haizhu_client.get("/parks/").content.decode()
    assert '<span class="visually-hidden">未读: </span>1</span>' in page


def test_pages_do_not_query_the_notices_while_the_count_is_fresh(two_unread, haizhu_client):
    haizhu_client.get("/parks/")
    with CaptureQueriesContext(connection) as queries:
        page = haizhu_client.get("/parks/").content.decode()
    assert queries.captured_queries  # the page itself still queries
    assert "notices_notice" not in " ".join(q["sql"] for q in queries.captured_queries)
    assert '<span class="visually-hidden">未读: </span>2</span>' in page


def test_a_stale_count_is_recounted(two_unread, haizhu_client, haizhu_officer, monkeypatch):
    haizhu_client.get("/parks/")
    Notice.objects.filter(user=haizhu_officer).mark_read()  # elsewhere, e.g. another session
    page = haizhu_client.get("/parks/").content.decode()
    assert '<span class="visually-hidden">未读: </span>2</span>' in page  # still fresh
    later = time.time() + unread.FRESH_SECONDS + 1
    monkeypatch.setattr(unread.time, "time", lambda: later)
    page = haizhu_client.get("/parks/").content.decode()
    assert '<a class="notices-link" href="/notices/">通知</a>' in page


def test_the_admin_index_lists_the_unread_notices(two_unread, haizhu_client):
    page = haizhu_client.get("/admin/").content.decode()
    assert "notices-module" in page
    assert "未读: 2" in page
    assert "已逾期 1 天" in page and "还剩 7 天" in page


def test_the_admin_index_without_notices(reviewer_client):
    page = reviewer_client.get("/admin/").content.decode()
    assert "没有未读通知。" in page


def test_anonymous_pages_have_no_notices_link(client):
    page = client.get("/accounts/login/").content.decode()
    assert "notices-link" not in page
