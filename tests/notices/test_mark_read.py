"""Marking notices read: one or all, by POST with CSRF, only one's own (others' are 404)."""

import pytest
from django.test import Client

from notices.models import Notice
from tests.notices.conftest import notices_of, run_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def reminded(open_quarter, haizhu_officer, huangpu_officer, clock):
    clock.go(-7)
    run_reminders()
    clock.go(1)
    run_reminders()
    clock.stop()


def test_marking_one_notice_read(reminded, haizhu_client, haizhu_officer):
    first, second = notices_of(haizhu_officer)
    response = haizhu_client.post(f"/notices/{first.pk}/read/", {"next": "/notices/?page=1"})
    assert response.status_code == 302 and response["Location"] == "/notices/?page=1"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.read_at is not None and second.read_at is None
    page = haizhu_client.get("/notices/").content.decode()
    assert "1 条未读通知。" in page


def test_marking_all_read(reminded, haizhu_client, haizhu_officer, huangpu_officer):
    response = haizhu_client.post("/notices/read-all/", follow=True)
    assert "所有通知已标为已读。" in response.content.decode()
    assert Notice.objects.filter(user=haizhu_officer, read_at=None).count() == 0
    # 小黄's notices are untouched.
    assert Notice.objects.filter(user=huangpu_officer, read_at=None).count() == 6


def test_someone_elses_notice_is_404_and_stays_unread(reminded, haizhu_client, huangpu_officer):
    theirs = notices_of(huangpu_officer)[0]
    assert haizhu_client.post(f"/notices/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_notice_that_does_not_exist_is_404(reminded, haizhu_client):
    assert haizhu_client.post("/notices/999999/read/").status_code == 404


def test_get_does_not_mark_anything(reminded, haizhu_client, haizhu_officer):
    notice = notices_of(haizhu_officer)[0]
    assert haizhu_client.get(f"/notices/{notice.pk}/read/").status_code == 405
    assert haizhu_client.get("/notices/read-all/").status_code == 405
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_post_without_the_csrf_token_is_refused(reminded, haizhu_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(haizhu_officer)
    notice = notices_of(haizhu_officer)[0]
    assert client.post(f"/notices/{notice.pk}/read/").status_code == 403
    assert client.post("/notices/read-all/").status_code == 403
    notice.refresh_from_db()
    assert notice.read_at is None


def test_anonymous_cannot_mark(reminded, client, haizhu_officer):
    notice = notices_of(haizhu_officer)[0]
    response = client.post(f"/notices/{notice.pk}/read/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    notice.refresh_from_db()
    assert notice.read_at is None


def test_the_return_address_must_be_this_site(reminded, haizhu_client, haizhu_officer):
    notice = notices_of(haizhu_officer)[0]
    response = haizhu_client.post(
        f"/notices/{notice.pk}/read/", {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == "/notices/"
