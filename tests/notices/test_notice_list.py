"""/notices/: the signed-in user's notices, newest first; nobody else's."""

import pytest

from notices.models import Notice
from tests.notices.conftest import run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(open_quarter, haizhu_officer, huangpu_officer, reviewer, clock):
    clock.go(-7)
    run_reminders()  # due in 7 days
    clock.go(1)
    run_reminders()  # one day overdue
    clock.stop()


def test_the_list_shows_the_officers_notices_newest_first(reminded, haizhu_client):
    response = haizhu_client.get("/notices/")
    assert response.status_code == 200
    page = response.content.decode()
    overdue = page.index("已逾期 1 天")
    due = page.index("还剩 7 天")
    assert overdue < due
    assert "2 条未读通知。" in page
    assert page.count("打开报表") == 2


def test_the_list_links_straight_to_the_form(reminded, haizhu_client, pazhou, open_quarter):
    page = haizhu_client.get("/notices/").content.decode()
    assert (
        f'href="/admin/tracker/parkreport/add/?park={pazhou.pk}&amp;period={open_quarter.pk}"'
        in page
    )


def test_another_officers_notices_are_not_listed(reminded, haizhu_client):
    page = haizhu_client.get("/notices/").content.decode()
    assert "鱼珠" not in page
    assert Notice.objects.filter(user__username="xiaohuang").exists()


def test_the_list_needs_a_login(client):
    response = client.get("/notices/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_an_empty_list_says_so(manager_client):
    page = manager_client.get("/notices/").content.decode()
    assert "暂无通知" in page


def test_the_list_in_english(reminded, haizhu_client):
    haizhu_client.cookies["django_language"] = "en"
    page = haizhu_client.get("/notices/").content.decode()
    assert "2 unread notices." in page
    assert "the report is due on 2025-10-20, in 7 days." in page


def test_query_count_of_the_list_is_fixed(reminded, haizhu_client, django_assert_num_queries):
    # 1 session, 2 user, 3 paginator count, 4 the page of notices with park, district and
    # period, 5 unread count, 6 the demo-data banner.
    with django_assert_num_queries(6):
        first = haizhu_client.get("/notices/")
    assert first.content.decode().count("打开报表") == 2
    with django_assert_num_queries(6):
        haizhu_client.get("/notices/?page=1")


def test_query_count_does_not_grow_with_the_notices(
    open_quarter, reviewer, reviewer_client, clock, django_assert_num_queries
):
    for day in (9, 16, 23):
        clock.go(day)
        run_reminders()  # 12 escalations each week: 36 notices, two pages
    clock.stop()
    # The 6 below, plus 7-9: the session learns the new unread count (savepoint, update,
    # release), since the reviewer logged in before the notices came.
    with django_assert_num_queries(9):
        page = reviewer_client.get("/notices/").content.decode()
    assert page.count("打开报表") == 30 and "第 1 页,共 2 页" in page
    with django_assert_num_queries(6):
        page = reviewer_client.get("/notices/?page=2").content.decode()
    assert page.count("打开报表") == 6
