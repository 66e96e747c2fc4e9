"""Login throttling (django-axes) and CSRF on the forms this issue adds."""

import pytest
from django.test import Client
from django.urls import reverse

from parks.models import Enterprise
from tests import factories
from tests.conftest import report_form_data
from tests.factories import PASSWORD
from tracker.models import ParkReport

LOGIN = reverse("login")


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_five_failures_lock_the_account_even_for_the_right_password(client, haizhu_officer):
    for _ in range(5):
        response = attempt(client, "xiaohai", "wrong-password")
    response = attempt(client, "xiaohai", PASSWORD)
    assert response.status_code == 429
    page = response.content.decode()
    assert "登录失败次数过多,该账号已暂时锁定" in page
    assert "_auth_user_id" not in client.session


def test_four_failures_do_not_lock(client, haizhu_officer):
    for _ in range(4):
        attempt(client, "xiaohai", "wrong-password")
    response = attempt(client, "xiaohai", PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(haizhu_officer.pk)


def test_lock_is_per_user(client, haizhu_officer, huangpu_officer):
    for _ in range(5):
        attempt(client, "xiaohai", "wrong-password")
    response = attempt(client, "xiaohuang", PASSWORD)
    assert response.status_code == 302


# -- CSRF ----------------------------------------------------------------------------------


@pytest.fixture
def strict_client():
    return Client(enforce_csrf_checks=True)


def test_login_without_token_is_refused(strict_client, haizhu_officer):
    response = attempt(strict_client, "xiaohai", PASSWORD)
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def test_login_with_token_works(strict_client, haizhu_officer):
    strict_client.get(LOGIN)
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        LOGIN, {"username": "xiaohai", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_report_form_without_token_is_refused(strict_client, haizhu_officer, pazhou, quarter):
    strict_client.force_login(haizhu_officer)
    response = strict_client.post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(park=pazhou.pk, period=quarter.pk, _continue="1"),
    )
    assert response.status_code == 403
    assert not ParkReport.objects.exists()


def test_report_form_with_token_works(strict_client, haizhu_officer, pazhou, quarter):
    strict_client.force_login(haizhu_officer)
    strict_client.get(reverse("admin:tracker_parkreport_add"))
    token = strict_client.cookies["csrftoken"].value
    response = strict_client.post(
        reverse("admin:tracker_parkreport_add"),
        report_form_data(
            park=pazhou.pk, period=quarter.pk, _continue="1", csrfmiddlewaretoken=token
        ),
    )
    assert response.status_code == 302
    assert ParkReport.objects.count() == 1


def test_review_without_token_is_refused(strict_client, reviewer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    strict_client.force_login(reviewer)
    url = reverse("admin:tracker_parkreport_review", args=[report.pk])
    response = strict_client.post(url, {"step": "approve", "version": report.version})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_bulk_action_without_token_is_refused(strict_client, reviewer, pazhou, quarter):
    report = factories.report(pazhou, quarter, status="submitted")
    strict_client.force_login(reviewer)
    response = strict_client.post(
        reverse("admin:tracker_parkreport_changelist"),
        {"action": "approve_selected", "_selected_action": [report.pk]},
    )
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.status == "submitted"


def test_enterprise_form_without_token_is_refused(strict_client, haizhu_officer, pazhou):
    strict_client.force_login(haizhu_officer)
    response = strict_client.post(
        reverse("admin:parks_enterprise_add"),
        {
            "name": "x",
            "credit_code": "91440101MA59ABCDEM",
            "park": pazhou.pk,
            "role": "other",
            "introduced_on": "2024-01-01",
        },
    )
    assert response.status_code == 403
    assert not Enterprise.objects.exists()
